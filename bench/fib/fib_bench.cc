// The Fibonacci engine side by side with GMP (mpz_fib_ui + mpz_get_str).
//
//   fib_bench [table] [--max N]  N = 10^3 .. N (default 10^8): compute and
//                                 format times against GMP, and the ratio
//   fib_bench huge [N]           F(N) once (default 2^31 - 1): time, peak
//                                 memory, then verified against GMP
//   fib_bench tune               multiplication algorithms by size, to set
//                                 the cut-overs in module/lib/fib/bignum.h
//
// Times are CPU seconds of this process (the machine is shared, so wall
// time would measure the neighbours); each figure is the best of several
// runs, except in huge mode.

#include <gmp.h>
#include <sys/resource.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

extern "C" {
#include "bignum.h"
#include "fib.h"
#include "fib_mem.h"
#include "ntt.h"
}

namespace {

double cpu_seconds()
{
	timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

double wall_seconds()
{
	timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

long max_rss_kib()
{
	rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

constexpr size_t kPiece = 1 << 16;	// the server streams pieces like this

struct Times {
	double compute, format;
};

Times ours_once(u32 n, std::vector<char> &buf)
{
	kh_fib_result *r;
	double t0 = cpu_seconds();

	if (kh_fib_compute(n, nullptr, &r)) {
		std::fprintf(stderr, "kh_fib_compute(%u) failed\n", n);
		std::exit(1);
	}
	double t1 = cpu_seconds();
	size_t d = kh_fib_result_digits(r);

	for (size_t off = 0; off < d; off += kPiece)
		kh_fib_result_format(r, off, buf.data(), kPiece);
	double t2 = cpu_seconds();

	kh_fib_result_free(r);
	return { t1 - t0, t2 - t1 };
}

Times gmp_once(u32 n)
{
	mpz_t f;

	mpz_init(f);
	double t0 = cpu_seconds();
	mpz_fib_ui(f, n);
	double t1 = cpu_seconds();
	std::vector<char> s(mpz_sizeinbase(f, 10) + 2);
	double t2 = cpu_seconds();
	mpz_get_str(s.data(), 10, f);
	double t3 = cpu_seconds();

	mpz_clear(f);
	return { t1 - t0, t3 - t2 };
}

// best of runs lasting about @budget seconds in all, at least 3 runs
template <typename F> Times best_of(F run, double budget)
{
	Times best = { 1e30, 1e30 };
	double spent = 0;

	for (int i = 0; i < 3 || (spent < budget && i < 1000); i++) {
		Times t = run();

		if (t.compute + t.format < best.compute + best.format)
			best = t;
		spent += t.compute + t.format;
	}
	return best;
}

std::string ms(double s)
{
	char b[32];

	std::snprintf(b, sizeof(b), s < 1 ? "%.4f" : "%.1f", s * 1e3);
	return b;
}

int table(u32 max)
{
	std::vector<char> buf(kPiece);

	std::printf("%-11s %12s %12s %12s %12s %12s %12s %7s\n", "N",
		    "ours_ms", "compute", "format", "gmp_ms", "mpz_fib",
		    "get_str", "ratio");
	for (uint64_t n = 1000; n <= max; n *= 10) {
		double budget = n <= 1000000 ? 1.0 : 0.5;
		Times o = best_of([&] { return ours_once(n, buf); }, budget);
		Times g = best_of([&] { return gmp_once(n); }, budget);
		double ot = o.compute + o.format, gt = g.compute + g.format;

		std::printf("%-11" PRIu64 " %12s %12s %12s %12s %12s %12s %7.2f\n",
			    n, ms(ot).c_str(), ms(o.compute).c_str(),
			    ms(o.format).c_str(), ms(gt).c_str(),
			    ms(g.compute).c_str(), ms(g.format).c_str(),
			    ot / gt);
		std::fflush(stdout);
	}
	std::printf("ratio = ours / GMP (compute + decimal); CPU ms, best of "
		    "runs\n");
	return 0;
}

int huge(u32 n)
{
	kh_fib_result *r;
	long rss0 = max_rss_kib();
	double w0 = wall_seconds(), c0 = cpu_seconds();

	std::printf("F(%u): engine estimate %.1f MiB\n", n,
		    kh_fib_mem_estimate(n) / 1048576.0);
	if (kh_fib_compute(n, nullptr, &r)) {
		std::fprintf(stderr, "kh_fib_compute failed\n");
		return 1;
	}
	double w1 = wall_seconds(), c1 = cpu_seconds();
	size_t d = kh_fib_result_digits(r);
	std::vector<char> buf(kPiece);

	for (size_t off = 0; off < d; off += kPiece)
		kh_fib_result_format(r, off, buf.data(), kPiece);
	double w2 = wall_seconds(), c2 = cpu_seconds();
	long rss1 = max_rss_kib();

	std::printf("ours: %zu digits, compute %.2f s cpu (%.2f s wall), "
		    "format %.2f s cpu (%.2f s wall), peak RSS %.1f MiB "
		    "(%.1f before), "
		    "result %.1f MiB\n", d, c1 - c0, w1 - w0, c2 - c1, w2 - w1,
		    rss1 / 1024.0, rss0 / 1024.0,
		    kh_fib_result_bytes(r) / 1048576.0);
	std::fflush(stdout);

	mpz_t f;

	mpz_init(f);
	double g0 = cpu_seconds();
	mpz_fib_ui(f, n);
	double g1 = cpu_seconds();
	std::vector<char> s(mpz_sizeinbase(f, 10) + 2);
	mpz_get_str(s.data(), 10, f);
	double g2 = cpu_seconds();
	size_t gd = std::strlen(s.data());

	mpz_clear(f);
	std::printf("gmp: mpz_fib_ui %.2f s, mpz_get_str %.2f s, peak RSS of "
		    "the process now %.1f MiB\n", g1 - g0, g2 - g1,
		    max_rss_kib() / 1024.0);

	bool same = gd == d;

	for (size_t off = 0; same && off < d; off += kPiece) {
		size_t got = kh_fib_result_format(r, off, buf.data(), kPiece);

		same = !std::memcmp(buf.data(), s.data() + off, got);
	}
	kh_fib_result_free(r);
	std::printf("verified against GMP: %s; ratio (compute + format) "
		    "%.3f\n", same ? "identical" : "MISMATCH",
		    (c2 - c0) / (g2 - g0));
	return same ? 0 : 1;
}

// one level of each algorithm (recursing by the compiled cut-overs)
int tune()
{
	const size_t sizes[] = { 32, 48, 64, 80, 100, 128, 160, 200, 250,
				 320, 400, 500, 640, 800, 1000, 1300, 1600,
				 2000, 3000, 4000 };
	kh_bn_ctx ctx;

	kh_bn_ctx_init(&ctx, nullptr, nullptr, 0);
	std::printf("%6s | %9s %9s %9s %9s | %9s %9s %9s %9s | %9s   (us)\n",
		    "limbs", "sqr_base", "sqr_kara", "sqr_toom", "sqr_ntt",
		    "mul_base", "mul_kara", "mul_toom", "mul_ntt", "fused2");
	for (size_t n : sizes) {
		std::vector<u32> a(n), b(n), r(2 * n), s(kh_bn_scratch_limbs(n));
		kh_ntt_ctx nc;
		const kh_ntt_form sq = { 1, 0, 0 }, pr = { 0, 1, 0 };
		const kh_ntt_form two[2] = { { 1, 2, 0 }, { 1, 0, 1 } };
		u32 *o[2];
		size_t ol[2];

		for (size_t i = 0; i < n; i++) {
			a[i] = (i * 2654435761u) % BN_BASE;
			b[i] = (i * 40503u + 7) % BN_BASE;
		}
		kh_ntt_init(&nc, &ctx);
		auto time = [&](auto f) {
			double best = 1e30;

			for (int i = 0; i < 5; i++) {
				int reps = int(2e6 / (n * n / 4 + 100)) + 2;
				double t0 = cpu_seconds();

				for (int k = 0; k < reps; k++)
					f();
				best = std::min(best,
						(cpu_seconds() - t0) / reps);
			}
			return best * 1e6;
		};
		double t[9] = {
			time([&] { kh_bn_sqr_basecase(r.data(), a.data(), n); }),
			time([&] { kh_bn_sqr_karatsuba(r.data(), a.data(), n,
						       s.data()); }),
			time([&] { kh_bn_sqr_toom3(r.data(), a.data(), n,
						   s.data()); }),
			time([&] { kh_ntt_quad(&nc, a.data(), n, nullptr, 0, &sq,
					       1, false, o, ol);
				   kh_bn_free(&ctx, o[0]); }),
			time([&] { kh_bn_mul_basecase(r.data(), a.data(), n,
						      b.data(), n); }),
			time([&] { kh_bn_mul_karatsuba(r.data(), a.data(), n,
						       b.data(), n, s.data()); }),
			time([&] { kh_bn_mul_toom3(r.data(), a.data(), n,
						   b.data(), n, s.data()); }),
			time([&] { kh_ntt_quad(&nc, a.data(), n, b.data(), n, &pr,
					       1, false, o, ol);
				   kh_bn_free(&ctx, o[0]); }),
			time([&] { kh_ntt_quad(&nc, a.data(), n, b.data(), n, two,
					       2, false, o, ol);
				   kh_bn_free(&ctx, o[0]);
				   kh_bn_free(&ctx, o[1]); }),
		};
		kh_ntt_release(&nc);
		std::printf("%6zu | %9.2f %9.2f %9.2f %9.2f | %9.2f %9.2f "
			    "%9.2f %9.2f | %9.2f\n", n, t[0], t[1], t[2], t[3],
			    t[4], t[5], t[6], t[7], t[8]);
		std::fflush(stdout);
	}
	std::printf("fused2 is the doubling step through the transforms; "
		    "compare it with two squarings\n");
	return 0;
}

int usage()
{
	std::fprintf(stderr, "usage: fib_bench [table] [--max N] | huge [N] "
		     "| tune\n");
	return 2;
}

}  // namespace

int main(int argc, char **argv)
{
	std::string mode = argc > 1 ? argv[1] : "table";

	if (mode == "table" || mode == "--max") {
		u32 max = 100000000;
		int i = mode == "table" ? 2 : 1;

		if (argc > i + 1 && !std::strcmp(argv[i], "--max"))
			max = std::strtoul(argv[i + 1], nullptr, 10);
		else if (argc > i)
			return usage();
		return table(max);
	}
	if (mode == "huge")
		return huge(argc > 2 ? std::strtoul(argv[2], nullptr, 0) :
				       0x7fffffffu);
	if (mode == "tune")
		return tune();
	return usage();
}
