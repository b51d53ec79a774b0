/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Compares a signed manifest with the tree found on disk, naming every
 * difference. Pure: both sides are already in memory. */
#pragma once

#include "manifest.h"

enum manifest_diff {
	DIFF_ADDED, /* on disk, not in the manifest */
	DIFF_REMOVED, /* in the manifest, not on disk */
	DIFF_CHANGED, /* a file's size or content differs */
	DIFF_TARGET, /* a symlink points somewhere else */
	DIFF_TYPE, /* e.g. a file became a symlink */
	DIFF_MODE, /* the permission bits of a file or directory differ */
};

/* Called once per difference; want is the manifest entry (NULL for
 * DIFF_ADDED), have the entry on disk (NULL for DIFF_REMOVED). */
typedef void (*manifest_diff_fn)(enum manifest_diff kind, const struct manifest_entry *want,
				 const struct manifest_entry *have, void *userdata);

/* Walks both sorted lists; returns the number of differences (each one
 * makes the tree fail). Directories are compared like files: an added or
 * removed one, and a changed mode, are differences. */
size_t manifest_compare(const struct manifest *signed_m, const struct manifest *tree,
			manifest_diff_fn fn, void *userdata);

/* True for the kinds that make verification fail: all of them (a mode
 * change, too, can change what a boot loader script decides). */
bool manifest_diff_fails(enum manifest_diff kind);

const char *manifest_diff_name(enum manifest_diff kind);
