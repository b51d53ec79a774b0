/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where our own loader puts a Linux boot in memory (linux-load.h): the
 * kernel at the address it prefers (or, when relocatable, the lowest
 * aligned one at or above 16 MiB that holds it), below 4 GiB, with room
 * for its whole init_size, then the initrd at the
 * top of the highest RAM it may occupy (below its initrd_addr_max and
 * 4 GiB), the boot pages (trampoline, boot parameters, command line) just
 * below it, all in RAM the firmware's map gives as usable, none over
 * another. Pure. */
#pragma once

#include "bzimage.h"
#include "memmap.h"

#include <stdint.h>

#define LINUX_PAGE 4096u

struct linux_layout {
	uint64_t kernel, kernel_end; /* what the kernel may use: its init_size */
	uint64_t boot, boot_end; /* the boot pages */
	uint64_t initrd; /* right after the boot pages */
};

/* -ENOSPC when the kernel, or the initrd and boot pages, find no room. */
int linux_layout_plan(const struct bzimage *bz, uint64_t initrd_len, uint64_t boot_len,
		      const struct memmap *mm, struct linux_layout *ret);
