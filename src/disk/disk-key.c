/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Enrolment and unsealing of the disk unlock key. Two TPM slots and an NV
 * record naming the live one, as for the TOTP key. */
#include "disk-key.h"
#include "branches.h"
#include "da.h"
#include "errors.h"
#include "failures.h"
#include "fileio.h"
#include "log.h"
#include "secret.h"
#include "logs.h"
#include "disk-keyslots.h"
#include "disk-volumes.h"
#include "luks.h"
#include "measure.h"
#include "parse.h"
#include "primary-pin.h"
#include "object.h"
#include "replay.h"
#include "seal.h"
#include "sha.h"
#include "slots.h"
#include "strbuf.h"

#include <dirent.h>
#include <libcryptsetup.h>
#include <limits.h>
#include <stdio.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#define META_SIZE 256

static const struct tpm_slots disk_slots = {
	.handles = { HEADS_DISK_KEY_HANDLE_A, HEADS_DISK_KEY_HANDLE_B },
	.record = HEADS_NV_DISK_META,
	.magic = "HDISK2",
	.record_size = META_SIZE,
};

/* Record layout after the slot header: the number of volumes, the PCR
 * mask (3 bytes, little endian), pad, the sealed PCR value prefixes
 * (24 x 4), then per volume its UUID (16 bytes) and LUKS keyslot. */
#define META_EXPECTED 12
#define META_VOLUMES (META_EXPECTED + PCR_COUNT * DISK_EXPECTED_PREFIX)
#define META_VOLUME_SIZE 17
_Static_assert(META_VOLUMES + DISK_VOLUMES_MAX * META_VOLUME_SIZE <= META_SIZE,
	       "the disk key record holds every volume");

static int hexval(char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static void uuid_pack(const char *uuid, uint8_t out[16])
{
	for (size_t i = 0, o = 0; uuid[i] && o < 16; i++) {
		if (uuid[i] == '-')
			continue;
		out[o++] = (uint8_t)(hexval(uuid[i]) << 4 | hexval(uuid[i + 1]));
		i++;
	}
}

static void uuid_unpack(const uint8_t in[16], char out[DISK_UUID_SIZE])
{
	char *p = out;

	for (size_t i = 0; i < 16; i++) {
		p += sprintf(p, "%02x", in[i]);
		if (i == 3 || i == 5 || i == 7 || i == 9)
			*p++ = '-';
	}
	*p = '\0';
}

static void meta_encode(const struct disk_meta *m, uint8_t buf[META_SIZE])
{
	memset(buf, 0, META_SIZE);
	buf[7] = (uint8_t)m->n;
	for (int i = 0; i < 3; i++)
		buf[8 + i] = (uint8_t)(m->pcr_mask >> (8 * i));
	memcpy(buf + META_EXPECTED, m->expected, sizeof(m->expected));
	for (size_t i = 0; i < m->n; i++) {
		uint8_t *v = buf + META_VOLUMES + i * META_VOLUME_SIZE;
		uuid_pack(m->v[i].uuid, v);
		v[16] = m->v[i].keyslot;
	}
}

int disk_meta_read(struct tpm *t, struct disk_meta *ret)
{
	uint8_t buf[META_SIZE];
	int r = tpm_slots_read(t, &disk_slots, buf);

	if (r < 0)
		return r;
	/* Read without integrity protection: the UUIDs only choose which
	 * headers are measured, and PCR 6 then says whether they are the
	 * enrolled ones. */
	if (buf[7] == 0 || buf[7] > DISK_VOLUMES_MAX)
		return log_error_errno(EBADMSG, "The disk key record in TPM NV 0x%08x is malformed",
				       HEADS_NV_DISK_META);
	*ret = (struct disk_meta){ .slot = (uint8_t)r, .n = buf[7] };
	ret->pcr_mask = buf[8] | (uint32_t)buf[9] << 8 | (uint32_t)buf[10] << 16;
	memcpy(ret->expected, buf + META_EXPECTED, sizeof(ret->expected));
	for (size_t i = 0; i < ret->n; i++) {
		const uint8_t *v = buf + META_VOLUMES + i * META_VOLUME_SIZE;
		uuid_unpack(v, ret->v[i].uuid);
		ret->v[i].keyslot = v[16];
	}
	return 0;
}

static int marker_path(const char *rundir, const char *uuid, char *path, size_t size)
{
	return strfmt(path, size, "%s/luks-measured-%s", rundir, uuid) < 0 ? -ENAMETOOLONG : 0;
}

static int measure_cd(struct tpm *t, struct crypt_device *cd, const char *rundir)
{
	char path[PATH_MAX];
	uint8_t hash[32];
	int r = marker_path(rundir, luks_uuid(cd), path, sizeof(path));

	if (r < 0)
		return r;
	if (access(path, F_OK) == 0)
		return 0;
	r = luks_header_hash(cd, rundir, hash);
	if (r >= 0)
		r = measure_extend(t, rundir, DISK_PCR, hash, MEASURE_LUKS_HEADER, luks_uuid(cd));
	if (r >= 0)
		r = write_file_atomic(path, hash, sizeof(hash), 0600);
	return r < 0 ? r : 1;
}

int disk_measure(struct tpm *t, const char *device, const char *rundir)
{
	_cleanup_luks_ struct crypt_device *cd = NULL;
	int r = luks_open(device, &cd);

	return r < 0 ? r : measure_cd(t, cd, rundir);
}

static bool header_measured(const char *rundir)
{
	_cleanup_closedir_ DIR *d = opendir(rundir);
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (startswith(e->d_name, "luks-measured-"))
			return true;
	return false;
}

/* The firmware's part of PCR 6: its event log replayed (zeros without one). */
static int firmware_pcr6(uint8_t ret[32])
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	struct replay rp;
	int r = logs_load(logs_firmware_path(NULL), "/nonexistent", &log, NULL, NULL);

	if (r >= 0)
		r = replay_log(&log, 0, &rp);
	if (r < 0)
		return log_error_errno(r,
				       "Cannot replay the firmware's event log to predict PCR 6: %m");
	memcpy(ret, rp.values[DISK_PCR], 32);
	return 0;
}

/* PCR 6 before the payload measures a header into it: the firmware may
 * have extended it already (UEFI puts a separator in PCRs 0-7). Its live
 * value while no header was measured in this boot, else the firmware
 * log's. */
static int pcr6_base(struct tpm *t, const char *rundir, uint8_t ret[32])
{
	pcr_values now;
	int r;

	if (header_measured(rundir))
		return firmware_pcr6(ret);
	r = tpm_pcr_read(t, 1u << DISK_PCR, now);
	if (r >= 0)
		memcpy(ret, now[DISK_PCR], 32);
	return r;
}

/* The values the PCRs will have at unseal time: the current ones (or the
 * clean-boot prediction when this boot is capped), except PCR 6, which
 * will hold exactly these headers' measurements, in order, on top of the
 * firmware's. */
static int expected_values(struct tpm *t, const struct disk_volumes *v, const char *rundir,
			   uint32_t mask, const pcr_values *predicted, const uint8_t base[32],
			   pcr_values values)
{
	uint8_t buf[64];
	int r = 0;

	if (predicted)
		memcpy(values, *predicted, sizeof(pcr_values));
	else
		r = tpm_pcr_read(t, mask, values);

	if (r < 0 || !(mask & (1u << DISK_PCR)))
		return r;
	memcpy(values[DISK_PCR], base, 32);
	for (size_t i = 0; r >= 0 && i < v->n; i++) {
		memcpy(buf, values[DISK_PCR], 32);
		r = luks_header_hash(v->cd[i], rundir, buf + 32);
		if (r >= 0)
			r = sha256_buf(buf, sizeof(buf), values[DISK_PCR]);
	}
	return r;
}

int disk_seal_stage(struct tpm *t, const uint8_t policy[POLICY_DIGEST_SIZE], const uint8_t *key,
		    const char *unlock_pass, struct disk_staged *ret)
{
	struct disk_meta old = { 0 };
	int old_slot = disk_meta_read(t, &old) >= 0 ? old.slot : -1;
	ESYS_TR obj = ESYS_TR_NONE;
	int r = tpm_seal_create(t, key, DISK_KEY_SIZE, unlock_pass, policy, &obj);

	if (r < 0)
		return r;
	r = tpm_slots_stage(t, &disk_slots, old_slot, obj);
	tpm_flush(t, &obj);
	if (r < 0)
		return r;
	*ret = (struct disk_staged){ .slot = r, .old_slot = old_slot };
	return 0;
}

int disk_seal_commit(struct tpm *t, const struct disk_staged *st, const struct disk_meta *m)
{
	uint8_t buf[META_SIZE];

	meta_encode(m, buf);
	return tpm_slots_commit(t, &disk_slots, st->slot, st->old_slot, buf);
}

static int seal_and_install(struct tpm *t, struct disk_meta *m, const pcr_values values,
			    const uint8_t *key, const char *unlock_pass)
{
	uint8_t policy[POLICY_DIGEST_SIZE];
	struct disk_staged st;
	int r = seal_policy(m->pcr_mask, values, policy);

	if (r >= 0)
		r = disk_seal_stage(t, policy, key, unlock_pass, &st);
	return r < 0 ? r : disk_seal_commit(t, &st, m);
}

static int preflight(struct tpm *t, const struct disk_volumes *v, const char *luks_pass)
{
	int r = disk_keyslots_preflight(v, luks_pass);

	return r < 0 ? r : tpm_primary_require_pinned(t);
}

static int enroll_volumes(struct tpm *t, const struct disk_volumes *v, const char *rundir,
			  const char *luks_pass, const char *unlock_pass, struct disk_meta *m,
			  const pcr_values *predicted)
{
	struct disk_meta prev;
	bool have_prev = disk_meta_read(t, &prev) >= 0;
	uint8_t key[DISK_KEY_SIZE], base[32] = { 0 };
	int old[DISK_VOLUMES_MAX], r = 0;
	pcr_values values;

	if (m->pcr_mask & (1u << DISK_PCR))
		r = pcr6_base(t, rundir, base);
	if (r < 0)
		return r;
	for (size_t i = 0; i < v->n; i++)
		old[i] = disk_keyslots_previous(have_prev ? &prev : NULL, v->cd[i]);
	if (getrandom(key, sizeof(key), 0) != sizeof(key))
		return log_error_errno(EIO, "Cannot get random bytes");
	r = disk_keyslots_add(v, luks_pass, key, m);
	if (r >= 0)
		r = disk_keyslots_remove(v, old);
	if (r >= 0)
		r = expected_values(t, v, rundir, m->pcr_mask, predicted, base, values);
	for (unsigned i = 0; r >= 0 && i < PCR_COUNT; i++)
		memcpy(m->expected[i], values[i], sizeof(m->expected[i]));
	if (r >= 0)
		r = seal_and_install(t, m, values, key, unlock_pass);
	explicit_bzero(key, sizeof(key));
	return r;
}

int disk_enroll(struct tpm *t, const char *const *devices, size_t n, const char *rundir,
		const char *luks_pass, const char *unlock_pass, uint32_t mask,
		const pcr_values *predicted)
{
	_cleanup_disk_volumes_ struct disk_volumes v = { 0 };
	struct disk_meta m = { .pcr_mask = mask };
	int r = n ? disk_volumes_open(devices, n, &v) : -EINVAL;

	if (r >= 0)
		r = preflight(t, &v, luks_pass);
	if (r >= 0)
		r = enroll_volumes(t, &v, rundir, luks_pass, unlock_pass, &m, predicted);
	return r;
}

int disk_check_tries(struct tpm *t, struct da_state *ret)
{
	struct da_state s;
	int r = tpm_da_read(t, &s);

	if (r < 0)
		return r;
	*ret = s;
	if (da_tries_left(&s) > 1)
		return 0;
	if (da_tries_left(&s) == 0)
		return log_error_errno(ENOLCK,
				       "The TPM is locked out after %u failed passphrases: it accepts the next try in at most %u minutes\n"
				       "(it forgets one failure every %u minutes). Meanwhile, unlock the disk with its LUKS passphrase.",
				       s.failed, (da_lockout_wait_s(&s) + 59) / 60,
				       (s.interval_s + 59) / 60);
	return log_error_errno(ENOLCK,
			       "The TPM allows 1 more wrong passphrase before it locks out; not trying, so it does not lock.\n"
			       "It forgets one failure every %u minutes. Meanwhile, unlock the disk with its LUKS passphrase.",
			       (s.interval_s + 59) / 60);
}

const char *disk_pcr_meaning(unsigned pcr)
{
	static const char *const names[] = {
		"firmware",  "firmware",       "firmware and payload", "firmware",
		"boot mode", "kernel modules", "LUKS header",	       "owner files in flash"
	};

	return pcr < ELEMENTSOF(names) ? names[pcr] : "other";
}

int disk_sealed_refusal(uint32_t changed, int read_r)
{
	_cleanup_strbuf_ struct strbuf list = { 0 };
	int r = read_r;

	for (unsigned i = 0; r >= 0 && i < 32; i++)
		if (changed & (1u << i))
			r = strbuf_printf(&list, "%sPCR %u (%s)", list.len ? ", " : "", i,
					  disk_pcr_meaning(i));
	return log_error_errno(E_SEALED,
			       "The TPM refused to release the disk key: the measured state differs from enrolment: %s.\n"
			       "If you did not change the firmware, its settings or the disk's LUKS header, treat this as tampering.",
			       r >= 0 && list.len ? list.s : "the PCR values changed");
}

static int explain_sealed(struct tpm *t, const struct disk_meta *m)
{
	pcr_values now;
	uint32_t changed = 0;
	int r = tpm_pcr_read(t, m->pcr_mask, now);

	for (unsigned i = 0; r >= 0 && i < PCR_COUNT; i++)
		if ((m->pcr_mask & (1u << i)) &&
		    memcmp(now[i], m->expected[i], DISK_EXPECTED_PREFIX) != 0)
			changed |= 1u << i;
	return disk_sealed_refusal(changed, r);
}

static int explain_passphrase(struct tpm *t)
{
	struct da_state s;
	int r = tpm_failures_note(t, (int64_t)time(NULL));

	if (r < 0 && r != -ENOENT && r != -EPERM)
		log_warning_errno(r, "Cannot note the wrong passphrase in the TPM: %m");

	if (tpm_da_read(t, &s) < 0)
		return log_error_errno(E_PASSPHRASE, "Wrong passphrase");
	return log_error_errno(E_PASSPHRASE,
			       "Wrong passphrase; the TPM allows %u more %s before it locks out",
			       da_tries_left(&s), da_tries_left(&s) == 1 ? "try" : "tries");
}

static int explain_lockout(struct tpm *t)
{
	struct da_state s;
	int r = disk_check_tries(t, &s);

	if (r < 0)
		return r;
	return log_error_errno(ENOLCK,
			       "The TPM is locked out after too many wrong passphrases; unlock the disk with its LUKS passphrase");
}

static int unseal_key(struct tpm *t, const struct disk_meta *m, const struct pcr_branches *b,
		      const char *passphrase, struct secret *ret)
{
	_cleanup_tpm_handle_ struct tpm_handle obj = tpm_handle_ref(t);
	_cleanup_secret_ struct secret key = { 0 };
	size_t len = 0;
	int r = secret_alloc(&key, SEAL_MAX_DATA);

	if (r >= 0)
		r = tpm_persistent_open(t, disk_slots.handles[m->slot], &obj.tr);
	if (r == -ENOENT)
		return log_error_errno(r, "The sealed disk key is missing from the TPM; enrol again");
	if (r >= 0)
		r = tpm_unseal_branches(t, obj.tr, b, passphrase, key.buf, &len);
	if (r == -E_SEALED)
		return explain_sealed(t, m);
	if (r == -E_PASSPHRASE)
		return explain_passphrase(t);
	if (r == -ENOLCK)
		return explain_lockout(t);
	if (r < 0)
		return r;
	key.len = len;
	*ret = key;
	key = (struct secret){ 0 };
	return 0;
}

/* Only while the lockout authorization is empty: trying it when it is set
 * would lock the lockout hierarchy for its recovery time. */
static void forget_tpm_failures(struct tpm *t, const struct da_state *s, struct disk_failures *f)
{
	if (s->failed == 0 || s->lockout_auth_set)
		return;
	f->tpm_cleared = tpm_da_reset(t) >= 0;
}

/* What the record says, and what the TPM counted beyond it (its counter
 * only grows by failures, and shrinks by the ones it forgets). Only an
 * owned TPM has a record (the owner's reset from the firmware made it):
 * on another, it is not read, which saves a command per boot. */
static void take_record(struct tpm *t, const struct da_state *s, struct disk_failures *f)
{
	struct tpm_failures rec = { 0 };
	int r = s->lockout_auth_set ? tpm_failures_read(t, &rec) : -ENOENT;
	uint32_t expected;

	/* One that is not ours counts as empty: its notes are lost. */
	f->have_record = r >= 0 || r == -EBADMSG;
	if (!f->have_record)
		return;
	f->noted = rec.count;
	f->first = rec.first;
	f->last = rec.last;
	expected = rec.tpm_seen + rec.count;
	f->unexplained = s->failed > expected ? s->failed - expected : 0;
	if (rec.count > 0 || rec.tpm_seen != s->failed)
		(void)tpm_failures_clear(t, s->lockout_auth_set ? s->failed : 0);
}

int disk_failures_take(struct tpm *t, const struct da_state *before, struct disk_failures *ret)
{
	struct disk_failures f = { .tpm_failed = before->failed,
				   .tries_left = da_tries_left(before),
				   .interval_s = before->interval_s };

	take_record(t, before, &f);
	forget_tpm_failures(t, before, &f);
	if (f.tpm_cleared)
		f.tries_left = before->max_tries;
	*ret = f;
	return 0;
}

static int record(struct tpm *t, const struct disk_meta *meta, struct disk_meta *ret)
{
	int r = 0;

	if (meta)
		*ret = *meta;
	else
		r = disk_meta_read(t, ret);
	if (r == -ENOENT)
		return log_error_errno(r, "No disk key is enrolled in this TPM");
	return r;
}

static int measure_volumes(struct tpm *t, const struct disk_volumes *v, const char *rundir)
{
	int r = 0;

	for (size_t i = 0; r >= 0 && i < v->n; i++)
		r = measure_cd(t, v->cd[i], rundir);
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

int disk_unseal(struct tpm *t, const struct disk_meta *meta, const char *const *devices, size_t n,
		const char *rundir, const char *statedir, const char *passphrase,
		struct secret *ret, struct disk_uuids *ret_uuids)
{
	_cleanup_disk_volumes_ struct disk_volumes v = { 0 };
	struct pcr_branches b;
	struct disk_meta m;
	int r = record(t, meta, &m);

	/* The headers measured into PCR 6 are the ones that count: the
	 * record only says which to look for. */
	if (r >= 0)
		r = disk_branches_for(statedir, &m, &b);
	if (r >= 0)
		r = disk_volumes_select(devices, n, &m, &v);
	if (r >= 0)
		r = measure_volumes(t, &v, rundir);
	if (r >= 0)
		r = tpm_primary_load(t);
	if (r >= 0)
		r = unseal_key(t, &m, &b, passphrase, ret);
	if (r >= 0 && ret_uuids)
		r = copy_uuids(&v, ret_uuids);
	return r;
}

int disk_branches_path(const char *statedir, int slot, char *buf, size_t size)
{
	return strfmt(buf, size, "%s/disk-slot%d.branches", statedir, slot) < 0 ? -ENAMETOOLONG : 0;
}

int disk_branches_for(const char *statedir, const struct disk_meta *m, struct pcr_branches *ret)
{
	char path[PATH_MAX];
	int r = statedir ? disk_branches_path(statedir, m->slot, path, sizeof(path)) : -ENOENT;

	if (r >= 0)
		r = branches_load(path, ret);
	if (r == -ENOENT) {
		*ret = (struct pcr_branches){ .mask = m->pcr_mask, .n = 1 };
		return 0;
	}
	if (r < 0)
		return log_error_errno(r, "Cannot read the disk key's list of sealed states %s: %m",
				       path);
	return 0;
}
