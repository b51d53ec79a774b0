/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where a multiboot2 boot goes in memory: the kernel's ELF segments at
 * their own addresses, then each module on its own pages, then the
 * trampoline page and the MBI, all in RAM the firmware's map gives as
 * usable and below 4 GiB (the MBI's addresses are 32-bit). Pure. */
#pragma once

#include "mb2.h"
#include "memmap.h"

#include <stddef.h>
#include <stdint.h>

#define MB2_MODULES_MAX 12
#define MB2_PAGE 4096u

struct mb2_layout {
	uint64_t mod[MB2_MODULES_MAX]; /* each module's address */
	uint64_t tramp, mbi; /* the trampoline page, then the MBI */
	uint64_t end; /* first byte above it all */
};

/* -ENOSPC when it does not fit in one RAM range above the image (or the
 * image's segments are not in RAM), -E2BIG beyond MB2_MODULES_MAX. */
int mb2_layout_plan(const struct mb2_image *img, const uint64_t *mod_len, size_t nmods,
		    size_t mbi_size, const struct memmap *mm, struct mb2_layout *ret);
