// Accept-Encoding (RFC 9110 §12.5.3, qvalues §12.4.2) and the choice of a
// precompressed sibling (module/lib/static/static_accept.c).  Each field is
// parsed from a buffer of exactly its length, so ASan sees an overread.
#include <gtest/gtest.h>

#include <string>
#include <vector>

extern "C" {
#include "static_accept.h"
}

namespace {

constexpr unsigned kGz = 1u << KHTTPD_CODING_GZIP;
constexpr unsigned kBr = 1u << KHTTPD_CODING_BR;
constexpr int kId = KHTTPD_CODING_IDENTITY, kGzip = KHTTPD_CODING_GZIP,
	      kBrot = KHTTPD_CODING_BR;

struct Case {
	const char *name;
	const char *field;	// nullptr: no Accept-Encoding
	unsigned avail;
	int want;
};

int Pick(const char *field, unsigned avail, khttpd_accept *out = nullptr)
{
	khttpd_accept a;

	if (!field) {
		khttpd_accept_parse(nullptr, 0, &a);
	} else {
		std::vector<char> exact(field, field + strlen(field));

		khttpd_accept_parse(exact.data(), exact.size(), &a);
	}
	if (out)
		*out = a;
	return khttpd_accept_pick(&a, avail);
}

const std::vector<Case> kCases = {
	{"absent_field_identity", nullptr, kGz | kBr, kId},
	{"empty_field_identity", "", kGz | kBr, kId},
	{"gzip", "gzip", kGz | kBr, kGzip},
	{"gzip_only_gz_available", "gzip, br", kGz, kGzip},
	{"br_preferred_at_equal_weight", "gzip, deflate, br", kGz | kBr, kBrot},
	{"br_not_available", "br", kGz, kId},
	{"nothing_available", "gzip, br", 0, kId},
	{"case_insensitive", "GZip", kGz, kGzip},
	{"x_gzip_alias", "x-gzip", kGz, kGzip},
	{"higher_q_wins", "br;q=0.5, gzip;q=0.8", kGz | kBr, kGzip},
	{"q_zero_refuses", "gzip;q=0", kGz, kId},
	{"q_zero_point_zero", "gzip;q=0.000", kGz, kId},
	{"q_uppercase_Q", "gzip;Q=0", kGz, kId},
	{"q_one", "gzip;q=1.000", kGz, kGzip},
	{"q_smallest", "gzip;q=0.001", kGz, kGzip},
	{"ows_around_semicolon", "gzip ; q=0.5", kGz, kGzip},
	{"star_allows_all", "*", kGz | kBr, kBrot},
	{"star_q0_refuses_unlisted", "*;q=0", kGz | kBr, kId},
	{"star_with_explicit_gzip", "*;q=0, gzip", kGz | kBr, kGzip},
	{"explicit_beats_star", "br;q=0, *", kGz | kBr, kGzip},
	{"identity_heavier_than_gzip", "gzip;q=0.5, identity", kGz, kId},
	{"identity_q0_gzip", "identity;q=0, gzip", kGz, kGzip},
	{"identity_q0_nothing_available", "identity;q=0", kGz, kId},
	{"identity_lighter", "gzip, identity;q=0.5", kGz, kGzip},
	{"empty_elements", ",, gzip ,,", kGz, kGzip},
	{"star_weighs_identity", "*;q=0.5, gzip;q=0.4", kGz, kId},
	{"bad_q_above_one", "gzip;q=1.5", kGz, kId},
	{"bad_q_too_many_digits", "gzip;q=0.1234", kGz, kId},
	{"bad_q_letters", "gzip;q=high", kGz, kId},
	{"bad_q_empty", "gzip;q=", kGz, kId},
	{"bad_q_one_point_one", "gzip;q=1.001", kGz, kId},
	{"unknown_parameter_ignored_element", "gzip;level=9", kGz, kId},
	{"not_a_token", "gz\"ip", kGz, kId},
	{"bad_element_others_stay", "gzip;q=2, br", kGz | kBr, kBrot},
	{"gzip_prefix_is_not_gzip", "gzipx", kGz, kId},
	{"gzi_is_not_gzip", "gzi", kGz, kId},
	{"deflate_not_served", "deflate", kGz | kBr, kId},
	{"repeated_takes_highest", "gzip;q=0, gzip;q=0.5", kGz, kGzip},
	{"trailing_semicolon_bad", "gzip;", kGz, kId},
};

class Accept : public ::testing::TestWithParam<Case> {};

TEST_P(Accept, Rfc9110_12_5_3)
{
	const Case &c = GetParam();

	EXPECT_EQ(Pick(c.field, c.avail), c.want);
}

INSTANTIATE_TEST_SUITE_P(Cases, Accept, ::testing::ValuesIn(kCases),
			 [](const ::testing::TestParamInfo<Case> &i) {
				 return std::string(i.param.name);
			 });

TEST(AcceptWeights, Rfc9110_12_4_2_Qvalues)
{
	khttpd_accept a;

	Pick("gzip;q=0.5, br;q=0.25, identity;q=0.125", 0, &a);
	EXPECT_EQ(a.gzip, 500);
	EXPECT_EQ(a.br, 250);
	EXPECT_EQ(a.identity, 125);
	Pick(nullptr, 0, &a);
	EXPECT_EQ(a.gzip, 0);
	EXPECT_EQ(a.br, 0);
	EXPECT_EQ(a.identity, 1000);
}

TEST(AcceptWeights, EveryPrefixIsSafe)
{
	const std::string f = "br;q=0.9, gzip ; q=0.8, identity;q=0, *;q=0.1";

	for (size_t n = 0; n <= f.size(); n++) {
		std::vector<char> exact(f.begin(), f.begin() + n);
		khttpd_accept a;

		khttpd_accept_parse(exact.data(), n, &a);
		EXPECT_LE(a.gzip, 1000);
		EXPECT_LE(a.br, 1000);
		EXPECT_LE(a.identity, 1000);
	}
}

}  // namespace
