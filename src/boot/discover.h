/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding what the installed OS would boot: the boot loader config in
 * BOOTDIR (grub.cfg, else BLS entries, else syslinux/extlinux), whether
 * BOOTDIR is a separate /boot partition or a root file system holding
 * /boot, and its entries in menu order. */
#pragma once

#include "bootfs.h"
#include "entry.h"

#include <stdbool.h>

/* True when BOOTDIR holds a config boot_discover reads (the same list
 * of places: /init takes such a file system for /boot). */
bool boot_has_config(const struct bootfs *fs);

/* -ENOENT (with a message) when BOOTDIR holds no config we know. Errors
 * of the config itself as in grub.h. */
int boot_discover(const struct bootfs *fs, struct entry_list *out);
