/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Placing a Linux boot in memory (linux-layout.h). */
#include "linux-layout.h"

#include <errno.h>

#define KERNEL_LOW (16ull << 20) /* the lowest address a relocated kernel gets */
#define BOOT_LOW (1ull << 20) /* nothing of ours below 1 MiB */
#define BELOW_4G (1ull << 32)

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static uint64_t page_down(uint64_t x)
{
	return x & ~(uint64_t)(LINUX_PAGE - 1);
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static int place_kernel(const struct bzimage *bz, const struct memmap *mm, struct linux_layout *l)
{
	uint64_t size = align_up(max64(bz->init_size, bz->kernel_len), LINUX_PAGE);
	uint64_t align = max64(bz->alignment, LINUX_PAGE);
	uint64_t pref = bz->pref_address;

	if (pref % LINUX_PAGE == 0 && pref + size > pref && pref + size <= BELOW_4G &&
	    memmap_ram_holding(mm, pref, pref + size)) {
		l->kernel = pref;
		l->kernel_end = pref + size;
		return 0;
	}
	if (!bz->relocatable)
		return -ENOSPC;
	for (size_t i = 0; i < mm->n; i++) {
		uint64_t at = align_up(max64(mm->v[i].start, KERNEL_LOW), align);

		if (mm->v[i].type != MEMMAP_RAM || at + size > min64(mm->v[i].end, BELOW_4G))
			continue;
		l->kernel = at;
		l->kernel_end = at + size;
		return 0;
	}
	return -ENOSPC;
}

/* The top of [lo, hi) minus need, page aligned, or 0 when it does not fit. */
static uint64_t fit_top(uint64_t lo, uint64_t hi, uint64_t need)
{
	hi = page_down(hi);
	lo = align_up(lo, LINUX_PAGE);
	return hi > lo && hi - lo >= need ? hi - need : 0;
}

/* The highest place for need bytes in [lo, hi), around the kernel. */
static uint64_t fit_around(const struct linux_layout *l, uint64_t lo, uint64_t hi, uint64_t need)
{
	uint64_t at;

	if (hi <= l->kernel || lo >= l->kernel_end)
		return fit_top(lo, hi, need);
	at = fit_top(max64(lo, l->kernel_end), hi, need);
	return at ? at : fit_top(lo, min64(hi, l->kernel), need);
}

int linux_layout_plan(const struct bzimage *bz, uint64_t initrd_len, uint64_t boot_len,
		      const struct memmap *mm, struct linux_layout *ret)
{
	uint64_t limit = min64(bz->initrd_max + 1, BELOW_4G);
	uint64_t need = align_up(boot_len, LINUX_PAGE) + align_up(initrd_len, LINUX_PAGE);
	int r = place_kernel(bz, mm, ret);

	if (r < 0)
		return r;
	if (initrd_len > BELOW_4G)
		return -ENOSPC;
	for (size_t i = mm->n; i-- > 0;) {
		uint64_t at;

		if (mm->v[i].type != MEMMAP_RAM)
			continue;
		at = fit_around(ret, max64(mm->v[i].start, BOOT_LOW), min64(mm->v[i].end, limit),
				need);
		if (!at)
			continue;
		ret->boot = at;
		ret->boot_end = at + align_up(boot_len, LINUX_PAGE);
		ret->initrd = ret->boot_end;
		return 0;
	}
	return -ENOSPC;
}
