/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The body of a static response: a cached file, an open file or a
 * generated text, copied beside the head or streamed by the connection.
 */
#ifndef KHTTPD_STATIC_BODY_H
#define KHTTPD_STATIC_BODY_H

#include <linux/types.h>

#include "static_cache.h"

struct file;
struct khttpd_body_ops;
struct khttpd_static_entry;
struct khttpd_listing;
struct khttpd_budget_acct;

/*
 * Exactly one of entry, file and listing is set; each is one reference.
 * A listing's text is its html, charged bytes of it to acct (the sending
 * connection's budget), given back when the source is dropped.
 */
struct khttpd_static_src {
	struct khttpd_static_entry *entry;
	struct file *file;
	struct khttpd_listing *listing;
	const char *text;	/* the listing's html */
	struct khttpd_budget_acct *acct;
	size_t charged;
	u64 start;		/* offset of body byte 0 in the entry or file */
	struct khttpd_static_validators v;	/* a file's, as its head says */
};

bool khttpd_static_src_copy(const struct khttpd_static_src *src, char *dst,
			    size_t len);
void *khttpd_static_body_new(const struct khttpd_static_src *src, u64 len,
			     const struct khttpd_body_ops **ops);
int khttpd_static_src_listing(struct khttpd_static_src *src,
			      struct khttpd_listing *page,
			      struct khttpd_budget_acct *acct);
void khttpd_static_src_drop(const struct khttpd_static_src *src);

#endif /* KHTTPD_STATIC_BODY_H */
