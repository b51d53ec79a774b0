/* SPDX-License-Identifier: GPL-2.0-or-later */
/* otpauth URI (Google Authenticator "Key Uri Format"). */
#include "uri.h"
#include "hexdump.h"
#include "hotp.h"
#include "macro.h"

#include <stdio.h>

/* RFC 3986 unreserved characters stay; everything else is %XX. */
static int unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

static char *percent_encode(const char *s)
{
	char *out = malloc(strlen(s) * 3 + 1), *o = out;

	if (!out)
		return NULL;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (unreserved(c))
			*o++ = (char)c;
		else
			o += sprintf(o, "%%%02X", c);
	}
	*o = '\0';
	return out;
}

int totp_uri(const char *issuer, const char *account, const uint8_t *secret, size_t len,
	     char **ret_uri)
{
	_cleanup_free_ char *eissuer = percent_encode(issuer);
	_cleanup_free_ char *eaccount = percent_encode(account);
	_cleanup_erase_ char *b32 = malloc(base32_encoded_len(len, 0) + 1);
	char *uri = NULL;

	if (!eissuer || !eaccount || !b32)
		return -ENOMEM;
	base32_encode(secret, len, 0, b32);
	if (asprintf(&uri,
		     "otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=SHA1&digits=%d&period=%d",
		     eissuer, eaccount, b32, eissuer, OTP_DIGITS, TOTP_STEP) < 0)
		return -ENOMEM;
	*ret_uri = uri;
	return 0;
}
