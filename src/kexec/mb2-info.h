/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The multiboot2 boot information (MBI) our loader hands the kernel in
 * EBX: its command line, our name, the memory map and basic memory sizes,
 * and one tag per module with its address and command line. Pure. */
#pragma once

#include "memmap.h"

#include <stddef.h>
#include <stdint.h>

#define MB2_LOADER_NAME "heads"

struct mb2_module {
	uint64_t start, len; /* where the module lies in memory */
	const char *cmdline;
};

struct mb2_info_in {
	const char *cmdline;
	const struct memmap *mm;
	const struct mb2_module *mods;
	size_t nmods;
};

/* The bytes mb2_info_build writes. */
size_t mb2_info_size(const struct mb2_info_in *in);
/* Writes the MBI into buf (mb2_info_size bytes, 8-byte aligned).
 * -ERANGE when a module lies above 4 GiB. */
int mb2_info_build(const struct mb2_info_in *in, uint8_t *buf, size_t size);
/* KiB of RAM from 0 (at most 640) and from 1 MiB up to the first hole, as
 * the basic memory information tag gives them. */
void mb2_mem_sizes(const struct memmap *mm, uint32_t *lower, uint32_t *upper);
