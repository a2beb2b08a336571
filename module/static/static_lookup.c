// SPDX-License-Identifier: GPL-2.0
/*
 * Resolving a request's path below the docroot.
 *
 * The authority is vfs_path_lookup() with LOOKUP_BENEATH: it follows
 * symlinks and crosses mounts, and fails with EXDEV where a step would leave
 * the docroot.  It begins, though, with getname_kernel(), which takes a
 * PATH_MAX buffer from names_cache; with init_on_alloc (Debian's default)
 * that is 4 KiB zeroed per request, about a tenth of the server's CPU time
 * for a cached 1 KiB file over keep-alive.
 *
 * So the common case walks the dentry cache one component at a time with
 * lookup_one_unlocked(), which needs no buffer and checks search permission
 * on each directory just as the path walk does.  It gives up, and the full
 * lookup decides, at anything that walk would treat differently from a
 * plain name: a symlink, a mount point (or automount point), a missing
 * name, a component that is empty, "." or "..", any error.  What it
 * returns is thus what vfs_path_lookup() returns, without ever following a
 * link or a mount.
 *
 * Context: process, with the static files' credentials (static.c); the
 * docroot is held by the caller for the whole lookup.
 */
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/string.h>

#include "static.h"

/*
 * Exported by 6.1 but declared in fs/internal.h; later kernels declare it
 * in <linux/namei.h> (the same prototype, so both may be seen).  ksmbd, the
 * in-kernel SMB server, resolves its share paths with it the same way.
 */
extern int vfs_path_lookup(struct dentry *dentry, struct vfsmount *mnt,
			   const char *name, unsigned int flags,
			   struct path *path);

/*
 * The dentry cache walk: 0 with @out set, or -EAGAIN where the full lookup
 * must decide (not an answer: the caller never passes it on).
 */
static int lookup_plain(const struct path *root, const char *rel,
			struct path *out)
{
	struct user_namespace *ns = mnt_user_ns(root->mnt);
	struct dentry *d = dget(root->dentry), *next;
	const char *name = rel, *end;

	for (;;) {
		end = strchrnul(name, '/');
		next = lookup_one_unlocked(ns, name, d, end - name);
		dput(d);
		if (IS_ERR(next))
			return -EAGAIN;
		d = next;
		/* d_managed(): a mount point, or one to automount */
		if (d_really_is_negative(d) || d_is_symlink(d) || d_managed(d))
			break;
		if (!*end) {
			out->mnt = mntget(root->mnt);
			out->dentry = d;
			return 0;
		}
		if (!d_can_lookup(d))
			break;
		name = end + 1;
	}
	dput(d);
	return -EAGAIN;
}

/**
 * khttpd_static_lookup() - find a path below the docroot, as a request does.
 * @root: the docroot
 * @rel: path relative to it (no leading '/'), as the parser normalised it
 * @out: the result, to path_put()
 *
 * Symlinks are followed only while they stay below @root.
 *
 * Context: process, with the static files' credentials.
 * Return: 0; -EXDEV if the path leads outside @root; a lookup error.
 */
int khttpd_static_lookup(const struct path *root, const char *rel,
			 struct path *out)
{
	int err, tries = 3;

	if (!lookup_plain(root, rel, out))
		return 0;
	/* EAGAIN: a rename or mount raced a ".." in a symlink; try again */
	do {
		err = vfs_path_lookup(root->dentry, root->mnt, rel,
				      LOOKUP_FOLLOW | LOOKUP_BENEATH, out);
	} while (err == -EAGAIN && --tries);
	return err;
}
