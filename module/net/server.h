/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The listening socket: opened, moved and closed live; accepts connections
 * from a work item queued by its sk_data_ready callback.
 */
#ifndef KHTTPD_SERVER_H
#define KHTTPD_SERVER_H

#include <linux/types.h>

struct sock;

bool khttpd_server_addr_valid(const char *addr);
int khttpd_server_listen(const char *addr, unsigned int port,
			 unsigned int backlog);
int khttpd_server_set_backlog(unsigned int backlog);
int khttpd_server_start(void);
void khttpd_server_stop(void);

/* The data_ready that accepted sockets inherit from the listener. */
void khttpd_listen_data_ready(struct sock *sk);
/* What the listener's data_ready was before ours (the kernel's default). */
extern void (*khttpd_listen_orig_data_ready)(struct sock *sk);

#endif /* KHTTPD_SERVER_H */
