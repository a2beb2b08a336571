// SPDX-License-Identifier: GPL-2.0
/*
 * Base 10^9 natural numbers: limb arithmetic (addition, subtraction,
 * comparison) and the accounting context of a computation.  The
 * multiplications are bignum_mul.c.
 *
 * Every routine works on caller-provided buffers.
 */
#include "bignum.h"

/* Each allocation carries its size so kh_bn_free() can un-account it. */
#define BN_HDR	16

/**
 * kh_bn_ctx_init() - set up the accounting of one computation.
 * @ctx: context to initialise
 * @cancelled: polled by kh_bn_poll(); may be NULL
 * @arg: argument of @cancelled
 * @limit: bytes the computation may hold at once; 0 means no cap
 */
void kh_bn_ctx_init(struct kh_bn_ctx *ctx, bool (*cancelled)(void *arg),
		    void *arg, size_t limit)
{
	ctx->cancelled = cancelled;
	ctx->arg = arg;
	ctx->limit = limit;
	ctx->used = 0;
	ctx->peak = 0;
}

/**
 * kh_bn_charge() - account @bytes against the budget.
 * @ctx: context
 * @bytes: size of an allocation about to be made
 *
 * Return: false (and nothing charged) if the budget would be exceeded.
 */
bool kh_bn_charge(struct kh_bn_ctx *ctx, size_t bytes)
{
	if (ctx->limit && (bytes > ctx->limit ||
			   ctx->used > ctx->limit - bytes))
		return false;
	ctx->used += bytes;
	if (ctx->used > ctx->peak)
		ctx->peak = ctx->used;
	return true;
}

/**
 * kh_bn_uncharge() - give back what kh_bn_charge() took.
 * @ctx: context
 * @bytes: the amount charged
 */
void kh_bn_uncharge(struct kh_bn_ctx *ctx, size_t bytes)
{
	ctx->used -= bytes;
}

/**
 * kh_bn_alloc() - allocate an accounted array.
 * @ctx: context whose budget pays for it
 * @n: number of elements
 * @size: size of one element
 *
 * Return: the array, or NULL if over budget or out of memory.
 */
void *kh_bn_alloc(struct kh_bn_ctx *ctx, size_t n, size_t size)
{
	size_t bytes;
	u8 *p;

	if (__builtin_mul_overflow(n, size, &bytes) ||
	    __builtin_add_overflow(bytes, BN_HDR, &bytes))
		return NULL;
	if (!kh_bn_charge(ctx, bytes))
		return NULL;
	p = kh_alloc(bytes);
	if (!p) {
		kh_bn_uncharge(ctx, bytes);
		return NULL;
	}
	*(size_t *)p = bytes;
	return p + BN_HDR;
}

/**
 * kh_bn_free() - release an array from kh_bn_alloc().
 * @ctx: the context it was charged to
 * @p: the array; NULL is ignored
 */
void kh_bn_free(struct kh_bn_ctx *ctx, void *p)
{
	u8 *base;

	if (!p)
		return;
	base = (u8 *)p - BN_HDR;
	kh_bn_uncharge(ctx, *(size_t *)base);
	kh_free(base);
}

/**
 * kh_bn_poll() - yield the CPU and check for cancellation.
 * @ctx: context
 *
 * Long loops call this about every millisecond of work.
 *
 * Return: 0, or -ECANCELED once the owner asked to stop.
 */
int kh_bn_poll(struct kh_bn_ctx *ctx)
{
	kh_resched();
	if (ctx->cancelled && ctx->cancelled(ctx->arg))
		return -ECANCELED;
	return 0;
}

/**
 * kh_bn_add_n() - r = a + b, all of @n limbs.
 * @r: result; may alias @a or @b
 * @a: addend
 * @b: addend
 * @n: limbs
 *
 * Return: the carry out (0 or 1).
 */
u32 kh_bn_add_n(u32 *r, const u32 *a, const u32 *b, size_t n)
{
	u32 c = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		u32 s = a[i] + b[i] + c;

		c = s >= BN_BASE;
		r[i] = c ? s - BN_BASE : s;
	}
	return c;
}

/**
 * kh_bn_add_1() - r = a + c.
 * @r: result; may alias @a
 * @a: addend of @n limbs
 * @n: limbs
 * @c: small addend, below BN_BASE
 *
 * Return: the carry out (0 or 1).
 */
u32 kh_bn_add_1(u32 *r, const u32 *a, size_t n, u32 c)
{
	size_t i;

	for (i = 0; i < n && c; i++) {
		u32 s = a[i] + c;

		c = s >= BN_BASE;
		r[i] = c ? s - BN_BASE : s;
	}
	if (r != a && i < n)
		memcpy(r + i, a + i, (n - i) * sizeof(*r));
	return c;
}

/**
 * kh_bn_add() - r = a + b, with @na >= @nb.
 * @r: result of @na limbs; may alias @a or @b
 * @a: longer addend
 * @na: its limbs
 * @b: shorter addend
 * @nb: its limbs
 *
 * Return: the carry out (0 or 1).
 */
u32 kh_bn_add(u32 *r, const u32 *a, size_t na, const u32 *b, size_t nb)
{
	u32 c = kh_bn_add_n(r, a, b, nb);

	return kh_bn_add_1(r + nb, a + nb, na - nb, c);
}

/**
 * kh_bn_sub_n() - r = a - b, all of @n limbs.
 * @r: result; may alias @a or @b
 * @a: minuend
 * @b: subtrahend
 * @n: limbs
 *
 * Return: the borrow out (0 or 1).
 */
u32 kh_bn_sub_n(u32 *r, const u32 *a, const u32 *b, size_t n)
{
	u32 br = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		s32 d = (s32)a[i] - (s32)b[i] - (s32)br;

		br = d < 0;
		r[i] = br ? (u32)(d + (s32)BN_BASE) : (u32)d;
	}
	return br;
}

/**
 * kh_bn_sub_1() - r = a - c.
 * @r: result; may alias @a
 * @a: minuend of @n limbs
 * @n: limbs
 * @c: small subtrahend, below BN_BASE
 *
 * Return: the borrow out (0 or 1).
 */
u32 kh_bn_sub_1(u32 *r, const u32 *a, size_t n, u32 c)
{
	size_t i;

	for (i = 0; i < n && c; i++) {
		s32 d = (s32)a[i] - (s32)c;

		c = d < 0;
		r[i] = c ? (u32)(d + (s32)BN_BASE) : (u32)d;
	}
	if (r != a && i < n)
		memcpy(r + i, a + i, (n - i) * sizeof(*r));
	return c;
}

/**
 * kh_bn_sub() - r = a - b, with @na >= @nb.
 * @r: result of @na limbs; may alias @a or @b
 * @a: minuend
 * @na: its limbs
 * @b: subtrahend
 * @nb: its limbs
 *
 * Return: the borrow out (0 or 1).
 */
u32 kh_bn_sub(u32 *r, const u32 *a, size_t na, const u32 *b, size_t nb)
{
	u32 br = kh_bn_sub_n(r, a, b, nb);

	return kh_bn_sub_1(r + nb, a + nb, na - nb, br);
}

/**
 * kh_bn_mul_1() - r = a * m.
 * @r: result of @n limbs; may alias @a
 * @a: multiplicand
 * @n: limbs
 * @m: multiplier, at most BN_BASE
 *
 * Return: the limb carried out.
 */
u32 kh_bn_mul_1(u32 *r, const u32 *a, size_t n, u32 m)
{
	u64 c = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		u64 t = (u64)a[i] * m + c;

		c = t / BN_BASE;
		r[i] = (u32)(t - c * BN_BASE);
	}
	return (u32)c;
}

/**
 * kh_bn_norm() - length of @a without its high zero limbs.
 * @a: number
 * @n: limbs
 *
 * Return: the significant limbs, 0 for zero.
 */
size_t kh_bn_norm(const u32 *a, size_t n)
{
	while (n && !a[n - 1])
		n--;
	return n;
}

/**
 * kh_bn_cmp() - compare two numbers of any lengths.
 * @a: first
 * @na: its limbs
 * @b: second
 * @nb: its limbs
 *
 * Return: negative, zero or positive as @a is below, equal to or above @b.
 */
int kh_bn_cmp(const u32 *a, size_t na, const u32 *b, size_t nb)
{
	na = kh_bn_norm(a, na);
	nb = kh_bn_norm(b, nb);
	if (na != nb)
		return na < nb ? -1 : 1;
	while (na--) {
		if (a[na] != b[na])
			return a[na] < b[na] ? -1 : 1;
	}
	return 0;
}
