/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM-backed TOTP: two persistent key slots and an NV record naming the
 * live one, so that re-enrolment replaces the key atomically. */
#include "totp-tpm.h"
#include "errors.h"
#include "branches.h"
#include "hotp.h"
#include "log.h"
#include "object.h"
#include "pcr.h"
#include "policy.h"
#include "primary-pin.h"
#include "slots.h"
#include "strbuf.h"

#include <limits.h>
#include <time.h>

#define META_SIZE 16

static const struct tpm_slots totp_slots = {
	.handles = { HEADS_TOTP_KEY_HANDLE_A, HEADS_TOTP_KEY_HANDLE_B },
	.record = HEADS_NV_TOTP_META,
	.magic = "HTOTP1",
	.record_size = META_SIZE,
};

int totp_meta_read(struct tpm *t, struct totp_meta *ret)
{
	uint8_t buf[META_SIZE];
	int r = tpm_slots_read(t, &totp_slots, buf);

	if (r < 0)
		return r;
	ret->slot = (uint8_t)r;
	ret->pcr_mask = buf[7] | (uint32_t)buf[8] << 8 | (uint32_t)buf[9] << 16;
	return 0;
}

static int key_code(struct tpm *t, ESYS_TR key, const struct pcr_branches *b, uint64_t counter,
		    uint32_t *ret)
{
	uint8_t msg[8], mac[64];
	size_t maclen = 0;
	int r;

	hotp_counter_bytes(counter, msg);
	r = tpm_hmac_branches(t, key, b, msg, sizeof(msg), mac, &maclen);
	if (r < 0)
		return r;
	return hotp_truncate(mac, maclen, OTP_DIGITS, ret);
}

/* The new key must give the code the phone will compute from the secret. */
static int check_new_key(struct tpm *t, ESYS_TR key, const uint8_t *secret,
			 const struct pcr_branches *b)
{
	uint64_t counter = (uint64_t)time(NULL) / TOTP_STEP;
	uint32_t want = 0, got = 0;
	int r = hotp_compute(secret, TOTP_SECRET_SIZE, counter, OTP_SHA1, OTP_DIGITS, &want);

	if (r >= 0)
		r = key_code(t, key, b, counter, &got);
	if (r == -E_SEALED)
		return log_error_errno(r,
				       "The new TOTP key does not work: a PCR changed during enrolment");
	if (r < 0)
		return r;
	if (got != want)
		return log_error_errno(EIO,
				       "The TPM computed a different code than expected; the old key is kept");
	return 0;
}

int totp_tpm_commit(struct tpm *t, const struct totp_staged *st)
{
	uint8_t buf[META_SIZE] = { 0 };

	buf[7] = (uint8_t)st->pcr_mask;
	buf[8] = (uint8_t)(st->pcr_mask >> 8);
	buf[9] = (uint8_t)(st->pcr_mask >> 16);
	return tpm_slots_commit(t, &totp_slots, st->slot, st->old_slot, buf);
}

int totp_tpm_enroll(struct tpm *t, const uint8_t secret[TOTP_SECRET_SIZE], uint32_t pcr_mask,
		    const pcr_values *predicted)
{
	struct totp_staged st;
	int r = totp_tpm_stage(t, secret, pcr_mask, predicted, &st);

	return r < 0 ? r : totp_tpm_commit(t, &st);
}

int totp_tpm_code(struct tpm *t, const char *statedir, int64_t unix_time, uint32_t *ret_code,
		  struct totp_meta *ret_meta)
{
	struct pcr_branches b;
	ESYS_TR key = ESYS_TR_NONE;
	uint64_t counter;
	int r = totp_counter(unix_time, TOTP_STEP, &counter);

	if (r >= 0)
		r = totp_meta_read(t, ret_meta);
	if (r >= 0)
		r = totp_branches_for_slot(statedir, ret_meta->slot, ret_meta->pcr_mask, &b);
	if (r >= 0)
		r = tpm_persistent_open(t, totp_slots.handles[ret_meta->slot], &key);
	if (r < 0)
		return r;
	r = key_code(t, key, &b, counter, ret_code);
	tpm_tr_forget(t, &key);
	return r;
}

int totp_branches_for_slot(const char *statedir, int slot, uint32_t mask, struct pcr_branches *ret)
{
	char path[PATH_MAX];
	int r = statedir ? totp_state_path(statedir, slot, "branches", path, sizeof(path)) : -ENOENT;

	if (r >= 0)
		r = branches_load(path, ret);
	if (r == -ENOENT) {
		*ret = (struct pcr_branches){ .mask = mask, .n = 1 };
		return 0;
	}
	if (r < 0)
		return log_error_errno(r, "Cannot read the TOTP key's list of sealed states %s: %m",
				       path);
	return 0;
}

int totp_state_path(const char *statedir, int slot, const char *ext, char *buf, size_t size)
{
	return strfmt(buf, size, "%s/totp-slot%d.%s", statedir, slot, ext) < 0 ? -ENAMETOOLONG : 0;
}

/* A key sealed to the branches: checked against the secret whenever the
 * live state is one of them. */
static int create_branches_key(struct tpm *t, const uint8_t *secret, const struct pcr_branches *b,
			       ESYS_TR *ret)
{
	uint8_t policy[POLICY_DIGEST_SIZE];
	pcr_values live;
	int r = tpm_pcr_read(t, b->mask, live);

	if (r >= 0)
		r = branches_policy(b, false, policy);
	if (r >= 0)
		r = tpm_hmac_key_create(t, secret, TOTP_SECRET_SIZE, policy, ret);
	if (r < 0 || branches_find(b, live) < 0)
		return r;
	r = check_new_key(t, *ret, secret, b);
	if (r < 0)
		tpm_flush(t, ret);
	return r;
}

int totp_tpm_stage_branches(struct tpm *t, const uint8_t secret[TOTP_SECRET_SIZE],
			    const struct pcr_branches *b, struct totp_staged *ret)
{
	struct totp_meta old = { 0 };
	ESYS_TR key = ESYS_TR_NONE;
	int old_slot, r = tpm_primary_require_pinned(t);

	if (r >= 0)
		r = create_branches_key(t, secret, b, &key);
	if (r < 0)
		return r;
	old_slot = totp_meta_read(t, &old) >= 0 ? old.slot : -1;
	r = tpm_slots_stage(t, &totp_slots, old_slot, key);
	tpm_flush(t, &key);
	if (r < 0)
		return r;
	*ret = (struct totp_staged){ .slot = r, .old_slot = old_slot, .pcr_mask = b->mask };
	return 0;
}

/* One state, the predicted one or else the live one: a list of one
 * branch, whose policy is a plain PolicyPCR. */
int totp_tpm_stage(struct tpm *t, const uint8_t secret[TOTP_SECRET_SIZE], uint32_t pcr_mask,
		   const pcr_values *predicted, struct totp_staged *ret)
{
	struct pcr_branches b = { .mask = pcr_mask };
	pcr_values live;
	int r = predicted ? 0 : tpm_pcr_read(t, pcr_mask, live);

	if (r >= 0)
		r = branches_add(&b, predicted ? *predicted : live);
	return r < 0 ? r : totp_tpm_stage_branches(t, secret, &b, ret);
}
