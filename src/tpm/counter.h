/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rollback counter of the signed /boot: a TPM NV counter at
 * HEADS_NV_ROLLBACK_COUNTER. A TPM NV counter never goes down; deleting it
 * and defining a new one at the same handle resumes at the highest value
 * any counter ever had in this TPM, so it cannot be reset from the OS. */
#pragma once

#include "tpm.h"

/* Reads the counter through the salted session (the response is
 * HMAC-checked, so an interposer cannot fake the value). Checks first that
 * the index is our counter (type and attributes); anything else at that
 * handle gives -EPROTO. -ENOENT when no index exists, -ENODATA when it was
 * defined but never incremented. */
int tpm_counter_read(struct tpm *t, uint64_t *ret);

/* Makes sure the counter exists and holds a value, defining it and
 * incrementing it once if needed; returns the value. */
int tpm_counter_ensure(struct tpm *t, uint64_t *ret);

/* Increments the counter until it is at least target (at most a few
 * steps); returns the final value. */
int tpm_counter_advance(struct tpm *t, uint64_t target, uint64_t *ret);
