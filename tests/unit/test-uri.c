/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The otpauth URI that phone apps scan. */
#include "harness.h"
#include "macro.h"
#include "secret.h"
#include "uri.h"

TEST(uri_rfc_secret)
{
	_cleanup_secret_ struct secret uri = { 0 };
	ASSERT_EQ(totp_uri("heads", "x230", (const uint8_t *)"12345678901234567890", 20, &uri), 0);
	ASSERT_STREQ((char *)uri.buf,
		     "otpauth://totp/heads:x230?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
		     "&issuer=heads&algorithm=SHA1&digits=6&period=30");
}

TEST(uri_label_percent_encoded)
{
	_cleanup_secret_ struct secret uri = { 0 };
	ASSERT_EQ(totp_uri("heads", "Jo's laptop:1/2?&", (const uint8_t *)"a", 1, &uri), 0);
	ASSERT_STREQ((char *)uri.buf, "otpauth://totp/heads:Jo%27s%20laptop%3A1%2F2%3F%26?secret=ME"
				      "&issuer=heads&algorithm=SHA1&digits=6&period=30");
}

TEST(uri_utf8_label)
{
	_cleanup_secret_ struct secret uri = { 0 };
	ASSERT_EQ(totp_uri("heads", "\xc3\xa9", (const uint8_t *)"a", 1, &uri), 0);
	ASSERT(strstr((char *)uri.buf, "heads:%C3%A9?") != NULL);
}
