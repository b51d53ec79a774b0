/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The otpauth:// URI phone authenticator apps scan at enrolment. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "secret.h"

/* Builds otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&
 * algorithm=SHA1&digits=6&period=30 with the label and issuer
 * percent-encoded. The result carries the secret: a NUL-terminated
 * string in ret_uri->buf, wiped whole by secret_free. */
int totp_uri(const char *issuer, const char *account, const uint8_t *secret, size_t len,
	     struct secret *ret_uri);
