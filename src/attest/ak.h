/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The attestation key (AK): a restricted ECDSA P-256 signing key, child of
 * the RSA endorsement key, created once and kept persistent at
 * HEADS_AK_HANDLE. Restricted: the TPM signs with it only data it made
 * itself (quotes), never a digest a caller offers as one. */
#pragma once

#include "tpm.h"

/* Opens the AK, creating it (and making it persistent) on first use;
 * checks that the key at the handle is one (ret_created: 1 when made now).
 * Returns its public area in *ret_pub when not NULL. */
int ak_load(struct tpm *t, ESYS_TR *ret, TPM2B_PUBLIC **ret_pub, int *ret_created);

/* 0 when pub is a key heads would use as its AK (ECC P-256, restricted,
 * sign only, fixedTPM, generated in the TPM), -EBADMSG otherwise. */
int ak_public_check(const TPMT_PUBLIC *pub);
