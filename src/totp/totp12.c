/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TOTP with the secret sealed by a TPM 1.2. */
#include "totp12.h"
#include "fileio.h"
#include "hotp.h"
#include "secret.h"
#include "snapshot12.h"
#include "strbuf.h"
#include "totp-seal.h"
#include "tpm12-pcr.h"
#include "tpm12-seal.h"
#include "tpm12-session.h"
#include "uri.h"

#include <limits.h>
#include <openssl/rand.h>
#include <string.h>
#include <sys/stat.h>

static int sealed_path(const char *statedir, char *buf, size_t size)
{
	return strfmt(buf, size, "%s/%s", statedir, TOTP12_SEALED_FILE);
}

static int seal_secret(struct tpm12 *t, const struct secret *sec, uint32_t mask, tpm12_pcr_values v,
		       uint8_t *blob, size_t size, size_t *ret_len)
{
	uint8_t release[20];
	int r = tpm12_pcr_read_mask(t, mask, v);

	if (r < 0)
		return r;
	tpm12_pcr_composite(mask, v, release);
	return tpm12_seal(t, tpm12_well_known_auth, mask, release, tpm12_well_known_auth, sec->buf,
			  sec->len, blob, size, ret_len);
}

/* The new blob must give the secret back before it replaces the old one. */
static int check_blob(struct tpm12 *t, const struct secret *sec, const uint8_t *blob, size_t len)
{
	_cleanup_secret_ struct secret back = { 0 };
	int r = tpm12_unseal(t, tpm12_well_known_auth, tpm12_well_known_auth, blob, len, &back);

	if (r < 0)
		return r;
	return back.len == sec->len && memcmp(back.buf, sec->buf, sec->len) == 0 ? 0 : -EIO;
}

/* The blob, then the snapshot of the values it is sealed to: a missing
 * snapshot only leaves a refusal unexplained. */
static int write_state(const char *statedir, const char *path, const uint8_t *blob, size_t n,
		       uint32_t mask, const tpm12_pcr_values v)
{
	char snap[PATH_MAX];
	int r = snapshot12_path(statedir, TOTP12_SNAPSHOT_NAME, snap, sizeof(snap));

	if (r >= 0 && mkdir(statedir, 0755) < 0 && errno != EEXIST)
		r = negative_errno();
	if (r >= 0)
		r = write_file_atomic(path, blob, n, 0600);
	if (r >= 0)
		r = snapshot12_save(snap, mask, v);
	return r;
}

int totp12_enroll(struct tpm12 *t, const char *statedir, const char *label, uint32_t mask,
		  struct secret *ret_uri)
{
	_cleanup_secret_ struct secret sec = { 0 }, uri = { 0 };
	tpm12_pcr_values v = { { 0 } };
	uint8_t blob[TPM12_SEALED_MAX];
	char path[PATH_MAX];
	size_t n = 0;
	int r = secret_alloc(&sec, TOTP_SECRET_SIZE);

	if (r < 0)
		return r;
	if (RAND_bytes(sec.buf, TOTP_SECRET_SIZE) != 1)
		return -EIO;
	sec.len = TOTP_SECRET_SIZE;
	r = sealed_path(statedir, path, sizeof(path));
	if (r >= 0)
		r = seal_secret(t, &sec, mask, v, blob, sizeof(blob), &n);
	if (r >= 0)
		r = check_blob(t, &sec, blob, n);
	if (r >= 0)
		r = totp_uri(TOTP_ISSUER, label, sec.buf, sec.len, &uri);
	if (r >= 0)
		r = write_state(statedir, path, blob, n, mask, v);
	if (r < 0)
		return r;
	*ret_uri = uri;
	uri = (struct secret){ 0 };
	return 0;
}

int totp12_code(struct tpm12 *t, const char *statedir, int64_t unix_time, uint32_t *ret_code,
		uint32_t *ret_mask)
{
	_cleanup_secret_ struct secret sec = { 0 };
	_cleanup_free_ char *blob = NULL;
	char path[PATH_MAX];
	uint64_t counter;
	size_t n;
	int r = sealed_path(statedir, path, sizeof(path));

	if (r >= 0)
		r = totp_counter(unix_time, TOTP_STEP, &counter);
	if (r >= 0)
		r = read_file_full(path, TPM12_SEALED_MAX, &blob, &n);
	if (r < 0)
		return r;
	r = tpm12_sealed_pcrs((const uint8_t *)blob, n, ret_mask);
	if (r >= 0)
		r = tpm12_unseal(t, tpm12_well_known_auth, tpm12_well_known_auth,
				 (const uint8_t *)blob, n, &sec);
	if (r < 0)
		return r;
	return hotp_compute(sec.buf, sec.len, counter, OTP_SHA1, OTP_DIGITS, ret_code);
}
