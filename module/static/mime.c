// SPDX-License-Identifier: GPL-2.0
/*
 * Media types by file name extension: the common web types, as registered
 * with IANA (text/javascript per RFC 9239, the font types per RFC 8081).  Anything
 * else is application/octet-stream, which a browser downloads rather than
 * renders.  No charset is added: khttpd does not know a file's encoding.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "mime.h"

struct mime_ext {
	const char *ext;
	const char *type;
};

static const struct mime_ext mime_table[] = {
	{ "html", "text/html" },
	{ "htm", "text/html" },
	{ "css", "text/css" },
	{ "js", "text/javascript" },
	{ "mjs", "text/javascript" },
	{ "json", "application/json" },
	{ "txt", "text/plain" },
	{ "xml", "application/xml" },
	{ "svg", "image/svg+xml" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "gif", "image/gif" },
	{ "webp", "image/webp" },
	{ "ico", "image/vnd.microsoft.icon" },
	{ "wasm", "application/wasm" },
	{ "pdf", "application/pdf" },
	{ "woff", "font/woff" },
	{ "woff2", "font/woff2" },
	{ "ttf", "font/ttf" },
	{ "mp4", "video/mp4" },
	{ "webm", "video/webm" },
	{ "mp3", "audio/mpeg" },
	{ "ogg", "audio/ogg" },
	{ "zip", "application/zip" },
	{ "gz", "application/gzip" },
	{ "tar", "application/x-tar" },
};

/**
 * khttpd_mime_type() - the Content-Type for a file name.
 * @name: a path or file name; only what follows its last '/' counts
 * @len: bytes in @name
 *
 * The extension is what follows the last '.' of the file name, compared
 * without regard to case; a name that starts with its only '.' (".profile")
 * has none.
 *
 * Return: a static string, "application/octet-stream" when unknown.
 */
const char *khttpd_mime_type(const char *name, size_t len)
{
	const char *base = name, *dot = NULL, *p;
	size_t elen, i;

	for (p = name; p < name + len; p++) {
		if (*p == '/') {
			base = p + 1;
			dot = NULL;
		} else if (*p == '.') {
			dot = p;
		}
	}
	if (!dot || dot == base)
		return "application/octet-stream";
	elen = name + len - dot - 1;
	for (i = 0; i < ARRAY_SIZE(mime_table); i++) {
		if (strlen(mime_table[i].ext) == elen &&
		    !strncasecmp(dot + 1, mime_table[i].ext, elen))
			return mime_table[i].type;
	}
	return "application/octet-stream";
}
