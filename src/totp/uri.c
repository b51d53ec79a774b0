/* SPDX-License-Identifier: GPL-2.0-or-later */
/* otpauth URI (Google Authenticator "Key Uri Format"). */
#include "uri.h"
#include "hexdump.h"
#include "hotp.h"
#include "macro.h"
#include "secret.h"

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

#define URI_FORMAT "otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=SHA1&digits=%d&period=%d"

int totp_uri(const char *issuer, const char *account, const uint8_t *secret, size_t len,
	     struct secret *ret_uri)
{
	_cleanup_free_ char *eissuer = percent_encode(issuer);
	_cleanup_free_ char *eaccount = percent_encode(account);
	_cleanup_secret_ struct secret b32 = { 0 }, uri = { 0 };
	int n, r;

	if (!eissuer || !eaccount)
		return -ENOMEM;
	r = secret_alloc(&b32, base32_encoded_len(len, 0));
	if (r < 0)
		return r;
	base32_encode(secret, len, 0, (char *)b32.buf);
	n = snprintf(NULL, 0, URI_FORMAT, eissuer, eaccount, (char *)b32.buf, eissuer, OTP_DIGITS,
		     TOTP_STEP);
	if (n < 0 || (r = secret_alloc(&uri, (size_t)n)) < 0)
		return n < 0 ? -EINVAL : r;
	uri.len = (size_t)snprintf((char *)uri.buf, uri.size + 1, URI_FORMAT, eissuer, eaccount,
				   (char *)b32.buf, eissuer, OTP_DIGITS, TOTP_STEP);
	secret_free(ret_uri);
	*ret_uri = uri;
	uri = (struct secret){ 0 };
	return 0;
}
