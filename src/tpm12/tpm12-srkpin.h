/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pin of a TPM 1.2: SHA-256 of its SRK's TPM_PUBKEY, the place the
 * primary key's hash takes on 2.0. Read with TPM_GetPubKey under the SRK's
 * well-known authorization, without the owner (readSRKPub is set when we
 * take ownership). */
#pragma once

#include "tpm12-pubkey.h"
#include "tpm12.h"

/* TPM_GetPubKey(TPM_KH_SRK): the SRK's public key. -ENODATA without an
 * owner; -EPERM when the owner did not allow reading it. */
int tpm12_srk_read(struct tpm12 *t, struct tpm12_pubkey *ret);

/* SHA-256 of the SRK TPM_PUBKEY. */
int tpm12_srk_pin(struct tpm12 *t, uint8_t ret[32]);
