/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A Xen entry handed to the multiboot2 loader (xen-load.h) from the
 * images load_entry read and checked: Xen's command line as signed plus
 * what it needs after a kexec (xen-cmdline.h), dom0's kernel with its
 * command line, then each initrd, each module named by its path. */
#pragma once

#include "entry.h"
#include "load-entry.h"
#include "memimage.h"

struct load_xen_images {
	const struct memimage *hypervisor, *kernel;
	const struct memimage *initrd[LOAD_INITRDS_MAX];
	size_t ninitrd;
};

/* 0 when loaded; -errno with a message a person can act on. */
int load_xen(const struct boot_entry *e, const char *dom0_cmdline, const struct load_xen_images *im);
