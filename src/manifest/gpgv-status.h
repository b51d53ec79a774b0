/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Interpretation of gpgv's machine-readable --status-fd output: the only
 * place its keywords are read. Pure: takes a buffer. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define GPGV_FPR_MAX 64
#define GPGV_UID_MAX 255

struct gpgv_status {
	unsigned newsig, goodsig, validsig;
	bool badsig, errsig, no_pubkey, expkeysig, revkeysig, expsig, nodata, weak_digest;
	char fingerprint[GPGV_FPR_MAX + 1]; /* primary key of the last VALIDSIG */
	char keyid[GPGV_FPR_MAX + 1]; /* key named by the last signature line */
	char uid[GPGV_UID_MAX + 1]; /* user id, control bytes replaced by '?' */
};

enum gpgv_verdict {
	GPGV_GOOD, /* every signature good, by a key in the keyring */
	GPGV_NO_SIGNATURE, /* no OpenPGP signature at all: truncated or garbage */
	GPGV_UNKNOWN_KEY, /* made by a key that is not in the keyring */
	GPGV_BAD, /* the manifest is not what was signed */
	GPGV_EXPIRED_KEY,
	GPGV_REVOKED_KEY,
	GPGV_EXPIRED_SIG,
	GPGV_WEAK_DIGEST, /* MD5, SHA-1 or RIPEMD-160 */
	GPGV_ERROR, /* anything else gpgv could not check */
};

/* Collects the status lines in buf (any bytes; lines that do not start
 * with "[GNUPG:] " are ignored). */
void gpgv_status_parse(const char *buf, size_t len, struct gpgv_status *ret);

/* The verdict: good only when there is at least one signature, every one
 * of them GOODSIG with a VALIDSIG, and no failure keyword at all. */
enum gpgv_verdict gpgv_status_verdict(const struct gpgv_status *s);

/* A sentence for the verdict, for messages. */
const char *gpgv_verdict_text(enum gpgv_verdict v);
