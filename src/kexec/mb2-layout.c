/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Placing a multiboot2 boot in memory (mb2-layout.h). */
#include "mb2-layout.h"
#include "mb2-tramp.h"

#include <errno.h>

static uint64_t page_up(uint64_t x)
{
	return (x + MB2_PAGE - 1) & ~(uint64_t)(MB2_PAGE - 1);
}

static int segments_in_ram(const struct mb2_image *img, const struct memmap *mm)
{
	for (size_t i = 0; i < img->nseg; i++)
		if (!memmap_ram_holding(mm, img->seg[i].paddr,
					img->seg[i].paddr + page_up(img->seg[i].memsz)))
			return -ENOSPC;
	return 0;
}

int mb2_layout_plan(const struct mb2_image *img, const uint64_t *mod_len, size_t nmods,
		    size_t mbi_size, const struct memmap *mm, struct mb2_layout *ret)
{
	uint64_t start = page_up(img->end), at = start;

	if (nmods > MB2_MODULES_MAX)
		return -E2BIG;
	if (segments_in_ram(img, mm) < 0)
		return -ENOSPC;
	for (size_t i = 0; i < nmods; i++) {
		if (mod_len[i] > UINT32_MAX)
			return -ENOSPC;
		ret->mod[i] = at;
		at += page_up(mod_len[i]);
	}
	ret->tramp = at;
	ret->mbi = at + MB2_TRAMP_SIZE;
	ret->end = ret->mbi + page_up(mbi_size);
	if (ret->end > UINT32_MAX || !memmap_ram_holding(mm, start, ret->end))
		return -ENOSPC;
	return 0;
}
