/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Editing a CBFS image in memory, laid out exactly as coreboot's cbfstool
 * lays it out ("cbfstool remove", "cbfstool add -t raw"): the same
 * header bytes, the same choice of free space, the same merging of
 * neighbouring free space, so an image edited here equals one edited with
 * cbfstool byte for byte. Every edit is all or nothing: on error the
 * buffer is unchanged. Errors: -EBADMSG for a malformed image (no CBFS,
 * a header out of bounds), -ENAMETOOLONG for a name longer than
 * CBFS_EDIT_NAME_MAX (cbfstool's limit: a header of at most 256 bytes),
 * -EINVAL for an empty name or one starting with '[' (which cbfstool
 * refuses), -ENOSPC when no free space holds the file. Free space is
 * erased (0xff) as cbfstool erases it. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define CBFS_EDIT_NAME_MAX 231

/* Removes the file called name: its entry becomes free space, merged
 * with free neighbours. -ENOENT when absent. */
int cbfs_remove(uint8_t *buf, size_t len, const char *name);

/* Adds a raw, uncompressed file into the first free space that holds it.
 * -EEXIST when a file of that name is present. */
int cbfs_add_raw(uint8_t *buf, size_t len, const char *name, const uint8_t *data, size_t data_len);

/* Removes the file if present, then adds it: remove + add. */
int cbfs_replace_raw(uint8_t *buf, size_t len, const char *name, const uint8_t *data,
		     size_t data_len);

struct cbfs_owner_file {
	const char *name; /* the CBFS name: "heads/initrd/..." */
	const uint8_t *data;
	size_t len;
};

/* Sets each owner file (replacing one of the same name), in order, all
 * or nothing. -EINVAL when a name is not an owner file's
 * (cbfs_owner_path() refuses it). Bytes outside the changed entries and
 * the free space they come from are preserved. */
int cbfs_set_owner_files(uint8_t *buf, size_t len, const struct cbfs_owner_file *files, size_t n);
