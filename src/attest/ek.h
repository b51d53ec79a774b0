/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The endorsement key (EK): created as a transient primary key from the
 * TCG's standard templates (EK Credential Profile, low range: L-1 RSA 2048,
 * L-2 ECC P-256), and its certificate as the TPM maker stores it in NV. */
#pragma once

#include "attest-file.h"
#include "tpm.h"

#define EK_CERT_NV_RSA 0x01c00002u
#define EK_CERT_NV_ECC 0x01c0000au
#define EK_CERT_MAX 4096u

enum ek_type { EK_RSA, EK_ECC };

/* Creates the EK of that type (transient; the caller flushes it) and
 * returns its public area when ret_pub is not NULL. */
int ek_create(struct tpm *t, enum ek_type type, ESYS_TR *ret, TPM2B_PUBLIC **ret_pub);

/* A policy session satisfying the EK's policy (PolicySecret on the
 * endorsement hierarchy, whose authorization is empty), for one use. */
int ek_policy_session(struct tpm *t, ESYS_TR *ret);

/* Reads the EK certificate (DER) of that type from NV into ret. -ENOENT
 * when the TPM holds none. */
int ek_cert_read(struct tpm *t, enum ek_type type, struct blob *ret);
