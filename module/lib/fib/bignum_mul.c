// SPDX-License-Identifier: GPL-2.0
/*
 * Base 10^9 products: schoolbook, Karatsuba and Toom-3 multiplication and
 * squaring, the recursion that picks among them, and the entry points
 * kh_bn_mul() and kh_bn_sqr() that hand large operands to the number-
 * theoretic transform (ntt.c).  The limb arithmetic they build on is
 * bignum.c.
 *
 * Every routine works on caller-provided buffers.  The recursive
 * algorithms take one scratch area sized by kh_bn_scratch_limbs() and carve it
 * as a stack, so a multiplication allocates once, at the top.  Recursion
 * depth is O(log n) with small frames.
 */
#include "bignum.h"
#include "ntt.h"

/**
 * kh_bn_mul_basecase() - schoolbook product, column by column.
 * @r: result of @na + @nb limbs; must not overlap the operands
 * @a: first operand
 * @na: its limbs, at least 1
 * @b: second operand
 * @nb: its limbs, at least 1
 *
 * Each column sums below 2^96 in a 128-bit accumulator, so carries are
 * resolved once per output limb rather than once per product.
 */
void kh_bn_mul_basecase(u32 *r, const u32 *a, size_t na, const u32 *b,
			size_t nb)
{
	kh_u128 acc = 0;
	size_t k, i;

	for (k = 0; k + 1 < na + nb; k++) {
		size_t lo = k >= nb ? k - nb + 1 : 0;
		size_t end = k < na ? k + 1 : na;
		const u32 *bp = b + k;

		/* 16 products below 10^18 < 2^60 fit one u64 */
		for (i = lo; i < end;) {
			size_t stop = end - i > 16 ? i + 16 : end;
			u64 s = 0;

			for (; i < stop; i++)
				s += (u64)a[i] * bp[-(ptrdiff_t)i];
			acc += s;
		}
		r[k] = kh_bn_split(&acc);
	}
	r[na + nb - 1] = (u32)acc;
}

/**
 * kh_bn_sqr_basecase() - schoolbook square, each cross product once.
 * @r: result of 2 * @n limbs; must not overlap @a
 * @a: operand
 * @n: its limbs, at least 1
 */
void kh_bn_sqr_basecase(u32 *r, const u32 *a, size_t n)
{
	kh_u128 acc = 0;
	size_t k, i;

	for (k = 0; k + 1 < 2 * n; k++) {
		size_t lo = k >= n ? k - n + 1 : 0, end = (k + 1) / 2;
		kh_u128 cross = 0;

		/* a[i] * a[k - i] for i < k - i, 16 at a time in a u64 */
		for (i = lo; i < end;) {
			size_t stop = end - i > 16 ? i + 16 : end;
			u64 s = 0;

			for (; i < stop; i++)
				s += (u64)a[i] * a[k - i];
			cross += s;
		}
		acc += cross << 1;
		if (!(k & 1))
			acc += (u64)a[k / 2] * a[k / 2];
		r[k] = kh_bn_split(&acc);
	}
	r[2 * n - 1] = (u32)acc;
}

/**
 * kh_bn_scratch_limbs() - scratch for bn_*_karatsuba() and bn_*_toom3().
 * @n: limbs of the longer operand
 *
 * Return: limbs of scratch.
 *
 * With S(n) = 8n + 200: Karatsuba takes 4h + 1 (h = ceil(n/2)) and recurses
 * on h, 12h + 201 <= 16h + 192 once h >= 3; Toom-3 takes 12k + 12
 * (k = ceil(n/3)) and recurses on k + 1, 20k + 220 <= 24k + 184 once
 * k >= 9; an unbalanced product takes 2m and recurses on m <= ceil(n/2).
 * Each holds above its cut-over.
 */
size_t kh_bn_scratch_limbs(size_t n)
{
	return 8 * n + 200;
}

/* r (n limbs) = x + y; the sum must fit. r may alias x or y. */
static void add_pad(u32 *r, size_t n, const u32 *x, size_t nx, const u32 *y,
		    size_t ny)
{
	u32 c;

	if (nx < ny) {
		const u32 *t = x;
		size_t tn = nx;

		x = y;
		nx = ny;
		y = t;
		ny = tn;
	}
	c = kh_bn_add(r, x, nx, y, ny);
	if (nx < n) {
		r[nx] = c;
		memset(r + nx + 1, 0, (n - nx - 1) * sizeof(*r));
	}
}

/* r (n limbs) = x - y for x >= y. r may alias x or y. */
static void sub_pad(u32 *r, size_t n, const u32 *x, size_t nx, const u32 *y,
		    size_t ny)
{
	nx = kh_bn_norm(x, nx);
	ny = kh_bn_norm(y, ny);
	kh_bn_sub(r, x, nx, y, ny);
	memset(r + nx, 0, (n - nx) * sizeof(*r));
}

/*
 * Signed sum on sign-magnitude values: r = (xneg ? -x : x) + (yneg ? -y : y)
 * into @n limbs, returning whether r is negative.  r may alias x or y.
 */
static bool sadd(u32 *r, size_t n, const u32 *x, size_t nx, bool xneg,
		 const u32 *y, size_t ny, bool yneg)
{
	int c;

	if (xneg == yneg) {
		add_pad(r, n, x, nx, y, ny);
		return xneg;
	}
	c = kh_bn_cmp(x, nx, y, ny);
	if (c >= 0) {
		sub_pad(r, n, x, nx, y, ny);
		return c ? xneg : false;
	}
	sub_pad(r, n, y, ny, x, nx);
	return yneg;
}

/* d (nx limbs) = |x - y| with nx >= ny; returns x < y. */
static bool absdiff(u32 *d, const u32 *x, size_t nx, const u32 *y, size_t ny)
{
	if (kh_bn_cmp(x, nx, y, ny) >= 0) {
		sub_pad(d, nx, x, nx, y, ny);
		return false;
	}
	sub_pad(d, nx, y, ny, x, nx);
	return true;
}

/* x /= 3, exactly (a constant divisor: no run-time division) */
static void divexact_3(u32 *x, size_t n)
{
	u64 rem = 0;

	while (n--) {
		u64 cur = rem * BN_BASE + x[n];
		u64 q = cur / 3;

		rem = cur - q * 3;
		x[n] = (u32)q;
	}
}

/* x /= 2, exactly */
static void halve(u32 *x, size_t n)
{
	u32 rem = 0;

	while (n--) {
		u32 cur = x[n];

		x[n] = (cur >> 1) + (rem ? BN_BASE / 2 : 0);
		rem = cur & 1;
	}
}

/* r[off..rn) += x (nx limbs); the sum fits, as the product's value does. */
static void add_at(u32 *r, size_t rn, size_t off, const u32 *x, size_t nx)
{
	nx = kh_bn_norm(x, nx);
	kh_bn_add(r + off, r + off, rn - off, x, nx);
}

/*
 * Karatsuba middle term: t holds (a0-a1)(b0-b1) on 2h limbs with sign
 * @neg; turn it into z0 + z2 - that, on 2h + 1 limbs, and add it at h.
 */
static void kara_finish(u32 *r, size_t rn, size_t h, u32 *t, bool neg)
{
	size_t n2 = rn - 2 * h;
	s32 top;

	if (neg)
		top = (s32)kh_bn_add_n(t, r, t, 2 * h);
	else
		top = -(s32)kh_bn_sub_n(t, r, t, 2 * h);
	top += (s32)kh_bn_add(t, t, 2 * h, r + 2 * h, n2);
	t[2 * h] = (u32)top;
	add_at(r, rn, h, t, 2 * h + 1 < rn - h ? 2 * h + 1 : rn - h);
}

/**
 * kh_bn_mul_karatsuba() - one Karatsuba level, then recursion by size.
 * @r: result of @na + @nb limbs, not overlapping the operands
 * @a: first operand
 * @na: its limbs
 * @b: second operand
 * @nb: its limbs, ceil(@na / 2) < @nb <= @na
 * @scratch: kh_bn_scratch_limbs(@na) limbs
 */
void kh_bn_mul_karatsuba(u32 *r, const u32 *a, size_t na, const u32 *b,
			 size_t nb, u32 *scratch)
{
	size_t h = (na + 1) / 2;
	u32 *da = scratch, *db = scratch + h, *t = scratch + 2 * h;
	u32 *rest = t + 2 * h + 1;
	bool neg;

	neg = absdiff(da, a, h, a + h, na - h);
	neg ^= absdiff(db, b, h, b + h, nb - h);
	kh_bn_mul_rec(t, da, h, db, h, rest);
	kh_bn_mul_rec(r, a, h, b, h, rest);
	kh_bn_mul_rec(r + 2 * h, a + h, na - h, b + h, nb - h, rest);
	kara_finish(r, na + nb, h, t, neg);
}

/**
 * kh_bn_sqr_karatsuba() - one Karatsuba squaring level, then recursion.
 * @r: result of 2 * @n limbs, not overlapping @a
 * @a: operand
 * @n: its limbs, at least 2
 * @scratch: kh_bn_scratch_limbs(@n) limbs
 */
void kh_bn_sqr_karatsuba(u32 *r, const u32 *a, size_t n, u32 *scratch)
{
	size_t h = (n + 1) / 2;
	u32 *da = scratch, *t = scratch + h, *rest = t + 2 * h + 1;

	absdiff(da, a, h, a + h, n - h);
	kh_bn_sqr_rec(t, da, h, rest);
	kh_bn_sqr_rec(r, a, h, rest);
	kh_bn_sqr_rec(r + 2 * h, a + h, n - h, rest);
	kara_finish(r, 2 * n, h, t, false);
}

/*
 * Toom-3 evaluation of a0 + a1 x + a2 x^2 (k, k, n2 limbs) at 1, -1 and -2,
 * each on k + 1 limbs; returns the signs of the values at -1 and -2.
 */
static void toom3_eval(u32 *p1, u32 *m1, bool *m1neg, u32 *m2, bool *m2neg,
		       const u32 *a, size_t k, size_t n2)
{
	size_t m = k + 1;

	add_pad(p1, m, a, k, a + 2 * k, n2);		/* a0 + a2 */
	*m1neg = sadd(m1, m, p1, m, false, a + k, k, true);
	p1[k] += kh_bn_add(p1, p1, k, a + k, k);	/* a0 + a1 + a2 */
	*m2neg = sadd(m2, m, m1, m, *m1neg, a + 2 * k, n2, false);
	kh_bn_add_n(m2, m2, m2, m);			/* 2 (a0 - a1 + 2 a2) */
	*m2neg = sadd(m2, m, m2, m, *m2neg, a, k, true);	/* - a0 */
}

/*
 * Bodrato's interpolation for the points 0, 1, -1, -2, inf.  On entry r
 * holds w0 on [0, 2k) and winf on [4k, rn), zero between; w1, wm1 and wm2
 * (2k + 2 limbs each, the last two signed) are consumed.
 */
static void toom3_interp(u32 *r, size_t rn, size_t k, u32 *w1, u32 *wm1,
			 bool m1neg, u32 *wm2, bool m2neg)
{
	size_t w = 2 * k + 2, ninf = rn - 4 * k;
	const u32 *w0 = r, *winf = r + 4 * k;
	bool s1;

	/* r3 = (w(-2) - w(1)) / 3 */
	m2neg = sadd(wm2, w, wm2, w, m2neg, w1, w, true);
	divexact_3(wm2, w);
	/* r1 = (w(1) - w(-1)) / 2 */
	s1 = sadd(w1, w, w1, w, false, wm1, w, !m1neg);
	halve(w1, w);
	/* r2 = w(-1) - w(0) */
	m1neg = sadd(wm1, w, wm1, w, m1neg, w0, 2 * k, true);
	/* r3 = (r2 - r3) / 2 + 2 winf, computed as -(r3 - r2) */
	m2neg = !sadd(wm2, w, wm2, w, m2neg, wm1, w, !m1neg);
	if (!kh_bn_norm(wm2, w))
		m2neg = false;
	halve(wm2, w);
	m2neg = sadd(wm2, w, wm2, w, m2neg, winf, ninf, false);
	m2neg = sadd(wm2, w, wm2, w, m2neg, winf, ninf, false);
	/* r2 = r2 + r1 - winf */
	m1neg = sadd(wm1, w, wm1, w, m1neg, w1, w, s1);
	m1neg = sadd(wm1, w, wm1, w, m1neg, winf, ninf, true);
	/* r1 = r1 - r3 */
	s1 = sadd(w1, w, w1, w, s1, wm2, w, !m2neg);

	/* now r1, r2, r3 are the (non-negative) middle coefficients */
	add_at(r, rn, k, w1, w < rn - k ? w : rn - k);
	add_at(r, rn, 2 * k, wm1, w < rn - 2 * k ? w : rn - 2 * k);
	add_at(r, rn, 3 * k, wm2, w < rn - 3 * k ? w : rn - 3 * k);
}

/**
 * kh_bn_mul_toom3() - one Toom-3 level, then recursion by size.
 * @r: result of @na + @nb limbs, not overlapping the operands
 * @a: first operand
 * @na: its limbs
 * @b: second operand
 * @nb: its limbs, 2 * ceil(@na / 3) < @nb <= @na
 * @scratch: kh_bn_scratch_limbs(@na) limbs
 */
void kh_bn_mul_toom3(u32 *r, const u32 *a, size_t na, const u32 *b, size_t nb,
		     u32 *scratch)
{
	size_t k = (na + 2) / 3, m = k + 1, w = 2 * k + 2;
	u32 *ap1 = scratch, *am1 = ap1 + m, *am2 = am1 + m;
	u32 *bp1 = am2 + m, *bm1 = bp1 + m, *bm2 = bm1 + m;
	u32 *w1 = bm2 + m, *wm1 = w1 + w, *wm2 = wm1 + w, *rest = wm2 + w;
	bool am1neg, am2neg, bm1neg, bm2neg;

	toom3_eval(ap1, am1, &am1neg, am2, &am2neg, a, k, na - 2 * k);
	toom3_eval(bp1, bm1, &bm1neg, bm2, &bm2neg, b, k, nb - 2 * k);
	kh_bn_mul_rec(w1, ap1, m, bp1, m, rest);
	kh_bn_mul_rec(wm1, am1, m, bm1, m, rest);
	kh_bn_mul_rec(wm2, am2, m, bm2, m, rest);
	kh_bn_mul_rec(r, a, k, b, k, rest);
	kh_bn_mul_rec(r + 4 * k, a + 2 * k, na - 2 * k, b + 2 * k, nb - 2 * k,
		      rest);
	memset(r + 2 * k, 0, 2 * k * sizeof(*r));
	toom3_interp(r, na + nb, k, w1, wm1, am1neg ^ bm1neg, wm2,
		     am2neg ^ bm2neg);
}

/**
 * kh_bn_sqr_toom3() - one Toom-3 squaring level, then recursion by size.
 * @r: result of 2 * @n limbs, not overlapping @a
 * @a: operand
 * @n: its limbs, at least 3
 * @scratch: kh_bn_scratch_limbs(@n) limbs
 */
void kh_bn_sqr_toom3(u32 *r, const u32 *a, size_t n, u32 *scratch)
{
	size_t k = (n + 2) / 3, m = k + 1, w = 2 * k + 2;
	u32 *p1 = scratch, *m1 = p1 + m, *m2 = m1 + m;
	u32 *w1 = m2 + m, *wm1 = w1 + w, *wm2 = wm1 + w, *rest = wm2 + w;
	bool m1neg, m2neg;

	toom3_eval(p1, m1, &m1neg, m2, &m2neg, a, k, n - 2 * k);
	kh_bn_sqr_rec(w1, p1, m, rest);
	kh_bn_sqr_rec(wm1, m1, m, rest);
	kh_bn_sqr_rec(wm2, m2, m, rest);
	kh_bn_sqr_rec(r, a, k, rest);
	kh_bn_sqr_rec(r + 4 * k, a + 2 * k, n - 2 * k, rest);
	memset(r + 2 * k, 0, 2 * k * sizeof(*r));
	toom3_interp(r, 2 * n, k, w1, wm1, false, wm2, false);
}

/* a times a much shorter b: one balanced product per nb-limb slice of a */
static void mul_unbalanced(u32 *r, const u32 *a, size_t na, const u32 *b,
			   size_t nb, u32 *s)
{
	u32 *t = s, *rest = s + 2 * nb;
	size_t off;

	kh_bn_mul_rec(r, a, nb, b, nb, s);
	for (off = nb; off < na; off += nb) {
		size_t c = na - off < nb ? na - off : nb;
		u32 carry;

		kh_bn_mul_rec(t, a + off, c, b, nb, rest);
		carry = kh_bn_add_n(r + off, r + off, t, nb);
		kh_bn_add_1(r + off + nb, t + nb, c, carry);
	}
}

/**
 * kh_bn_mul_rec() - r = a * b by schoolbook, Karatsuba or Toom-3, by size.
 * @r: result of @na + @nb limbs, not overlapping the operands
 * @a: first operand
 * @na: its limbs, at least 1
 * @b: second operand
 * @nb: its limbs, at least 1
 * @s: kh_bn_scratch_limbs(max(@na, @nb)) limbs of scratch
 *
 * Never uses the transforms, so it needs no context.
 */
void kh_bn_mul_rec(u32 *r, const u32 *a, size_t na, const u32 *b, size_t nb,
		   u32 *s)
{
	if (na < nb) {
		const u32 *t = a;
		size_t tn = na;

		a = b;
		na = nb;
		b = t;
		nb = tn;
	}
	if (nb < BN_MUL_KARATSUBA_THRESHOLD)
		kh_bn_mul_basecase(r, a, na, b, nb);
	else if (nb >= BN_MUL_TOOM3_THRESHOLD && nb > 2 * ((na + 2) / 3))
		kh_bn_mul_toom3(r, a, na, b, nb, s);
	else if (nb > (na + 1) / 2)
		kh_bn_mul_karatsuba(r, a, na, b, nb, s);
	else
		mul_unbalanced(r, a, na, b, nb, s);
}

/**
 * kh_bn_sqr_rec() - r = a^2 by schoolbook, Karatsuba or Toom-3, by size.
 * @r: result of 2 * @n limbs, not overlapping @a
 * @a: operand
 * @n: its limbs, at least 1
 * @s: kh_bn_scratch_limbs(@n) limbs of scratch
 */
void kh_bn_sqr_rec(u32 *r, const u32 *a, size_t n, u32 *s)
{
	if (n < BN_SQR_KARATSUBA_THRESHOLD)
		kh_bn_sqr_basecase(r, a, n);
	else if (n < BN_SQR_TOOM3_THRESHOLD)
		kh_bn_sqr_karatsuba(r, a, n, s);
	else
		kh_bn_sqr_toom3(r, a, n, s);
}

/* the transform's output, copied into the caller's na + nb limbs */
static int mul_ntt(struct kh_bn_ctx *ctx, u32 *r, const u32 *a, size_t na,
		   const u32 *b, size_t nb)
{
	static const struct kh_ntt_form prod = { .ab = 1 };
	static const struct kh_ntt_form square = { .a2 = 1 };
	struct kh_ntt_ctx nc;
	size_t len;
	u32 *out;
	int err;

	kh_ntt_init(&nc, ctx);
	err = kh_ntt_quad(&nc, (u32 *)a, na, (u32 *)b, b ? nb : 0,
			  b ? &prod : &square, 1, false, &out, &len);
	kh_ntt_release(&nc);
	if (err)
		return err;
	memcpy(r, out, len * sizeof(*r));
	memset(r + len, 0, (na + nb - len) * sizeof(*r));
	kh_bn_free(ctx, out);
	return 0;
}

/**
 * kh_bn_ntt_pays() - whether transforms beat Toom-3 for a product.
 * @na: limbs of the longer operand
 * @nb: limbs of the shorter one
 * @min: the cut-over below which Toom-3 always wins
 *
 * Return: true from BN_NTT_ALWAYS on, or from @min on when the product
 * fills at least 3/4 of the transform's two limbs per point.
 */
bool kh_bn_ntt_pays(size_t na, size_t nb, size_t min)
{
	size_t len;

	if (nb < min)
		return false;
	if (nb >= BN_NTT_ALWAYS)
		return true;
	len = kh_ntt_length(na, nb);
	return len && 2 * (na + nb) >= 3 * len;
}

/**
 * kh_bn_mul() - r = a * b, choosing the algorithm by size.
 * @ctx: budget and cancellation (the scratch and transforms are charged)
 * @r: result of @na + @nb limbs, not overlapping the operands
 * @a: first operand
 * @na: its limbs, at least 1
 * @b: second operand
 * @nb: its limbs, at least 1
 *
 * Return: 0, -ENOMEM, -ECANCELED, or -E2BIG past the transform's reach.
 */
int kh_bn_mul(struct kh_bn_ctx *ctx, u32 *r, const u32 *a, size_t na,
	      const u32 *b, size_t nb)
{
	u32 *s;

	if (na < nb) {
		const u32 *t = a;
		size_t tn = na;

		a = b;
		na = nb;
		b = t;
		nb = tn;
	}
	if (kh_bn_ntt_pays(na, nb, BN_MUL_NTT_MIN))
		return mul_ntt(ctx, r, a, na, b, nb);
	if (nb < BN_MUL_KARATSUBA_THRESHOLD) {
		kh_bn_mul_basecase(r, a, na, b, nb);
		return 0;
	}
	s = kh_bn_alloc(ctx, kh_bn_scratch_limbs(na), sizeof(*s));
	if (!s)
		return -ENOMEM;
	kh_bn_mul_rec(r, a, na, b, nb, s);
	kh_bn_free(ctx, s);
	return 0;
}

/**
 * kh_bn_sqr() - r = a^2, choosing the algorithm by size.
 * @ctx: budget and cancellation
 * @r: result of 2 * @n limbs, not overlapping @a
 * @a: operand
 * @n: its limbs, at least 1
 *
 * Return: 0, -ENOMEM, -ECANCELED, or -E2BIG past the transform's reach.
 */
int kh_bn_sqr(struct kh_bn_ctx *ctx, u32 *r, const u32 *a, size_t n)
{
	u32 *s;

	if (kh_bn_ntt_pays(n, n, BN_SQR_NTT_MIN))
		return mul_ntt(ctx, r, a, n, NULL, n);
	if (n < BN_SQR_KARATSUBA_THRESHOLD) {
		kh_bn_sqr_basecase(r, a, n);
		return 0;
	}
	s = kh_bn_alloc(ctx, kh_bn_scratch_limbs(n), sizeof(*s));
	if (!s)
		return -ENOMEM;
	kh_bn_sqr_rec(r, a, n, s);
	kh_bn_free(ctx, s);
	return 0;
}
