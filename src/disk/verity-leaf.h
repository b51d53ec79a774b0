/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One data block of a dm-verity device against its leaf, the hash stored
 * for it in the lowest level of the hash tree (the on-disk format of
 * hash type 1, as veritysetup writes it): whether the block itself
 * changed, or the tree above it. */
#pragma once

#include <stdint.h>

struct crypt_params_verity;

/* 1 when data block `block` hashes to its stored leaf, 0 when not; -errno
 * when it cannot be read, or for a format other than hash type 1. */
int verity_leaf_matches(const struct crypt_params_verity *p, const char *data_device,
			const char *hash_device, uint64_t block);
