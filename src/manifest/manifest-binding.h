/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TPM stage of verification: the manifest's rollback counter against
 * the TPM NV counter, and its pinned primary-key hash against this TPM. */
#pragma once

#include "manifest.h"
#include "rollback.h"
#include "tpm.h"

struct manifest_binding {
	uint64_t tpm_counter;
	enum rollback_verdict verdict;
};

/* Returns 0 when the manifest is current for this TPM (also when the
 * last signing was cut off before it advanced the counter); -E_ROLLBACK
 * for an older manifest, a missing or foreign counter, or a different
 * primary key, each with a message saying what happened and what to do;
 * other -errno when the TPM cannot be used. */
int manifest_verify_binding(struct tpm *t, const struct manifest *m, struct manifest_binding *ret);

/* The same in two steps, so that the TPM can be asked before the manifest
 * is trusted (while gpgv runs): what this TPM says, and the verdict. */
struct manifest_tpm_facts {
	int counter_r; /* 0, or why the counter could not be read */
	uint64_t counter;
	int primary_r; /* 0, or why the primary key could not be read */
	uint8_t primary[SHA256_SIZE];
};
void manifest_binding_read(struct tpm *t, struct manifest_tpm_facts *ret);
int manifest_binding_judge(const struct manifest *m, const struct manifest_tpm_facts *f,
			   struct manifest_binding *ret);
