/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Ownership of a TPM 1.2: taking it (owner and SRK authorization values
 * encrypted to the endorsement key), giving it up with the owner's
 * authorization, and clearing without it where physical presence is
 * allowed (the firmware usually locks that before the payload runs). */
#pragma once

#include "tpm12.h"

/* TPM_ReadPubek, then TPM_TakeOwnership with a 2048-bit storage SRK.
 * -EEXIST when the TPM has an owner already. */
int tpm12_take_ownership(struct tpm12 *t, const uint8_t owner_auth[20], const uint8_t srk_auth[20]);

/* TPM_OwnerClear (-E_PASSPHRASE: wrong owner authorization). A 1.2 TPM
 * comes out of a clear disabled: it is enabled again where physical
 * presence allows, else it stays so until the firmware setup enables it
 * (tpm12_take_ownership then fails with -ENXIO). */
int tpm12_owner_clear(struct tpm12 *t, const uint8_t owner_auth[20]);

/* TSC_PhysicalPresence: enables the command form and asserts presence.
 * -EPERM when the platform locked it. */
int tpm12_physical_presence(struct tpm12 *t);

/* Asserts physical presence, then TPM_ForceClear, then enables and
 * activates the TPM again. -EPERM where presence is locked. */
int tpm12_force_clear(struct tpm12 *t);

/* With physical presence: TPM_PhysicalEnable and
 * TPM_PhysicalSetDeactivated(FALSE). -EPERM where presence is locked. */
int tpm12_enable(struct tpm12 *t);
