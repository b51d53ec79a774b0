/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Crash-safe writes relative to a directory fd (see atomic-at.h). */
#include "atomic-at.h"
#include "strbuf.h"
#include "fileio.h"
#include "macro.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/random.h>
#include <sys/stat.h>

int atomic_create_at(int dfd, const char *name, mode_t mode, char tmp[ATOMIC_TMP_MAX])
{
	for (int attempt = 0; attempt < 16; attempt++) {
		uint32_t rnd = 0;
		int n, fd;

		if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
			rnd = (uint32_t)getpid() * 2654435761u + (uint32_t)attempt;
		n = strfmt(tmp, ATOMIC_TMP_MAX, ATOMIC_STAGING_PREFIX "%s-%08x", name, rnd);
		if (n < 0)
			return -ENAMETOOLONG;
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			return negative_errno();
	}
	return -EEXIST;
}

int rename_sync_at(int dfd, const char *from, const char *to)
{
	if (renameat(dfd, from, dfd, to) < 0)
		return negative_errno();
	return fsync(dfd) < 0 ? negative_errno() : 0;
}

int atomic_commit_at(int dfd, int fd, const char *tmp, const char *name)
{
	int r = fsync(fd) < 0 ? negative_errno() : 0;

	if (r >= 0)
		r = rename_sync_at(dfd, tmp, name);
	if (r < 0)
		(void)unlinkat(dfd, tmp, 0);
	return r;
}

int atomic_write_at(int dfd, const char *name, const void *buf, size_t len, mode_t mode)
{
	char tmp[ATOMIC_TMP_MAX];
	_cleanup_close_ int fd = atomic_create_at(dfd, name, mode, tmp);
	int r;

	if (fd < 0)
		return fd;
	r = write_all(fd, buf, len);
	if (r >= 0 && fchmod(fd, mode) < 0)
		r = negative_errno();
	if (r < 0) {
		(void)unlinkat(dfd, tmp, 0);
		return r;
	}
	return atomic_commit_at(dfd, fd, tmp, name);
}
