/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one way boot-config parsers reach files: a small interface over a
 * tree whose root is BOOTDIR. Paths are absolute inside the tree ("/grub/
 * grub.cfg") and already normalised (see bootpath.h). Tests and fuzzers
 * pass an in-memory tree (bootfs-mem.h), the command a directory
 * (bootfs-dir.h). */
#pragma once

#include <stddef.h>

/* No config file we parse is this large; bigger ones are refused. */
#define BOOTFS_MAX_CONFIG (1u << 20)

enum bootfs_type { BOOTFS_NONE = 0, BOOTFS_FILE, BOOTFS_DIR };

struct bootfs_ops {
	/* Whole regular file, NUL-terminated; -EFBIG if larger than max. */
	int (*read)(void *userdata, const char *path, size_t max, char **ret_buf, size_t *ret_len);
	/* BOOTFS_FILE, BOOTFS_DIR, or BOOTFS_NONE when absent or another type. */
	enum bootfs_type (*type)(void *userdata, const char *path);
	/* Names in a directory (unsorted, no "." or ".."), a NULL-terminated array. */
	int (*list)(void *userdata, const char *path, char ***ret_names);
};

struct bootfs {
	const struct bootfs_ops *ops;
	void *userdata;
};

int bootfs_read(const struct bootfs *fs, const char *path, size_t max, char **ret_buf,
		size_t *ret_len);
enum bootfs_type bootfs_type(const struct bootfs *fs, const char *path);
/* Sorted (strcmp) names in a directory. */
int bootfs_list_sorted(const struct bootfs *fs, const char *path, char ***ret_names);
