/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzzes what our Linux loader reads from a kernel image: the bzImage
 * header (the header and the protected-mode part must lie inside the
 * input), the layout on a fixed memory map (the kernel's whole init_size
 * in RAM and clear of the boot pages and the initrd, all below 4 GiB) and
 * the boot parameters built from it. */
#include "bzimage.h"
#include "linux-layout.h"
#include "log.h"
#include "memmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* RAM 0-0x9fc00 and 1 MiB - 1 GiB less 128 KiB, as boot parameters. */
static void machine(uint8_t *bp, struct memmap *mm)
{
	const uint64_t e[][2] = { { 0, 0x9fc00 }, { 0x100000, 0x3fee0000 } };
	const uint32_t ram = 1;

	memset(bp, 0, BZIMAGE_PARAMS_SIZE);
	bp[0x1e8] = 2;
	for (size_t i = 0; i < 2; i++) {
		memcpy(bp + 0x2d0 + 20 * i, &e[i][0], 8);
		memcpy(bp + 0x2d0 + 20 * i + 8, &e[i][1], 8);
		memcpy(bp + 0x2d0 + 20 * i + 16, &ram, 4);
	}
	if (memmap_parse(bp, BZIMAGE_PARAMS_SIZE, mm) < 0)
		abort();
}

static void check_layout(const struct bzimage *bz, uint64_t initrd_len, const struct memmap *mm)
{
	struct linux_layout l;
	uint64_t end;

	if (linux_layout_plan(bz, initrd_len, 3 * 4096, mm, &l) < 0)
		return;
	end = l.initrd + initrd_len;
	if (l.kernel_end - l.kernel < bz->init_size || l.kernel_end > 1ull << 32 ||
	    end > 1ull << 32 || l.boot_end != l.initrd || l.boot % 4096 || l.kernel % 4096 ||
	    !memmap_ram_holding(mm, l.kernel, l.kernel_end) ||
	    !memmap_ram_holding(mm, l.boot, end) || (l.boot < l.kernel_end && end > l.kernel))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t bp[BZIMAGE_PARAMS_SIZE], params[BZIMAGE_PARAMS_SIZE];
	struct bzimage_placed at = { .kernel = 0x1000000, .cmdline = 0x3e000000 };
	struct memmap mm;
	struct bzimage bz;

	log_set_level(LOG_NONE);
	if (bzimage_parse(data, size, &bz) < 0)
		return 0;
	if (bz.hdr < data || bz.kernel < data || bz.kernel_len == 0 ||
	    (size_t)(bz.kernel - data) + bz.kernel_len != size ||
	    (size_t)(bz.hdr - data) + bz.hdr_len > size || bz.init_size < bz.kernel_len)
		abort();
	machine(bp, &mm);
	check_layout(&bz, size, &mm);
	check_layout(&bz, 0, &mm);
	if (bzimage_params(&bz, bp, sizeof(bp), &at, params) < 0 || params[0x210] != 0xff)
		abort();
	return 0;
}
