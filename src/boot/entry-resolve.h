/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Turning the paths an entry was written with into files inside BOOTDIR
 * (bootpath.h), so every listed entry can actually be loaded. */
#pragma once

#include "bootfs.h"
#include "entry.h"

/* Replaces kernel, initrds and hypervisor with resolved paths (relative
 * ones against base). On a missing file or an escape, logs a warning that
 * names the entry and the file and returns the error: the caller skips it. */
int entry_resolve_paths(const struct bootfs *fs, struct boot_entry *e, const char *base);

/* Adds e to l after resolving it; entries that fail are skipped. Returns
 * an error only for running out of memory or room. */
int entry_add_resolved(const struct bootfs *fs, struct entry_list *l, struct boot_entry *e,
		       const char *base);
