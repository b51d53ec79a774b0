/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reads the tree below BOOTDIR into manifest entries: every regular file,
 * symlink (target read, never followed), directory and special file, all
 * through *at() calls relative to directory fds, so nothing outside BOOTDIR
 * is ever reached. Mount points below BOOTDIR are listed as directories
 * (mode unknown) but not entered. */
#pragma once

#include "manifest.h"

/* Says whether a regular file found at path with this size must be hashed
 * (verification skips files it already knows differ). NULL: hash all. */
typedef bool (*manifest_want_hash_fn)(const char *path, uint64_t size, void *userdata);

/* Scans the directory open at root_fd. The result is sorted by path and
 * excludes the manifest's own files. -ENAMETOOLONG, -ELOOP (too deep) and
 * I/O errors are logged with the path. With keep_max, each file hashed is
 * first read once into a sealed image (memimage.h), kept in its entry
 * (image) and hashed from there, while the images kept stay within
 * keep_max bytes; the files after that are hashed as they are read. */
int manifest_tree_scan(int root_fd, manifest_want_hash_fn want, void *userdata, uint64_t keep_max,
		       struct manifest **ret);
