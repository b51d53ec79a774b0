/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The e820 table of the boot parameters (memmap.h). */
#include "memmap.h"
#include "fileio.h"
#include "macro.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BP_ENTRIES 0x1e8
#define BP_TABLE 0x2d0
#define E820_ENTRY 20
#define BP_SIZE 4096

static int by_start(const void *a, const void *b)
{
	const struct memmap_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void add(struct memmap *m, const uint8_t *e)
{
	uint64_t addr, size;
	uint32_t type;

	memcpy(&addr, e, 8);
	memcpy(&size, e + 8, 8);
	memcpy(&type, e + 16, 4);
	if (size == 0 || addr + size < addr)
		return;
	m->v[m->n++] = (struct memmap_range){ addr, addr + size,
					      type >= MEMMAP_RAM && type <= MEMMAP_BAD ?
						      (enum memmap_type)type :
						      MEMMAP_RESERVED };
}

int memmap_parse(const uint8_t *bp, size_t len, struct memmap *ret)
{
	size_t n;

	ret->n = 0;
	if (len < BP_TABLE + MEMMAP_MAX * E820_ENTRY)
		return -EINVAL;
	n = bp[BP_ENTRIES];
	for (size_t i = 0; i < n && i < MEMMAP_MAX; i++)
		add(ret, bp + BP_TABLE + i * E820_ENTRY);
	if (ret->n == 0)
		return -EINVAL;
	qsort(ret->v, ret->n, sizeof(ret->v[0]), by_start);
	return 0;
}

int memmap_read(const char *path, struct memmap *ret)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	uint8_t bp[BP_SIZE];
	ssize_t n;

	if (fd < 0)
		return -errno;
	if ((n = read_full(fd, bp, sizeof(bp))) < 0)
		return (int)n;
	return memmap_parse(bp, (size_t)n, ret);
}

const struct memmap_range *memmap_ram_holding(const struct memmap *m, uint64_t start, uint64_t end)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].type == MEMMAP_RAM && m->v[i].start <= start && end <= m->v[i].end)
			return &m->v[i];
	return NULL;
}
