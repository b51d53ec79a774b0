/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Physical memory through /dev/mem, mapped a window at a time. */
#include "physmem.h"
#include "macro.h"

#include <fcntl.h>
#include <sys/mman.h>

const char *physmem_path(void)
{
	const char *p = getenv("HEADS_PHYSMEM");

	return p && *p ? p : PHYSMEM_DEFAULT;
}

int physmem_open(void)
{
	int fd = open(physmem_path(), O_RDONLY | O_CLOEXEC);

	return fd < 0 ? negative_errno() : fd;
}

int physmem_map(int fd, uint64_t addr, size_t len, struct physmem_map *ret)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE), start = addr & ~(page - 1);
	size_t lead = (size_t)(addr - start);
	void *p;

	if (len == 0 || len > SIZE_MAX - lead || addr > UINT64_MAX - len)
		return -EINVAL;
	p = mmap(NULL, len + lead, PROT_READ, MAP_SHARED, fd, (off_t)start);
	if (p == MAP_FAILED)
		return negative_errno();
	*ret = (struct physmem_map){
		.base = p, .map_len = len + lead, .ptr = (const uint8_t *)p + lead, .len = len
	};
	return 0;
}

void physmem_unmap(struct physmem_map *m)
{
	if (m->base)
		munmap(m->base, m->map_len);
	*m = (struct physmem_map){ 0 };
}

int physmem_read(int fd, uint64_t addr, void *buf, size_t len)
{
	struct physmem_map m;
	int r = physmem_map(fd, addr, len, &m);

	if (r < 0)
		return r;
	memcpy(buf, m.ptr, len);
	physmem_unmap(&m);
	return 0;
}

int physmem_map_read(void *ctx, void *buf, size_t len, uint64_t off)
{
	const struct physmem_map *m = ctx;

	if (off > m->len || len > m->len - off)
		return -EIO;
	memcpy(buf, m->ptr + off, len);
	return 0;
}
