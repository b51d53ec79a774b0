/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RFC 4226 (HOTP) and RFC 6238 (TOTP) as pure functions. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum otp_hash { OTP_SHA1, OTP_SHA256, OTP_SHA512 };

#define TOTP_STEP 30
#define OTP_DIGITS 6
#define OTP_MAX_DIGITS 9

/* Dynamic truncation (RFC 4226 section 5.3) of an HMAC result to a code of
 * `digits` decimal digits. -EINVAL for a short MAC or bad digit count. */
int hotp_truncate(const uint8_t *mac, size_t len, unsigned digits, uint32_t *ret_code);

/* The 8-byte big-endian counter that is HMAC'd. */
void hotp_counter_bytes(uint64_t counter, uint8_t out[8]);

/* HOTP(key, counter) computed in software. */
int hotp_compute(const uint8_t *key, size_t keylen, uint64_t counter, enum otp_hash hash,
		 unsigned digits, uint32_t *ret_code);

/* The TOTP time step for a Unix time (T0 = 0). Times before 1970 are
 * refused with -ERANGE. */
int totp_counter(int64_t unix_time, unsigned step, uint64_t *ret_counter);

/* Zero-padded decimal text of the code ("000123"). */
void otp_format(uint32_t code, unsigned digits, char out[OTP_MAX_DIGITS + 1]);
