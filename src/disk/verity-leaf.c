/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The hash tree's layout: after the superblock, the levels from the top
 * (one block) down to the leaves; each hash block holds 2^bits hashes,
 * each padded to a power of two. A leaf is H(salt || data block). */
#include "verity-leaf.h"
#include "fileio.h"
#include "macro.h"

#include <fcntl.h>
#include <libcryptsetup.h>
#include <openssl/evp.h>
#include <stdlib.h>

#define VERITY_SB_SIZE 512
#define LEVELS_MAX 63

static unsigned log2_floor(uint64_t v)
{
	unsigned n = 0;

	while (v >>= 1)
		n++;
	return n;
}

/* The block (in hash_block_size units) where the leaves start. */
static uint64_t leaves_start(const struct crypt_params_verity *p, unsigned bits)
{
	uint64_t pos = (p->hash_area_offset + VERITY_SB_SIZE + p->hash_block_size - 1) /
		       p->hash_block_size;
	unsigned levels = 0;

	if (p->flags & CRYPT_VERITY_NO_HEADER)
		pos = p->hash_area_offset / p->hash_block_size;
	while (levels < LEVELS_MAX && bits * levels < 64 && (p->data_size - 1) >> (bits * levels))
		levels++;
	for (int i = (int)levels - 1; i > 0; i--) {
		unsigned shift = (unsigned)(i + 1) * bits;
		pos += shift >= 64 ? 1 : (p->data_size + (UINT64_C(1) << shift) - 1) >> shift;
	}
	return pos;
}

static void md_freep(EVP_MD **md)
{
	EVP_MD_free(*md);
}

static int hash_block(const EVP_MD *md, const struct crypt_params_verity *p, const uint8_t *data,
		      uint8_t *out)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx && EVP_DigestInit_ex(ctx, md, NULL) &&
		 EVP_DigestUpdate(ctx, p->salt, p->salt_size) &&
		 EVP_DigestUpdate(ctx, data, p->data_block_size) &&
		 EVP_DigestFinal_ex(ctx, out, NULL);

	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -EIO;
}

static int read_at(const char *path, void *buf, size_t size, uint64_t off)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : pread_exact(fd, buf, size, off);
}

int verity_leaf_matches(const struct crypt_params_verity *p, const char *data_device,
			const char *hash_device, uint64_t block)
{
	/* Fetched from the provider: the command skips OpenSSL's table of
	 * names (EVP_get_digestbyname). */
	_cleanup_(md_freep) EVP_MD *md = EVP_MD_fetch(NULL, p->hash_name, NULL);
	uint8_t got[EVP_MAX_MD_SIZE], stored[EVP_MAX_MD_SIZE];
	_cleanup_free_ uint8_t *data = NULL;
	unsigned size, full, bits;
	uint64_t at;
	int r;

	if (!md || p->hash_type != 1 || block >= p->data_size || !p->data_block_size)
		return -EOPNOTSUPP;
	size = (unsigned)EVP_MD_get_size(md);
	full = 1u << log2_floor(size);
	full = full < size ? full << 1 : full;
	bits = log2_floor(p->hash_block_size / full);
	at = (leaves_start(p, bits) + (block >> bits)) * p->hash_block_size +
	     (block & ((UINT64_C(1) << bits) - 1)) * full;
	if (!(data = malloc(p->data_block_size)))
		return -ENOMEM;
	r = read_at(data_device, data, p->data_block_size, block * p->data_block_size);
	if (r >= 0)
		r = read_at(hash_device, stored, size, at);
	if (r >= 0)
		r = hash_block(md, p, data, got);
	return r < 0 ? r : memcmp(got, stored, size) == 0;
}
