/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Authorization sessions: OIAP (keyed with the entity's authorization
 * value) and OSAP (keyed with a secret shared from it), with rolling
 * nonces, HMAC-SHA1 trailers, and ADIP: new secrets sent XORed with
 * SHA1(sharedSecret || nonceEven). */
#pragma once

#include "tpm12-cmd.h"

#include <stdbool.h>

#define TPM12_ET_KEYHANDLE 0x0001u
#define TPM12_ET_OWNER 0x0002u
#define TPM12_ET_SRK 0x0004u
#define TPM12_ET_COUNTER 0x000Au
#define TPM12_KH_SRK 0x40000000u
#define TPM12_KH_OWNER 0x40000001u

struct tpm12_session {
	struct tpm12 *t;
	uint32_t handle; /* 0 once the TPM ended the session */
	uint8_t key[TPM12_DIGEST_SIZE]; /* the HMAC key: a secret, wiped */
	uint8_t nonce_even[TPM12_DIGEST_SIZE];
	uint8_t nonce_odd[TPM12_DIGEST_SIZE];
	bool cont; /* continueAuthSession for the next command */
};

/* The well-known authorization value (20 zero bytes). */
extern const uint8_t tpm12_well_known_auth[TPM12_DIGEST_SIZE];

/* The authorization value for a passphrase: its SHA-1, as the original's
 * tools derive it. */
void tpm12_auth_from_bytes(const void *p, size_t len, uint8_t ret[TPM12_DIGEST_SIZE]);

int tpm12_oiap(struct tpm12 *t, const uint8_t auth[TPM12_DIGEST_SIZE], struct tpm12_session *ret);
int tpm12_osap(struct tpm12 *t, uint16_t entity_type, uint32_t entity_value,
	       const uint8_t auth[TPM12_DIGEST_SIZE], struct tpm12_session *ret);

/* An OSAP session under the owner (owner_auth) for a command that sets a
 * new authorization value: new_auth in the form it carries (ADIP) goes to
 * enc. */
int tpm12_osap_owner_new_auth(struct tpm12 *t, const uint8_t owner_auth[TPM12_DIGEST_SIZE],
			      const uint8_t new_auth[TPM12_DIGEST_SIZE], struct tpm12_session *ret,
			      uint8_t enc[TPM12_DIGEST_SIZE]);

/* secret XORed with SHA1(sharedSecret || nonceEven): the form an OSAP
 * session carries a new authorization value in. */
void tpm12_adip(const struct tpm12_session *s, const uint8_t secret[TPM12_DIGEST_SIZE],
		uint8_t ret[TPM12_DIGEST_SIZE]);

/* The trailer for a command whose parameter digest is given, with a
 * fresh nonceOdd (session.c is the only user; tests check it). */
int tpm12_session_trailer(struct tpm12_session *s, const uint8_t param_digest[TPM12_DIGEST_SIZE],
			  struct tpm12_writer *w);
/* Checks a response trailer and rolls the nonces (-E_BUS on a bad HMAC). */
int tpm12_session_check(struct tpm12_session *s, const uint8_t param_digest[TPM12_DIGEST_SIZE],
			const uint8_t trailer[TPM12_RESP_AUTH_SIZE]);

/* Runs one command authorized by a new OIAP session keyed with auth,
 * which ends with it; a TPM_RESULT becomes its reason, the command named
 * what. */
int tpm12_run_oiap(struct tpm12 *t, const uint8_t auth[TPM12_DIGEST_SIZE], struct tpm12_cmd *c,
		   const char *what, struct tpm12_resp *resp);

/* Flushes the session if the TPM still holds it, and wipes its key. */
void tpm12_session_end(struct tpm12_session *s);
#define _cleanup_tpm12_session_ _cleanup_(tpm12_session_end)
