/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Boot entries from grub.cfg, read as the small script language it is
 * (Petitboot's approach): variables, if/elif/else, functions, submenus,
 * search, load_env, source and blscfg run against the boot tree; commands
 * that only matter on the console (insmod, terminal_output, ...) are
 * ignored. Conditions are evaluated where the tree tells the answer; the
 * platform is taken to be BIOS ("pc"), GRUB's feature_* flags as set. */
#pragma once

#include "bootfs.h"
#include "entry.h"

/* Bounds on the work one config may cause. */
#define GRUB_MAX_SOURCE_DEPTH 8
#define GRUB_MAX_SOURCES 64
#define GRUB_MAX_CALL_DEPTH 16
#define GRUB_MAX_STEPS 50000

/* Runs the config at path (inside fs) and adds its menu entries, submenu
 * entries in menu order, to out. A syntax error in it is -EINVAL with a
 * message giving the line; a file above BOOTFS_MAX_CONFIG is -E2BIG; a
 * config that runs away (loops through functions) is -E2BIG too. Entries whose
 * files are missing are skipped with a warning. */
int grub_load(const struct bootfs *fs, const char *path, struct entry_list *out);
