/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Checking a detached OpenPGP signature with gpgv against one keyring. */
#pragma once

#include "gpgv-status.h"

#include <stddef.h>

/* Checks that the keyring file exists, is a non-empty regular file and is
 * not ASCII-armoured (gpgv reads binary keyrings only). -ENOENT, -EINVAL
 * with a message saying which. */
int gpgv_keyring_check(const char *keyring);

/* Runs gpgv with a fixed environment on the data and signature given in
 * memory (so it checks exactly the bytes the caller parses) and the
 * keyring file, and returns the interpreted status. Returns 0 when gpgv
 * ran (the verdict is in *ret), or -errno when it could not run. */
int gpgv_verify(const char *keyring, const char *data, size_t data_len, const char *sig,
		size_t sig_len, struct gpgv_status *ret);
