/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads sign`: writes the manifest of BOOTDIR, its detached signature
 * and advances the TPM rollback counter, in an order that leaves a
 * verifying state after a power cut at any point (doc/manifest.md). */
#pragma once

#include "gpg-sign.h"
#include "manifest-default.h"
#include "manifest.h"
#include "sha.h"
#include "tpm.h"

/* Makes the detached signature of the data at data_fd into out_fd (as
 * gpg_sign does): another signer than gpg with a GnuPG home, e.g. a key
 * the factory reset just made. */
typedef int (*manifest_signer_fn)(void *userdata, int data_fd, int out_fd);

/* The TPM binding from another TPM than a TPM 2.0 (a TPM 1.2, which this
 * module does not speak): the front end's functions. */
struct manifest_binder {
	/* The hash of the key the front end checked against its pin. */
	int (*pin)(void *userdata, uint8_t ret[SHA256_SIZE]);
	/* The counter's value, creating it when there is none. */
	int (*counter)(void *userdata, uint64_t *ret);
	/* Increments it until it is at least target; its final value. */
	int (*advance)(void *userdata, uint64_t target, uint64_t *ret);
	void *userdata;
};

struct manifest_sign_options {
	struct gpg_sign_options gpg;
	manifest_signer_fn signer; /* NULL: gpg_sign with gpg */
	void *signer_data;
	const char *default_entry; /* with set_default: NULL or "" clears it */
	bool set_default; /* else the current manifest's is kept, if it verifies */
	const char *keyring; /* the owner's keyring, to verify the current manifest
				with (manifest-default.h); NULL: nothing is kept */
	const struct manifest_fs *fs; /* the file system to pin, or NULL: none */
	const struct manifest_binder *binder; /* NULL: the TPM 2.0 given */
};

struct manifest_sign_result {
	uint64_t counter;
	size_t n_files, n_symlinks;
	struct manifest_default default_entry; /* what was signed, and why */
};

void manifest_sign_result_done(struct manifest_sign_result *r);

/* The primary key recorded is the one the front end let on
 * (primary_pin_accept); without that, -E_PRIMARY before any manifest is
 * written. */
int manifest_sign(int root_fd, struct tpm *t, const struct manifest_sign_options *o,
		  struct manifest_sign_result *ret);
