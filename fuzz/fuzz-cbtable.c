/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: coreboot's table parser over arbitrary memory contents. */
#include "coreboot.h"
#include "log.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct coreboot_tables t;
	uint64_t forward, base;
	size_t off = 0;

	log_set_level(LOG_NONE);
	if (coreboot_header_find(data, size, &off) < 0)
		return 0;
	if (coreboot_table_parse(data + off, size - off, &t, &forward) == 0)
		(void)coreboot_flash_base(&t, &base);
	return 0;
}
