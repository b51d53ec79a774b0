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
	DIFF_MODE, /* only the permission bits differ: shown, not a failure */
};

/* Called once per difference; want is the manifest entry (NULL for
 * DIFF_ADDED), have the entry on disk (NULL for DIFF_REMOVED). */
typedef void (*manifest_diff_fn)(enum manifest_diff kind, const struct manifest_entry *want,
				 const struct manifest_entry *have, void *userdata);

/* Walks both sorted lists; returns the number of differences that make
 * the tree fail (every kind except DIFF_MODE). Directories on disk count
 * only where the manifest lists a file or symlink at that path. */
size_t manifest_compare(const struct manifest *signed_m, const struct manifest *tree,
			manifest_diff_fn fn, void *userdata);

/* True for the kinds that make verification fail. */
bool manifest_diff_fails(enum manifest_diff kind);

const char *manifest_diff_name(enum manifest_diff kind);
