/* Whole-file reads with a size cap, and atomic file replacement. */
#include "fileio.h"
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

static int read_all(int fd, char *buf, size_t size, size_t *ret_len)
{
	size_t total = 0;

	for (;;) {
		ssize_t n = read(fd, buf + total, size - total);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return negative_errno();
		}
		if (n == 0)
			break;
		total += (size_t)n;
		if (total == size)
			return -EFBIG;
	}
	*ret_len = total;
	return 0;
}

int read_file_full(const char *path, size_t max, char **ret_buf, size_t *ret_len)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int r;

	if (fd < 0)
		return negative_errno();
	buf = malloc(max + 2);
	if (!buf)
		return -ENOMEM;
	r = read_all(fd, buf, max + 1, &len);
	if (r < 0)
		return r;
	buf[len] = '\0';
	*ret_len = len;
	*ret_buf = TAKE_PTR(buf);
	return 0;
}

static int fsync_directory_of(const char *path)
{
	_cleanup_free_ char *copy = strdup(path);
	_cleanup_close_ int dfd = -1;

	if (!copy)
		return -ENOMEM;
	dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return negative_errno();
	return fsync(dfd) < 0 ? negative_errno() : 0;
}

static int open_temp_beside(const char *path, mode_t mode, char *tmp, size_t tmpsize)
{
	for (int attempt = 0; attempt < 16; attempt++) {
		unsigned rnd = (unsigned)getpid() * 2654435761u + (unsigned)attempt;
		int n = snprintf(tmp, tmpsize, "%s.tmp-%08x", path, rnd);
		if (n < 0 || (size_t)n >= tmpsize)
			return -ENAMETOOLONG;
		int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			return negative_errno();
	}
	return -EEXIST;
}

int write_file_atomic(const char *path, const void *buf, size_t len, mode_t mode)
{
	char tmp[PATH_MAX];
	_cleanup_close_ int fd = open_temp_beside(path, mode, tmp, sizeof(tmp));
	int r;

	if (fd < 0)
		return fd;
	r = write_all(fd, buf, len);
	if (r >= 0 && fchmod(fd, mode) < 0)
		r = negative_errno();
	if (r >= 0 && fsync(fd) < 0)
		r = negative_errno();
	if (r >= 0 && rename(tmp, path) < 0)
		r = negative_errno();
	if (r < 0) {
		unlink(tmp);
		return r;
	}
	return fsync_directory_of(path);
}
