/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dm-verity checks through libcryptsetup. It reports the first block that
 * differs only in its log ("Verification failed at position N."): the log
 * callback turns that line into a structured result here, at the
 * boundary. */
#include "verity.h"
#include "errors.h"
#include "hexdump.h"
#include "log.h"
#include "verity-leaf.h"

#include <inttypes.h>
#include <libcryptsetup.h>
#include <stdio.h>

static void crypt_freep(struct crypt_device **cd)
{
	if (*cd)
		crypt_free(*cd);
}

/* libcryptsetup's words for the mismatch, read into the result. */
static void on_log(int level, const char *msg, void *userdata)
{
	struct verity_mismatch *m = userdata;
	uint64_t pos;

	if (level != CRYPT_LOG_ERROR)
		return;
	if (sscanf(msg, "Verification failed at position %" SCNu64, &pos) == 1 && !m->known) {
		m->known = true;
		m->position = pos;
	}
}

static int load(const struct verity_check *c, struct crypt_device **ret,
		struct crypt_params_verity *info)
{
	/* CHECK_HASH, given here, makes the activation without a name below
	 * read and hash every block in user space. */
	struct crypt_params_verity p = { .data_device = c->data_device,
					 .hash_area_offset = c->hash_offset,
					 .flags = CRYPT_VERITY_CHECK_HASH };
	struct crypt_device *cd = NULL;
	int r = crypt_init(&cd, c->hash_device);

	if (r < 0)
		return log_error_errno(r, "Cannot open %s: %m", c->hash_device);
	r = crypt_load(cd, CRYPT_VERITY, &p);
	if (r >= 0)
		r = crypt_get_verity_info(cd, info);
	if (r < 0) {
		crypt_free(cd);
		return log_error_errno(EINVAL, "%s holds no dm-verity hash tree%s", c->hash_device,
				       c->hash_offset ? " at that offset" : "");
	}
	*ret = cd;
	return 0;
}

/* libcryptsetup names the position, in the data device when a data block
 * differs from its leaf, in the hash device when a level of the tree
 * differs from the one above it: the leaf says which. */
static void classify(const struct verity_check *c, const struct crypt_params_verity *info,
		     struct verity_mismatch *m)
{
	uint64_t block = info->data_block_size ? m->position / info->data_block_size : 0;

	m->in_data = false;
	if (!m->known || m->position % info->data_block_size || block >= info->data_size)
		return;
	if (verity_leaf_matches(info, c->data_device, c->hash_device, block) == 0) {
		m->in_data = true;
		m->block = block;
	}
}

static int verify(struct crypt_device *cd, const struct verity_check *c,
		  const struct crypt_params_verity *info, struct verity_mismatch *m)
{
	int r;

	*m = (struct verity_mismatch){ .data_block_size = info->data_block_size,
				       .data_blocks = info->data_size };
	crypt_set_log_callback(cd, on_log, m);
	r = crypt_activate_by_volume_key(cd, NULL, (const char *)c->root_hash, c->root_hash_len, 0);
	crypt_set_log_callback(cd, NULL, NULL);
	/* -EPERM: a block differs; -EFAULT: the tree does not end in that
	 * root hash. */
	if (r == -EPERM || r == -EFAULT) {
		m->root = r == -EFAULT;
		classify(c, info, m);
		return -E_DIFFERS;
	}
	if (r < 0)
		return log_error_errno(r, "Cannot check %s against its hash tree: %m",
				       c->data_device);
	return 0;
}

int verity_check(const struct verity_check *c, struct verity_mismatch *ret)
{
	_cleanup_(crypt_freep) struct crypt_device *cd = NULL;
	struct crypt_params_verity info = { 0 };
	struct verity_mismatch m;
	int r = load(c, &cd, &info);

	if (r < 0)
		return r;
	if ((size_t)crypt_get_volume_key_size(cd) != c->root_hash_len)
		return log_error_errno(EINVAL,
				       "The root hash has %zu bytes; the hash tree's %s needs %d",
				       c->root_hash_len, info.hash_name,
				       crypt_get_volume_key_size(cd));
	r = verify(cd, c, &info, &m);
	*ret = m;
	return r;
}

int verity_root_hash_parse(const char *hex, uint8_t out[VERITY_ROOT_HASH_MAX])
{
	size_t n = strlen(hex);

	if (n == 0 || n % 2 || n / 2 > VERITY_ROOT_HASH_MAX || hex_decode(hex, out, n / 2) < 0)
		return -EINVAL;
	return (int)(n / 2);
}
