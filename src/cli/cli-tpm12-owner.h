/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The owner of a TPM 1.2 from the command: `heads tpm own`, and the TPM
 * 1.2 branch of `heads tpm reset`. */
#pragma once

#include <stdbool.h>

struct tpm12;

/* Clears the TPM (TPM_ForceClear; where physical presence is locked,
 * TPM_OwnerClear with the current owner passphrase from old_file, asked,
 * or the well-known secret), owns it with the passphrase from new_file
 * (asked twice) and keeps its SRK pin. */
int cli_tpm12_reset(struct tpm12 *t, const char *new_file, const char *old_file, bool well_known);
