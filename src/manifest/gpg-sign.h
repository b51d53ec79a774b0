/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Making the detached signature with the owner's gpg (key file or
 * OpenPGP smartcard, PIN asked through gpg-agent's pinentry). */
#pragma once

struct gpg_sign_options {
	const char *homedir; /* NULL: gpg's default ($GNUPGHOME, ~/.gnupg) */
	const char *key; /* NULL: gpg's default signing key */
	const char *passphrase; /* NULL: gpg-agent's pinentry asks; else the key's
				   passphrase, handed to gpg on a pipe (loopback) */
};

/* Signs the data readable at data_fd (from its start) and writes an
 * ASCII-armoured detached SHA-256 signature to out_fd. */
int gpg_sign(const struct gpg_sign_options *o, int data_fd, int out_fd);

/* A memory file holding passphrase as gpg reads it from --passphrase-fd
 * (one line), positioned at its start; -errno. */
int gpg_passphrase_fd(const char *passphrase);
