/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A bootfs over a real directory (BOOTDIR). Every path component is opened
 * with O_NOFOLLOW below the directory's fd, so neither ".." nor a symbolic
 * link can lead out of BOOTDIR (symbolic links are refused: /boot holds
 * none that a boot entry needs). */
#pragma once

#include "bootfs.h"
#include "macro.h"

struct bootdir;

int bootdir_open(const char *path, struct bootdir **ret);
struct bootdir *bootdir_free(struct bootdir *d);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct bootdir *, bootdir_free);
#define _cleanup_bootdir_ _cleanup_(bootdir_freep)

/* The directory as given on the command line. */
const char *bootdir_path(const struct bootdir *d);
void bootfs_dir_init(struct bootfs *fs, struct bootdir *d);
/* Opens a regular file inside the tree for reading; returns the fd. */
int bootdir_open_file(const struct bootdir *d, const char *path);
