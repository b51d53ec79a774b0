/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gzip through zlib (gunzip.h). */
#include "gunzip.h"
#include "macro.h"

#include <errno.h>
#include <stdlib.h>
#include <zlib.h>

int is_gzip(const uint8_t *buf, size_t len)
{
	return len >= 2 && buf[0] == 0x1f && buf[1] == 0x8b;
}

static int grow(uint8_t **out, size_t *cap)
{
	uint8_t *p;

	if (*cap >= GUNZIP_MAX)
		return -EFBIG;
	*cap = *cap * 2 > GUNZIP_MAX ? GUNZIP_MAX : *cap * 2;
	if (!(p = realloc(*out, *cap)))
		return -ENOMEM;
	*out = p;
	return 0;
}

static int inflate_all(z_stream *z, uint8_t **out, size_t *cap)
{
	int zr, r;

	for (;;) {
		if (z->avail_out == 0) {
			if ((r = grow(out, cap)) < 0)
				return r;
			z->next_out = *out + z->total_out;
			z->avail_out = (uInt)(*cap - z->total_out);
		}
		zr = inflate(z, Z_NO_FLUSH);
		if (zr == Z_STREAM_END)
			return 0;
		if (zr != Z_OK && zr != Z_BUF_ERROR)
			return zr == Z_MEM_ERROR ? -ENOMEM : -EBADMSG;
		if (zr == Z_BUF_ERROR && z->avail_in == 0)
			return -EBADMSG; /* truncated */
	}
}

int gunzip(const uint8_t *buf, size_t len, uint8_t **ret, size_t *ret_len)
{
	z_stream z = { .next_in = (Bytef *)buf, .avail_in = (uInt)len };
	size_t cap = 1 << 20;
	uint8_t *out;
	int r;

	if (len > UINT32_MAX || !(out = malloc(cap)))
		return -ENOMEM;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(out);
		return -ENOMEM;
	}
	r = inflate_all(&z, &out, &cap);
	*ret_len = z.total_out;
	inflateEnd(&z);
	if (r < 0) {
		free(out);
		return r;
	}
	*ret = out;
	return 0;
}
