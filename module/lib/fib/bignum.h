/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Natural numbers in base 10^9 (one u32 limb holds nine decimal digits,
 * least significant limb first), and the resources a long computation on
 * them draws from: a memory budget and a cancellation poll.
 *
 * Decimal output is then a plain walk over the limbs, which is why the
 * Fibonacci engine computes in this base rather than in binary.
 *
 * Multiplication picks, by the size of the smaller operand: schoolbook,
 * Karatsuba, Toom-3, then the number-theoretic transform of ntt.c.  The
 * *_basecase, *_karatsuba and *_toom3 entry points are exported so that
 * the unit tests can check each algorithm on its own around its cut-over.
 *
 * Ownership: a struct kh_bn_ctx belongs to one computation, which owns it and
 * is its only user; nothing here is shared or locked.
 */
#ifndef KHTTPD_BIGNUM_H
#define KHTTPD_BIGNUM_H

#include "../compat.h"

#define BN_BASE		1000000000U
#define BN_DIGITS	9

/*
 * Cut-overs, in limbs of the smaller operand, measured with
 * `fib_bench tune` on the reference machine (docs/fib.md); a build may
 * override them with -D to re-tune.  Transforms run on power-of-two
 * lengths, so between BN_*_NTT_MIN and BN_NTT_ALWAYS they are used only
 * when the product fills at least 3/4 of the transform (kh_bn_ntt_pays()).
 */
#ifndef BN_MUL_KARATSUBA_THRESHOLD
#define BN_MUL_KARATSUBA_THRESHOLD	64
#endif
#ifndef BN_MUL_TOOM3_THRESHOLD
#define BN_MUL_TOOM3_THRESHOLD		250
#endif
#ifndef BN_SQR_KARATSUBA_THRESHOLD
#define BN_SQR_KARATSUBA_THRESHOLD	100
#endif
#ifndef BN_SQR_TOOM3_THRESHOLD
#define BN_SQR_TOOM3_THRESHOLD		250
#endif
#ifndef BN_MUL_NTT_MIN
#define BN_MUL_NTT_MIN			450
#endif
#ifndef BN_SQR_NTT_MIN
#define BN_SQR_NTT_MIN			500
#endif
#ifndef BN_NTT_ALWAYS
#define BN_NTT_ALWAYS			1400
#endif

/*
 * Split @acc (below 2^96) into its low limb, returned, and the carry, left
 * in @acc: two 64-bit divisions by a constant, as the kernel has no 128-bit
 * division.
 */
static inline u32 kh_bn_split(kh_u128 *acc)
{
	u64 hi = (u64)(*acc >> 32);
	u64 q1 = hi / BN_BASE;
	u64 t = ((hi - q1 * BN_BASE) << 32) | (u32)*acc;
	u64 q2 = t / BN_BASE;

	*acc = ((kh_u128)q1 << 32) + q2;
	return (u32)(t - q2 * BN_BASE);
}

/* Budget, accounting and cancellation of one computation. */
struct kh_bn_ctx {
	bool (*cancelled)(void *arg);
	void *arg;
	size_t limit;		/* bytes; 0: no cap */
	size_t used;		/* bytes held now */
	size_t peak;		/* most bytes ever held at once */
};

void kh_bn_ctx_init(struct kh_bn_ctx *ctx, bool (*cancelled)(void *arg),
		    void *arg, size_t limit);
void *kh_bn_alloc(struct kh_bn_ctx *ctx, size_t n, size_t size);
void kh_bn_free(struct kh_bn_ctx *ctx, void *p);
bool kh_bn_charge(struct kh_bn_ctx *ctx, size_t bytes);
void kh_bn_uncharge(struct kh_bn_ctx *ctx, size_t bytes);
int kh_bn_poll(struct kh_bn_ctx *ctx);

/* Limb arithmetic; r may alias a (not b) unless stated otherwise. */
u32 kh_bn_add_n(u32 *r, const u32 *a, const u32 *b, size_t n);
u32 kh_bn_add(u32 *r, const u32 *a, size_t na, const u32 *b, size_t nb);
u32 kh_bn_add_1(u32 *r, const u32 *a, size_t n, u32 c);
u32 kh_bn_sub_n(u32 *r, const u32 *a, const u32 *b, size_t n);
u32 kh_bn_sub(u32 *r, const u32 *a, size_t na, const u32 *b, size_t nb);
u32 kh_bn_sub_1(u32 *r, const u32 *a, size_t n, u32 c);
u32 kh_bn_mul_1(u32 *r, const u32 *a, size_t n, u32 m);
int kh_bn_cmp(const u32 *a, size_t na, const u32 *b, size_t nb);
size_t kh_bn_norm(const u32 *a, size_t n);

/* Limbs of scratch the algorithms below need for operands of n limbs. */
size_t kh_bn_scratch_limbs(size_t n);

void kh_bn_mul_basecase(u32 *r, const u32 *a, size_t na, const u32 *b,
			size_t nb);
void kh_bn_sqr_basecase(u32 *r, const u32 *a, size_t n);
void kh_bn_mul_karatsuba(u32 *r, const u32 *a, size_t na, const u32 *b,
			 size_t nb, u32 *scratch);
void kh_bn_sqr_karatsuba(u32 *r, const u32 *a, size_t n, u32 *scratch);
void kh_bn_mul_toom3(u32 *r, const u32 *a, size_t na, const u32 *b, size_t nb,
		     u32 *scratch);
void kh_bn_sqr_toom3(u32 *r, const u32 *a, size_t n, u32 *scratch);

void kh_bn_mul_rec(u32 *r, const u32 *a, size_t na, const u32 *b, size_t nb,
		   u32 *s);
void kh_bn_sqr_rec(u32 *r, const u32 *a, size_t n, u32 *s);

bool kh_bn_ntt_pays(size_t na, size_t nb, size_t min);
int kh_bn_mul(struct kh_bn_ctx *ctx, u32 *r, const u32 *a, size_t na,
	      const u32 *b, size_t nb);
int kh_bn_sqr(struct kh_bn_ctx *ctx, u32 *r, const u32 *a, size_t n);

#endif /* KHTTPD_BIGNUM_H */
