/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Checking the TPM's EK certificate: present or not, whether its public
 * key is this TPM's endorsement key, and its chain to a CA the owner
 * trusts (the TPM maker's). */
#pragma once

#include "ek.h"

enum ek_cert_state {
	EK_CERT_ABSENT,
	EK_CERT_MATCHES, /* its key is the EK this TPM derives */
	EK_CERT_OTHER_KEY, /* a certificate for some other key */
	EK_CERT_MALFORMED, /* not a DER X.509 certificate */
};

enum ek_chain_state { EK_CHAIN_UNCHECKED, EK_CHAIN_VERIFIED, EK_CHAIN_FAILED };

struct ek_cert_report {
	enum ek_cert_state state;
	enum ek_chain_state chain;
	char chain_error[128]; /* OpenSSL's reason when the chain failed */
};

/* Reads and checks the certificate of that type; with ca (PEM text of
 * the CA's certificates, len bytes; NULL: none) also its chain. */
int ek_cert_check(struct tpm *t, enum ek_type type, const char *ca, size_t ca_len,
		  struct ek_cert_report *ret);
