/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The firmware's own note of wrong unlock passphrases since the last
 * success, with their times: an NV index defined when the owner takes
 * the TPM (tpm reset), written at each failure and emptied at the next
 * success, with the TPM's lockout counter at that success. Anyone may write it (its authorization is empty, so the
 * firmware writes it without the owner passphrase); the TPM's own
 * lockout counter, which only the lockout authorization resets, is what
 * a front end compares it with. */
#pragma once

#include "tpm.h"

#include <stdint.h>

struct tpm_failures {
	uint32_t count; /* wrong passphrases noted since the last success */
	int64_t first; /* time of the first of them (seconds since 1970), */
	int64_t last; /* and of the last */
	uint32_t tpm_seen; /* the TPM's lockout counter when it was last emptied */
};

/* Defines the index (owner authorization), empty. */
int tpm_failures_define(struct tpm *t);

/* The record (one TPM command); -ENOENT when the index was never
 * defined, -EBADMSG when it holds something else. */
int tpm_failures_read(struct tpm *t, struct tpm_failures *ret);

/* Adds one failure at time now (two commands; nothing without an index). */
int tpm_failures_note(struct tpm *t, int64_t now);

/* Empties the record, noting the TPM's lockout counter as it is now (one
 * command): failures the TPM counts beyond it were not noted here. */
int tpm_failures_clear(struct tpm *t, uint32_t tpm_seen);
