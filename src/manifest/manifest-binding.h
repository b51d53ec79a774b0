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
