/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Making the owner's OpenPGP signing key with gpg in a GnuPG home (a key
 * disk's), and exporting its public key for the firmware's keyring. gpg
 * runs as gpg_sign runs it (gpg-home.h: never as root). */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* A fingerprint in hex (v4: 40 digits, v5: 64) and its NUL. */
#define GPG_FPR_SIZE 65

/* gpg --quick-gen-key uid ed25519 sign never in homedir (which must
 * exist), protected by passphrase ("" leaves the key unprotected). The
 * new key's fingerprint in ret_fpr. */
int gpg_keygen(const char *homedir, const char *uid, const char *passphrase,
	       char ret_fpr[GPG_FPR_SIZE]);

/* The public key fpr as gpg --export writes it (binary OpenPGP packets, a
 * keyring gpgv reads), at most 1 MiB, in a buffer to free. */
int gpg_export_public(const char *homedir, const char *fpr, uint8_t **ret, size_t *ret_len);
