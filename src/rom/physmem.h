/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading physical memory (the boot flash's window, coreboot's tables and
 * CBMEM) through /dev/mem. mmap, not read(): the kernel serves read() only
 * below the end of RAM, and the flash is mapped near 4 GiB. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define PHYSMEM_DEFAULT "/dev/mem"

/* The device to read: $HEADS_PHYSMEM when set (tests give a file that
 * stands for memory), else /dev/mem. */
const char *physmem_path(void);

/* Opens physmem_path() read-only. */
int physmem_open(void);

/* A read-only window of physical memory [addr, addr + len). */
struct physmem_map {
	void *base; /* the page-aligned mapping */
	size_t map_len;
	const uint8_t *ptr; /* addr's byte */
	size_t len;
};

int physmem_map(int fd, uint64_t addr, size_t len, struct physmem_map *ret);
void physmem_unmap(struct physmem_map *m);

/* Copies [addr, addr + len) into buf (one read of each byte). */
int physmem_read(int fd, uint64_t addr, void *buf, size_t len);

/* A cbfs_read_fn over a mapping (ctx: const struct physmem_map *): copies
 * [off, off + len) of the window into buf; -EIO past its end. */
int physmem_map_read(void *ctx, void *buf, size_t len, uint64_t off);
