// SPDX-License-Identifier: GPL-2.0
/*
 * Number-theoretic transforms modulo three primes below 2^62, and their
 * recombination into base 10^9 limbs.
 *
 * Exactness.  The primes are
 *	P0 = 0x3fffffa000000001 = 4611685606110527489,
 *	P1 = 0x3fffffb400000001 = 4611685692009873409,
 *	P2 = 0x3fffffee00000001 = 4611685941117976577,
 * each above 10^18 and with a root of unity of order 2^33 or more; their
 * product M exceeds 2^185.  A transform point holds two limbs, a
 * coefficient below 10^18.  A coefficient of alpha a^2 + beta a b +
 * gamma b^2 is a sum of at most (alpha + beta + gamma) * 2^NTT_MAX_LOG
 * products of two coefficients, each below 10^36: with alpha + beta +
 * gamma <= NTT_FORM_MAX = 8 that is below 8 * 2^26 * 10^36 < 2^149 < M, so
 * the residues determine every coefficient exactly.  (F(2^31 - 1) takes
 * 2^25 points and the form (2, 2, 1): below 2^146.)
 *
 * Arithmetic.  Residues are multiplied in Montgomery form (R = 2^64); with
 * p < 2^62, any a < 4p and b < p give a b < p R, so the reduction is exact
 * and lands in (0, 2p).  Twiddles are stored as w R, so mont(x, w R) =
 * x w and data stay in plain form through the transforms; the pointwise
 * products leave a factor R^-1 that the final scaling by R^2 / L removes
 * together with the factor L of the unnormalised inverse.  Butterflies are
 * lazy (Harvey): forward values stay in [0, 2p), inverse ones in [0, 4p),
 * at one conditional subtraction per butterfly.
 *
 * Shape.  Forward transforms are decimation in frequency (natural order in,
 * bit-reversed out), inverse ones decimation in time (bit-reversed in,
 * natural out), so no permutation pass is needed.  Blocks of up to
 * 2^NTT_BLOCK_LOG points are transformed level by level in cache with
 * twiddles from a table; the levels above, across blocks, stream through
 * memory with twiddles generated a chunk at a time, so the tables stay
 * small at any length.
 */
#include "ntt.h"

#define P0	0x3fffffa000000001ULL
#define P1	0x3fffffb400000001ULL
#define P2	0x3fffffee00000001ULL
#define NTT_PRIMES	3

#define NTT_BLOCK_LOG	13	/* 64 KiB of residues: well inside L2 */
#define NTT_CHUNK	512	/* twiddles generated at once, large levels */
#define NTT_POLL	65536	/* butterflies or points between polls */

/* ascending: a residue mod P0 is one mod P1 and P2 as well */
static const u64 ntt_prime[NTT_PRIMES] = { P0, P1, P2 };
static const u32 ntt_gen[NTT_PRIMES] = { 3, 19, 3 };

struct mod {
	u64 p;
	u64 pinv;	/* p^-1 mod 2^64 */
	u64 one;	/* R mod p */
	u64 r2;		/* R^2 mod p */
};

/* a b R^-1 mod p in (0, 2p), for a b < p R */
static inline u64 mont_lazy(u64 a, u64 b, const struct mod *m)
{
	kh_u128 t = (kh_u128)a * b;
	u64 q = (u64)t * m->pinv;
	u64 h = (u64)(((kh_u128)q * m->p) >> 64);

	return (u64)(t >> 64) - h + m->p;
}

static inline u64 mont(u64 a, u64 b, const struct mod *m)
{
	u64 r = mont_lazy(a, b, m);

	return r >= m->p ? r - m->p : r;
}

static inline u64 addmod(u64 a, u64 b, u64 p)
{
	u64 s = a + b;

	return s >= p ? s - p : s;
}

static inline u64 submod(u64 a, u64 b, u64 p)
{
	return a >= b ? a - b : a - b + p;
}

static void mod_setup(struct mod *m, u64 p)
{
	u64 x = p, r = 1;
	int i;

	/* Newton: each step doubles the correct low bits, from 3 */
	for (i = 0; i < 5; i++)
		x *= 2 - p * x;
	m->p = p;
	m->pinv = x;
	for (i = 0; i < 128; i++) {
		r = addmod(r, r, p);
		if (i == 63)
			m->one = r;
	}
	m->r2 = r;
}

static u64 mpow(u64 b, u64 e, const struct mod *m)
{
	u64 r = m->one;

	while (e) {
		if (e & 1)
			r = mont(r, b, m);
		b = mont(b, b, m);
		e >>= 1;
	}
	return r;
}

static inline u64 to_mont(u64 x, const struct mod *m)
{
	return mont(x, m->r2, m);
}

/* primitive 2^lg-th root of unity, Montgomery form; inverse if @inv */
static u64 root(unsigned int q, unsigned int lg, bool inv,
		const struct mod *m)
{
	u64 w = mpow(to_mont(ntt_gen[q], m), (m->p - 1) >> lg, m);

	return inv ? mpow(w, (1ULL << lg) - 1, m) : w;
}

static unsigned int ilog2_ceil(size_t n)
{
	unsigned int lg = 0;

	while (((size_t)1 << lg) < n)
		lg++;
	return lg;
}

/**
 * kh_ntt_length() - transform length for products of @la and @lb limbs.
 * @la: limbs of the first operand
 * @lb: limbs of the second (0 when squaring)
 *
 * Return: points (of two limbs each), a power of two holding every
 * coefficient of a^2, a b and b^2 without wrapping, or 0 beyond
 * 2^NTT_MAX_LOG points.
 */
size_t kh_ntt_length(size_t la, size_t lb)
{
	size_t n = ((la > lb ? la : lb) + 1) / 2;

	if (n > ((size_t)1 << NTT_MAX_LOG) / 2)
		return 0;
	n = 2 * n - 1;
	return n < 2 ? 2 : (size_t)1 << ilog2_ceil(n);
}

static size_t table_words(size_t len)
{
	size_t t = len < ((size_t)1 << NTT_BLOCK_LOG) ?
		   len : (size_t)1 << NTT_BLOCK_LOG;

	return 2 * NTT_PRIMES * t;
}

/**
 * kh_ntt_quad_bytes() - memory kh_ntt_quad() holds at its peak, beyond inputs.
 * @la: limbs of a
 * @lb: limbs of b, 0 when squaring
 * @nforms: number of forms
 *
 * Return: bytes, including the twiddle tables cached in the context, or
 * SIZE_MAX past the transform's reach.
 */
size_t kh_ntt_quad_bytes(size_t la, size_t lb, unsigned int nforms)
{
	size_t len = kh_ntt_length(la, lb), arr, arrays;

	if (!len)
		return SIZE_MAX;
	arr = (len + 3) * sizeof(u64) + 16;
	arrays = nforms == 1 ? (lb ? 4 : 3) * arr : 6 * arr;
	return arrays + table_words(len) * sizeof(u64) + 16 +
	       2 * NTT_CHUNK * sizeof(u64) + 16;
}

/**
 * kh_ntt_init() - an empty context; tables come with the first transform.
 * @nc: context
 * @bn: the computation's accounting, charged for the tables
 */
void kh_ntt_init(struct kh_ntt_ctx *nc, struct kh_bn_ctx *bn)
{
	nc->bn = bn;
	nc->tw = NULL;
	nc->tlog = 0;
	nc->chunk = NULL;
}

/**
 * kh_ntt_release() - free the cached tables.
 * @nc: context
 */
void kh_ntt_release(struct kh_ntt_ctx *nc)
{
	kh_bn_free(nc->bn, nc->tw);
	kh_bn_free(nc->bn, nc->chunk);
	nc->tw = NULL;
	nc->chunk = NULL;
	nc->tlog = 0;
}

static inline u64 *fwd_table(struct kh_ntt_ctx *nc, unsigned int q)
{
	return nc->tw + ((size_t)2 * q << nc->tlog);
}

static inline u64 *inv_table(struct kh_ntt_ctx *nc, unsigned int q)
{
	return nc->tw + ((size_t)(2 * q + 1) << nc->tlog);
}

/*
 * Table layout, per prime and direction: entry h + j is w_2h^j (inverse:
 * w_2h^-j) for the levels h = 1, 2, 4, .. T/2 and 0 <= j < h.
 */
static int ensure_tables(struct kh_ntt_ctx *nc, size_t len, const struct mod *m)
{
	unsigned int lg = ilog2_ceil(len), q;
	size_t t, h, j;

	if (lg > NTT_BLOCK_LOG)
		lg = NTT_BLOCK_LOG;
	if (len > ((size_t)1 << NTT_BLOCK_LOG) && !nc->chunk) {
		nc->chunk = kh_bn_alloc(nc->bn, 2 * NTT_CHUNK, sizeof(u64));
		if (!nc->chunk)
			return -ENOMEM;
	}
	if (nc->tw && nc->tlog >= lg)
		return 0;
	kh_bn_free(nc->bn, nc->tw);
	nc->tw = kh_bn_alloc(nc->bn, table_words(len), sizeof(u64));
	if (!nc->tw)
		return -ENOMEM;
	nc->tlog = lg;
	t = (size_t)1 << lg;
	for (q = 0; q < NTT_PRIMES; q++) {
		const struct mod *mq = &m[q];
		u64 *f = fwd_table(nc, q), *iv = inv_table(nc, q);
		u64 w = root(q, lg, false, mq), w4;

		f[0] = 0;
		iv[0] = 0;
		/* top level by four interleaved chains, then halve down */
		h = t / 2;
		f[h] = mq->one;
		for (j = 1; j < h && j < 4; j++)
			f[h + j] = mont(f[h + j - 1], w, mq);
		w4 = mont(f[h + (h < 4 ? h - 1 : 3)], w, mq);
		for (j = 4; j < h; j++)
			f[h + j] = mont(f[h + j - 4], w4, mq);
		for (h = t / 4; h >= 1; h /= 2)
			for (j = 0; j < h; j++)
				f[h + j] = f[2 * h + 2 * j];
		/* w_2h^-j = -w_2h^(h-j) */
		for (h = 1; h < t; h *= 2) {
			iv[h] = mq->one;
			for (j = 1; j < h; j++)
				iv[h + j] = mq->p - f[2 * h - j];
		}
	}
	return 0;
}

/* forward butterfly: x, y in [0, 2p) stay there */
static inline void bf_dif(u64 *x, u64 *y, u64 w, const struct mod *m)
{
	u64 u = *x, v = *y, s = u + v, p2 = 2 * m->p;

	*x = s >= p2 ? s - p2 : s;
	*y = mont_lazy(u - v + p2, w, m);
}

/* inverse butterfly: x, y in [0, 4p) stay there */
static inline void bf_dit(u64 *x, u64 *y, u64 w, const struct mod *m)
{
	u64 p2 = 2 * m->p, u = *x >= p2 ? *x - p2 : *x;
	u64 v = mont_lazy(*y, w, m);

	*x = u + v;
	*y = u - v + p2;
}

static void dif_block(u64 *a, size_t n, const u64 *tw, const struct mod *m)
{
	u64 p2 = 2 * m->p;
	size_t h, s, j;

	for (h = n / 2; h >= 2; h /= 2) {
		const u64 *w = tw + h;

		for (s = 0; s < n; s += 2 * h) {
			u64 *x = a + s, *y = x + h;

			for (j = 0; j < h; j++)
				bf_dif(x + j, y + j, w[j], m);
		}
	}
	for (s = 0; s + 1 < n; s += 2) {
		u64 u = a[s], v = a[s + 1], x = u + v, y = u - v + p2;

		a[s] = x >= p2 ? x - p2 : x;
		a[s + 1] = y >= p2 ? y - p2 : y;
	}
}

static void dit_block(u64 *a, size_t n, const u64 *tw, const struct mod *m)
{
	u64 p2 = 2 * m->p;
	size_t h, s, j;

	for (s = 0; s + 1 < n; s += 2) {
		u64 u = a[s] >= p2 ? a[s] - p2 : a[s];
		u64 v = a[s + 1] >= p2 ? a[s + 1] - p2 : a[s + 1];

		a[s] = u + v;
		a[s + 1] = u - v + p2;
	}
	for (h = 2; h < n; h *= 2) {
		const u64 *w = tw + h;

		for (s = 0; s < n; s += 2 * h) {
			u64 *x = a + s, *y = x + h;

			for (j = 0; j < h; j++)
				bf_dit(x + j, y + j, w[j], m);
		}
	}
}

/*
 * One level of half-size h >= NTT_CHUNK over all blocks of 2h points.  The
 * twiddles w^j are made NTT_CHUNK at a time as w^c * w^t from a small
 * table of w^t, and each chunk serves every block.
 */
static int big_level(struct kh_ntt_ctx *nc, u64 *a, size_t len, size_t h,
		     unsigned int q, bool inv, const struct mod *m)
{
	u64 *tw = nc->chunk, *st = nc->chunk + NTT_CHUNK;
	u64 w = root(q, ilog2_ceil(2 * h), inv, m), wc, base = m->one;
	size_t c0, blk, t, work = 0;
	int err;

	st[0] = m->one;
	for (t = 1; t < NTT_CHUNK; t++)
		st[t] = mont(st[t - 1], w, m);
	wc = mont(st[NTT_CHUNK - 1], w, m);
	for (c0 = 0; c0 < h; c0 += NTT_CHUNK) {
		for (t = 0; t < NTT_CHUNK; t++)
			tw[t] = mont(base, st[t], m);
		base = mont(base, wc, m);
		for (blk = 0; blk < len; blk += 2 * h) {
			u64 *x = a + blk + c0, *y = x + h;

			if (inv) {
				for (t = 0; t < NTT_CHUNK; t++)
					bf_dit(x + t, y + t, tw[t], m);
			} else {
				for (t = 0; t < NTT_CHUNK; t++)
					bf_dif(x + t, y + t, tw[t], m);
			}
			work += NTT_CHUNK;
		}
		if (work >= NTT_POLL) {
			work = 0;
			err = kh_bn_poll(nc->bn);
			if (err)
				return err;
		}
	}
	return 0;
}

static int transform(struct kh_ntt_ctx *nc, u64 *a, size_t len, unsigned int q,
		     bool inv, const struct mod *m)
{
	size_t blk = (size_t)1 << nc->tlog, h, o, work = 0;
	int err;

	if (blk > len)
		blk = len;
	if (!inv) {
		for (h = len / 2; h >= blk; h /= 2) {
			err = big_level(nc, a, len, h, q, false, m);
			if (err)
				return err;
		}
	}
	for (o = 0; o < len; o += blk) {
		if (inv)
			dit_block(a + o, blk, inv_table(nc, q), m);
		else
			dif_block(a + o, blk, fwd_table(nc, q), m);
		work += blk * nc->tlog / 2;
		if (work >= NTT_POLL || o + blk == len) {
			work = 0;
			err = kh_bn_poll(nc->bn);
			if (err)
				return err;
		}
	}
	if (inv) {
		for (h = blk; h < len; h *= 2) {
			err = big_level(nc, a, len, h, q, true, m);
			if (err)
				return err;
		}
	}
	return 0;
}

/* coefficients a[2i] + 10^9 a[2i + 1] (below 10^18 < p), zero-padded */
static int load(struct kh_ntt_ctx *nc, u64 *t, const u32 *a, size_t la,
		size_t len)
{
	size_t i, end, n = la / 2;
	int err;

	for (i = 0; i < n; i = end) {
		end = n - i > NTT_POLL ? i + NTT_POLL : n;
		for (; i < end; i++)
			t[i] = a[2 * i] + (u64)a[2 * i + 1] * BN_BASE;
		err = kh_bn_poll(nc->bn);
		if (err)
			return err;
	}
	if (la & 1)
		t[n++] = a[la - 1];
	for (i = n; i < len; i = end) {
		end = len - i > 4 * NTT_POLL ? i + 4 * NTT_POLL : len;
		memset(t + i, 0, (end - i) * sizeof(*t));
		kh_resched();
	}
	return 0;
}

static int forward(struct kh_ntt_ctx *nc, u64 *t, const u32 *a, size_t la,
		   size_t len, unsigned int q, const struct mod *m)
{
	int err = load(nc, t, a, la, len);

	return err ? err : transform(nc, t, len, q, false, m);
}

/* k x mod p for a small k, with kr = k R mod p */
static inline u64 scale(u64 x, u32 k, u64 kr, const struct mod *m)
{
	switch (k) {
	case 0:
		return 0;
	case 1:
		return x;
	case 2:
		return addmod(x, x, m->p);
	default:
		return mont(x, kr, m);
	}
}

struct form_k {
	u32 a2, ab, b2;		/* coefficients */
	u64 a2r, abr, b2r;	/* times R mod p */
};

/* (alpha x^2 + beta x y + gamma y^2) R^-1 as x (alpha x + beta y) + y (gamma y) */
static inline u64 eval_form(u64 x, u64 y, const struct form_k *f,
			    const struct mod *m)
{
	u64 u = addmod(scale(x, f->a2, f->a2r, m),
		       scale(y, f->ab, f->abr, m), m->p);
	u64 r = mont(x, u, m);

	if (f->b2)
		r = addmod(r, mont(y, scale(y, f->b2, f->b2r, m), m), m->p);
	return r;
}

static void form_setup(struct form_k *k, const struct kh_ntt_form *f,
		       const struct mod *m)
{
	k->a2 = f->a2;
	k->ab = f->ab;
	k->b2 = f->b2;
	k->a2r = to_mont(f->a2, m);
	k->abr = to_mont(f->ab, m);
	k->b2r = to_mont(f->b2, m);
}

/* x[i] = f0(x[i], y[i]) and, with @f1, y[i] = f1(x[i], y[i]) */
static int pointwise(struct kh_ntt_ctx *nc, u64 *x, u64 *y, size_t len,
		     const struct kh_ntt_form *f0, const struct kh_ntt_form *f1,
		     const struct mod *m)
{
	struct form_k k0, k1 = { };
	size_t i, end;
	int err;

	form_setup(&k0, f0, m);
	if (f1)
		form_setup(&k1, f1, m);
	for (i = 0; i < len; i = end) {
		end = len - i > NTT_POLL / 4 ? i + NTT_POLL / 4 : len;
		for (; i < end; i++) {
			/* forward outputs are in [0, 2p) */
			u64 u = x[i] >= m->p ? x[i] - m->p : x[i], v = 0;

			if (y)
				v = y[i] >= m->p ? y[i] - m->p : y[i];
			x[i] = eval_form(u, v, &k0, m);
			if (f1)
				y[i] = eval_form(u, v, &k1, m);
		}
		err = kh_bn_poll(nc->bn);
		if (err)
			return err;
	}
	return 0;
}

/* divide the 160-bit w[2..0] (w[2] < 2^32) by 10^9; return the remainder */
static inline u32 div160(u64 *w)
{
	u64 cur, q, r;

	q = w[2] / BN_BASE;
	r = w[2] - q * BN_BASE;
	w[2] = q;
	cur = (r << 32) | (w[1] >> 32);
	q = cur / BN_BASE;
	r = cur - q * BN_BASE;
	cur = (r << 32) | (u32)w[1];
	w[1] = q << 32;
	q = cur / BN_BASE;
	r = cur - q * BN_BASE;
	w[1] |= q;
	cur = (r << 32) | (w[0] >> 32);
	q = cur / BN_BASE;
	r = cur - q * BN_BASE;
	cur = (r << 32) | (u32)w[0];
	w[0] = q << 32;
	q = cur / BN_BASE;
	r = cur - q * BN_BASE;
	w[0] |= q;
	return (u32)r;
}

/*
 * Garner's recombination of the three inverse transforms (still carrying
 * the factor L R^-1) into limbs, written in place over r0: point i's two
 * limbs take exactly the bytes of r0[i], already read.  A coefficient X is
 * below 2^149; its low 18 digits and the rest X / 10^18 < 2^90 are split
 * off independently of the running carry, so the serial part per point is
 * one short split of a value below 2^96.
 */
static int crt(struct kh_ntt_ctx *nc, u64 *r0, const u64 *r1, const u64 *r2,
	       size_t n, size_t len, const struct mod *m, size_t *outlen)
{
	const u64 i01 = mpow(to_mont(P0, &m[1]), P1 - 2, &m[1]);
	const u64 p0m2 = to_mont(P0, &m[2]);
	const u64 i012 = mpow(to_mont(mont(p0m2, P1, &m[2]), &m[2]), P2 - 2,
			      &m[2]);
	u32 *limb = (u32 *)r0;
	u64 c[NTT_PRIMES];
	kh_u128 carry = 0;
	size_t i, end;
	unsigned int q;
	int err;

	/* R^2 / L: removes the pointwise R^-1 and the transform's L */
	for (q = 0; q < NTT_PRIMES; q++) {
		u64 linv = m[q].p - ((m[q].p - 1) >> ilog2_ceil(len));

		c[q] = to_mont(to_mont(linv, &m[q]), &m[q]);
	}
	for (i = 0; i < n; i = end) {
		end = n - i > NTT_POLL / 4 ? i + NTT_POLL / 4 : n;
		for (; i < end; i++) {
			u64 x0 = mont(r0[i], c[0], &m[0]);
			u64 x1 = mont(r1[i], c[1], &m[1]);
			u64 x2 = mont(r2[i], c[2], &m[2]);
			u64 v1, v2, t2, w[3];
			kh_u128 t, lo, hi, acc;
			u32 l0, l1;

			v1 = mont(submod(x1, x0, P1), i01, &m[1]);
			t2 = submod(submod(x2, x0, P2), mont(v1, p0m2, &m[2]),
				    P2);
			v2 = mont(t2, i012, &m[2]);
			/* X = x0 + P0 (v1 + P1 v2), as three words */
			t = (kh_u128)P1 * v2 + v1;
			lo = (kh_u128)P0 * (u64)t + x0;
			hi = (kh_u128)P0 * (u64)(t >> 64) + (u64)(lo >> 64);
			w[0] = (u64)lo;
			w[1] = (u64)hi;
			w[2] = (u64)(hi >> 64);
			l0 = div160(w);
			l1 = div160(w);
			acc = carry + l0 + (u64)l1 * BN_BASE;
			l0 = kh_bn_split(&acc);
			l1 = kh_bn_split(&acc);
			r0[i] = ((u64)l1 << 32) | l0;
			carry = acc + w[0] + ((kh_u128)w[1] << 64);
		}
		err = kh_bn_poll(nc->bn);
		if (err)
			return err;
	}
	for (q = 0; q < 4; q++)
		limb[2 * n + q] = kh_bn_split(&carry);
	*outlen = kh_bn_norm(limb, 2 * n + 4);
	return 0;
}

static bool forms_valid(const struct kh_ntt_form *f, unsigned int nf,
			bool has_b)
{
	unsigned int i;

	if (nf < 1 || nf > 2 || (nf == 2 && !has_b))
		return false;
	for (i = 0; i < nf; i++) {
		if (f[i].a2 + f[i].ab + f[i].b2 > NTT_FORM_MAX)
			return false;
		if (!has_b && (f[i].ab || f[i].b2))
			return false;
	}
	return true;
}

/* one output: one prime at a time, so only one b transform is live */
static int quad_one(struct kh_ntt_ctx *nc, const u32 *a, size_t la,
		    const u32 *b, size_t lb, const struct kh_ntt_form *f,
		    size_t len, const struct mod *m, u64 **res)
{
	u64 *tb = NULL;
	unsigned int q;
	int err = 0;

	if (b) {
		tb = kh_bn_alloc(nc->bn, len + 3, sizeof(u64));
		if (!tb)
			return -ENOMEM;
	}
	for (q = 0; q < NTT_PRIMES && !err; q++) {
		res[q] = kh_bn_alloc(nc->bn, len + 3, sizeof(u64));
		if (!res[q]) {
			err = -ENOMEM;
			break;
		}
		err = forward(nc, res[q], a, la, len, q, &m[q]);
		if (!err && b)
			err = forward(nc, tb, b, lb, len, q, &m[q]);
		if (!err)
			err = pointwise(nc, res[q], tb, len, f, NULL, &m[q]);
		if (!err)
			err = transform(nc, res[q], len, q, true, &m[q]);
	}
	kh_bn_free(nc->bn, tb);
	return err;
}

/* two outputs: all six forward transforms, then pointwise and inverses */
static int quad_two(struct kh_ntt_ctx *nc, u32 **a, size_t la, u32 **b,
		    size_t lb, const struct kh_ntt_form *f, bool consume,
		    size_t len, const struct mod *m, u64 **ra, u64 **rb)
{
	unsigned int q;
	int err;

	for (q = 0; q < NTT_PRIMES; q++) {
		ra[q] = kh_bn_alloc(nc->bn, len + 3, sizeof(u64));
		if (!ra[q])
			return -ENOMEM;
		err = forward(nc, ra[q], *a, la, len, q, &m[q]);
		if (err)
			return err;
	}
	if (consume) {
		kh_bn_free(nc->bn, *a);
		*a = NULL;
	}
	for (q = 0; q < NTT_PRIMES; q++) {
		rb[q] = kh_bn_alloc(nc->bn, len + 3, sizeof(u64));
		if (!rb[q])
			return -ENOMEM;
		err = forward(nc, rb[q], *b, lb, len, q, &m[q]);
		if (err)
			return err;
	}
	if (consume) {
		kh_bn_free(nc->bn, *b);
		*b = NULL;
	}
	for (q = 0; q < NTT_PRIMES; q++) {
		err = pointwise(nc, ra[q], rb[q], len, &f[0], &f[1], &m[q]);
		if (!err)
			err = transform(nc, ra[q], len, q, true, &m[q]);
		if (!err)
			err = transform(nc, rb[q], len, q, true, &m[q]);
		if (err)
			return err;
	}
	return 0;
}

/**
 * kh_ntt_quad() - quadratic forms of two numbers through one transform each.
 * @nc: context (tables are cached in it)
 * @a: first number, @la limbs, allocated with kh_bn_alloc() if @consume
 * @la: its limbs, at least 1
 * @b: second number or NULL
 * @lb: its limbs (ignored without @b)
 * @forms: one or two forms; two need @b
 * @nforms: 1 or 2
 * @consume: free @a and @b (success or not), as early as possible
 * @out: the results, allocated with kh_bn_alloc(), one per form
 * @outlen: their normalised lengths in limbs
 *
 * With one form the primes are done one after the other, so that at most
 * four arrays of the transform's length are live; with two, six.
 *
 * Return: 0, -ENOMEM, -ECANCELED, -E2BIG past 2^NTT_MAX_LOG points, or
 * -EINVAL for bad forms.
 */
int kh_ntt_quad(struct kh_ntt_ctx *nc, u32 *a, size_t la, u32 *b, size_t lb,
		const struct kh_ntt_form *forms, unsigned int nforms,
		bool consume, u32 **out, size_t *outlen)
{
	u64 *ra[NTT_PRIMES] = { NULL }, *rb[NTT_PRIMES] = { NULL };
	struct mod m[NTT_PRIMES];
	size_t len, n;
	unsigned int q;
	int err;

	if (!b)
		lb = 0;
	len = kh_ntt_length(la, lb);
	if (!forms_valid(forms, nforms, b)) {
		err = -EINVAL;
		goto out;
	}
	if (!len) {
		err = -E2BIG;
		goto out;
	}
	n = 2 * (((la > lb ? la : lb) + 1) / 2) - 1;
	for (q = 0; q < NTT_PRIMES; q++)
		mod_setup(&m[q], ntt_prime[q]);
	err = ensure_tables(nc, len, m);
	if (err)
		goto out;
	if (nforms == 1)
		err = quad_one(nc, a, la, b, lb, forms, len, m, ra);
	else
		err = quad_two(nc, &a, la, &b, lb, forms, consume, len, m,
			       ra, rb);
	if (!err)
		err = crt(nc, ra[0], ra[1], ra[2], n, len, m, &outlen[0]);
	if (!err && nforms == 2)
		err = crt(nc, rb[0], rb[1], rb[2], n, len, m, &outlen[1]);
	if (!err) {
		out[0] = (u32 *)ra[0];
		ra[0] = NULL;
		if (nforms == 2) {
			out[1] = (u32 *)rb[0];
			rb[0] = NULL;
		}
	}
out:
	for (q = 0; q < NTT_PRIMES; q++) {
		kh_bn_free(nc->bn, ra[q]);
		kh_bn_free(nc->bn, rb[q]);
	}
	if (consume) {
		kh_bn_free(nc->bn, a);
		kh_bn_free(nc->bn, b);
	}
	return err;
}
