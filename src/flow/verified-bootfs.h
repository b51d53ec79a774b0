/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The boot configuration read at boot is the one signed: a bootfs
 * (bootfs.h) over BOOTDIR that answers from the verified manifest. Which
 * files and directories exist comes from the manifest alone (a file added
 * since is not there, a symbolic link is not followed); each file read is
 * read once and compared with its entry (size and SHA-256), and one that
 * differs reads as absent and is remembered, so that the caller refuses
 * the whole boot naming it rather than boot a menu built without it. */
#pragma once

#include "bootfs-dir.h"
#include "bootfs.h"
#include "entry.h"
#include "manifest.h"

struct verified_bootfs {
	struct bootfs dir; /* the files on disk */
	const struct manifest *m;
	char *changed; /* the first file read that differs, NULL while none did */
};

/* fs reads d through v, which must outlive fs; clear v afterwards. */
void verified_bootfs_init(struct verified_bootfs *v, struct bootdir *d, const struct manifest *m,
			  struct bootfs *fs);
void verified_bootfs_clear(struct verified_bootfs *v);

/* The boot entries of d as signed: boot_discover through a verified bootfs.
 * -E_DIFFERS, with *ret_changed naming the first file that differs (a
 * path relative to BOOTDIR, to free), when one read does, whatever the
 * parse made of its absence; out is then empty. m NULL: d as it is. */
int boot_discover_verified(struct bootdir *d, const struct manifest *m, struct entry_list *out,
			   char **ret_changed);
