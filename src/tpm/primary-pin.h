/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pin of the TPM primary key: which key secrets may be salted to.
 * Before a secret or an authorization value is sent, the key the TPM
 * presents must be the pinned one: the pin of the last verified manifest
 * (its primary-key line), a pin the owner states, or the one kept with the
 * owner's files (STATEDIR/primary-key). Without any pin the key presented
 * at the first enrolment becomes the pin; a different key needs the
 * owner's explicit confirmation. The decision is made here once; each
 * front end chooses its words and how it asks. */
#pragma once

#include "primary-hash.h"

#include <stdbool.h>

#define PRIMARY_PIN_FILE "primary-key"
/* "sha256:" and 64 hex digits. */
#define PRIMARY_PIN_TEXT_SIZE (7 + 2 * TPM_PRIMARY_HASH_SIZE + 1)

enum primary_pin_state {
	PRIMARY_PIN_FIRST, /* no pin anywhere: the presented key becomes the pin */
	PRIMARY_PIN_MATCH, /* the presented key is the pinned one */
	PRIMARY_PIN_CHANGED, /* it is not: only the owner's confirmation lets it on */
};

enum primary_pin_source {
	PRIMARY_PIN_NONE,
	PRIMARY_PIN_SIGNED, /* the primary-key line of a verified manifest */
	PRIMARY_PIN_STATED, /* stated by the owner */
	PRIMARY_PIN_KEPT, /* STATEDIR/primary-key */
};

struct primary_pin {
	enum primary_pin_state state;
	enum primary_pin_source source;
	uint8_t expected[TPM_PRIMARY_HASH_SIZE]; /* unless PRIMARY_PIN_FIRST */
	uint8_t presented[TPM_PRIMARY_HASH_SIZE];
};

/* "sha256:HEX" (64 hex digits, either case) into a hash; -EINVAL if not. */
int primary_pin_parse(const char *text, uint8_t ret[TPM_PRIMARY_HASH_SIZE]);
void primary_pin_format(const uint8_t pin[TPM_PRIMARY_HASH_SIZE], char buf[PRIMARY_PIN_TEXT_SIZE]);

/* The pin kept in STATEDIR/primary-key: -ENOENT when there is none,
 * -EBADMSG when the file is not one line "sha256:HEX". */
int primary_pin_read(const char *statedir, uint8_t ret[TPM_PRIMARY_HASH_SIZE]);

/* Loads and checks the primary key (tpm_primary_verify: this TPM's own
 * storage key, our template) and compares its hash with given (NULL: none
 * given; else its source, SIGNED or STATED), else with the pin kept in
 * statedir. Sends no secret. A kept pin that cannot be read is an error,
 * never "first". */
int primary_pin_check(struct tpm *t, const uint8_t *given, enum primary_pin_source source,
		      const char *statedir, struct primary_pin *ret);

/* Lets the checked key carry secrets in this process: always for MATCH and
 * FIRST, for CHANGED only with accept_changed (the owner confirmed the key
 * presented); otherwise -E_PRIMARY. The key must still be the one checked. */
int primary_pin_accept(struct tpm *t, const struct primary_pin *p, bool accept_changed);

/* Keeps the presented key as STATEDIR/primary-key (making STATEDIR, one
 * level, if needed), after primary_pin_accept and once the secret is
 * enrolled: a first pin, an accepted new key, or one the owner stated,
 * unless the file already holds it. A match with the kept or the signed
 * pin writes nothing (the signed state of /boot stays as it was). */
int primary_pin_keep(const char *statedir, const struct primary_pin *p);

/* 0 when primary_pin_accept let the primary key on in this process (first
 * asking t->approve_primary, when set), else -E_PRIMARY: the enrolment
 * flows call it before any secret is sent. */
int tpm_primary_require_pinned(struct tpm *t);

/* The same, and the hash of that key: what signing records as the
 * manifest's primary-key line. */
int tpm_primary_pinned_hash(struct tpm *t, uint8_t out[TPM_PRIMARY_HASH_SIZE]);
