/* SPDX-License-Identifier: GPL-2.0-or-later */
/* FMAP areas by name (the FMAP format: a 56-byte header, then 42-byte
 * areas, little-endian). */
#include "fmap.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#define FMAP_MAGIC "__FMAP__"
#define FMAP_HEADER_SIZE 56 /* magic, version, base, size, name[32], nareas */
#define FMAP_AREA_SIZE 42 /* offset, size, name[32], flags */
#define FMAP_STEP 64

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* The number of areas of the FMAP at off, or -EBADMSG when they overrun. */
static int fmap_areas(const uint8_t *buf, size_t len, size_t off)
{
	size_t n;

	if (len - off < FMAP_HEADER_SIZE)
		return -EBADMSG;
	n = (size_t)buf[off + 54] | (size_t)buf[off + 55] << 8;
	if (n > (len - off - FMAP_HEADER_SIZE) / FMAP_AREA_SIZE)
		return -EBADMSG;
	return (int)n;
}

static int area_lookup(const uint8_t *buf, size_t len, size_t off, int n, const char *name,
		       size_t *ret_off, size_t *ret_size)
{
	for (int i = 0; i < n; i++) {
		const uint8_t *a = buf + off + FMAP_HEADER_SIZE + (size_t)i * FMAP_AREA_SIZE;
		size_t start = le32(a), size = le32(a + 4);
		if (strnlen((const char *)a + 8, FMAP_NAME_MAX) == FMAP_NAME_MAX ||
		    strcmp((const char *)a + 8, name) != 0)
			continue;
		if (start > len || size > len - start)
			return -EBADMSG;
		*ret_off = start;
		*ret_size = size;
		return 0;
	}
	return -ENOENT;
}

int fmap_find_area(const void *image, size_t len, const char *name, size_t *ret_off, size_t *ret_size)
{
	const uint8_t *buf = image;

	for (size_t off = 0; len >= 8 && off <= len - 8; off += FMAP_STEP) {
		int n;
		if (memcmp(buf + off, FMAP_MAGIC, 8) != 0)
			continue;
		n = fmap_areas(buf, len, off);
		if (n >= 0)
			return area_lookup(buf, len, off, n, name, ret_off, ret_size);
	}
	return -ENOENT;
}
