/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the flash backends (flash-file.c, flash-mtd.c, flash-flashrom.c)
 * share with flash.c. Internal to src/rom. */
#pragma once

#include "flash.h"

#include <limits.h>
#include <stdbool.h>

enum flash_kind { FLASH_FILE, FLASH_MTD, FLASH_FLASHROM };

struct flash {
	enum flash_kind kind;
	char spec[FLASH_SPEC_MAX];
	const char *arg; /* in spec: the path, or flashrom's -p argument */
	int fd; /* file and mtd: open read-only, or read-write while writing */
	uint64_t size;
	uint32_t erase_size;
	bool writable;
	uint64_t mismatch;
	uint64_t blocks_written;
};

/* Each backend: open (set size, erase_size, writable), read the whole
 * chip, write the blocks of img that differ (no read-back: flash.c
 * compares afterwards). */
int flash_file_open(struct flash *f);
int flash_mtd_open(struct flash *f);
int flash_mtd_erase(struct flash *f, uint64_t off, uint32_t len);
int flash_flashrom_open(struct flash *f);
int flash_flashrom_read(struct flash *f, uint8_t *buf, size_t len);
int flash_flashrom_write(struct flash *f, const uint8_t *img, size_t len);
