// SPDX-License-Identifier: GPL-2.0
/*
 * Hidden names below the docroot (static_name.h).
 */
#include "static_name.h"

#define WELL_KNOWN	".well-known"

/**
 * khttpd_name_is_hidden() - is one path component a dotfile?
 * @name: the component, not NUL-terminated
 * @len: its length
 *
 * Return: true if it starts with a dot and is not ".well-known".
 */
bool khttpd_name_is_hidden(const char *name, size_t len)
{
	if (!len || name[0] != '.')
		return false;
	return !(len == sizeof(WELL_KNOWN) - 1 &&
		 !memcmp(name, WELL_KNOWN, len));
}

/**
 * khttpd_path_is_hidden() - does any component of @path name a dotfile?
 * @path: a path below the docroot, components separated by '/', NUL-ended
 *
 * Return: true if one component is hidden (khttpd_name_is_hidden()).
 */
bool khttpd_path_is_hidden(const char *path)
{
	const char *p = path, *end;

	for (;;) {
		end = strchr(p, '/');
		if (!end)
			return khttpd_name_is_hidden(p, strlen(p));
		if (khttpd_name_is_hidden(p, end - p))
			return true;
		p = end + 1;
	}
}
