/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hex and base32: RFC 4648 section 10 vectors and edge cases. */
#include "harness.h"
#include "hexdump.h"

#include <errno.h>

static const char *const plain[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
static const char *const padded[] = { "",	  "MY======", "MZXQ====",	 "MZXW6===",
				      "MZXW6YQ=", "MZXW6YTB", "MZXW6YTBOI======" };
static const char *const unpadded[] = { "",	   "MY",       "MZXQ",	    "MZXW6",
					"MZXW6YQ", "MZXW6YTB", "MZXW6YTBOI" };

TEST(base32_rfc4648_encode)
{
	for (unsigned i = 0; i < 7; i++) {
		char out[32];
		size_t len = strlen(plain[i]);
		base32_encode((const uint8_t *)plain[i], len, 1, out);
		ASSERT_STREQ(out, padded[i]);
		ASSERT_EQ(base32_encoded_len(len, 1), strlen(padded[i]));
		base32_encode((const uint8_t *)plain[i], len, 0, out);
		ASSERT_STREQ(out, unpadded[i]);
		ASSERT_EQ(base32_encoded_len(len, 0), strlen(unpadded[i]));
	}
}

TEST(base32_rfc4648_decode)
{
	for (unsigned i = 0; i < 7; i++) {
		uint8_t out[16];
		size_t len = 99;
		ASSERT_EQ(base32_decode(padded[i], out, sizeof(out), &len), 0);
		ASSERT_EQ(len, strlen(plain[i]));
		ASSERT(memcmp(out, plain[i], len) == 0);
		ASSERT_EQ(base32_decode(unpadded[i], out, sizeof(out), &len), 0);
		ASSERT_EQ(len, strlen(plain[i]));
	}
}

TEST(base32_lower_case_accepted)
{
	uint8_t out[8];
	size_t len = 0;
	ASSERT_EQ(base32_decode("mzxw6ytboi", out, sizeof(out), &len), 0);
	ASSERT_EQ(len, 6);
	ASSERT(memcmp(out, "foobar", 6) == 0);
}

TEST(base32_malformed_refused)
{
	static const char *const bad[] = {
		"M", /* one character cannot hold a byte */
		"MZX", /* three characters: not a valid tail */
		"MZXW6Y", /* six: not a valid tail */
		"MZ======", /* non-zero leftover bits */
		"MY=====", /* padding not to a multiple of 8 */
		"MY=======A", /* data after padding */
		"MZXW6YT1", /* '1' is not in the alphabet */
		"MZXW 6YTB", /* spaces are not base32 */
		"========", /* padding only */
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t out[16];
		size_t len;
		if (base32_decode(bad[i], out, sizeof(out), &len) != -EINVAL)
			FAILF("accepted \"%s\"", bad[i]);
	}
}

TEST(base32_output_too_small)
{
	uint8_t out[5];
	size_t len;
	ASSERT_EQ(base32_decode("MZXW6YTBOI", out, sizeof(out), &len), -ENOBUFS);
}

TEST(base32_20_byte_secret_round_trip)
{
	uint8_t secret[20], back[20];
	char text[40];
	size_t len = 0;
	for (unsigned i = 0; i < 20; i++)
		secret[i] = (uint8_t)(i * 37 + 255);
	base32_encode(secret, 20, 0, text);
	ASSERT_EQ(strlen(text), 32);
	ASSERT_EQ(base32_decode(text, back, sizeof(back), &len), 0);
	ASSERT_EQ(len, 20);
	ASSERT(memcmp(secret, back, 20) == 0);
}

TEST(hex_round_trip_and_errors)
{
	uint8_t in[4] = { 0x00, 0xab, 0x7f, 0xff }, out[4];
	char text[9];
	hex_encode(in, 4, text);
	ASSERT_STREQ(text, "00ab7fff");
	ASSERT_EQ(hex_decode("00AB7fff", out, 4), 0);
	ASSERT(memcmp(in, out, 4) == 0);
	ASSERT_EQ(hex_decode("00ab7ff", out, 4), -EINVAL);
	ASSERT_EQ(hex_decode("00ab7fgf", out, 4), -EINVAL);
}
