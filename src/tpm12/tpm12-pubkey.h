/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RSA public keys as a TPM 1.2 gives them (TPM_PUBKEY): the endorsement
 * key (TPM_ReadPubek, for encrypting the owner's secrets to the TPM) and
 * the SRK (TPM_OwnerReadInternalPub, whose hash is the TPM's pin). */
#pragma once

#include "tpm12-marshal.h"
#include "tpm12.h"

#define TPM12_PUBKEY_MAX 600 /* a 2048-bit key with its parameters */

struct tpm12_pubkey {
	uint8_t raw[TPM12_PUBKEY_MAX]; /* the TPM_PUBKEY as the TPM sent it */
	size_t raw_len;
	const uint8_t *modulus; /* inside raw */
	size_t modulus_len;
	uint32_t exponent;
};

/* Reads a TPM_PUBKEY (RSA only; -EBADMSG otherwise). */
int tpm12_pubkey_parse(struct tpm12_reader *r, struct tpm12_pubkey *ret);

/* RSA-OAEP with SHA-1 and the label "TCPA", as TPM_TakeOwnership wants
 * its secrets; out holds the modulus size. */
int tpm12_pubkey_encrypt(const struct tpm12_pubkey *k, const uint8_t *in, size_t len, uint8_t *out,
			 size_t size, size_t *ret_len);

/* SHA-256 of the TPM_PUBKEY bytes. */
void tpm12_pubkey_hash(const struct tpm12_pubkey *k, uint8_t ret[32]);

/* TPM_ReadPubek with a fresh anti-replay nonce, its checksum verified
 * (-E_BUS when wrong). Refused by an owned TPM. */
int tpm12_read_pubek(struct tpm12 *t, struct tpm12_pubkey *ret);

/* TPM_OwnerReadInternalPub of the SRK, authorized by the owner. */
int tpm12_srk_pubkey(struct tpm12 *t, const uint8_t owner_auth[20], struct tpm12_pubkey *ret);
