/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Choosing the boot entry to load, as `heads boot` and /init's menus
 * both do (loading it: load-entry.h). */
#pragma once

#include "entry.h"

/* The entry to boot: index when >= 0, else the one titled dflt (the
 * signed manifest's default), else the first. Xen entries are refused. */
int boot_pick_entry(const struct entry_list *l, const char *dir, long index, const char *dflt,
		    size_t *ret);
