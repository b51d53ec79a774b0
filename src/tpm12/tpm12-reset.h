/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Resetting a TPM 1.2 to a new owner: cleared (TPM_ForceClear under
 * physical presence, which the firmware has; else TPM_OwnerClear with the
 * current owner's authorization), then owned again (tpm12-own.h) with the
 * new owner's. The SRK, every sealed blob and every counter go with the
 * clear. No owner authorization is ever guessed. */
#pragma once

#include "tpm12.h"

enum tpm12_clear_via {
	TPM12_CLEAR_NONE, /* the TPM had no owner */
	TPM12_CLEAR_OWNER, /* TPM_OwnerClear */
	TPM12_CLEAR_FORCE, /* TPM_ForceClear */
};

/* old_auth: the current owner's authorization, used only where physical
 * presence is locked; NULL: -EPERM then (ask the owner, call again).
 * -E_PASSPHRASE for a wrong old_auth (the TPM counts it; nothing
 * changed), -ENXIO when the TPM stays disabled after the clear (its
 * firmware setup enables it; tpm12_own then finishes the reset). */
int tpm12_reset(struct tpm12 *t, const uint8_t old_auth[20], const uint8_t new_auth[20],
		enum tpm12_clear_via *ret_via);
