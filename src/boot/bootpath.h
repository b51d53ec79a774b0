/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Paths from boot configs to files inside BOOTDIR. A config names a file
 * the way its boot loader sees it: "(hd0,gpt2)/vmlinuz" or "/vmlinuz" when
 * /boot is its own partition, "/boot/vmlinuz" when /boot is a directory of
 * the root file system, or relative to the config's directory (syslinux).
 * Either way the result is a normalised path inside the tree, and a path
 * that climbs out of it is refused. */
#pragma once

#include "bootfs.h"

/* Normalises path (relative ones against base, an absolute directory, or
 * "/"): drops a leading GRUB device "(...)", "." and empty components, and
 * resolves "..". Returns -EXDEV when ".." would leave the tree. */
int bootpath_normalise(const char *path, const char *base, char **ret);

/* Normalises, then finds the file: the path itself, else without a leading
 * "/boot" (a config written for /boot-on-root read from a separate /boot).
 * -ENOENT when neither is a regular file, -EXDEV for an escape. */
int bootpath_resolve(const struct bootfs *fs, const char *path, const char *base, char **ret);

/* Same for a directory. */
int bootpath_resolve_dir(const struct bootfs *fs, const char *path, char **ret);

/* The directory part of a normalised path ("/grub" for "/grub/grub.cfg"). */
char *bootpath_dirname(const char *path);
