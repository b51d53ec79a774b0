/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Judging an attestation file, as a remote verifier does: the signature
 * with the AK the verifier enrolled, its nonce, the PCR values against
 * the quoted digest, the event logs replayed against the quoted PCRs, and
 * optionally the PCRs and events against a golden file. Every check is
 * made and reported; the front end chooses the words. */
#pragma once

#include "attest-file.h"
#include "eventlog.h"
#include "replay.h"

#include <openssl/evp.h>

struct attest_verdict {
	int signature_ok; /* the quote verifies with the given AK */
	int ak_matches; /* the file's own AK is the given one */
	int nonce_ok; /* the quote carries the verifier's nonce */
	int pcrs_ok; /* the file's PCR values are the ones quoted */
	uint32_t quoted; /* PCRs the quote covers */
	uint32_t log_mismatch; /* quoted PCRs the logs do not add up to */
	struct eventlog log; /* the file's events (firmware's, then payload's) */
	struct replay replayed;
	int have_golden;
	uint32_t golden_mismatch; /* quoted PCRs that differ from the golden values */
	struct eventlog golden_log;
	uint64_t clock, reset_count; /* from the quote, for the report */
};

void attest_verdict_free(struct attest_verdict *v);
#define _cleanup_attest_verdict_ __attribute__((cleanup(attest_verdict_free)))

/* The parts the verdict needs from the person: the AK and the nonce. */
struct attest_expect {
	EVP_PKEY *ak;
	const uint8_t *nonce;
	size_t nonce_len;
	const struct attest_file *golden; /* NULL: no golden comparison */
};

/* Runs every check into ret. -EBADMSG when the file cannot be judged
 * (no quote, a malformed quote or log): *ret_what then names the part. */
int attest_verify(const struct attest_file *f, const struct attest_expect *e,
		  struct attest_verdict *ret, const char **ret_what);

/* The reason to report, in order of weight: E_SIGNATURE (signature, or
 * another AK), E_ROLLBACK (another nonce: a replayed quote), E_DIFFERS (the
 * PCR values or logs in the file are not what the TPM quoted), E_SEALED
 * (the quoted state differs from the golden one), else 0. */
int attest_verdict_reason(const struct attest_verdict *v);

/* A golden file from a trusted attestation file: its PCR values and
 * logs. -E_DIFFERS when its logs do not replay to its PCR values. */
int attest_golden_from(const struct attest_file *f, struct attest_file *ret);

/* Parses the file's logs (firmware's, then payload's) into log. */
int attest_file_events(const struct attest_file *f, struct eventlog *log);
