/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rollback rule between the manifest's counter and the TPM's NV
 * counter (doc/manifest.md, "Rollback counter"). Pure. */
#pragma once

#include <stddef.h>
#include <stdint.h>

enum rollback_verdict {
	ROLLBACK_OK, /* manifest counter == TPM counter */
	ROLLBACK_PENDING, /* manifest counter == TPM counter + 1: a signing
			   * wrote its manifest but was cut off before it
			   * advanced the TPM counter */
	ROLLBACK_OLDER, /* manifest counter < TPM counter: an older state */
	ROLLBACK_AHEAD, /* manifest counter > TPM counter + 1: not ours */
};

enum rollback_verdict rollback_check(uint64_t manifest_counter, uint64_t tpm_counter);

/* The counter value a new signing writes: one more than the TPM counter,
 * or two more when one of the manifests already on disk (not verified,
 * so values other than tpm + 1 are ignored) carries tpm + 1 from an
 * interrupted signing, so the new state is newer than that one too. */
uint64_t rollback_next(uint64_t tpm_counter, const uint64_t *on_disk, size_t n);
