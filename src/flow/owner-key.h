/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The owner's OpenPGP signing key as the factory reset uses it: made
 * anew, its public key exported for the firmware's keyring, and used to
 * sign /boot. A GnuPG home on the removable key disk implements it here;
 * an OpenPGP card (key generation on the card, signing by it) can take its
 * place behind the same three operations. */
#pragma once

#include "gpg-keygen.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

struct owner_key;

struct owner_key_ops {
	/* Makes the new key for uid, protected by passphrase ("" none). */
	int (*generate)(struct owner_key *k, const char *uid, const char *passphrase);
	/* Its public key as an OpenPGP keyring gpgv reads (a buffer to free). */
	int (*export_public)(struct owner_key *k, uint8_t **ret, size_t *ret_len);
	/* A detached signature of the data at data_fd into out_fd. */
	int (*sign)(struct owner_key *k, int data_fd, int out_fd);
};

struct owner_key {
	const struct owner_key_ops *ops;
	char id[GPG_FPR_SIZE]; /* the new key's fingerprint, once made */
	char homedir[PATH_MAX]; /* the GnuPG home (key disk) */
	char previous[PATH_MAX]; /* where a home that was there was moved, or "" */
	const char *passphrase; /* the key's, kept by the caller until done */
};

/* A key in a new GnuPG home at homedir (on the key disk). A home already
 * there is kept: generate moves it aside to homedir.before-reset-TIME
 * (k->previous) before making the new one. -ENAMETOOLONG. */
int owner_key_gpg_init(struct owner_key *k, const char *homedir);
