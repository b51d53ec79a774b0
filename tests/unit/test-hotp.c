/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RFC 4226 appendix D and RFC 6238 appendix B test vectors. */
#include "harness.h"
#include "hotp.h"

static const uint8_t key20[] = "12345678901234567890";
static const uint8_t key32[] = "12345678901234567890123456789012";
static const uint8_t key64[] = "1234567890123456789012345678901234567890123456789012345678901234";

TEST(rfc4226_vectors)
{
	static const uint32_t want[] = { 755224, 287082, 359152, 969429, 338314,
					 254676, 287922, 162583, 399871, 520489 };
	for (unsigned i = 0; i < 10; i++) {
		uint32_t code = 0;
		ASSERT_EQ(hotp_compute(key20, 20, i, OTP_SHA1, 6, &code), 0);
		ASSERT_EQ(code, want[i]);
	}
}

TEST(rfc4226_truncation_example)
{
	/* Section 5.4: the HMAC of the worked example gives 0x50ef7f19. */
	static const uint8_t mac[] = { 0x1f, 0x86, 0x98, 0x69, 0x0e, 0x02, 0xca, 0x16, 0x61, 0x85,
				       0x50, 0xef, 0x7f, 0x19, 0xda, 0x8e, 0x94, 0x5b, 0x55, 0x5a };
	uint32_t code = 0;
	ASSERT_EQ(hotp_truncate(mac, sizeof(mac), 6, &code), 0);
	ASSERT_EQ(code, 872921);
}

struct rfc6238 {
	int64_t t;
	uint32_t sha1, sha256, sha512;
};

TEST(rfc6238_vectors)
{
	static const struct rfc6238 v[] = {
		{ 59, 94287082, 46119246, 90693936 },
		{ 1111111109, 7081804, 68084774, 25091201 },
		{ 1111111111, 14050471, 67062674, 99943326 },
		{ 1234567890, 89005924, 91819424, 93441116 },
		{ 2000000000, 69279037, 90698825, 38618901 },
		{ 20000000000, 65353130, 77737706, 47863826 },
	};
	for (unsigned i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint64_t c = 0;
		uint32_t code = 0;
		ASSERT_EQ(totp_counter(v[i].t, 30, &c), 0);
		ASSERT_EQ(hotp_compute(key20, 20, c, OTP_SHA1, 8, &code), 0);
		ASSERT_EQ(code, v[i].sha1);
		ASSERT_EQ(hotp_compute(key32, 32, c, OTP_SHA256, 8, &code), 0);
		ASSERT_EQ(code, v[i].sha256);
		ASSERT_EQ(hotp_compute(key64, 64, c, OTP_SHA512, 8, &code), 0);
		ASSERT_EQ(code, v[i].sha512);
	}
}

TEST(rfc6238_counter_hex)
{
	/* The table's T column: 1111111109 -> 0x23523EC. */
	uint64_t c = 0;
	ASSERT_EQ(totp_counter(1111111109, 30, &c), 0);
	ASSERT_EQ(c, 0x23523EC);
	ASSERT_EQ(totp_counter(20000000000LL, 30, &c), 0);
	ASSERT_EQ(c, 0x27BC86AA);
}

TEST(negative_time_refused)
{
	uint64_t c = 0;
	ASSERT(totp_counter(-1, 30, &c) < 0);
	ASSERT(totp_counter(5, 0, &c) < 0);
}

TEST(format_pads_zeros)
{
	char text[OTP_MAX_DIGITS + 1];
	otp_format(123, 6, text);
	ASSERT_STREQ(text, "000123");
	otp_format(7081804, 8, text);
	ASSERT_STREQ(text, "07081804");
}

TEST(truncate_rejects_bad_input)
{
	uint8_t mac[20] = { 0 };
	uint32_t code;
	ASSERT(hotp_truncate(mac, 19, 6, &code) < 0);
	ASSERT(hotp_truncate(mac, 20, 0, &code) < 0);
	ASSERT(hotp_truncate(mac, 20, 10, &code) < 0);
}

TEST(counter_bytes_big_endian)
{
	uint8_t b[8];
	hotp_counter_bytes(0x0102030405060708ULL, b);
	ASSERT_EQ(b[0], 1);
	ASSERT_EQ(b[7], 8);
}
