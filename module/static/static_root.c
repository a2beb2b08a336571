// SPDX-License-Identifier: GPL-2.0
/*
 * The document root of static files: the docroot tunable, the directory it
 * resolves to, and the credential files are read with.
 *
 * The resolved docroot (struct static_root) is published with RCU and read
 * under SRCU, because resolution below it sleeps; a change swaps the
 * pointer under static_root_mutex and drops the old one after
 * synchronize_srcu().  Readers take it with khttpd_static_root_get(), which
 * also puts on the credential of "others" (nobody, nogroup, no
 * capabilities), so that khttpd serves exactly what others may read.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/srcu.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>

#include "core/params.h"
#include "static.h"
#include "static_cache.h"
#include "static_root.h"
#include "core/fault.h"

/*
 * ---- tunable (uapi/khttpd.h): docroot, under khttpd_params_lock() ----
 *
 * At load the value is only stored (module init resolves it, and a
 * directory that is missing then only turns static files off); afterwards
 * a write resolves it first and is refused with that error (ENOENT,
 * ENOTDIR, EACCES) if the directory cannot be used, keeping the old one.
 */
static char static_docroot[KHTTPD_TUNABLE_MAX(docroot) + 1] =
	KHTTPD_TUNABLE_DEFAULT(docroot);

static bool static_docroot_valid(const char *dir)
{
	return dir[0] == '/';
}

static struct khttpd_text_param docroot_param = {
	.value = static_docroot,
	.size = sizeof(static_docroot),
	.valid = static_docroot_valid,
	.apply = khttpd_static_set_docroot,
};
module_param_cb(docroot, &khttpd_text_param_ops, &docroot_param, 0644);
MODULE_PARM_DESC(docroot, KHTTPD_TUNABLE_MEANING(docroot));

/* uid and gid files are read with: nobody, nogroup */
#define KHTTPD_STATIC_ID	65534

/* The resolved docroot; freed by the change that replaces it. */
struct static_root {
	struct path path;
};

static struct static_root __rcu *static_root;	/* NULL: static files off */
static DEFINE_MUTEX(static_root_mutex);		/* serialises changes */
static struct srcu_struct static_srcu;		/* readers of static_root */
static const struct cred *static_cred;		/* nobody; init to exit */

/**
 * khttpd_static_root_get() - enter the docroot's read section.
 * @idx: set to the SRCU index for khttpd_static_root_put()
 * @old: set to the caller's credential, for khttpd_static_root_put()
 *
 * Context: process; may sleep until khttpd_static_root_put().
 * Return: the docroot, valid until khttpd_static_root_put(), with the
 * static files' credential in force; NULL if static files are off.
 */
const struct path *khttpd_static_root_get(int *idx, const struct cred **old)
{
	const struct static_root *root;

	*idx = srcu_read_lock(&static_srcu);
	root = srcu_dereference(static_root, &static_srcu);
	if (!root)
		return NULL;
	*old = override_creds(static_cred);
	return &root->path;
}

/**
 * khttpd_static_root_put() - leave the docroot's read section.
 * @idx: from khttpd_static_root_get()
 * @root: what khttpd_static_root_get() returned
 * @old: from khttpd_static_root_get()
 */
void khttpd_static_root_put(int idx, const struct path *root,
			    const struct cred *old)
{
	if (root)
		revert_creds(old);
	srcu_read_unlock(&static_srcu, idx);
}

/* Others (our credential) must be able to search the docroot itself. */
static int root_searchable(const struct path *path)
{
	const struct cred *old = override_creds(static_cred);
	int err = path_permission(path, MAY_EXEC);

	revert_creds(old);
	return err;
}

/**
 * khttpd_static_set_docroot() - serve files from @dir from now on.
 * @dir: absolute path of a directory, or "" to turn static files off
 *
 * @dir is resolved now, with the caller's credentials, root and mount
 * namespace, and stays that directory (like a process's working directory)
 * until the next change, even if it is renamed or something is mounted
 * over its path.  The cache is emptied.
 *
 * Context: process; khttpd_params_lock() held, or module exit (which
 * clears the docroot once writes are no longer applied live).
 * Return: 0; -ENOENT, -ENOTDIR, -EACCES (others may not search it), or
 * another lookup error, and nothing changes.
 */
int khttpd_static_set_docroot(const char *dir)
{
	struct static_root *new = NULL, *old;
	int err;

	if (*dir) {
		new = khttpd_alloc(kmalloc(sizeof(*new), GFP_KERNEL));
		if (!new)
			return -ENOMEM;
		err = kern_path(dir, LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
				&new->path);
		if (err)
			goto err_free;
		err = root_searchable(&new->path);
		if (err)
			goto err_put;
	}
	mutex_lock(&static_root_mutex);
	old = rcu_replace_pointer(static_root, new,
				  lockdep_is_held(&static_root_mutex));
	mutex_unlock(&static_root_mutex);
	if (old) {
		synchronize_srcu(&static_srcu);
		path_put(&old->path);
		kfree(old);
	}
	khttpd_static_cache_flush();
	return 0;

err_put:
	path_put(&new->path);
err_free:
	kfree(new);
	return err;
}

/**
 * khttpd_static_start() - use the docroot given at load time.
 *
 * Unlike a later write, a docroot that cannot be used here does not fail
 * the load: static files stay off, with a warning, until docroot is set.
 *
 * Context: module init, khttpd_params_lock() held.
 */
void khttpd_static_start(void)
{
	int err;

	khttpd_params_assert_held();
	err = khttpd_static_set_docroot(static_docroot);
	if (err)
		pr_warn("docroot %s: %pe; static files are off until docroot is set\n",
			static_docroot, ERR_PTR(err));
}

/**
 * khttpd_static_root_init() - the credential and SRCU of the docroot.
 *
 * Return: 0 or -ENOMEM.
 */
int khttpd_static_root_init(void)
{
	kuid_t uid = make_kuid(&init_user_ns, KHTTPD_STATIC_ID);
	kgid_t gid = make_kgid(&init_user_ns, KHTTPD_STATIC_ID);
	struct cred *cred;
	int err;

	cred = prepare_kernel_cred(NULL);
	if (!cred)
		return -ENOMEM;
	cred->uid = uid;
	cred->euid = uid;
	cred->suid = uid;
	cred->fsuid = uid;
	cred->gid = gid;
	cred->egid = gid;
	cred->sgid = gid;
	cred->fsgid = gid;
	cap_clear(cred->cap_inheritable);
	cap_clear(cred->cap_permitted);
	cap_clear(cred->cap_effective);
	cap_clear(cred->cap_bset);
	cap_clear(cred->cap_ambient);
	err = init_srcu_struct(&static_srcu);
	if (err)
		goto err_cred;
	static_cred = cred;
	return 0;

err_cred:
	put_cred(cred);
	return err;
}

/**
 * khttpd_static_root_exit() - drop the docroot and the credential.
 *
 * Context: module exit, no reader left.
 */
void khttpd_static_root_exit(void)
{
	khttpd_static_set_docroot("");
	cleanup_srcu_struct(&static_srcu);
	put_cred(static_cred);
}
