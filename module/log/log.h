/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The access log's ring and its reader's device, /dev/khttpd-log.  The
 * HTTP layer makes the records (http/http_log.c); this part only stores
 * them per CPU until the reader takes them, and drops what does not fit.
 * The record's layout is uapi/khttpd_log.h.
 */
#ifndef KHTTPD_LOG_H
#define KHTTPD_LOG_H

#include <linux/types.h>

#include "uapi/khttpd_log.h"

/*
 * A record on its way: made when a request is answered, queued on its
 * connection while the response is sent (@next, owned by the connection's
 * io_work), submitted when its last byte is out.
 */
struct khttpd_log_entry {
	struct khttpd_log_entry *next;
	u32 head_len;			/* response head bytes, not body */
	struct khttpd_log_record rec;
};

bool khttpd_log_on(void);
struct khttpd_log_entry *khttpd_log_alloc(void);
void khttpd_log_free(struct khttpd_log_entry *e);
void khttpd_log_submit(struct khttpd_log_entry *e);

int khttpd_log_init(void);
void khttpd_log_exit(void);

#endif /* KHTTPD_LOG_H */
