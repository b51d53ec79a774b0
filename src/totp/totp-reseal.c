/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Resealing the TOTP key through its sealed copy. */
#include "totp-reseal.h"
#include "errors.h"
#include "fileio.h"
#include "log.h"
#include "seal.h"

#include <limits.h>
#include <unistd.h>

#define COPY_MAX 4096

int totp_copy_save(struct tpm *t, const char *statedir, int slot,
		   const uint8_t secret[TOTP_SECRET_SIZE], const struct pcr_branches *b)
{
	_cleanup_free_ uint8_t *blob = NULL;
	uint8_t policy[POLICY_DIGEST_SIZE];
	char copy[PATH_MAX], list[PATH_MAX];
	size_t len = 0;
	int r = totp_state_path(statedir, slot, "sealed", copy, sizeof(copy));

	if (r >= 0)
		r = totp_state_path(statedir, slot, "branches", list, sizeof(list));
	if (r >= 0)
		r = branches_policy(b, false, policy);
	if (r >= 0)
		r = tpm_seal_blob_create(t, secret, TOTP_SECRET_SIZE, policy, &blob, &len);
	if (r < 0)
		return r;
	if (b->n > 1)
		r = branches_save(list, b);
	else if (unlink(list) < 0 && errno != ENOENT)
		r = negative_errno();
	if (r >= 0)
		r = write_file_atomic(copy, blob, len, 0600);
	return r;
}

int totp_sealed_states(struct tpm *t, const char *statedir, struct pcr_branches *ret,
		       struct totp_meta *ret_meta)
{
	int r = totp_meta_read(t, ret_meta);

	return r < 0 ? r : totp_branches_for_slot(statedir, ret_meta->slot, ret_meta->pcr_mask, ret);
}

/* The secret, from the sealed copy of the key in slot. */
static int unseal_copy(struct tpm *t, const char *statedir, int slot, const struct pcr_branches *b,
		       struct secret *ret)
{
	_cleanup_free_ char *blob = NULL;
	char path[PATH_MAX];
	size_t len = 0, out = 0;
	int r = totp_state_path(statedir, slot, "sealed", path, sizeof(path));

	if (r >= 0)
		r = read_file_full(path, COPY_MAX, &blob, &len);
	if (r == -ENOENT)
		return -ENODATA;
	if (r >= 0)
		r = secret_alloc(ret, SEAL_MAX_DATA);
	if (r >= 0)
		r = tpm_seal_blob_unseal(t, (const uint8_t *)blob, len, b, ret->buf, &out);
	if (r >= 0 && out != TOTP_SECRET_SIZE)
		r = -EBADMSG;
	if (r < 0)
		return r;
	ret->len = out;
	return 0;
}

static void remove_slot_files(const char *statedir, int slot)
{
	char path[PATH_MAX];

	if (totp_state_path(statedir, slot, "sealed", path, sizeof(path)) >= 0)
		(void)unlink(path);
	if (totp_state_path(statedir, slot, "branches", path, sizeof(path)) >= 0)
		(void)unlink(path);
}

int totp_reseal(struct tpm *t, const char *statedir, const struct pcr_branches *b)
{
	_cleanup_secret_ struct secret sec = { 0 };
	struct pcr_branches now;
	struct totp_meta meta;
	struct totp_staged st;
	int r = totp_sealed_states(t, statedir, &now, &meta);

	if (r >= 0 && b->mask != meta.pcr_mask)
		r = -EINVAL;
	if (r >= 0)
		r = unseal_copy(t, statedir, meta.slot, &now, &sec);
	if (r >= 0)
		r = totp_tpm_stage_branches(t, sec.buf, b, &st);
	if (r >= 0)
		r = totp_copy_save(t, statedir, st.slot, sec.buf, b);
	if (r >= 0)
		r = totp_tpm_commit(t, &st);
	if (r < 0)
		return r;
	remove_slot_files(statedir, meta.slot);
	return 0;
}

int totp_drop_other_states(struct tpm *t, const char *statedir)
{
	struct pcr_branches now, live = { .n = 0 };
	struct totp_meta meta;
	pcr_values values;
	int r = totp_sealed_states(t, statedir, &now, &meta);

	if (r < 0 || now.n < 2)
		return r < 0 ? r : 0;
	r = tpm_pcr_read(t, now.mask, values);
	if (r >= 0 && branches_find(&now, values) < 0)
		r = -E_SEALED;
	live.mask = now.mask;
	if (r >= 0)
		r = branches_add(&live, values);
	if (r >= 0)
		r = totp_reseal(t, statedir, &live);
	return r < 0 ? r : 1;
}
