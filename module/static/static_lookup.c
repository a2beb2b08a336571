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
 * d_hash_and_lookup(), which needs no buffer, checking search permission
 * on each directory just as the path walk does.  It gives up, and the full
 * lookup decides, at anything that walk would treat differently from a
 * plain name: a symlink, a mount point (or automount point), a missing
 * name, a component that is empty, "." or "..", a dentry its file system
 * revalidates, any error.  What it returns is thus what vfs_path_lookup()
 * returns, without ever following a link or a mount.
 *
 * io_work must not wait for a disk, so there both walks look only at what
 * is cached: the dentry cache walk never calls the file system's lookup,
 * and checks permission with MAY_NOT_BLOCK (an ACL not in memory is a
 * miss); the full lookup gets LOOKUP_CACHED, which keeps it to the RCU walk
 * and fails with -EAGAIN where it would have to leave it.  A worker on
 * khttpd_blocking then does the blocking lookup (static_offload.c).
 *
 * Context: process, with the static files' credentials (static.c); the
 * docroot is held by the caller for the whole lookup.
 */
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include "static.h"
#include "static_priv.h"

/*
 * Exported by 6.1 but declared in fs/internal.h; later kernels declare it
 * in <linux/namei.h> (the same prototype, so both may be seen).  ksmbd, the
 * in-kernel SMB server, resolves its share paths with it the same way.
 */
extern int vfs_path_lookup(struct dentry *dentry, struct vfsmount *mnt,
			   const char *name, unsigned int flags,
			   struct path *path);

/**
 * khttpd_static_permission() - path_permission(), also from io_work.
 * @path: the file or directory
 * @mask: MAY_* bits; with MAY_NOT_BLOCK, the check of the RCU path walk
 *
 * With MAY_NOT_BLOCK the check reads only what is in memory (an ACL that
 * is not gives -ECHILD) and, like the RCU walk it serves, must run inside
 * an RCU read section (get_cached_acl_rcu()), which this takes.
 *
 * Context: process; sleeps only without MAY_NOT_BLOCK.
 * Return: 0, -EACCES, -ECHILD (MAY_NOT_BLOCK: ask again where one may
 * block) or another error of the permission check.
 */
int khttpd_static_permission(const struct path *path, int mask)
{
	int err;

	if (!(mask & MAY_NOT_BLOCK))
		return path_permission(path, mask);
	rcu_read_lock();
	err = path_permission(path, mask);
	rcu_read_unlock();
	return err;
}

/*
 * The dentry cache walk: 0 with @out set, or -EAGAIN where the full lookup
 * must decide (not an answer: the caller never passes it on).
 */
static int lookup_plain(const struct path *root, const char *rel,
			struct path *out)
{
	struct path here = { .mnt = root->mnt };
	struct dentry *d = dget(root->dentry), *next;
	const char *name = rel, *end;
	struct qstr q;

	for (;;) {
		end = strchrnul(name, '/');
		q = (struct qstr)QSTR_INIT(name, end - name);
		here.dentry = d;
		if (!q.len || (name[0] == '.' && (q.len == 1 ||
						  (q.len == 2 && name[1] == '.'))) ||
		    khttpd_static_permission(&here, MAY_EXEC | MAY_NOT_BLOCK))
			break;
		next = d_hash_and_lookup(d, &q);
		if (IS_ERR_OR_NULL(next))
			break;
		dput(d);
		d = next;
		if (d->d_flags & DCACHE_OP_REVALIDATE)
			break;
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
 * khttpd_static_lookup_cached() - khttpd_static_lookup() from caches only.
 * @root: the docroot
 * @rel: path relative to it (no leading '/'), as the parser normalised it
 * @out: the result, to path_put()
 *
 * Context: io_work, with the static files' credentials; does not wait for
 * I/O.
 * Return: as khttpd_static_lookup(), or -EAGAIN if the answer is not in
 * the dentry cache (or a rename raced): then khttpd_static_lookup() must
 * decide, where it may block.
 */
int khttpd_static_lookup_cached(const struct path *root, const char *rel,
				struct path *out)
{
	if (!lookup_plain(root, rel, out))
		return 0;
	return vfs_path_lookup(root->dentry, root->mnt, rel,
			       LOOKUP_FOLLOW | LOOKUP_BENEATH | LOOKUP_CACHED,
			       out);
}

/**
 * khttpd_static_lookup() - find a path below the docroot, as a request does.
 * @root: the docroot
 * @rel: path relative to it (no leading '/'), as the parser normalised it
 * @out: the result, to path_put()
 *
 * Symlinks are followed only while they stay below @root.
 *
 * Context: process, with the static files' credentials; may wait for the
 * disk (not in io_work).
 * Return: 0; -EXDEV if the path leads outside @root; a lookup error.
 */
int khttpd_static_lookup(const struct path *root, const char *rel,
			 struct path *out)
{
	int err, tries = 3;

	might_sleep();
	if (!lookup_plain(root, rel, out))
		return 0;
	/* EAGAIN: a rename or mount raced a ".." in a symlink; try again */
	do {
		err = vfs_path_lookup(root->dentry, root->mnt, rel,
				      LOOKUP_FOLLOW | LOOKUP_BENEATH, out);
	} while (err == -EAGAIN && --tries);
	return err;
}

/**
 * khttpd_static_open() - open a regular file below @root for reading.
 * @root: the docroot
 * @path: the file
 *
 * Return: the file, or an ERR_PTR (-EXDEV if it is not below @root).
 */
struct file *khttpd_static_open(const struct path *root,
				const struct path *path)
{
	if (!path_is_under(path, root))
		return ERR_PTR(-EXDEV);
	/* a regular file: O_NONBLOCK only in case a file system minds */
	return dentry_open(path, O_RDONLY | O_LARGEFILE | O_NONBLOCK,
			   current_cred());
}
