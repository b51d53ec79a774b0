/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loading one boot entry of a /boot directory with kexec_file_load(2),
 * with the disk-key archive appended to its initrd when there is one:
 * what `heads boot` and /init's boot menu both do. */
#pragma once

#include "bootfs-dir.h"
#include "cpio.h"
#include "entry.h"

/* The entry to boot: index when >= 0, else the one titled dflt (the
 * signed manifest's default), else the first. Xen entries are refused. */
int boot_pick_entry(const struct entry_list *l, const char *dir, long index, const char *dflt,
		    size_t *ret);

/* Loads the entry's kernel and initrd (copied into rundir, which must be
 * RAM-backed, when there are several or inj is not empty). */
int boot_load_entry(const struct bootdir *d, const struct boot_entry *e, const char *cmdline,
		    const struct cpio *inj, const char *rundir);
