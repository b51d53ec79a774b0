/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The running flash's image, read whole, and the same image with one
 * owner file replaced, written back: what the factory reset changes in
 * the flash (the owner keyring), every other byte kept. */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct owner_flash {
	uint8_t *image; /* the flash as read */
	size_t len;
	uint8_t *next; /* the image to write, once made */
	size_t next_len;
};

void owner_flash_done(struct owner_flash *f);

/* Reads the whole flash named by spec (flash.h). */
int owner_flash_read(const char *spec, struct owner_flash *ret);

/* f->next: f->image with the CBFS file name holding data (added when
 * absent), uncompressed, as /init reads owner files. */
int owner_flash_set(struct owner_flash *f, const char *name, const uint8_t *data, size_t len);

/* Writes f->next to the flash named by spec. */
int owner_flash_write(const char *spec, const struct owner_flash *f);
