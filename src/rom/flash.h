/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The boot flash chip, read and written whole, whatever holds it. A spec
 * string chooses the backend:
 *   file:PATH          a ROM image file (the chip of a machine whose
 *                      firmware reads its flash from a file)
 *   mtd:/dev/mtdN      the kernel's flash (MTD) driver
 *   flashrom:PROG      flashrom as a subprocess, PROG being its -p argument
 *                      ("internal", "dummy:emulate=MX25L6436,image=F", ...)
 * Writing changes only the erase blocks that differ, then reads the whole
 * chip back and compares it with the image. */
#pragma once

#include "macro.h"

#include <stddef.h>
#include <stdint.h>

/* The longest spec accepted. */
#define FLASH_SPEC_MAX 1024

struct flash;

/* Opens the flash named by spec. -EINVAL for a spec of no known backend
 * (or an empty path), -ENOENT for a missing file or device, -ENOTTY for a
 * device that is not an MTD device, -ENODEV when flashrom finds no chip or
 * cannot run, -EBADMSG for a chip of size 0. Nothing is written. */
int flash_open(const char *spec, struct flash **ret);

/* The chip's size in bytes. */
uint64_t flash_size(const struct flash *f);

/* The spec the flash was opened with. */
const char *flash_spec(const struct flash *f);

/* Reads the whole chip into buf (len must be flash_size: -EMSGSIZE
 * otherwise). -EIO when the device reads short or flashrom fails. */
int flash_read(struct flash *f, uint8_t *buf, size_t len);

/* Writes img (len must be flash_size: -EMSGSIZE otherwise, and nothing is
 * written), then reads the chip back: -EIO on any difference, with
 * flash_mismatch() giving the first differing offset. -EROFS when the
 * device is not writable. */
int flash_write(struct flash *f, const uint8_t *img, size_t len);

/* After flash_write failed its read-back: the first offset whose byte
 * differs from the image. */
uint64_t flash_mismatch(const struct flash *f);

/* The erase blocks the last flash_write changed (0 when the chip already
 * held the image; flashrom's choice is not known: the chip's size over
 * 4 KiB then). */
uint64_t flash_blocks_written(const struct flash *f);

void flash_close(struct flash *f);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct flash *, flash_close);
#define _cleanup_flash_ _cleanup_(flash_closep)
