/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The body of a static response: a cached file, an open file or a
 * generated text, copied beside the head or streamed by the connection.
 */
#ifndef KHTTPD_STATIC_BODY_H
#define KHTTPD_STATIC_BODY_H

#include <linux/types.h>

struct file;
struct khttpd_body_ops;
struct khttpd_static_entry;

/* Exactly one of entry, file and text is set; each is one reference. */
struct khttpd_static_src {
	struct khttpd_static_entry *entry;
	struct file *file;
	char *text;		/* kvmalloc()ed */
	u64 start;		/* offset of body byte 0 in the entry or file */
};

bool khttpd_static_src_copy(const struct khttpd_static_src *src, char *dst,
			    size_t len);
void *khttpd_static_body_new(const struct khttpd_static_src *src, u64 len,
			     const struct khttpd_body_ops **ops);
void khttpd_static_src_drop(const struct khttpd_static_src *src);

#endif /* KHTTPD_STATIC_BODY_H */
