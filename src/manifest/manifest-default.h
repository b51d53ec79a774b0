/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which default boot entry a new signing records. The current manifest's
 * default is carried over only when that manifest is the owner's: its
 * signature verifies against the owner's keyring and its rollback counter
 * is current for this TPM. An unsigned, foreign or rolled-back manifest
 * names no default of the next signed state. */
#pragma once

#include "manifest-binding.h"
#include "tpm.h"

enum manifest_default_source {
	MANIFEST_DEFAULT_NONE, /* no default: none given, or the verified manifest names none */
	MANIFEST_DEFAULT_GIVEN, /* the caller named it */
	MANIFEST_DEFAULT_KEPT, /* the verified current manifest's */
	MANIFEST_DEFAULT_NO_MANIFEST, /* there is no current manifest */
	MANIFEST_DEFAULT_NO_KEYRING, /* no keyring to verify the current manifest with: not kept */
	MANIFEST_DEFAULT_UNVERIFIED, /* the current manifest does not verify: not kept */
};

struct manifest_default {
	enum manifest_default_source source;
	int error; /* UNVERIFIED: why (-E_SIGNATURE, -E_ROLLBACK, -EBADMSG, ...) */
	char *title; /* GIVEN, KEPT: the entry's title; else NULL */
};

/* The default the current manifest below root_fd passes on: KEPT (with
 * its title) or NONE when it verifies against keyring and the TPM t, else
 * NO_MANIFEST, NO_KEYRING (keyring NULL) or UNVERIFIED. Returns 0 with
 * *ret filled, or -ENOMEM. */
int manifest_default_current(int root_fd, struct tpm *t, const char *keyring,
			     struct manifest_default *ret);

/* The same with the TPM's facts read already (a TPM 1.2's, by the front
 * end). */
int manifest_default_current_facts(int root_fd, const struct manifest_tpm_facts *f,
				   const char *keyring, struct manifest_default *ret);

/* A default the caller names: GIVEN, or NONE for NULL or "". -EINVAL for
 * a title no manifest can hold. */
int manifest_default_given(const char *title, struct manifest_default *ret);

/* Why an UNVERIFIED manifest's default was not kept, as a phrase ("it is
 * unsigned, or signed by a key not in the keyring", ...). */
const char *manifest_default_unverified_reason(const struct manifest_default *d);

void manifest_default_done(struct manifest_default *d);
