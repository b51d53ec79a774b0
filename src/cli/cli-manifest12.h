/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The signed /boot's binding on a TPM 1.2 for `heads sign` and `heads
 * verify`: the HDRB rollback counter and the SRK pin, judged as the
 * counter and the primary key are on a TPM 2.0. */
#pragma once

#include "cli-pin.h"
#include "manifest-binding.h"
#include "manifest-sign.h"

struct tpm12;

/* What the TPM says of the counter and its pin, for boot_verify. */
void cli_tpm12_facts(struct tpm12 *t, struct manifest_tpm_facts *ret);

/* Checks the SRK pin against the kept one (or --primary-key; a changed
 * one only with --accept-new-primary: else -E_PRIMARY, said), keeps it,
 * and fills the binder with which manifest_sign reads and advances the
 * counter (created with the owner passphrase from --owner-passphrase-file,
 * else the well-known owner secret, then asked when that is refused). */
int cli_sign12_binder(struct tpm12 *t, const struct cli_pin_args *a, struct manifest_binder *ret);
