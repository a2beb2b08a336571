/* SPDX-License-Identifier: GPL-2.0 */
/* Which CPU runs a connection's io_work under placement=balance. */
#ifndef KHTTPD_BALANCE_H
#define KHTTPD_BALANCE_H

#include <linux/types.h>

int khttpd_balance_cpu(int last);
void khttpd_balance_account(u64 ns);
void khttpd_balance_init(void);

#endif /* KHTTPD_BALANCE_H */
