/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Boot entries from syslinux/extlinux configs: LABEL, MENU LABEL,
 * KERNEL/LINUX, APPEND (a global one too), INITRD and initrd= (comma
 * lists), mboot.c32 for Xen ("xen --- kernel --- initrd"), INCLUDE with a
 * depth bound. Keywords are case-insensitive; relative paths are relative
 * to the directory of the main config, as extlinux takes them. */
#pragma once

#include "bootfs.h"
#include "entry.h"

#define SYSLINUX_MAX_INCLUDE_DEPTH 8
#define SYSLINUX_MAX_INCLUDES 64

/* Reads the config at path (inside fs) and adds its entries to out. */
int syslinux_load(const struct bootfs *fs, const char *path, struct entry_list *out);
