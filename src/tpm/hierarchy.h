/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TPM's hierarchies as a whole: clearing the TPM (TPM2_Clear) and
 * closing the platform hierarchy before the OS runs. */
#pragma once

#include "tpm.h"

enum tpm_clear_via {
	TPM_CLEAR_PLATFORM, /* the platform hierarchy (only firmware has it open) */
	TPM_CLEAR_LOCKOUT, /* the lockout hierarchy (empty, or the owner passphrase's) */
};

/* Clears the TPM: through the platform hierarchy while it is open with an
 * empty authorization, else through the lockout hierarchy while its
 * authorization is empty (a TPM nobody owns). Every object and NV index
 * of the owner hierarchy is gone afterwards, and the owner, lockout and
 * endorsement authorizations are empty. -EACCES when the TPM is owned
 * (its lockout authorization was set, and discarded) and the platform
 * hierarchy is closed: only the firmware, before the OS starts, can clear
 * it then. */
int tpm_clear(struct tpm *t, enum tpm_clear_via *ret);

/* Disables the platform hierarchy until the next TPM reset (reboot), so
 * that the OS can neither clear the TPM nor change what the firmware
 * owns: TPM2_HierarchyControl(platform, phEnable, NO). 0 when it closed
 * it, 1 when it was closed already, or the firmware keeps it behind an
 * authorization value of its own (which the OS does not know either). */
int tpm_platform_close(struct tpm *t);
