/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM-backed TOTP: two persistent key slots and an NV record naming the
 * live one, so that re-enrolment replaces the key atomically. */
#include "totp-tpm.h"
#include "errors.h"
#include "hotp.h"
#include "log.h"
#include "object.h"
#include "pcr.h"
#include "policy.h"
#include "slots.h"

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

static int key_code(struct tpm *t, ESYS_TR key, uint32_t mask, uint64_t counter, uint32_t *ret)
{
	uint8_t msg[8], mac[64];
	size_t maclen = 0;
	int r;

	hotp_counter_bytes(counter, msg);
	r = tpm_hmac_pcr_policy(t, key, mask, msg, sizeof(msg), mac, &maclen);
	if (r < 0)
		return r;
	return hotp_truncate(mac, maclen, OTP_DIGITS, ret);
}

/* The new key must give the code the phone will compute from the secret. */
static int check_new_key(struct tpm *t, ESYS_TR key, const uint8_t *secret, uint32_t mask)
{
	uint64_t counter = (uint64_t)time(NULL) / TOTP_STEP;
	uint32_t want = 0, got = 0;
	int r = hotp_compute(secret, TOTP_SECRET_SIZE, counter, OTP_SHA1, OTP_DIGITS, &want);

	if (r >= 0)
		r = key_code(t, key, mask, counter, &got);
	if (r == -E_SEALED)
		return log_error_errno(r, "The new TOTP key does not work: a PCR changed during enrolment");
	if (r < 0)
		return r;
	if (got != want)
		return log_error_errno(EIO, "The TPM computed a different code than expected; the old key is kept");
	return 0;
}

static int values_equal(uint32_t mask, const pcr_values a, const pcr_values b)
{
	for (unsigned i = 0; i < PCR_COUNT; i++)
		if ((mask & (1u << i)) && memcmp(a[i], b[i], PCR_DIGEST_SIZE) != 0)
			return 0;
	return 1;
}

static int create_checked_key(struct tpm *t, const uint8_t *secret, uint32_t mask,
			      const pcr_values *predicted, ESYS_TR *ret)
{
	pcr_values values;
	uint8_t policy[POLICY_DIGEST_SIZE];
	int r = tpm_pcr_read(t, mask, values), current;

	if (r < 0)
		return r;
	/* A key sealed to predicted values cannot work in this boot, so it
	 * can only be checked when the prediction is the present. */
	current = !predicted || values_equal(mask, *predicted, values);
	policy_init(policy);
	r = policy_pcr(policy, mask, predicted ? *predicted : values);
	if (r < 0)
		return r;
	r = tpm_hmac_key_create(t, secret, TOTP_SECRET_SIZE, policy, ret);
	if (r < 0 || !current)
		return r;
	r = check_new_key(t, *ret, secret, mask);
	if (r < 0)
		tpm_flush(t, ret);
	return r;
}

static int install_key(struct tpm *t, ESYS_TR key, uint32_t mask)
{
	struct totp_meta old = { 0 };
	uint8_t buf[META_SIZE] = { 0 };
	int old_slot = totp_meta_read(t, &old) >= 0 ? old.slot : -1;

	buf[7] = (uint8_t)mask;
	buf[8] = (uint8_t)(mask >> 8);
	buf[9] = (uint8_t)(mask >> 16);
	return tpm_slots_install(t, &totp_slots, old_slot, key, buf);
}

int totp_tpm_enroll(struct tpm *t, const uint8_t secret[TOTP_SECRET_SIZE], uint32_t pcr_mask,
		    const pcr_values *predicted)
{
	ESYS_TR key = ESYS_TR_NONE;
	int r = tpm_primary_verify(t);

	if (r >= 0)
		r = create_checked_key(t, secret, pcr_mask, predicted, &key);
	if (r < 0)
		return r;
	r = install_key(t, key, pcr_mask);
	tpm_flush(t, &key);
	return r;
}

int totp_tpm_code(struct tpm *t, int64_t unix_time, uint32_t *ret_code, struct totp_meta *ret_meta)
{
	ESYS_TR key = ESYS_TR_NONE;
	uint64_t counter;
	int r = totp_counter(unix_time, TOTP_STEP, &counter);

	if (r >= 0)
		r = totp_meta_read(t, ret_meta);
	if (r >= 0)
		r = tpm_persistent_open(t, totp_slots.handles[ret_meta->slot], &key);
	if (r < 0)
		return r;
	r = key_code(t, key, ret_meta->pcr_mask, counter, ret_code);
	tpm_tr_forget(t, &key);
	return r;
}
