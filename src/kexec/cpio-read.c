/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Walking an initramfs image like the kernel. */
#include "cpio-read.h"

#include <errno.h>
#include <string.h>

#define HDR 110

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

static int hex8(const uint8_t *p, uint32_t *ret)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		uint8_t c = p[i];
		int d = c >= '0' && c <= '9' ? c - '0' :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 :
			c >= 'a' && c <= 'f' ? c - 'a' + 10 :
					       -1;
		if (d < 0)
			return -EBADMSG;
		v = v << 4 | (uint32_t)d;
	}
	*ret = v;
	return 0;
}

/* One header at *off; advances *off past the member. 1 at the trailer. */
static int member(const uint8_t *img, size_t len, size_t *off, struct cpio_member *m)
{
	uint32_t f[13];
	size_t name_at = *off + HDR, data_at, end;

	if (len - *off < HDR || (memcmp(img + *off, "070701", 6) && memcmp(img + *off, "070702", 6)))
		return -EBADMSG;
	for (int i = 0; i < 13; i++)
		if (hex8(img + *off + 6 + 8 * i, &f[i]) < 0)
			return -EBADMSG;
	if (f[11] == 0 || f[11] > len - name_at || img[name_at + f[11] - 1] != '\0')
		return -EBADMSG;
	data_at = align4(name_at + f[11]);
	if (data_at > len || f[6] > len - data_at)
		return -EBADMSG;
	end = align4(data_at + f[6]);
	*m = (struct cpio_member){ .name = (const char *)img + name_at,
				   .name_len = f[11] - 1,
				   .mode = f[1],
				   .data = img + data_at,
				   .size = f[6],
				   .offset = *off };
	*off = end < len ? end : len;
	return m->name_len == 10 && memcmp(m->name, "TRAILER!!!", 10) == 0;
}

static int archive(const uint8_t *img, size_t len, size_t *off,
		   int (*fn)(const struct cpio_member *, void *), void *userdata)
{
	struct cpio_member m;
	int r;

	for (;;) {
		if ((r = member(img, len, off, &m)) != 0)
			return r < 0 ? r : 0;
		if (fn && (r = fn(&m, userdata)) < 0)
			return r;
	}
}

int cpio_read(const uint8_t *img, size_t len,
	      int (*fn)(const struct cpio_member *m, void *userdata), void *userdata)
{
	size_t off = 0;
	int r;

	while (off < len) {
		if (img[off] == 0) {
			off++;
			continue;
		}
		if (img[off] != '0' || (off & 3))
			return -EPROTO;
		if ((r = archive(img, len, &off, fn, userdata)) < 0)
			return r;
	}
	return 0;
}
