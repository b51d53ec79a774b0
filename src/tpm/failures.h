/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The firmware's own note of wrong unlock passphrases since the last
 * success, with their times and the TPM's lockout counter at that
 * success: an NV index of the platform hierarchy, defined when the TPM is
 * reset from the firmware, written at each failure and emptied at the
 * next success. Only the platform hierarchy writes it, and /init closes
 * that before it starts the OS or the recovery shell: nothing after the
 * firmware can erase a note. The TPM's lockout counter, which nobody can
 * reset once the TPM is owned, shows the failures the record missed. */
#pragma once

#include "tpm.h"

#include <stdint.h>

struct tpm_failures {
	uint32_t count; /* wrong passphrases noted since the last success */
	int64_t first; /* time of the first of them (seconds since 1970), */
	int64_t last; /* and of the last */
	uint32_t tpm_seen; /* the TPM's lockout counter when it was last emptied */
};

/* Defines the index (platform authorization, empty), or keeps the one
 * there (a TPM clear leaves platform indices), and empties it. */
int tpm_failures_define(struct tpm *t);

/* The record (one TPM command); -ENOENT when the index was never
 * defined, -EBADMSG when it holds something else. */
int tpm_failures_read(struct tpm *t, struct tpm_failures *ret);

/* Adds one failure at time now (two commands; -ENOENT without an index,
 * -EPERM once the platform hierarchy is closed). */
int tpm_failures_note(struct tpm *t, int64_t now);

/* Empties the record, noting the TPM's lockout counter as it is now (one
 * command): failures the TPM counts beyond it were not noted here. */
int tpm_failures_clear(struct tpm *t, uint32_t tpm_seen);
