/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sealed in-memory images for kexec (memimage.h). */
#include "memimage.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

#define SEALS_FIXED (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL)
#define SEALS_WIPEABLE (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_FUTURE_WRITE | F_SEAL_SEAL)
/* The most sendfile(2) moves in one call. */
#define CHUNK 0x7ffff000u

static int new_memfd(const char *name)
{
	int fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);

	return fd < 0 ? negative_errno() : fd;
}

/* Copies in, from its offset to its end, to out inside the kernel: one
 * read of the source. -EFBIG once more than max bytes came. */
static int copy_all(int out, int in, uint64_t max, size_t *ret_len)
{
	uint64_t total = 0;

	for (;;) {
		uint64_t left = max - total + 1;
		ssize_t n = sendfile(out, in, NULL, left < CHUNK ? (size_t)left : CHUNK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return negative_errno();
		if (n == 0)
			break;
		total += (uint64_t)n;
		if (total > max)
			return -EFBIG;
	}
	*ret_len = (size_t)total;
	return 0;
}

static int map(struct memimage *m, int prot)
{
	void *p;

	if (m->len == 0)
		return 0;
	p = mmap(NULL, m->len, prot, MAP_SHARED, m->fd, 0);
	if (p == MAP_FAILED)
		return negative_errno();
	m->map = p;
	return 0;
}

int memimage_read_fd(const char *name, int fd, uint64_t max, struct memimage *ret)
{
	_cleanup_memimage_ struct memimage m = MEMIMAGE_NONE;
	int r = new_memfd(name);

	if (r < 0)
		return r;
	m.fd = r;
	if (max >= SIZE_MAX)
		max = SIZE_MAX - 1;
	if ((r = copy_all(m.fd, fd, max, &m.len)) < 0)
		return r;
	if (fcntl(m.fd, F_ADD_SEALS, SEALS_FIXED) < 0)
		return negative_errno();
	if ((r = map(&m, PROT_READ)) < 0)
		return r;
	*ret = m;
	m = MEMIMAGE_NONE;
	return 0;
}

int memimage_dup(const struct memimage *m, struct memimage *ret)
{
	_cleanup_memimage_ struct memimage d = MEMIMAGE_NONE;
	int r;

	if (m->wipeable)
		return -EINVAL;
	d.fd = fcntl(m->fd, F_DUPFD_CLOEXEC, 3);
	if (d.fd < 0)
		return negative_errno();
	d.len = m->len;
	if ((r = map(&d, PROT_READ)) < 0)
		return r;
	*ret = d;
	d = MEMIMAGE_NONE;
	return 0;
}

int memimage_new_wipeable(const char *name, size_t len, struct memimage *ret)
{
	_cleanup_memimage_ struct memimage m = MEMIMAGE_NONE;
	int r = new_memfd(name);

	if (r < 0)
		return r;
	m.fd = r;
	m.len = len;
	m.wipeable = true;
	if (len > INT64_MAX || ftruncate(m.fd, (off_t)len) < 0)
		return len > INT64_MAX ? -EFBIG : negative_errno();
	if ((r = map(&m, PROT_READ | PROT_WRITE)) < 0)
		return r;
	*ret = m;
	m = MEMIMAGE_NONE;
	return 0;
}

int memimage_seal_wipeable(struct memimage *m)
{
	if (fcntl(m->fd, F_ADD_SEALS, SEALS_WIPEABLE) < 0)
		return negative_errno();
	return 0;
}

void memimage_wipe(struct memimage *m)
{
	if (m->wipeable && m->map)
		explicit_bzero(m->map, m->len);
}

void memimage_free(struct memimage *m)
{
	memimage_wipe(m);
	if (m->map)
		munmap(m->map, m->len);
	if (m->fd >= 0)
		close(m->fd);
	*m = MEMIMAGE_NONE;
}
