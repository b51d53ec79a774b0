/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Setting the owner's files (heads/initrd/...) in the running flash. */
#pragma once

#include "cbfs-edit.h"
#include "flash.h"

/* Reads the whole chip, sets files in its CBFS (cbfs_set_owner_files:
 * everything else preserved), and writes the result back (only the erase
 * blocks that changed), checked by reading it back. The errors of
 * flash_read, cbfs_set_owner_files and flash_write; nothing is written
 * when the edit fails. */
int flash_set_owner_files(struct flash *f, const struct cbfs_owner_file *files, size_t n);
