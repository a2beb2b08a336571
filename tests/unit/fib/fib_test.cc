// The exact Fibonacci engine against GMP: values, every multiplication
// algorithm around its cut-over, streaming format, cancellation, memory
// budget and argument checks.  Allocations of the engine are counted
// (the binary is linked with --wrap=malloc,--wrap=free) so that every
// error path is also a leak check.

#include <gmp.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

extern "C" {
#include "bignum.h"
#include "fib.h"
#include "fib_mem.h"
#include "ntt.h"

void *__real_malloc(size_t size);
void __real_free(void *p);

static long live_allocs;

void *__wrap_malloc(size_t size)
{
	void *p = __real_malloc(size);

	if (p)
		live_allocs++;
	return p;
}

void __wrap_free(void *p)
{
	if (p)
		live_allocs--;
	__real_free(p);
}
}

namespace {

using Limbs = std::vector<u32>;

std::string gmp_decimal(const mpz_t v)
{
	std::vector<char> buf(mpz_sizeinbase(v, 10) + 2);

	mpz_get_str(buf.data(), 10, v);
	return std::string(buf.data());
}

std::string gmp_fib(unsigned long n)
{
	mpz_t f;

	mpz_init(f);
	mpz_fib_ui(f, n);
	std::string s = gmp_decimal(f);
	mpz_clear(f);
	return s;
}

std::string limbs_decimal(const u32 *a, size_t n)
{
	n = kh_bn_norm(a, n);
	if (!n)
		return "0";
	std::string s = std::to_string(a[n - 1]);
	char piece[16];

	for (size_t i = n - 1; i-- > 0;) {
		std::snprintf(piece, sizeof(piece), "%09u", a[i]);
		s += piece;
	}
	return s;
}

void to_mpz(mpz_t r, const Limbs &a)
{
	std::string s = limbs_decimal(a.data(), a.size());

	mpz_set_str(r, s.c_str(), 10);
}

// random limbs; every 4th number is all nines, the worst case for carries
// and for the transform's coefficient bound
Limbs random_limbs(std::mt19937 &rng, size_t n, bool nines)
{
	Limbs a(n);

	for (auto &x : a)
		x = nines ? BN_BASE - 1 : rng() % BN_BASE;
	if (n && !a[n - 1])
		a[n - 1] = 1;
	return a;
}

std::string fib_string(u32 n, const kh_fib_ctl *ctl = nullptr)
{
	kh_fib_result *r = nullptr;
	int err = kh_fib_compute(n, ctl, &r);

	EXPECT_EQ(err, 0) << "n=" << n;
	if (err)
		return "";
	std::string s(kh_fib_result_digits(r), '?');
	EXPECT_EQ(kh_fib_result_format(r, 0, s.data(), s.size()), s.size());
	kh_fib_result_free(r);
	return s;
}

TEST(FibValue, EveryNUpTo5000)
{
	long before = live_allocs;

	for (u32 n = 0; n <= 5000; n++)
		ASSERT_EQ(fib_string(n), gmp_fib(n)) << "n=" << n;
	EXPECT_EQ(live_allocs, before);
}

TEST(FibValue, RandomUpToMillion)
{
	std::mt19937 rng(20240601);
	std::uniform_int_distribution<u32> dist(5001, 1000000);

	for (int i = 0; i < 40; i++) {
		u32 n = dist(rng);

		ASSERT_EQ(fib_string(n), gmp_fib(n)) << "n=" << n;
	}
}

TEST(FibValue, EdgeCases)
{
	std::vector<u32> ns = { 92, 93, 94, 95, 96, 127, 128, 129 };

	for (int k = 8; k <= 22; k++) {
		ns.push_back((1u << k) - 1);
		ns.push_back(1u << k);
		ns.push_back((1u << k) + 1);
	}
	ns.push_back(10000000);
	for (u32 n : ns)
		ASSERT_EQ(fib_string(n), gmp_fib(n)) << "n=" << n;
	EXPECT_EQ(fib_string(93), "12200160415121876738");
	EXPECT_EQ(fib_string(94), "19740274219868223167");
}

TEST(FibValue, DigitsAndBytes)
{
	kh_fib_result *r;

	ASSERT_EQ(kh_fib_compute(0, nullptr, &r), 0);
	EXPECT_EQ(kh_fib_result_digits(r), 1u);
	char c = 'x';
	EXPECT_EQ(kh_fib_result_format(r, 0, &c, 1), 1u);
	EXPECT_EQ(c, '0');
	kh_fib_result_free(r);

	ASSERT_EQ(kh_fib_compute(100000, nullptr, &r), 0);
	EXPECT_EQ(kh_fib_result_digits(r), 20899u);
	EXPECT_GE(kh_fib_result_bytes(r), 20899u / 9 * 4);
	EXPECT_LE(kh_fib_result_bytes(r), 20899u / 9 * 4 + 64);
	kh_fib_result_free(r);
}

TEST(FibArgs, IndexTooLarge)
{
	kh_fib_result *r = nullptr;

	EXPECT_EQ(kh_fib_compute(0x80000000u, nullptr, &r), -EINVAL);
	EXPECT_EQ(kh_fib_compute(0xffffffffu, nullptr, &r), -EINVAL);
	EXPECT_EQ(r, nullptr);
	EXPECT_EQ(kh_fib_mem_estimate(0x80000000u), SIZE_MAX);
}

TEST(FibFormat, PiecesConcatenateToWhole)
{
	std::mt19937 rng(7);

	for (u32 n : { 1u, 12u, 100u, 1000u, 100000u }) {
		kh_fib_result *r;

		ASSERT_EQ(kh_fib_compute(n, nullptr, &r), 0);
		size_t d = kh_fib_result_digits(r);
		std::string whole(d, '?');

		ASSERT_EQ(kh_fib_result_format(r, 0, whole.data(), d), d);
		ASSERT_EQ(whole, gmp_fib(n));
		for (size_t piece : { 1, 2, 7, 8, 9, 10, 17, 4096 }) {
			std::string s, buf(piece, '?');

			for (size_t off = 0; off < d; off += piece) {
				size_t got = kh_fib_result_format(r, off, buf.data(),
								  piece);

				ASSERT_EQ(got, std::min(piece, d - off));
				s.append(buf, 0, got);
			}
			EXPECT_EQ(s, whole) << "n=" << n << " piece=" << piece;
		}
		for (int i = 0; i < 200; i++) {
			size_t off = rng() % (d + 3), len = rng() % (d + 3);
			std::string buf(len, '?');
			size_t got = kh_fib_result_format(r, off, buf.data(), len);
			size_t want = off >= d ? 0 : std::min(len, d - off);

			ASSERT_EQ(got, want);
			if (want) {
				EXPECT_EQ(buf.substr(0, got),
					  whole.substr(off, got));
			}
		}
		kh_fib_result_free(r);
	}
}

struct Canceller {
	long polls = 0;
	long stop_after = -1;	// -1: never
};

bool cancel_cb(void *arg)
{
	auto *c = static_cast<Canceller *>(arg);

	return c->stop_after >= 0 && c->polls++ >= c->stop_after;
}

bool count_cb(void *arg)
{
	static_cast<Canceller *>(arg)->polls++;
	return false;
}

TEST(FibCancel, AfterKPollsNoLeak)
{
	const u32 n = 3000000;
	Canceller count;
	kh_fib_ctl ctl = { count_cb, &count, 0 };
	kh_fib_result *r;

	ASSERT_EQ(kh_fib_compute(n, &ctl, &r), 0);
	kh_fib_result_free(r);
	ASSERT_GT(count.polls, 20);
	std::vector<long> ks = { 0, 1, 2, 3, 5, 8, 13, count.polls / 3,
				 count.polls / 2, count.polls - 2,
				 count.polls - 1 };
	for (long k = 21; k < count.polls; k += count.polls / 17)
		ks.push_back(k);
	for (long k : ks) {
		Canceller c;
		kh_fib_ctl cctl = { cancel_cb, &c, 0 };
		long before = live_allocs;

		c.stop_after = k;
		r = nullptr;
		EXPECT_EQ(kh_fib_compute(n, &cctl, &r), -ECANCELED) << "k=" << k;
		EXPECT_EQ(r, nullptr);
		EXPECT_EQ(live_allocs, before) << "leak, k=" << k;
	}
	// a budget of polls never reached: the number is computed
	Canceller late;
	kh_fib_ctl lctl = { cancel_cb, &late, 0 };

	late.stop_after = count.polls;
	ASSERT_EQ(kh_fib_compute(n, &lctl, &r), 0);
	kh_fib_result_free(r);
}

TEST(FibMemory, LimitTooSmallAndJustEnough)
{
	for (u32 n : { 50u, 1000u, 100000u, 777777u, 3000000u }) {
		size_t est = kh_fib_mem_estimate(n);
		kh_fib_ctl ctl = { nullptr, nullptr, est };
		kh_fib_result *r = nullptr;
		long before = live_allocs;

		ASSERT_EQ(kh_fib_compute(n, &ctl, &r), 0) << "n=" << n;
		kh_fib_result_free(r);
		ctl.mem_limit = est - 1;
		EXPECT_EQ(kh_fib_compute(n, &ctl, &r), -ENOMEM) << "n=" << n;
		ctl.mem_limit = 1;
		EXPECT_EQ(kh_fib_compute(n, &ctl, &r), -ENOMEM) << "n=" << n;
		EXPECT_EQ(live_allocs, before);
	}
}

TEST(FibMemory, EstimateCoversActualUse)
{
	// the computation is refused above its estimate, so succeeding with
	// mem_limit = estimate proves the accounting never exceeded it
	std::mt19937 rng(99);

	for (int i = 0; i < 60; i++) {
		u32 n = 94 + rng() % 400000;
		kh_fib_ctl ctl = { nullptr, nullptr, kh_fib_mem_estimate(n) };
		kh_fib_result *r;

		ASSERT_EQ(kh_fib_compute(n, &ctl, &r), 0) << "n=" << n;
		kh_fib_result_free(r);
	}
	// F(44100) is the first with 1025 limbs: steps where F(k) just passed
	// a power-of-two transform size while F(k - 1) fills it exactly
	for (u32 shift = 0; shift < 4; shift++) {
		for (u32 k = 44090; k <= 44110; k++) {
			u32 n = k << shift;
			kh_fib_ctl ctl = { nullptr, nullptr, kh_fib_mem_estimate(n) };
			kh_fib_result *r;

			ASSERT_EQ(kh_fib_compute(n, &ctl, &r), 0) << "n=" << n;
			kh_fib_result_free(r);
		}
	}
	EXPECT_LT(kh_fib_mem_estimate(0x7fffffffu), size_t(3) << 30);
}

// The multiplication routines against GMP.

void expect_product(const Limbs &a, const Limbs &b, const u32 *r,
		    const char *what)
{
	mpz_t x, y;

	mpz_inits(x, y, nullptr);
	to_mpz(x, a);
	to_mpz(y, b);
	mpz_mul(x, x, y);
	EXPECT_EQ(limbs_decimal(r, a.size() + b.size()), gmp_decimal(x))
		<< what << " " << a.size() << "x" << b.size();
	mpz_clears(x, y, nullptr);
}

enum class Algo { basecase, karatsuba, toom3, dispatch };

void check_mul(Algo algo, size_t na, size_t nb, bool nines, std::mt19937 &rng)
{
	Limbs a = random_limbs(rng, na, nines), b = random_limbs(rng, nb, nines);
	Limbs r(na + nb + 1, 0xdeadbeef), s(kh_bn_scratch_limbs(na));
	kh_bn_ctx ctx;

	kh_bn_ctx_init(&ctx, nullptr, nullptr, 0);
	switch (algo) {
	case Algo::basecase:
		kh_bn_mul_basecase(r.data(), a.data(), na, b.data(), nb);
		break;
	case Algo::karatsuba:
		kh_bn_mul_karatsuba(r.data(), a.data(), na, b.data(), nb,
				    s.data());
		break;
	case Algo::toom3:
		kh_bn_mul_toom3(r.data(), a.data(), na, b.data(), nb, s.data());
		break;
	case Algo::dispatch:
		ASSERT_EQ(kh_bn_mul(&ctx, r.data(), a.data(), na, b.data(), nb),
			  0);
		break;
	}
	EXPECT_EQ(r[na + nb], 0xdeadbeef) << "wrote past the product";
	expect_product(a, b, r.data(), "mul");
	EXPECT_EQ(ctx.used, 0u);
}

void check_sqr(Algo algo, size_t n, bool nines, std::mt19937 &rng)
{
	Limbs a = random_limbs(rng, n, nines);
	Limbs r(2 * n + 1, 0xdeadbeef), s(kh_bn_scratch_limbs(n));
	kh_bn_ctx ctx;

	kh_bn_ctx_init(&ctx, nullptr, nullptr, 0);
	switch (algo) {
	case Algo::basecase:
		kh_bn_sqr_basecase(r.data(), a.data(), n);
		break;
	case Algo::karatsuba:
		kh_bn_sqr_karatsuba(r.data(), a.data(), n, s.data());
		break;
	case Algo::toom3:
		kh_bn_sqr_toom3(r.data(), a.data(), n, s.data());
		break;
	case Algo::dispatch:
		ASSERT_EQ(kh_bn_sqr(&ctx, r.data(), a.data(), n), 0);
		break;
	}
	EXPECT_EQ(r[2 * n], 0xdeadbeef) << "wrote past the square";
	expect_product(a, a, r.data(), "sqr");
	EXPECT_EQ(ctx.used, 0u);
}

std::vector<size_t> around(std::initializer_list<size_t> ts)
{
	std::vector<size_t> v;

	for (size_t t : ts)
		for (long d = -2; d <= 2; d++)
			v.push_back(t + d);
	return v;
}

TEST(BigMul, EachAlgorithmAroundItsCutOver)
{
	std::mt19937 rng(1);
	auto sizes = around({ BN_MUL_KARATSUBA_THRESHOLD,
			      BN_SQR_KARATSUBA_THRESHOLD,
			      BN_MUL_TOOM3_THRESHOLD, BN_SQR_TOOM3_THRESHOLD,
			      BN_MUL_NTT_MIN, BN_SQR_NTT_MIN, BN_NTT_ALWAYS });

	for (size_t n : sizes) {
		for (bool nines : { false, true }) {
			check_mul(Algo::basecase, n, n, nines, rng);
			check_mul(Algo::karatsuba, n, n, nines, rng);
			check_mul(Algo::karatsuba, n, (n + 1) / 2 + 1, nines, rng);
			check_mul(Algo::toom3, n, n, nines, rng);
			check_mul(Algo::toom3, n, 2 * ((n + 2) / 3) + 1, nines,
				  rng);
			check_mul(Algo::dispatch, n, n, nines, rng);
			check_mul(Algo::dispatch, n, n - 1, nines, rng);
			check_sqr(Algo::basecase, n, nines, rng);
			check_sqr(Algo::karatsuba, n, nines, rng);
			check_sqr(Algo::toom3, n, nines, rng);
			check_sqr(Algo::dispatch, n, nines, rng);
		}
	}
}

TEST(BigMul, SmallAndUnbalanced)
{
	std::mt19937 rng(2);

	for (size_t na = 1; na <= 40; na++)
		for (size_t nb = 1; nb <= na; nb++)
			check_mul(Algo::basecase, na, nb, nb % 4 == 0, rng);
	for (size_t n = 5; n <= 40; n++) {
		check_sqr(Algo::karatsuba, n, n % 3 == 0, rng);
		check_sqr(Algo::toom3, n, n % 3 == 0, rng);
		check_mul(Algo::karatsuba, n, n, n % 3 == 0, rng);
		check_mul(Algo::toom3, n, n, n % 3 == 0, rng);
	}
	// unbalanced products go through slices of the longer operand
	for (size_t na : { 300, 1000, 5000 })
		for (size_t nb : { 1, 63, 64, 65, 130, 251, 700 })
			check_mul(Algo::dispatch, na, nb, false, rng);
}

// kh_ntt_quad() computes alpha a^2 + beta ab + gamma b^2; check with GMP
void check_quad(size_t la, size_t lb, const std::vector<kh_ntt_form> &forms,
		bool nines, std::mt19937 &rng)
{
	Limbs a = random_limbs(rng, la, nines), b = random_limbs(rng, lb, nines);
	bool has_b = lb != 0;
	kh_bn_ctx ctx;
	kh_ntt_ctx nc;
	u32 *out[2] = { nullptr, nullptr };
	size_t outlen[2];
	mpz_t x, y, t, want;

	kh_bn_ctx_init(&ctx, nullptr, nullptr, 0);
	kh_ntt_init(&nc, &ctx);
	ASSERT_EQ(kh_ntt_quad(&nc, a.data(), la, has_b ? b.data() : nullptr, lb,
			      forms.data(), forms.size(), false, out, outlen), 0);
	mpz_inits(x, y, t, want, nullptr);
	to_mpz(x, a);
	if (has_b)
		to_mpz(y, b);
	for (size_t i = 0; i < forms.size(); i++) {
		mpz_mul(want, x, x);
		mpz_mul_ui(want, want, forms[i].a2);
		if (has_b) {
			mpz_mul(t, x, y);
			mpz_addmul_ui(want, t, forms[i].ab);
			mpz_mul(t, y, y);
			mpz_addmul_ui(want, t, forms[i].b2);
		}
		EXPECT_EQ(limbs_decimal(out[i], outlen[i]), gmp_decimal(want))
			<< "la=" << la << " lb=" << lb << " form " << i;
		EXPECT_TRUE(outlen[i] == 0 || out[i][outlen[i] - 1] != 0);
		kh_bn_free(&ctx, out[i]);
	}
	mpz_clears(x, y, t, want, nullptr);
	kh_ntt_release(&nc);
	EXPECT_EQ(ctx.used, 0u);
}

TEST(BigMul, TransformFormsAndLengths)
{
	std::mt19937 rng(3);
	const std::vector<kh_ntt_form> sq = { { 1, 0, 0 } }, prod = { { 0, 1, 0 } };
	const std::vector<kh_ntt_form> even = { { 1, 2, 0 }, { 1, 0, 1 } };
	const std::vector<kh_ntt_form> odd = { { 2, 2, 1 }, { 1, 2, 0 } };
	const std::vector<kh_ntt_form> max = { { 8, 0, 0 }, { 3, 3, 2 } };

	for (size_t la : { 1, 2, 3, 4, 5, 31, 32, 33, 1023, 1024, 1025, 2048,
			   2049, 16383, 16384, 16385, 40000 }) {
		bool nines = la % 2;

		check_quad(la, 0, sq, nines, rng);
		check_quad(la, la, prod, nines, rng);
		check_quad(la, la > 1 ? la - 1 : 1, even, nines, rng);
		check_quad(la, la, odd, !nines, rng);
		check_quad(la, la, max, true, rng);
	}
	check_quad(100, 3, prod, false, rng);
	check_quad(5000, 1200, prod, true, rng);
}

TEST(BigMul, TransformErrorsFreeEverything)
{
	std::mt19937 rng(4);
	Limbs a = random_limbs(rng, 30000, false), b = random_limbs(rng, 30000, false);
	const kh_ntt_form two[2] = { { 1, 2, 0 }, { 1, 0, 1 } };
	const kh_ntt_form bad = { 9, 0, 0 };
	u32 *out[2];
	size_t outlen[2];

	// budget exhausted at every allocation in turn
	for (size_t limit = 100000; limit < 20000000; limit = limit * 3 / 2) {
		kh_bn_ctx ctx;
		kh_ntt_ctx nc;

		kh_bn_ctx_init(&ctx, nullptr, nullptr, limit);
		kh_ntt_init(&nc, &ctx);
		int err = kh_ntt_quad(&nc, a.data(), a.size(), b.data(), b.size(),
				      two, 2, false, out, outlen);
		if (!err) {
			kh_bn_free(&ctx, out[0]);
			kh_bn_free(&ctx, out[1]);
		} else {
			EXPECT_EQ(err, -ENOMEM);
		}
		kh_ntt_release(&nc);
		EXPECT_EQ(ctx.used, 0u) << "limit " << limit;
		EXPECT_LE(ctx.peak, limit);
	}
	// cancelled at every poll in turn
	for (long k = 0; k < 40; k++) {
		Canceller c;
		kh_bn_ctx ctx;
		kh_ntt_ctx nc;

		c.stop_after = k;
		kh_bn_ctx_init(&ctx, cancel_cb, &c, 0);
		kh_ntt_init(&nc, &ctx);
		int err = kh_ntt_quad(&nc, a.data(), a.size(), b.data(), b.size(),
				      two, 1, false, out, outlen);
		if (!err)
			kh_bn_free(&ctx, out[0]);
		else
			EXPECT_EQ(err, -ECANCELED);
		kh_ntt_release(&nc);
		EXPECT_EQ(ctx.used, 0u) << "k " << k;
	}
	kh_bn_ctx ctx;
	kh_ntt_ctx nc;

	kh_bn_ctx_init(&ctx, nullptr, nullptr, 0);
	kh_ntt_init(&nc, &ctx);
	EXPECT_EQ(kh_ntt_quad(&nc, a.data(), 10, nullptr, 0, &bad, 1, false, out,
			      outlen), -EINVAL);
	EXPECT_EQ(kh_ntt_quad(&nc, a.data(), 10, nullptr, 0, two, 2, false, out,
			      outlen), -EINVAL);
	EXPECT_EQ(kh_ntt_length(size_t(1) << 27, 1), 0u);
	kh_ntt_release(&nc);
	EXPECT_EQ(ctx.used, 0u);
}

TEST(BigCtx, BudgetAndAccounting)
{
	kh_bn_ctx ctx;

	kh_bn_ctx_init(&ctx, nullptr, nullptr, 1000);
	void *p = kh_bn_alloc(&ctx, 100, 4);

	ASSERT_NE(p, nullptr);
	EXPECT_GT(ctx.used, 400u);
	EXPECT_EQ(kh_bn_alloc(&ctx, 200, 4), nullptr);
	EXPECT_EQ(kh_bn_alloc(&ctx, SIZE_MAX / 2, 4), nullptr);
	kh_bn_free(&ctx, p);
	EXPECT_EQ(ctx.used, 0u);
	EXPECT_GT(ctx.peak, 400u);
}

}  // namespace
