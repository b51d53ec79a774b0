/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The running flash's image, read whole before anything changes, and the
 * image after one owner file was written into it (the owner keyring, every
 * other byte kept), read back: what the next boot will measure. */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct owner_flash {
	uint8_t *image; /* the flash as read */
	size_t len;
	uint8_t *next; /* the flash as read back after the write */
	size_t next_len;
};

void owner_flash_done(struct owner_flash *f);

/* Reads the whole flash named by spec (flash.h). */
int owner_flash_read(const char *spec, struct owner_flash *ret);

/* Writes the owner file name (data, len) into the flash named by spec
 * (added when absent, uncompressed, as /init reads owner files), then
 * reads the whole flash back into f->next. */
int owner_flash_write_file(const char *spec, const char *name, const uint8_t *data, size_t len,
			   struct owner_flash *f);
