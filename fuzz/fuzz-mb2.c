/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzzes what our multiboot2 loader reads from untrusted bytes: the
 * header check and ELF32 segments of a hypervisor image (every segment
 * must lie inside the input and below 4 GiB), the e820 table of boot
 * parameters and an RSDP's checks. */
#include "acpi-ebda.h"
#include "log.h"
#include "mb2.h"
#include "memmap.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_image(const uint8_t *data, size_t size)
{
	struct mb2_image m;

	if (mb2_image_parse(data, size, &m) < 0)
		return;
	for (size_t i = 0; i < m.nseg; i++) {
		const struct mb2_segment *s = &m.seg[i];

		if (s->data < data || s->filesz > size ||
		    (size_t)(s->data - data) > size - s->filesz || s->filesz > s->memsz ||
		    s->paddr + s->memsz > UINT32_MAX + 1ull || s->paddr % 4096)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memmap mm;

	log_set_level(LOG_NONE);
	(void)mb2_header_check(data, size);
	check_image(data, size);
	if (memmap_parse(data, size, &mm) == 0)
		for (size_t i = 0; i < mm.n; i++)
			if (mm.v[i].end <= mm.v[i].start || (i && mm.v[i].start < mm.v[i - 1].start))
				abort();
	(void)acpi_rsdp_check(data, size);
	return 0;
}
