/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The disk unlock key: a random LUKS keyslot key sealed in the TPM to the
 * measured state (PCRs, including PCR 6 = the LUKS headers of the volumes
 * it opens) and the owner's unlock passphrase. One key opens every volume
 * it was enrolled into: a keyslot of each holds it. */
#pragma once

#include "secret.h"

#include "da.h"
#include "pcr.h"
#include "policy.h"
#include "tpm.h"

#define DISK_KEY_SIZE 64
#define DISK_DEFAULT_PCRS "0,1,2,3,4,5,6,7"
#define DISK_PCR 6
#define DISK_UUID_SIZE 40
#define DISK_VOLUMES_MAX 8
#define DISK_EXPECTED_PREFIX 4

/* A LUKS volume the key opens: its UUID and the keyslot holding the key. */
struct disk_volume {
	char uuid[DISK_UUID_SIZE];
	uint8_t keyslot;
};

struct disk_meta {
	uint8_t slot; /* TPM slot (0/1) holding the sealed key */
	uint32_t pcr_mask; /* PCRs in the policy */
	size_t n; /* volumes, 1..DISK_VOLUMES_MAX, */
	struct disk_volume v[DISK_VOLUMES_MAX]; /* in the order measured: by UUID */
	uint8_t expected[PCR_COUNT][DISK_EXPECTED_PREFIX]; /* prefixes of the sealed PCR values */
};

/* The UUIDs of the volumes a key was released for, in measured order. */
struct disk_uuids {
	size_t n;
	char v[DISK_VOLUMES_MAX][DISK_UUID_SIZE];
};

int disk_meta_read(struct tpm *t, struct disk_meta *ret);

/* What a PCR of the disk policy holds, in a few words ("LUKS header"). */
const char *disk_pcr_meaning(unsigned pcr);
/* The refusal of a sealed disk key, logged naming the PCRs in changed
 * (or generally, when read_r says their values could not be read):
 * -E_SEALED. */
int disk_sealed_refusal(uint32_t changed, int read_r);

/* Extends PCR 6 with the hash of DEVICE's LUKS header unless this boot
 * already did (recorded in rundir). Returns 1 if it extended, 0 if not. */
int disk_measure(struct tpm *t, const char *device, const char *rundir);

/* Adds one new random key to a free keyslot of each of the n devices
 * (authorised by luks_pass, a passphrase every one of them accepts), seals
 * it to the PCRs in mask (their current values, or predicted when given;
 * PCR 6 as it will be once these headers are measured, in UUID order) and
 * unlock_pass; removes the previous enrolment's keyslots and sealed key
 * once the new key opens every device. Nothing changes when a device
 * refuses the passphrase or has no free keyslot. */
int disk_enroll(struct tpm *t, const char *const *devices, size_t n, const char *rundir,
		const char *luks_pass, const char *unlock_pass, uint32_t mask,
		const pcr_values *predicted);

/* Refuses (-ENOLCK, with a message) when one more wrong passphrase could
 * lock the TPM out. ret: the dictionary-attack state it read (also when it
 * refuses), for disk_failures_take after the try that follows. */
int disk_check_tries(struct tpm *t, struct da_state *ret);

/* What happened between the last successful unlock and this one. */
struct disk_failures {
	uint32_t tpm_failed; /* the TPM's lockout counter before this success */
	uint32_t tries_left; /* and the tries it allows now */
	uint32_t interval_s; /* it forgets one failure per interval */
	bool tpm_cleared; /* the counter was reset (lockout authorization empty) */
	bool have_record; /* the firmware keeps a record (the TPM was reset by its owner) */
	uint32_t noted; /* wrong passphrases the record holds, */
	int64_t first, last; /* and when the first and the last were typed */
	uint32_t unexplained; /* failures the TPM counted beyond the record's */
};

/* After a successful unseal: before is the dictionary-attack state
 * disk_check_tries read right before that try (a success changes none of
 * it, so it is not read again). Reads the record of wrong passphrases
 * (only on an owned TPM: the owner's reset from the firmware made it),
 * empties it and, while the lockout authorization is empty, resets the
 * counter. The front end tells the
 * owner what ret holds (noted, unexplained, or without a record
 * tpm_failed non-zero). */
int disk_failures_take(struct tpm *t, const struct da_state *before, struct disk_failures *ret);

/* Measures the headers if needed (in UUID order) and unseals with the
 * passphrase: the key in a secret buffer, which the caller wipes (the
 * command writes the file it is asked for; /init puts the key on no file
 * system). meta: the disk record as just read (saves reading it again),
 * or NULL to read it. devices: where to find the volumes the record
 * names (others among them are left alone); a volume the record names
 * that none of them holds is refused (-ENODEV) before anything is
 * measured or unsealed. ret_uuids (or NULL): the UUIDs of the headers
 * measured into PCR 6, the volumes the key opens, for the OS's crypttab.
 * statedir: where a list of sealed states is kept (see below), or NULL. */
int disk_unseal(struct tpm *t, const struct disk_meta *meta, const char *const *devices, size_t n,
		const char *rundir, const char *statedir, const char *passphrase,
		struct secret *ret, struct disk_uuids *ret_uuids);

/* A key sealed to several states keeps their list as
 * <statedir>/disk-slotN.branches (N: the TPM slot); without one (or with
 * statedir NULL), the key is sealed to one state over the record's PCRs,
 * as enrolment seals it. */
struct pcr_branches;
int disk_branches_path(const char *statedir, int slot, char *buf, size_t size);
int disk_branches_for(const char *statedir, const struct disk_meta *m, struct pcr_branches *ret);

/* Replacing the sealed key in two steps: stage seals key under policy
 * with the passphrase into the free slot (the old one stays live, its
 * slot in ret); commit writes the record m naming it, then empties the
 * old slot. */
struct disk_staged {
	int slot, old_slot;
};
int disk_seal_stage(struct tpm *t, const uint8_t policy[POLICY_DIGEST_SIZE], const uint8_t *key,
		    const char *unlock_pass, struct disk_staged *ret);
int disk_seal_commit(struct tpm *t, const struct disk_staged *st, const struct disk_meta *m);
