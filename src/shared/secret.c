/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Heap secrets wiped by their full allocated size. */
#include "secret.h"
#include "fileio.h"

#include <fcntl.h>

int secret_alloc(struct secret *s, size_t size)
{
	unsigned char *p = calloc(1, size + 1);

	if (!p)
		return -ENOMEM;
	secret_free(s);
	s->buf = p;
	s->size = size;
	s->len = 0;
	return 0;
}

void secret_clear(struct secret *s)
{
	if (s->buf)
		explicit_bzero(s->buf, s->size + 1);
	s->len = 0;
}

void secret_free(struct secret *s)
{
	secret_clear(s);
	free(s->buf);
	s->buf = NULL;
	s->size = 0;
}

static int read_secret_fd(int fd, size_t max, struct secret *ret)
{
	_cleanup_secret_ struct secret s = { 0 };
	ssize_t n;
	int r;

	if (fd < 0)
		return fd;
	r = secret_alloc(&s, max + 1);
	if (r < 0)
		return r;
	n = read_full(fd, s.buf, s.size);
	if (n < 0)
		return (int)n;
	if ((size_t)n > max)
		return -EFBIG;
	s.len = (size_t)n;
	secret_free(ret);
	*ret = s;
	s = (struct secret){ 0 };
	return 0;
}

int secret_read_file(const char *path, size_t max, struct secret *ret)
{
	_cleanup_close_ int fd = open_regular_at(AT_FDCWD, path);

	return read_secret_fd(fd, max, ret);
}

int secret_read_file_follow(const char *path, size_t max, struct secret *ret)
{
	_cleanup_close_ int fd = open_regular_follow(path);

	return read_secret_fd(fd, max, ret);
}
