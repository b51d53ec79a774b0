/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Checking a dm-verity device against a root hash in user space, through
 * libcryptsetup's verity support (the check `veritysetup verify` makes):
 * every data block hashed and compared with the hash tree, the tree with
 * the root hash. Nothing is activated. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VERITY_ROOT_HASH_MAX 64

struct verity_check {
	const char *data_device;
	const char *hash_device; /* holds the verity superblock and hash tree */
	uint64_t hash_offset; /* of the superblock in hash_device, in bytes */
	const uint8_t *root_hash;
	size_t root_hash_len;
};

/* Where a device that failed differs. */
struct verity_mismatch {
	bool in_data; /* a data block differs from its leaf, else the hash tree */
	bool root; /* only the root hash differs (a rewritten tree, or another root) */
	bool known; /* position and block are set */
	uint64_t position; /* byte offset in the data (or hash) device */
	uint64_t block; /* position / data_block_size */
	uint32_t data_block_size;
	uint64_t data_blocks;
};

/* 0 when every block matches the root hash. -E_DIFFERS with ret filled
 * when one does not (the first that differs); -EINVAL (with a message)
 * when hash_device holds no verity superblock, or the root hash is not of
 * its hash's size; other -errno for I/O. */
int verity_check(const struct verity_check *c, struct verity_mismatch *ret);

/* Parses a root hash in hex (at most VERITY_ROOT_HASH_MAX bytes): its
 * length, or -EINVAL. */
int verity_root_hash_parse(const char *hex, uint8_t out[VERITY_ROOT_HASH_MAX]);
