/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Enrolment and unsealing of the disk unlock key on a TPM 1.2. */
#include "disk-key12.h"
#include "disk-keyslots.h"
#include "disk-volumes.h"
#include "disk12-record.h"
#include "errors.h"
#include "fileio.h"
#include "log.h"
#include "luks.h"
#include "measure12.h"
#include "strbuf.h"
#include "tpm12-da.h"
#include "tpm12-digest.h"
#include "tpm12-eventlog.h"
#include "tpm12-own.h"
#include "tpm12-pcr.h"
#include "tpm12-seal.h"
#include "tpm12-session.h"

#include <dirent.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>

#define MARKER_PREFIX "luks12-measured-"

static int record_path(const char *statedir, char *buf, size_t size)
{
	return strfmt(buf, size, "%s/%s", statedir, DISK12_SEALED_FILE) < 0 ? -ENAMETOOLONG : 0;
}

static int record_load(const char *statedir, struct disk12_record *ret)
{
	_cleanup_free_ char *buf = NULL;
	char path[PATH_MAX];
	size_t len = 0;
	int r = record_path(statedir, path, sizeof(path));

	if (r >= 0)
		r = read_file_full(path, DISK12_RECORD_MAX, &buf, &len);
	if (r >= 0)
		r = disk12_record_parse((const uint8_t *)buf, len, ret);
	if (r == -EBADMSG || r == -EFBIG)
		return log_error_errno(EBADMSG, "%s is not a sealed disk key", path);
	return r;
}

int disk12_enrolled(const char *statedir)
{
	struct disk12_record rec;
	int r = record_load(statedir, &rec);

	return r == -ENOENT ? 0 : r < 0 ? r : 1;
}

static int record_store(const char *statedir, const struct disk12_record *rec)
{
	uint8_t buf[DISK12_RECORD_MAX];
	char path[PATH_MAX];
	size_t len = 0;
	int r = record_path(statedir, path, sizeof(path));

	if (r >= 0)
		r = disk12_record_encode(rec, buf, sizeof(buf), &len);
	if (r >= 0 && mkdir(statedir, 0755) < 0 && errno != EEXIST)
		r = -errno;
	if (r >= 0)
		r = write_file_atomic(path, buf, len, 0600);
	return r < 0 ? log_error_errno(r, "Cannot write %s: %m", path) : 0;
}

/* What a header contributes to PCR 6: SHA-1 of its hash (luks.h). */
static int header_hash(struct crypt_device *cd, const char *rundir, uint8_t ret[32])
{
	return luks_header_hash(cd, rundir, ret);
}

static int marker_path(const char *rundir, struct crypt_device *cd, char *buf, size_t size)
{
	return strfmt(buf, size, "%s/" MARKER_PREFIX "%s", rundir, luks_uuid(cd)) < 0 ?
		       -ENAMETOOLONG :
		       0;
}

static int measure_one(struct tpm12 *t, struct crypt_device *cd, const char *rundir)
{
	char path[PATH_MAX];
	uint8_t hash[32];
	int r = marker_path(rundir, cd, path, sizeof(path));

	if (r < 0 || access(path, F_OK) == 0)
		return r;
	r = header_hash(cd, rundir, hash);
	if (r >= 0)
		r = measure12_extend_buf(t, rundir, DISK_PCR, hash, sizeof(hash),
					 MEASURE_LUKS_HEADER, luks_uuid(cd));
	if (r >= 0)
		r = write_file_atomic(path, hash, sizeof(hash), 0600);
	return r < 0 ? r : 1;
}

int disk12_measure(struct tpm12 *t, const char *device, const char *rundir)
{
	_cleanup_luks_ struct crypt_device *cd = NULL;
	int r = luks_open(device, &cd);

	return r < 0 ? r : measure_one(t, cd, rundir);
}

static int measure_volumes(struct tpm12 *t, const struct disk_volumes *v, const char *rundir)
{
	int r = 0;

	for (size_t i = 0; r >= 0 && i < v->n; i++)
		r = measure_one(t, v->cd[i], rundir);
	return r;
}

static bool header_measured(const char *rundir)
{
	_cleanup_closedir_ DIR *d = opendir(rundir);
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (startswith(e->d_name, MARKER_PREFIX))
			return true;
	return false;
}

/* PCR 6 as our own log replays it. */
static int logged_pcr6(const char *rundir, uint8_t ret[20])
{
	_cleanup_free_ char *buf = NULL;
	tpm12_pcr_values v = { { 0 } };
	char path[PATH_MAX];
	uint32_t touched;
	size_t len = 0;
	int r = measure12_log_path(rundir, path, sizeof(path));

	if (r >= 0)
		r = read_file_full(path, 16u << 20, &buf, &len);
	if (r >= 0)
		r = tpm12_eventlog_replay((const uint8_t *)buf, len, v, &touched);
	if (r >= 0)
		memcpy(ret, v[DISK_PCR], 20);
	return r;
}

/* PCR 6 before any header is measured into it: its live value while no
 * header was measured in this boot; else zeros, when our log explains
 * all of it (the firmware put nothing there). */
static int pcr6_base(struct tpm12 *t, const char *rundir, uint8_t ret[20])
{
	uint8_t live[20], logged[20];
	int r = tpm12_pcr_read(t, DISK_PCR, live);

	if (r < 0 || !header_measured(rundir)) {
		memcpy(ret, live, 20);
		return r;
	}
	r = logged_pcr6(rundir, logged);
	if (r < 0 || CRYPTO_memcmp(live, logged, 20) != 0)
		return log_error_errno(ESTALE,
				       "PCR 6 holds more than this boot's LUKS header measurements; its value at the next boot cannot be predicted. Reboot, then enrol.");
	memset(ret, 0, 20);
	return 0;
}

/* The values the PCRs in mask will have at unseal time: the current ones,
 * except PCR 6, which will hold these headers' measurements, in order. */
static int expected_values(struct tpm12 *t, const struct disk_volumes *v, const char *rundir,
			   uint32_t mask, const uint8_t base[20], tpm12_pcr_values values)
{
	int r = tpm12_pcr_read_mask(t, mask & ~(1u << DISK_PCR), values);

	if (r < 0 || !(mask & (1u << DISK_PCR)))
		return r;
	memcpy(values[DISK_PCR], base, 20);
	for (size_t i = 0; r >= 0 && i < v->n; i++) {
		uint8_t hash[32], digest[20];

		r = header_hash(v->cd[i], rundir, hash);
		tpm12_sha1(digest, hash, sizeof(hash), NULL, 0, NULL, 0);
		if (r >= 0)
			tpm12_pcr_extend_value(values[DISK_PCR], digest, values[DISK_PCR]);
	}
	return r;
}

/* Sealing needs the SRK: an unowned TPM is owned at first use with the
 * well-known owner secret, as a TPM 2.0 runs with an empty owner
 * authorization until its owner sets one. */
static int ensure_owned(struct tpm12 *t)
{
	bool owned = false;
	int r = tpm12_owned(t, &owned);

	if (r >= 0 && !owned)
		r = tpm12_own(t, tpm12_well_known_auth);
	return r == -EEXIST ? 0 : r;
}

static int seal_key(struct tpm12 *t, const tpm12_pcr_values values, const uint8_t *key,
		    const char *new_pass, struct disk12_record *rec)
{
	uint8_t release[20], auth[20];
	int r;

	tpm12_pcr_composite(rec->mask, values, release);
	tpm12_auth_from_passphrase(new_pass, auth);
	r = tpm12_seal(t, tpm12_well_known_auth, rec->mask, release, auth, key, DISK_KEY_SIZE,
		       rec->blob, sizeof(rec->blob), &rec->blob_len);
	explicit_bzero(auth, sizeof(auth));
	return r;
}

/* The previous enrolment's keyslots; never the one luks_pass opens (the
 * file naming them is not the TPM's, so it is not trusted with that). */
static void previous_keyslots(const char *statedir, const struct disk_volumes *v,
			      const char *luks_pass, int *old)
{
	struct disk12_record prev;
	struct disk_meta m;
	bool have = record_load(statedir, &prev) >= 0;

	if (have)
		disk12_record_meta(&prev, &m);
	for (size_t i = 0; i < v->n; i++) {
		old[i] = disk_keyslots_previous(have ? &m : NULL, v->cd[i]);
		if (old[i] >= 0 &&
		    luks_check_passphrase(v->cd[i], luks_pass, strlen(luks_pass)) == old[i])
			old[i] = -1;
	}
}

static int install(struct tpm12 *t, const struct disk_volumes *v, const char *statedir,
		   const char *rundir, const char *luks_pass, const char *new_pass,
		   struct disk12_record *rec, const uint8_t *key)
{
	uint8_t base[20] = { 0 };
	int old[DISK_VOLUMES_MAX];
	struct disk_meta m = { .pcr_mask = rec->mask };
	tpm12_pcr_values values = { { 0 } };
	int r = 0;

	if (rec->mask & (1u << DISK_PCR))
		r = pcr6_base(t, rundir, base);
	if (r < 0)
		return r;
	previous_keyslots(statedir, v, luks_pass, old);
	r = disk_keyslots_add(v, luks_pass, key, &m);
	if (r >= 0)
		r = disk_keyslots_remove(v, old);
	if (r >= 0)
		r = expected_values(t, v, rundir, rec->mask, base, values);
	for (unsigned i = 0; r >= 0 && i < TPM12_PCR_COUNT; i++)
		if (rec->mask & (1u << i))
			memcpy(rec->expected[i], values[i], DISK_EXPECTED_PREFIX);
	if (r >= 0)
		r = seal_key(t, values, key, new_pass, rec);
	rec->n = m.n;
	memcpy(rec->v, m.v, sizeof(rec->v));
	return r < 0 ? r : record_store(statedir, rec);
}

int disk12_enroll(struct tpm12 *t, const char *const *devices, size_t n, const char *statedir,
		  const char *rundir, uint32_t mask, const char *luks_pass, const char *new_pass)
{
	_cleanup_disk_volumes_ struct disk_volumes v = { 0 };
	struct disk12_record rec = { .mask = mask };
	uint8_t key[DISK_KEY_SIZE];
	int r = n ? 0 : -EINVAL;

	if (!new_pass || !*new_pass || !luks_pass || mask >= (1u << TPM12_PCR_COUNT))
		return -EINVAL;
	if (r >= 0)
		r = disk_volumes_open(devices, n, &v);
	if (r >= 0)
		r = disk_keyslots_preflight(&v, luks_pass);
	if (r >= 0)
		r = ensure_owned(t);
	if (r >= 0 && getrandom(key, sizeof(key), 0) != sizeof(key))
		r = log_error_errno(EIO, "Cannot get random bytes");
	if (r >= 0)
		r = install(t, &v, statedir, rundir, luks_pass, new_pass, &rec, key);
	explicit_bzero(key, sizeof(key));
	return r;
}

static int copy_uuids(const struct disk_volumes *v, struct disk_uuids *ret)
{
	ret->n = 0;
	for (size_t i = 0; i < v->n; i++)
		if (strfmt(ret->v[ret->n++], DISK_UUID_SIZE, "%s", luks_uuid(v->cd[i])) < 0)
			return -EINVAL;
	return 0;
}

static int explain_sealed(struct tpm12 *t, const struct disk12_record *rec)
{
	tpm12_pcr_values now = { { 0 } };
	uint32_t changed = 0;
	int r = tpm12_pcr_read_mask(t, rec->mask, now);

	for (unsigned i = 0; r >= 0 && i < TPM12_PCR_COUNT; i++)
		if ((rec->mask & (1u << i)) &&
		    memcmp(now[i], rec->expected[i], DISK_EXPECTED_PREFIX) != 0)
			changed |= 1u << i;
	return disk_sealed_refusal(changed, r);
}

static int explain_passphrase(struct tpm12 *t)
{
	struct tpm12_da d;
	int left = tpm12_da_read(t, &d) < 0 ? -1 : tpm12_da_tries_left(&d);

	if (left < 0)
		return log_error_errno(E_PASSPHRASE, "Wrong passphrase");
	return log_error_errno(E_PASSPHRASE,
			       "Wrong passphrase; the TPM allows %d more %s before it locks out",
			       left, left == 1 ? "try" : "tries");
}

static int lockout(const struct tpm12_da *d)
{
	if (d->actions && d->depend)
		return log_error_errno(EBUSY,
				       "The TPM is locked out after %u failed passphrases: it accepts the next try in about %u minutes.\n"
				       "Meanwhile, unlock the disk with its LUKS passphrase.",
				       d->count, (d->depend + 59) / 60);
	return log_error_errno(EBUSY,
			       "The TPM is locked out after too many wrong passphrases; unlock the disk with its LUKS passphrase");
}

int disk12_check_tries(struct tpm12 *t)
{
	struct tpm12_da d;
	int r = tpm12_da_read(t, &d), left;

	if (r < 0)
		return r;
	left = tpm12_da_tries_left(&d);
	if (left < 0 || left > 1)
		return 0;
	if (left == 0)
		return lockout(&d);
	return log_error_errno(ENOLCK,
			       "The TPM allows 1 more wrong passphrase before it locks out; not trying, so it does not lock.\n"
			       "Meanwhile, unlock the disk with its LUKS passphrase.");
}

static int unseal_key(struct tpm12 *t, const struct disk12_record *rec, const char *pass,
		      struct secret *ret)
{
	uint8_t auth[20];
	int r;

	tpm12_auth_from_passphrase(pass, auth);
	r = tpm12_unseal(t, tpm12_well_known_auth, auth, rec->blob, rec->blob_len, ret);
	explicit_bzero(auth, sizeof(auth));
	if (r == -E_SEALED)
		return explain_sealed(t, rec);
	if (r == -E_PASSPHRASE)
		return explain_passphrase(t);
	if (r == -EBUSY) {
		struct tpm12_da d = { 0 };

		(void)tpm12_da_read(t, &d);
		return lockout(&d);
	}
	/* The SRK that sealed it is not this TPM's (another TPM, or this
	 * one cleared since). */
	if (r == -EBADMSG || r == -EIO || r == -ENODATA)
		return log_error_errno(EIO,
				       "This TPM cannot open the sealed disk key: it was sealed by another TPM, or this one was cleared since. Enrol the disk key again.");
	if (r >= 0 && ret->len != DISK_KEY_SIZE) {
		secret_free(ret);
		return -EBADMSG;
	}
	return r;
}

int disk12_unseal_volumes(struct tpm12 *t, const char *const *devices, size_t n,
			  const char *statedir, const char *rundir, const char *pass,
			  struct secret *ret, struct disk_uuids *ret_uuids)
{
	_cleanup_disk_volumes_ struct disk_volumes v = { 0 };
	struct disk12_record rec;
	struct disk_meta m;
	int r;

	/* An empty passphrase would be a wrong one the TPM counts. */
	if (!pass || !*pass)
		return -EINVAL;
	r = record_load(statedir, &rec);
	if (r == -ENOENT)
		return log_error_errno(r, "No disk key is enrolled for this TPM");
	if (r >= 0) {
		disk12_record_meta(&rec, &m);
		r = disk_volumes_select(devices, n, &m, &v);
	}
	if (r >= 0)
		r = measure_volumes(t, &v, rundir);
	if (r >= 0)
		r = unseal_key(t, &rec, pass, ret);
	if (r >= 0 && ret_uuids)
		r = copy_uuids(&v, ret_uuids);
	return r;
}

int disk12_unseal(struct tpm12 *t, const char *const *devices, size_t n, const char *statedir,
		  const char *rundir, const char *pass, struct secret *ret)
{
	return disk12_unseal_volumes(t, devices, n, statedir, rundir, pass, ret, NULL);
}
