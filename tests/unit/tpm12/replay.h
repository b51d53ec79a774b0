/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A TPM 1.2 that answers from a recording (tests/data/tpm12/NAME.txt):
 * each request must equal the recorded one byte for byte (or only in its
 * header, for requests carrying fresh RSA-OAEP padding), and gets the
 * recorded response. The nonces are the recording's (nonces.h). */
#pragma once

#include "tpm12.h"

#include <stdbool.h>

#define REPLAY_MAX 16

struct replay {
	struct {
		uint8_t req[TPM12_BUFFER_MAX], resp[TPM12_BUFFER_MAX];
		size_t req_len, resp_len;
	} ex[REPLAY_MAX];
	size_t n, next;
	bool header_only; /* compare only tag, size and ordinal */
	unsigned nonce_calls;
};

/* Loads NAME.txt into r (fails the test when unreadable). */
void replay_load(struct replay *r, const char *name);

/* A connection answered by r, with the recording's nonces. */
struct tpm12 *replay_open(struct replay *r);

/* Fails the test unless every recorded exchange was used. */
void replay_done(const struct replay *r);

/* Replays every shorter last answer of NAME through op, in r: each must
 * be refused. */
void replay_cut_answers(struct replay *r, const char *name, int (*op)(struct tpm12 *t));
