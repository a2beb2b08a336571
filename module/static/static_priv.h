/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside static files: what static.c shares with its worker's part
 * (static_job.c) and the precompressed siblings (static_precomp.c), and
 * nothing else includes.  Each runs under the static files' credential.
 */
#ifndef KHTTPD_STATIC_PRIV_H
#define KHTTPD_STATIC_PRIV_H

#include <linux/fs.h>
#include <linux/path.h>
#include <linux/stat.h>

struct khttpd_static_validators;

struct file *khttpd_static_open(const struct path *root,
				const struct path *path);
int khttpd_static_file_readable(const struct path *path,
				const struct kstat *st, int nowait);
int khttpd_static_dir_listable(const struct path *dir,
			       const struct kstat *st, int nowait);
void khttpd_static_validators_of(const struct kstat *st,
				 struct khttpd_static_validators *v);

#endif /* KHTTPD_STATIC_PRIV_H */
