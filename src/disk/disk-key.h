/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The disk unlock key: a random LUKS keyslot key sealed in the TPM to the
 * measured state (PCRs, including PCR 6 = this disk's LUKS header) and the
 * owner's unlock passphrase. */
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

struct disk_meta {
	uint8_t slot; /* TPM slot (0/1) holding the sealed key */
	uint8_t keyslot; /* LUKS keyslot holding the key */
	uint32_t pcr_mask; /* PCRs in the policy */
	char uuid[DISK_UUID_SIZE]; /* LUKS UUID of the enrolled device */
	uint8_t expected[PCR_COUNT][8]; /* prefixes of the sealed PCR values */
};

int disk_meta_read(struct tpm *t, struct disk_meta *ret);

/* Extends PCR 6 with the hash of DEVICE's LUKS header unless this boot
 * already did (recorded in rundir). Returns 1 if it extended, 0 if not. */
int disk_measure(struct tpm *t, const char *device, const char *rundir);

/* Adds a new random key to a free keyslot (authorised by luks_pass), seals
 * it to the PCRs in mask (their current values, or predicted when given;
 * PCR 6 as it will be once this header is measured) and unlock_pass;
 * removes the previous enrolment's keyslot and sealed key once the new key
 * opens the disk. */
int disk_enroll(struct tpm *t, const char *device, const char *rundir, const char *luks_pass,
		const char *unlock_pass, uint32_t mask, const pcr_values *predicted);

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

/* Measures the header if needed and unseals with the passphrase: the key
 * in a secret buffer, which the caller wipes (the command writes the file
 * it is asked for; /init puts the key on no file system). meta: the disk
 * record as just read (saves reading it again), or NULL to read it. A
 * record that names another LUKS UUID than DEVICE's header is refused
 * (-ENODEV) before anything is unsealed. ret_uuid (DISK_UUID_SIZE bytes,
 * or NULL): the UUID of the header measured into PCR 6, the one the key
 * opens, for the OS's crypttab. */
int disk_unseal(struct tpm *t, const struct disk_meta *meta, const char *device, const char *rundir,
		const char *statedir, const char *passphrase, struct secret *ret, char *ret_uuid);

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
