/* SPDX-License-Identifier: GPL-2.0-or-later */
/* newc cpio writer. */
#include "cpio.h"
#include "strbuf.h"

#include <sys/stat.h>

#define CPIO_MAX (64u << 20)

static int reserve(struct cpio *c, size_t n)
{
	size_t cap = c->cap ? c->cap : 1024;
	uint8_t *nb;

	if (c->len + n > CPIO_MAX)
		return -E2BIG;
	if (c->len + n <= c->cap)
		return 0;
	while (cap < c->len + n)
		cap *= 2;
	nb = malloc(cap);
	if (!nb)
		return -ENOMEM;
	if (c->buf) {
		memcpy(nb, c->buf, c->len);
		explicit_bzero(c->buf, c->cap);
		free(c->buf);
	}
	c->buf = nb;
	c->cap = cap;
	return 0;
}

static void put(struct cpio *c, const void *p, size_t n)
{
	memcpy(c->buf + c->len, p, n);
	c->len += n;
}

static void pad4(struct cpio *c)
{
	while (c->len & 3)
		c->buf[c->len++] = 0;
}

static int add(struct cpio *c, const char *name, mode_t mode, const void *data, size_t len)
{
	char hdr[128];
	size_t namesize;
	int r;

	while (*name == '/')
		name++;
	namesize = strlen(name) + 1;
	if (namesize > 4096)
		return -ENAMETOOLONG;
	if ((r = reserve(c, 110 + namesize + len + 8)) < 0)
		return r;
	r = strfmt(hdr, sizeof(hdr), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		   c->ino++, (unsigned)mode, 0u, 0u, S_ISDIR(mode) ? 2u : 1u, 0u, (unsigned)len, 0u,
		   0u, 0u, 0u, (unsigned)namesize, 0u);
	if (r != 110)
		return r < 0 ? r : -EOVERFLOW;
	put(c, hdr, 110);
	put(c, name, namesize);
	pad4(c);
	if (len)
		put(c, data, len);
	pad4(c);
	return 0;
}

int cpio_add_dir(struct cpio *c, const char *name, mode_t perm)
{
	return add(c, name, S_IFDIR | (perm & 07777), NULL, 0);
}

int cpio_add_file(struct cpio *c, const char *name, mode_t perm, const void *data, size_t len)
{
	if (len > 0xffffffffu)
		return -EFBIG;
	return add(c, name, S_IFREG | (perm & 07777), data, len);
}

int cpio_finish(struct cpio *c)
{
	c->ino = 0;
	return add(c, "TRAILER!!!", 0, NULL, 0);
}

void cpio_free(struct cpio *c)
{
	if (c->buf)
		explicit_bzero(c->buf, c->cap);
	free(c->buf);
	memset(c, 0, sizeof(*c));
}
