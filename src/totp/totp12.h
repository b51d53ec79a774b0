/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TOTP on a TPM 1.2, which has no HMAC keys: the secret is sealed to the
 * PCRs (well-known SRK and data authorization, as the original does) and
 * kept as a sealed blob in the state directory; each code unseals it into
 * a wiped buffer only to compute the HMAC. */
#pragma once

#include "tpm12.h"

#include <stdint.h>

#define TOTP12_SEALED_FILE "totp12.sealed"
/* Its enrolment snapshot (snapshot12.h): statedir/totp12.pcrs. */
#define TOTP12_SNAPSHOT_NAME "totp12"

/* A new random secret sealed to the current values of the PCRs in mask,
 * checked by unsealing it once, written atomically to
 * statedir/TOTP12_SEALED_FILE with the snapshot of the PCR values it is
 * sealed to beside it; ret_uri gets its otpauth URI (label as the
 * account). -ENODATA when the TPM has no owner (no SRK). */
struct secret;
int totp12_enroll(struct tpm12 *t, const char *statedir, const char *label, uint32_t mask,
		  struct secret *ret_uri);

/* The 6-digit code for unix_time. -E_SEALED when the PCRs differ from
 * enrolment (ret_mask says which PCRs the secret is sealed to), -ENOENT
 * when nothing is enrolled. Three TPM commands (two OIAP, Unseal). */
int totp12_code(struct tpm12 *t, const char *statedir, int64_t unix_time, uint32_t *ret_code,
		uint32_t *ret_mask);
