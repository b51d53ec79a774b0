/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The name a boot menu shows for an entry's hypervisor: "Xen 4.17" for
 * a file named like Xen's releases (xen-4.17-amd64.gz, xen-4.17.5.gz),
 * else the file's name. */
#pragma once

#include "entry.h"

#include <stddef.h>

/* Writes the name into buf; "" for an entry without a hypervisor.
 * -ENAMETOOLONG when it does not fit. */
int entry_hypervisor_label(const struct boot_entry *e, char *buf, size_t size);
