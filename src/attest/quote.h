/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Making an attestation: the AK's quote over the sha256 PCRs with the
 * verifier's nonce, the PCR values, the AK's public key, the EK
 * certificate when the TPM holds one, and the event logs. */
#pragma once

#include "attest-file.h"
#include "tpm.h"

/* PCRs quoted unless asked otherwise: the firmware's and the payload's
 * (0-7), and 9 when a log extends it (the kernel's EFI stub measures the
 * payload's initrd and command line there). */
#define ATTEST_DEFAULT_PCRS 0xffu
#define ATTEST_NONCE_MAX 64u

struct quote_request {
	const uint8_t *nonce;
	size_t nonce_len; /* 1 to ATTEST_NONCE_MAX */
	uint32_t mask; /* 0: the default */
	const char *firmware_log; /* logs_firmware_path()'s answer */
	const char *rundir;
};

int attest_quote(struct tpm *t, const struct quote_request *req, struct attest_file *ret);

/* The AK's public key as PEM text, creating the AK on first use. */
int attest_ak_pem(struct tpm *t, char **ret, size_t *ret_len);
