/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The disk unlock key on a TPM 1.2: a random key in a new LUKS keyslot of
 * each volume, sealed under the SRK to the board's disk PCRs (PCR 6 as it
 * will be once these headers are measured: SHA-1 of each header's hash,
 * in UUID order) with blobAuth = SHA-1 of the unlock passphrase, kept in
 * <statedir>/disk12.sealed. A wrong passphrase is counted by the TPM's
 * dictionary-attack logic (tpm12-da.h says how many tries remain). */
#pragma once

#include "secret.h"
#include "tpm12.h"

#include "disk-key.h"

#include <stddef.h>

/* Enrols: luks_pass opens every device (each needs a free keyslot; else
 * nothing changes), new_pass (not empty) releases the key. A TPM without
 * owner is owned first with the well-known owner secret. The previous
 * enrolment's keyslots are removed once the new blob is written. */
int disk12_enroll(struct tpm12 *t, const char *const *devices, size_t n, const char *statedir,
		  const char *rundir, uint32_t mask, const char *luks_pass, const char *new_pass);

/* Measures the enrolled volumes' headers into PCR 6 (measure12; once per
 * boot, remembered in rundir), then unseals with pass into ret (a fresh
 * secret of DISK_KEY_SIZE bytes). -ENOENT when none is enrolled, -ENODEV
 * when an enrolled volume is on none of the devices, -E_SEALED when the
 * PCRs differ from the sealed state, -E_PASSPHRASE for a wrong
 * passphrase, -EBUSY in the TPM's lockout. */
int disk12_unseal(struct tpm12 *t, const char *const *devices, size_t n, const char *statedir,
		  const char *rundir, const char *pass, struct secret *ret);

/* The same; ret_uuids (or NULL) gets the volumes measured, in order. */
int disk12_unseal_volumes(struct tpm12 *t, const char *const *devices, size_t n,
			  const char *statedir, const char *rundir, const char *pass,
			  struct secret *ret, struct disk_uuids *ret_uuids);

/* Refuses (-ENOLCK, with a message) when one more wrong passphrase could
 * lock the TPM out, and (-EBUSY) while it is locked out; 0 when the chip
 * does not say. Each failure explained says how many tries remain. */
int disk12_check_tries(struct tpm12 *t);

/* Whether a disk key is enrolled (its file parses): 1, 0, or -errno. */
int disk12_enrolled(const char *statedir);
