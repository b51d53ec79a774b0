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

ssize_t pread_full(int fd, void *buf, size_t size, int64_t off)
{
	size_t got = 0;

	while (got < size) {
		ssize_t n = off < 0 ? read(fd, (char *)buf + got, size - got) :
				      pread(fd, (char *)buf + got, size - got,
					    (off_t)(off + (int64_t)got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return negative_errno();
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

ssize_t read_full(int fd, void *buf, size_t size)
{
	return pread_full(fd, buf, size, -1);
}

int pread_exact(int fd, void *buf, size_t size, uint64_t off)
{
	ssize_t n = off > INT64_MAX ? -EINVAL : pread_full(fd, buf, size, (int64_t)off);

	if (n < 0)
		return (int)n;
	return (size_t)n == size ? 0 : -EIO;
}

int read_fd_full(int fd, size_t max, char **ret_buf, size_t *ret_len)
{
	_cleanup_free_ char *buf = malloc(max + 2);
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	n = read_full(fd, buf, max + 1);
	if (n < 0)
		return (int)n;
	if ((size_t)n > max)
		return -EFBIG;
	buf[n] = '\0';
	*ret_len = (size_t)n;
	*ret_buf = TAKE_PTR(buf);
	return 0;
}

static int open_regular(int dfd, const char *name, int flags)
{
	_cleanup_close_ int fd = openat(dfd, name, O_RDONLY | O_NOCTTY | O_CLOEXEC | flags);
	struct stat st;

	if (fd < 0)
		return negative_errno();
	if (fstat(fd, &st) < 0)
		return negative_errno();
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	return TAKE_FD(fd);
}

int open_regular_at(int dfd, const char *name)
{
	return open_regular(dfd, name, O_NOFOLLOW);
}

int open_regular_follow(const char *path)
{
	return open_regular(AT_FDCWD, path, 0);
}

int read_file_at(int dfd, const char *name, size_t max, char **ret_buf, size_t *ret_len)
{
	_cleanup_close_ int fd = open_regular_at(dfd, name);

	if (fd < 0)
		return fd;
	return read_fd_full(fd, max, ret_buf, ret_len);
}

int read_file_follow(const char *path, size_t max, char **ret_buf, size_t *ret_len)
{
	_cleanup_close_ int fd = open_regular_follow(path);

	if (fd < 0)
		return fd;
	return read_fd_full(fd, max, ret_buf, ret_len);
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
