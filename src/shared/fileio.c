/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Whole-file reads with a size cap, and atomic file replacement. */
#include "fileio.h"
#include "atomic-at.h"
#include "macro.h"

#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return negative_errno();
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int read_fd_full(int fd, size_t max, char **ret_buf, size_t *ret_len)
{
	_cleanup_free_ char *buf = malloc(max + 2);
	size_t len = 0;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n = read(fd, buf + len, max + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return negative_errno();
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max)
			return -EFBIG;
	}
	buf[len] = '\0';
	*ret_len = len;
	*ret_buf = TAKE_PTR(buf);
	return 0;
}

static int read_regular(int dfd, const char *name, int flags, size_t max, char **ret_buf,
			size_t *ret_len)
{
	_cleanup_close_ int fd = openat(dfd, name, O_RDONLY | O_NOCTTY | O_CLOEXEC | flags);
	struct stat st;

	if (fd < 0)
		return negative_errno();
	if (fstat(fd, &st) < 0)
		return negative_errno();
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	return read_fd_full(fd, max, ret_buf, ret_len);
}

int read_file_at(int dfd, const char *name, size_t max, char **ret_buf, size_t *ret_len)
{
	return read_regular(dfd, name, O_NOFOLLOW, max, ret_buf, ret_len);
}

int read_file_follow(const char *path, size_t max, char **ret_buf, size_t *ret_len)
{
	return read_regular(AT_FDCWD, path, 0, max, ret_buf, ret_len);
}

int read_file_full(const char *path, size_t max, char **ret_buf, size_t *ret_len)
{
	return read_file_at(AT_FDCWD, path, max, ret_buf, ret_len);
}

int write_file_atomic(const char *path, const void *buf, size_t len, mode_t mode)
{
	_cleanup_free_ char *dir = strdup(path), *base = strdup(path);
	_cleanup_close_ int dfd = -1;

	if (!dir || !base)
		return -ENOMEM;
	dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return negative_errno();
	return atomic_write_at(dfd, basename(base), buf, len, mode);
}
