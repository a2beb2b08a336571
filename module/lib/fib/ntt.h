/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exact products of base 10^9 numbers through number-theoretic transforms
 * modulo three 62-bit primes, recombined by the Chinese remainder theorem.
 * Each transform point carries two limbs (a coefficient below 10^18).
 *
 * The transforms are linear, so one call computes any small quadratic
 * forms alpha a^2 + beta a b + gamma b^2 of two numbers from a single
 * forward transform of each: the Fibonacci doubling step gets both of its
 * outputs from two forward and two inverse transforms.
 *
 * Ownership: a struct kh_ntt_ctx belongs to one computation (it caches the
 * twiddle tables between calls); its memory is charged to that
 * computation's struct kh_bn_ctx.
 */
#ifndef KHTTPD_NTT_H
#define KHTTPD_NTT_H

#include "../compat.h"
#include "bignum.h"

/* Longest transform, in points of two limbs each: products of 2^27 limbs. */
#define NTT_MAX_LOG	26

/* alpha a^2 + beta a b + gamma b^2; alpha + beta + gamma <= NTT_FORM_MAX */
struct kh_ntt_form {
	u8 a2;
	u8 ab;
	u8 b2;
};

#define NTT_FORM_MAX	8

struct kh_ntt_ctx {
	struct kh_bn_ctx *bn;
	u64 *tw;		/* twiddle tables, see ntt.c */
	unsigned int tlog;	/* they cover blocks of 2^tlog points */
	u64 *chunk;		/* on-the-fly twiddles of the large levels */
};

void kh_ntt_init(struct kh_ntt_ctx *nc, struct kh_bn_ctx *bn);
void kh_ntt_release(struct kh_ntt_ctx *nc);
size_t kh_ntt_length(size_t la, size_t lb);
size_t kh_ntt_quad_bytes(size_t la, size_t lb, unsigned int nforms);
int kh_ntt_quad(struct kh_ntt_ctx *nc, u32 *a, size_t la, u32 *b, size_t lb,
		const struct kh_ntt_form *forms, unsigned int nforms,
		bool consume, u32 **out, size_t *outlen);

#endif /* KHTTPD_NTT_H */
