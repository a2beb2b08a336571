// SPDX-License-Identifier: GPL-2.0
/*
 * Exact Fibonacci numbers by fast doubling, computed in base 10^9 so that
 * the decimal digits are read straight off the limbs.
 *
 * The state is (F(k), F(k-1)); each bit of n, from the top, doubles k.
 * Below the transform cut-over a step takes two squarings (GMP's scheme):
 *	F(2k+1) = 4 F(k)^2 - F(k-1)^2 + 2 (-1)^k
 *	F(2k-1) = F(k)^2 + F(k-1)^2
 *	F(2k)   = F(2k+1) - F(2k-1)
 * Above it, with A = F(k) and B = F(k-1), the outputs are quadratic forms
 * with non-negative coefficients,
 *	F(2k-1) = A^2 + B^2,  F(2k) = A^2 + 2AB,  F(2k+1) = 2A^2 + 2AB + B^2,
 * so kh_ntt_quad() gets both from one forward transform of A and one of B
 * (per prime) and one inverse per output: four transforms per step.
 * The last step needs one output, hence one product:
 *	F(2k) = A (A + 2B),  F(2k+1) = (A + B)(A + 2B) - (-1)^k
 * (three transforms per prime, or one Toom-3 product).
 */
#include "fib.h"
#include "fib_mem.h"
#include "bignum.h"
#include "ntt.h"

#define FIB_N_MAX	0x7fffffffU
/* F(93) is the last below 2^64 */
#define FIB_U64_MAX_N	93
/* limbs of F(k) from which a step may run through the transforms */
#define FIB_STEP_NTT_MIN	BN_SQR_NTT_MIN
#define FIB_LAST_NTT_MIN	BN_MUL_NTT_MIN
/* limbs_ub() exceeds the true size by at most this */
#define LIMBS_SLACK	3
/* log10((1 + sqrt 5) / 2) in 0.64 fixed point, rounded up */
#define LOG10_PHI_Q64	0x358036c82451b7f4ULL
#define ALLOC_HDR	16
#define FIB_COPY_PIECE	262144	/* limbs copied between yields */

struct kh_fib_result {
	size_t digits;
	size_t nlimbs;
	u32 limb[];
};

/* one computation: its accounting, tables and doubling state */
struct fib_job {
	struct kh_bn_ctx bn;
	struct kh_ntt_ctx ntt;
	u32 *a;			/* F(k) */
	u32 *b;			/* F(k - 1) */
	size_t la, lb;
	bool k_odd;
};

/* An upper bound on the limbs of F(k): F(k) < phi^k. */
static size_t limbs_ub(u64 k)
{
	u64 digits = (u64)(((kh_u128)k * LOG10_PHI_Q64) >> 64) + 1;

	return (size_t)(digits / BN_DIGITS + 1);
}

static unsigned int bit_length(u32 n)
{
	unsigned int bits = 0;

	while (n >> bits)
		bits++;
	return bits;
}

/* F(k) and F(k - 1) for 1 <= k <= 93 */
static void fib_u64(unsigned int k, u64 *fk, u64 *fk1)
{
	u64 x = 0, y = 1, t;	/* F(0), F(1) */

	while (--k) {
		t = x + y;
		x = y;
		y = t;
	}
	*fk = y;
	*fk1 = x;
}

static size_t u64_to_limbs(u32 *r, u64 v)
{
	size_t n = 0;

	do {
		r[n++] = (u32)(v % BN_BASE);
		v /= BN_BASE;
	} while (v);
	return n;
}

static size_t arr_bytes(size_t limbs)
{
	return limbs * sizeof(u32) + ALLOC_HDR;
}

static size_t result_bytes(size_t limbs)
{
	return sizeof(struct kh_fib_result) + limbs * sizeof(u32);
}

/* two squarings of F(k), F(k-1) and their three combinations */
static size_t sqr_step_bytes(size_t la)
{
	size_t cap = 2 * la + 2, scratch = 0;

	if (la >= BN_SQR_KARATSUBA_THRESHOLD)
		scratch = arr_bytes(kh_bn_scratch_limbs(la));
	return 3 * arr_bytes(cap) + scratch;
}

/* the last step's one product of la + 1 limb operands, by kh_bn_mul() */
static size_t mul_step_bytes(size_t la)
{
	size_t n = la + 1, mul = arr_bytes(kh_bn_scratch_limbs(n));

	if (n >= BN_MUL_NTT_MIN && kh_ntt_quad_bytes(n, n, 1) > mul)
		mul = kh_ntt_quad_bytes(n, n, 1);
	return 2 * arr_bytes(n) + arr_bytes(2 * n) + mul;
}

static size_t max_size(size_t a, size_t b)
{
	return a > b ? a : b;
}

/**
 * kh_fib_mem_estimate() - peak bytes kh_fib_compute(@n) holds.
 * @n: index
 *
 * Replays the doubling with upper bounds of the operand sizes, taking the
 * larger of the two ways a step may go near a cut-over, so it never
 * underestimates; kh_fib_compute() checks it against its budget before
 * starting.  For large n it is 40 bytes per point of the last transform,
 * 2.2 to 4.4 bytes per decimal digit of F(n) (docs/fib.md).
 *
 * Return: bytes, or SIZE_MAX for @n beyond 2^31 - 1.
 */
size_t kh_fib_mem_estimate(u32 n)
{
	size_t held, peak, la, len;
	unsigned int shift;
	u32 k;
	int i;

	if (n > FIB_N_MAX)
		return SIZE_MAX;
	if (n <= FIB_U64_MAX_N)
		return result_bytes(3);
	shift = bit_length(n) - 6;
	k = n >> shift;
	held = 2 * arr_bytes(3);
	peak = held;
	for (i = shift - 1; i >= 0; i--) {
		bool last = !i, may_ntt, may_not;
		size_t step = 0, out = 0;

		la = limbs_ub(k);
		len = kh_ntt_length(la, la);
		may_ntt = la >= (last ? FIB_LAST_NTT_MIN : FIB_STEP_NTT_MIN);
		may_not = la < BN_NTT_ALWAYS + LIMBS_SLACK;
		if (may_ntt) {
			step = kh_ntt_quad_bytes(la, la, last ? 1 : 2);
			out = (last ? 1 : 2) * arr_bytes(2 * (len + 3));
		}
		if (may_not && last) {
			step = max_size(step, mul_step_bytes(la));
			out = max_size(out, arr_bytes(2 * la + 2));
		} else if (may_not) {
			step = max_size(step, sqr_step_bytes(la));
			out = max_size(out, 2 * arr_bytes(2 * la + 2));
		}
		peak = max_size(peak, held + step);
		held = out;
		k = 2 * k + ((n >> i) & 1);
	}
	return max_size(peak, held + result_bytes(limbs_ub(n)));
}

static int step_sqr(struct fib_job *job, bool bit)
{
	size_t cap = 2 * job->la + 2;
	struct kh_bn_ctx *bn = &job->bn;
	u32 *sa, *sb, *z, *scratch = NULL;
	int err = -ENOMEM;

	sa = kh_bn_alloc(bn, cap, sizeof(u32));
	sb = kh_bn_alloc(bn, cap, sizeof(u32));
	z = kh_bn_alloc(bn, cap, sizeof(u32));
	if (!sa || !sb || !z)
		goto fail;
	/*
	 * No transforms here, even where F(k-1) alone would fill one well:
	 * kh_fib_mem_estimate() counts on it.
	 */
	if (job->la >= BN_SQR_KARATSUBA_THRESHOLD) {
		scratch = kh_bn_alloc(bn, kh_bn_scratch_limbs(job->la),
				      sizeof(u32));
		if (!scratch)
			goto fail;
	}
	kh_bn_sqr_rec(sa, job->a, job->la, scratch);
	kh_bn_sqr_rec(sb, job->b, job->lb, scratch);
	kh_bn_free(bn, scratch);
	scratch = NULL;
	err = 0;
	memset(sa + 2 * job->la, 0, (cap - 2 * job->la) * sizeof(u32));
	memset(sb + 2 * job->lb, 0, (cap - 2 * job->lb) * sizeof(u32));
	kh_bn_free(bn, job->a);
	kh_bn_free(bn, job->b);
	job->a = NULL;
	job->b = NULL;

	/* z = F(2k+1), sa = F(2k-1), sb = F(2k) */
	kh_bn_mul_1(z, sa, cap, 4);
	kh_bn_sub_n(z, z, sb, cap);
	if (job->k_odd)
		kh_bn_sub_1(z, z, cap, 2);
	else
		kh_bn_add_1(z, z, cap, 2);
	kh_bn_add_n(sa, sa, sb, cap);
	kh_bn_sub_n(sb, z, sa, cap);
	if (bit) {
		job->a = z;
		job->b = sb;
		z = NULL;
		sb = NULL;
	} else {
		job->a = sb;
		job->b = sa;
		sb = NULL;
		sa = NULL;
	}
	job->la = kh_bn_norm(job->a, cap);
	job->lb = kh_bn_norm(job->b, cap);
	job->k_odd = bit;
fail:
	kh_bn_free(bn, scratch);
	kh_bn_free(bn, sa);
	kh_bn_free(bn, sb);
	kh_bn_free(bn, z);
	return err;
}

/* the last step: F(2k) = A (A + 2B), F(2k+1) = (A + B)(A + 2B) - (-1)^k */
static int step_last_mul(struct fib_job *job, bool bit)
{
	size_t n = job->la + 1, ls, lt;
	struct kh_bn_ctx *bn = &job->bn;
	u32 *s, *t, *r;
	int err = -ENOMEM;

	/* kh_bn_mul() brings its own tables if it takes the transforms */
	kh_ntt_release(&job->ntt);
	s = kh_bn_alloc(bn, n, sizeof(u32));
	t = kh_bn_alloc(bn, n, sizeof(u32));
	r = kh_bn_alloc(bn, 2 * n, sizeof(u32));
	if (!s || !t || !r)
		goto out;
	/* s = A or A + B, t = A + 2B; both below 3 * 10^(9 la) */
	memcpy(s, job->a, job->la * sizeof(u32));
	s[job->la] = 0;
	if (bit)
		kh_bn_add(s, s, n, job->b, job->lb);
	kh_bn_add(t, s, n, job->b, job->lb);
	if (!bit)
		kh_bn_add(t, t, n, job->b, job->lb);
	ls = kh_bn_norm(s, n);
	lt = kh_bn_norm(t, n);
	err = kh_bn_mul(bn, r, t, lt, s, ls);
	if (err)
		goto out;
	if (bit && job->k_odd)
		kh_bn_add_1(r, r, ls + lt, 1);
	else if (bit)
		kh_bn_sub_1(r, r, ls + lt, 1);
	kh_bn_free(bn, job->a);
	kh_bn_free(bn, job->b);
	job->a = r;
	job->la = kh_bn_norm(r, ls + lt);
	job->b = NULL;
	r = NULL;
out:
	kh_bn_free(bn, s);
	kh_bn_free(bn, t);
	kh_bn_free(bn, r);
	return err;
}

static int step_ntt(struct fib_job *job, bool bit, bool last)
{
	/* (F(2k), F(2k-1)) and (F(2k+1), F(2k)) from A = F(k), B = F(k-1) */
	static const struct kh_ntt_form even[2] = {
		{ .a2 = 1, .ab = 2 }, { .a2 = 1, .b2 = 1 } };
	static const struct kh_ntt_form odd[2] = {
		{ .a2 = 2, .ab = 2, .b2 = 1 }, { .a2 = 1, .ab = 2 } };
	u32 *out[2];
	size_t len[2];
	int err;

	err = kh_ntt_quad(&job->ntt, job->a, job->la, job->b, job->lb,
			  bit ? odd : even, last ? 1 : 2, true, out, len);
	job->a = NULL;
	job->b = NULL;
	if (err)
		return err;
	job->a = out[0];
	job->la = len[0];
	if (!last) {
		job->b = out[1];
		job->lb = len[1];
	}
	job->k_odd = bit;
	return 0;
}

static unsigned int limb_digits(u32 v)
{
	unsigned int d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

static int make_result(struct kh_bn_ctx *bn, const u32 *limbs, size_t n,
		       struct kh_fib_result **out)
{
	size_t bytes = result_bytes(n), i;
	struct kh_fib_result *r;

	if (!kh_bn_charge(bn, bytes))
		return -ENOMEM;
	r = kh_alloc(bytes);
	if (!r) {
		kh_bn_uncharge(bn, bytes);
		return -ENOMEM;
	}
	r->nlimbs = n;
	/* up to 200 MB: yield between pieces */
	for (i = 0; i < n; i += FIB_COPY_PIECE) {
		memcpy(r->limb + i, limbs + i,
		       (n - i < FIB_COPY_PIECE ? n - i : FIB_COPY_PIECE) *
		       sizeof(u32));
		kh_resched();
	}
	r->digits = (n - 1) * BN_DIGITS + limb_digits(limbs[n - 1]);
	*out = r;
	return 0;
}

static int fib_double(struct fib_job *job, u32 n)
{
	unsigned int shift = bit_length(n) - 6;
	u64 fk, fk1;
	int i, err;

	/* start from the top six bits: k in [32, 63], F(k) fits in 64 bits */
	fib_u64(n >> shift, &fk, &fk1);
	job->a = kh_bn_alloc(&job->bn, 3, sizeof(u32));
	job->b = kh_bn_alloc(&job->bn, 3, sizeof(u32));
	if (!job->a || !job->b)
		return -ENOMEM;
	job->la = u64_to_limbs(job->a, fk);
	job->lb = u64_to_limbs(job->b, fk1);
	job->k_odd = (n >> shift) & 1;
	for (i = shift - 1; i >= 0; i--) {
		bool bit = (n >> i) & 1;

		err = kh_bn_poll(&job->bn);
		if (err)
			return err;
		if (i && kh_bn_ntt_pays(job->la, job->la, FIB_STEP_NTT_MIN))
			err = step_ntt(job, bit, false);
		else if (i)
			err = step_sqr(job, bit);
		else if (kh_bn_ntt_pays(job->la, job->la, FIB_LAST_NTT_MIN))
			err = step_ntt(job, bit, true);
		else
			err = step_last_mul(job, bit);
		if (err)
			return err;
	}
	return 0;
}

/**
 * kh_fib_compute() - compute Fibonacci(@n).
 * @n: index, 0 <= n <= 2^31-1
 * @ctl: cancellation and memory budget; may be NULL
 * @out: the result on success
 *
 * Return: 0, -ENOMEM (allocation failed or over @ctl->mem_limit),
 * -ECANCELED (@ctl->cancelled returned true) or -EINVAL (@n too large).
 */
int kh_fib_compute(u32 n, const struct kh_fib_ctl *ctl,
		   struct kh_fib_result **out)
{
	struct fib_job job = { };
	u32 small[3];
	int err;

	if (n > FIB_N_MAX)
		return -EINVAL;
	kh_bn_ctx_init(&job.bn, ctl ? ctl->cancelled : NULL, ctl ? ctl->arg : NULL,
		       ctl ? ctl->mem_limit : 0);
	if (job.bn.limit && kh_fib_mem_estimate(n) > job.bn.limit)
		return -ENOMEM;
	kh_ntt_init(&job.ntt, &job.bn);
	if (n <= FIB_U64_MAX_N) {
		u64 fk = 0, fk1;

		if (n)
			fib_u64(n, &fk, &fk1);
		err = make_result(&job.bn, small, u64_to_limbs(small, fk), out);
	} else {
		err = fib_double(&job, n);
		/* the tables go before the copy, which may be the peak */
		kh_ntt_release(&job.ntt);
		if (!err)
			err = make_result(&job.bn, job.a, job.la, out);
	}
	kh_bn_free(&job.bn, job.a);
	kh_bn_free(&job.bn, job.b);
	return err;
}

/**
 * kh_fib_result_digits() - number of decimal digits.
 * @r: result
 *
 * Return: the digits of the number; F(0) = "0" has 1.
 */
size_t kh_fib_result_digits(const struct kh_fib_result *r)
{
	return r->digits;
}

/**
 * kh_fib_result_format() - write decimal digits [@offset, @offset + @len).
 * @r: result
 * @offset: first digit wanted, 0 is the most significant
 * @buf: destination, not NUL-terminated
 * @len: digits wanted
 *
 * Each limb holds nine digits, so any slice is produced directly from the
 * limbs it covers, in time proportional to @len.
 *
 * Return: digits written (less than @len only at the end of the number).
 */
size_t kh_fib_result_format(const struct kh_fib_result *r, size_t offset,
			    char *buf, size_t len)
{
	size_t pos, li, done = 0;
	unsigned int d;

	if (offset >= r->digits)
		return 0;
	if (len > r->digits - offset)
		len = r->digits - offset;
	/* digit @offset is digit d (0: units) of limb li */
	pos = r->digits - 1 - offset;
	li = pos / BN_DIGITS;
	d = pos % BN_DIGITS;
	while (done < len) {
		char tmp[BN_DIGITS];
		u32 v = r->limb[li--];
		size_t take = len - done < d + 1 ? len - done : d + 1;
		int j;

		for (j = BN_DIGITS - 1; j >= 0; j--) {
			tmp[j] = '0' + v % 10;
			v /= 10;
		}
		memcpy(buf + done, tmp + BN_DIGITS - 1 - d, take);
		done += take;
		d = BN_DIGITS - 1;
	}
	return len;
}

/**
 * kh_fib_result_bytes() - memory held by a result.
 * @r: result
 *
 * Return: bytes, for cache accounting.
 */
size_t kh_fib_result_bytes(const struct kh_fib_result *r)
{
	return result_bytes(r->nlimbs);
}

/**
 * kh_fib_result_free() - release a result.
 * @r: result from kh_fib_compute(); NULL is ignored
 */
void kh_fib_result_free(struct kh_fib_result *r)
{
	kh_free(r);
}
