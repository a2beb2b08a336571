// SPDX-License-Identifier: GPL-2.0
/*
 * Precompressed content, as nginx's gzip_static and TUX's compression: for
 * a file F with a sibling F.br or F.gz no older than F, a request whose
 * Accept-Encoding allows that coding (lib/static/static_accept.c) gets the
 * sibling's bytes, through the very path F's would take (cache or
 * zero-copy stream, conditional and range requests on the sibling's own
 * validators), with Content-Encoding and F's Content-Type.  Every response
 * for a file that has a usable sibling carries Vary: Accept-Encoding.
 * Nothing is compressed here: the administrator makes the siblings
 * (gzip -k, brotli -k) and keeps them current; one older than F is
 * ignored, so a stale sibling is never served.
 */
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/time64.h>

#include "static_precomp.h"
#include "core/params.h"
#include "core/fault.h"

/* ---- tunable (uapi/khttpd.h), read with READ_ONCE() ---- */

static unsigned int static_precompressed =
	KHTTPD_TUNABLE_DEFAULT(precompressed);

static struct khttpd_uint_param precompressed_param =
	KHTTPD_UINT_PARAM(precompressed, static_precompressed, NULL);
module_param_cb(precompressed, &khttpd_uint_param_ops, &precompressed_param,
		0644);
__MODULE_PARM_TYPE(precompressed, "uint");
MODULE_PARM_DESC(precompressed, KHTTPD_TUNABLE_MEANING(precompressed));

/**
 * khttpd_static_precompressed_on() - are siblings looked for?
 *
 * Return: true while the precompressed tunable is 1.
 */
bool khttpd_static_precompressed_on(void)
{
	return READ_ONCE(static_precompressed);
}

/**
 * khttpd_static_sibling_coding() - the coding of sibling number @i.
 * @i: 0 to KHTTPD_SIBLINGS - 1
 *
 * Return: KHTTPD_CODING_BR, then KHTTPD_CODING_GZIP.
 */
enum khttpd_coding khttpd_static_sibling_coding(int i)
{
	return i ? KHTTPD_CODING_GZIP : KHTTPD_CODING_BR;
}

/**
 * khttpd_static_coding_token() - the content-coding's name (RFC 9110 §8.4.1).
 * @c: KHTTPD_CODING_GZIP or KHTTPD_CODING_BR
 *
 * Return: "gzip" or "br".
 */
const char *khttpd_static_coding_token(enum khttpd_coding c)
{
	return c == KHTTPD_CODING_BR ? "br" : "gzip";
}

/**
 * khttpd_static_sibling_name() - the path of @key's sibling for coding @c.
 * @key: a file's path below the docroot
 * @c: KHTTPD_CODING_GZIP or KHTTPD_CODING_BR
 *
 * Return: "@key.gz" or "@key.br", kmalloc()ed; NULL without memory.
 */
char *khttpd_static_sibling_name(const char *key, enum khttpd_coding c)
{
	return khttpd_alloc(kasprintf(GFP_KERNEL, "%s.%s", key,
				      c == KHTTPD_CODING_BR ? "br" : "gz"));
}

/**
 * khttpd_static_sibling_usable() - may a sibling stand in for its file?
 * @file: the file's attributes
 * @err: the sibling's lookup result
 * @sib: its attributes, if @err is 0
 *
 * Return: true if it exists, is a regular file and is no older than the
 * file (its modification time is not before the file's).
 */
bool khttpd_static_sibling_usable(const struct kstat *file, int err,
				  const struct kstat *sib)
{
	return !err && S_ISREG(sib->mode) &&
	       timespec64_compare(&sib->mtime, &file->mtime) >= 0;
}
