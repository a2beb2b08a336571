// libFuzzer target for module/lib/http/http_parser.c and http_path.c.
//
// Input: one configuration byte, then the bytes a client sends.  The parser
// is driven by the unit tests' harness (tests/unit/http/harness.cc), which
// checks the API promises and the invariants of every parsed request; here
// the stream is parsed whole, in two pieces at a few offsets and, when
// short, one byte at a time, and all must agree.  The same bytes are also
// given to the path normaliser, checked against a plain reference
// implementation, and to the query and authority checkers.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "harness.h"

using namespace khttpd_test;

namespace {

// Limit sets the first byte chooses from: the defaults, the unit tests'
// small ones, and two more that put every limit within a fuzzer's reach.
const kh_http_limits kMedium = {256, 512, 8, 256};
const kh_http_limits kTiny = {16, 32, 2, 4};
const kh_http_limits *const kLimits[4] = {&kh_http_default_limits, &kSmall,
				       &kMedium, &kTiny};

[[noreturn]] void Fail(const std::string &what)
{
	fprintf(stderr, "invariant broken:\n%s\n", what.c_str());
	abort();
}

int Hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool Pchar(unsigned char c)
{
	return isalnum(c) || (c && strchr("-._~!$&'()*+,;=:@", c));
}

// RFC 3986 §5.2.4 on decoded segments, written for clarity, not speed.
// *peak is the longest prefix the real implementation has to hold.
int RefNormalize(const std::string &in, std::string *out, size_t *peak)
{
	std::vector<std::string> stack;
	size_t i = 1, used = 1;
	bool slash = true;

	*peak = 1;
	if (in.empty() || in[0] != '/')
		return -400;
	for (;;) {
		std::string seg;

		while (i < in.size() && in[i] != '/') {
			unsigned char c = in[i];
			if (c == '%') {
				if (i + 2 >= in.size() ||
				    Hex(in[i + 1]) < 0 || Hex(in[i + 2]) < 0)
					return -400;
				c = Hex(in[i + 1]) * 16 + Hex(in[i + 2]);
				if (c < 0x20 || c == 0x7f || c == '/')
					return -400;
				i += 3;
			} else if (Pchar(c)) {
				i++;
			} else {
				return -400;
			}
			seg += char(c);
			*peak = std::max(*peak, used + seg.size());
		}
		bool last = i >= in.size();
		if (seg.empty() || seg == ".") {
			slash = true;
		} else if (seg == "..") {
			if (stack.empty())
				return -400;
			used -= stack.back().size() + 1;
			stack.pop_back();
			slash = true;
		} else {
			stack.push_back(seg);
			used += seg.size() + 1;
			slash = false;
			if (!last)
				*peak = std::max(*peak, used);
		}
		if (last)
			break;
		i++;
	}
	*out = "/";
	for (size_t k = 0; k < stack.size(); k++)
		*out += stack[k] + (k + 1 < stack.size() || slash ? "/" : "");
	return 0;
}

void FuzzPath(const std::string &in, size_t size)
{
	std::vector<char> dst(size);
	u32 len = 0;
	int rc = kh_http_path_normalize(in.data(), in.size(), dst.data(), size,
					&len);
	std::string ref;
	size_t peak;
	int ref_rc = RefNormalize(in, &ref, &peak);

	if (rc == 0) {
		std::string got(dst.data(), len);
		if (ref_rc != 0 || got != ref)
			Fail("path \"" + in + "\" gave \"" + got + "\", reference " +
			     std::to_string(ref_rc) + " \"" + ref + "\"");
		std::string bad = len < size ? PathViolation(dst.data(), len)
					     : "length";
		if (!bad.empty())
			Fail("path \"" + in + "\": " + bad);
	} else if (rc == -400) {
		if (ref_rc != -400)
			Fail("path \"" + in + "\" 400, reference " +
			     std::to_string(ref_rc));
	} else if (rc == -414) {
		if (ref_rc == 0 && peak <= size - 1)
			Fail("path \"" + in + "\" 414 but fits");
	} else {
		Fail("path rc " + std::to_string(rc));
	}
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const uint8_t cfg = data[0];
	const std::string in(reinterpret_cast<const char *>(data) + 1,
			     size - 1);
	const kh_http_limits *lim = kLimits[cfg & 3];
	Outcome whole;
	std::vector<size_t> splits = {in.size() / 2, in.size() - 1, 1};

	if (in.size() > 2)
		splits.push_back((data[1] * 257u + data[2]) % in.size());
	std::string bad = Disagreement(in, lim, splits, in.size() <= 512,
				       &whole);
	if (!bad.empty())
		Fail(bad);

	// path: full-size destination, or a small one to reach -414 edges
	size_t dst = (cfg & 4) ? 2 + (cfg >> 3) : HTTP_MAX_PATH + 1;
	FuzzPath(in, dst);

	int q = kh_http_query_check(in.data(), in.size());
	if (q != 0 && q != -400)
		Fail("query rc");
	for (unsigned int flags = 0; flags < 4; flags++) {
		int a = kh_http_authority_check(in.data(), in.size(), flags);
		if (a != 0 && a != -400)
			Fail("authority rc");
	}
	return 0;
}
