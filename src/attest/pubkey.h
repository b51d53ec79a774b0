/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM public keys as OpenSSL keys: from a TPMT_PUBLIC (ECC P-256 or RSA),
 * to and from PEM, and compared. */
#pragma once

#include <openssl/evp.h>
#include <stddef.h>
#include <tss2/tss2_tpm2_types.h>

/* The key of pub (ECC P-256 or RSA). -EBADMSG for any other. */
int pubkey_from_tpm(const TPMT_PUBLIC *pub, EVP_PKEY **ret);

/* The key as PEM text (SubjectPublicKeyInfo), NUL-terminated. */
int pubkey_to_pem(EVP_PKEY *key, char **ret, size_t *ret_len);

/* The public key in a PEM text. -EBADMSG when there is none. */
int pubkey_from_pem(const char *pem, size_t len, EVP_PKEY **ret);

/* 1 when both are the same public key, else 0. */
int pubkey_equal(EVP_PKEY *a, EVP_PKEY *b);

static inline void pubkey_freep(EVP_PKEY **k)
{
	EVP_PKEY_free(*k);
}
#define _cleanup_pubkey_ __attribute__((cleanup(pubkey_freep)))
