/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Building the combined initrd in memory (initrd.h). */
#include "initrd.h"

#include <string.h>

size_t initrd_padded_size(size_t len)
{
	return (len + INITRD_ALIGN - 1) / INITRD_ALIGN * INITRD_ALIGN;
}

static int combined_size(const struct memimage *parts, size_t n, const struct cpio *extra, size_t *ret)
{
	size_t total = extra ? extra->len : 0;

	for (size_t i = 0; i < n && total <= INITRD_MAX; i++)
		total += parts[i].len > INITRD_MAX ? INITRD_MAX + 1 :
						     initrd_padded_size(parts[i].len);
	if (total > INITRD_MAX)
		return -EFBIG;
	*ret = total;
	return 0;
}

int initrd_combine(const struct memimage *parts, size_t n, const struct cpio *extra,
		   struct memimage *ret)
{
	_cleanup_memimage_ struct memimage m = MEMIMAGE_NONE;
	size_t len = 0, off = 0;
	int r = combined_size(parts, n, extra, &len);

	if (r < 0 || (r = memimage_new_wipeable("initrd", len, &m)) < 0)
		return r;
	/* The new image is zeros: padding needs no writing. */
	for (size_t i = 0; i < n; i++) {
		if (parts[i].len)
			memcpy(m.map + off, parts[i].map, parts[i].len);
		off += initrd_padded_size(parts[i].len);
	}
	if (extra && extra->len)
		memcpy(m.map + off, extra->buf, extra->len);
	if ((r = memimage_seal_wipeable(&m)) < 0)
		return r;
	*ret = m;
	m = MEMIMAGE_NONE;
	return 0;
}
