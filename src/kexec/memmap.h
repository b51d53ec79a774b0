/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The firmware's memory map as the running kernel got it at boot: the
 * e820 table of the kernel's boot parameters (/sys/kernel/boot_params/data,
 * there with any sysfs; /sys/firmware/memmap would need a kernel option
 * the payload kernels leave out), which a kernel started by kexec must be
 * given. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define MEMMAP_BOOT_PARAMS "/sys/kernel/boot_params/data"
/* struct boot_params: e820_entries at 0x1e8, e820_table (128 entries of
 * 20 bytes: address, size, type) at 0x2d0. */
#define MEMMAP_MAX 128

/* e820 and multiboot2 memory types (multiboot2 spec 3.6.8). */
enum memmap_type {
	MEMMAP_RAM = 1,
	MEMMAP_RESERVED = 2,
	MEMMAP_ACPI = 3,
	MEMMAP_NVS = 4,
	MEMMAP_BAD = 5,
};

struct memmap_range {
	uint64_t start, end; /* end exclusive */
	enum memmap_type type;
};

struct memmap {
	struct memmap_range v[MEMMAP_MAX];
	size_t n;
};

/* Parses a struct boot_params; sorted by start, empty ranges dropped,
 * types beyond 5 as reserved. -EINVAL when too short or the table is
 * empty. */
int memmap_parse(const uint8_t *bp, size_t len, struct memmap *ret);
/* Reads and parses path (MEMMAP_BOOT_PARAMS). */
int memmap_read(const char *path, struct memmap *ret);
/* The RAM range holding [start, end), or NULL. */
const struct memmap_range *memmap_ram_holding(const struct memmap *m, uint64_t start, uint64_t end);
