/* SPDX-License-Identifier: GPL-2.0-or-later */
/* HOTP/TOTP arithmetic (RFC 4226, RFC 6238); the HMAC comes from OpenSSL
 * here, or from the TPM in totp-tpm.c. */
#include "hotp.h"

#include <errno.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>

static const uint32_t powers_of_ten[] = { 1,	  10,	   100,	     1000,	10000,
					  100000, 1000000, 10000000, 100000000, 1000000000 };

int hotp_truncate(const uint8_t *mac, size_t len, unsigned digits, uint32_t *ret_code)
{
	unsigned offset;
	uint32_t bin;

	if (len < 20 || digits < 1 || digits > OTP_MAX_DIGITS)
		return -EINVAL;
	offset = mac[len - 1] & 0x0f;
	bin = (uint32_t)(mac[offset] & 0x7f) << 24 | (uint32_t)mac[offset + 1] << 16 |
	      (uint32_t)mac[offset + 2] << 8 | mac[offset + 3];
	*ret_code = bin % powers_of_ten[digits];
	return 0;
}

void hotp_counter_bytes(uint64_t counter, uint8_t out[8])
{
	for (int i = 7; i >= 0; i--) {
		out[i] = (uint8_t)counter;
		counter >>= 8;
	}
}

static const EVP_MD *otp_md(enum otp_hash hash)
{
	switch (hash) {
	case OTP_SHA256:
		return EVP_sha256();
	case OTP_SHA512:
		return EVP_sha512();
	default:
		return EVP_sha1();
	}
}

int hotp_compute(const uint8_t *key, size_t keylen, uint64_t counter, enum otp_hash hash,
		 unsigned digits, uint32_t *ret_code)
{
	uint8_t msg[8], mac[EVP_MAX_MD_SIZE];
	unsigned maclen = 0;
	int r;

	hotp_counter_bytes(counter, msg);
	if (!HMAC(otp_md(hash), key, (int)keylen, msg, sizeof(msg), mac, &maclen))
		return -EIO;
	r = hotp_truncate(mac, maclen, digits, ret_code);
	explicit_bzero(mac, sizeof(mac));
	return r;
}

int totp_counter(int64_t unix_time, unsigned step, uint64_t *ret_counter)
{
	if (unix_time < 0 || step == 0)
		return -ERANGE;
	*ret_counter = (uint64_t)unix_time / step;
	return 0;
}

void otp_format(uint32_t code, unsigned digits, char out[OTP_MAX_DIGITS + 1])
{
	if (digits > OTP_MAX_DIGITS)
		digits = OTP_MAX_DIGITS;
	out[digits] = '\0';
	for (unsigned i = digits; i > 0; i--) {
		out[i - 1] = (char)('0' + code % 10);
		code /= 10;
	}
}
