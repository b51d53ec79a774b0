/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM 1.2 encoding and decoding without a TPM: bounded marshalling, the
 * spec string, PCR composites and ADIP against values computed
 * independently (Python's hashlib), the TCG 1.2 event log format, the
 * structures the TPM answers with, and TPM_RESULT reasons. */
#include "errors.h"
#include "harness.h"
#include "tpm12-cap.h"
#include "tpm12-counter.h"
#include "tpm12-da.h"
#include "tpm12-eventlog.h"
#include "tpm12-marshal.h"
#include "tpm12-pcr.h"
#include "tpm12-result.h"
#include "tpm12-seal.h"
#include "tpm12-session.h"
#include "tpm12-spec.h"

#include <stdio.h>
#include <string.h>

static void unhex(const char *s, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			FAILF("bad hex");
		out[i] = (uint8_t)v;
	}
}

TEST(writer_overflow_is_sticky)
{
	static struct tpm12_writer w;

	for (size_t i = 0; i < TPM12_BUFFER_MAX / 4; i++)
		tpm12_put_u32(&w, (uint32_t)i);
	ASSERT(!w.overflow);
	tpm12_put_u8(&w, 1);
	ASSERT(w.overflow);
	ASSERT_EQ(w.len, TPM12_BUFFER_MAX);
}

TEST(writer_big_endian)
{
	static struct tpm12_writer w;
	static const uint8_t want[] = { 0xab, 0x01, 0x02, 0x01, 0x02, 0x03, 0x04,
					0,    0,    0,	  2,	'h',  'i' };

	tpm12_put_u8(&w, 0xab);
	tpm12_put_u16(&w, 0x0102);
	tpm12_put_u32(&w, 0x01020304);
	tpm12_put_sized(&w, "hi", 2);
	ASSERT_EQ(w.len, sizeof(want));
	ASSERT(memcmp(w.buf, want, sizeof(want)) == 0);
}

TEST(reader_never_reads_past_the_end)
{
	static const uint8_t buf[] = { 0, 0, 0, 5, 'a', 'b', 'c' };
	struct tpm12_reader r = TPM12_READER(buf, sizeof(buf));
	const uint8_t *p;
	uint32_t v;
	size_t n;

	ASSERT_EQ(tpm12_get_sized(&r, 100, &p, &n), -EBADMSG); /* says 5, has 3 */
	r = TPM12_READER(buf, 3);
	ASSERT_EQ(tpm12_get_u32(&r, &v), -EBADMSG);
	ASSERT_EQ(r.off, 0);
	r = TPM12_READER(buf, sizeof(buf));
	ASSERT_EQ(tpm12_get_sized(&r, 4, &p, &n), -EBADMSG); /* over the cap */
}

TEST(spec_strings)
{
	struct tpm12_spec s;

	ASSERT_EQ(tpm12_spec_parse("device", &s), 0);
	ASSERT(!s.socket);
	ASSERT_STREQ(s.path, "/dev/tpm0");
	ASSERT_EQ(tpm12_spec_parse("device:/dev/tpm1", &s), 0);
	ASSERT_STREQ(s.path, "/dev/tpm1");
	ASSERT_EQ(tpm12_spec_parse("swtpm:host=localhost,port=2400", &s), 0);
	ASSERT(s.socket);
	ASSERT_STREQ(s.host, "localhost");
	ASSERT_EQ(s.port, 2400);
	ASSERT_EQ(tpm12_spec_parse("swtpm:port=2400", &s), 0);
	ASSERT_STREQ(s.host, "127.0.0.1");
	ASSERT_EQ(tpm12_spec_parse("swtpm", &s), 0);
	ASSERT_EQ(s.port, 2321);
	ASSERT_EQ(tpm12_spec_parse("mssim:port=2321", &s), -EINVAL);
	ASSERT_EQ(tpm12_spec_parse("swtpm:port=0", &s), -EINVAL);
	ASSERT_EQ(tpm12_spec_parse("swtpm:port=65535", &s), -EINVAL);
	ASSERT_EQ(tpm12_spec_parse("swtpm:port=-1", &s), -EINVAL);
	ASSERT_EQ(tpm12_spec_parse("swtpm:port=12x", &s), -EINVAL);
	ASSERT_EQ(tpm12_spec_parse("swtpm:colour=blue", &s), -EINVAL);
	ASSERT_EQ(tpm12_spec_parse("device:", &s), -EINVAL);
	ASSERT_EQ(tpm12_spec_parse("devices", &s), -EINVAL);
}

TEST(pcr_composite_and_extend)
{
	tpm12_pcr_values v = { { 0 } };
	uint8_t got[20], want[20], d1[20];

	/* SHA1(00 03 01 04 00 || 00000028 || 40 zero bytes) */
	tpm12_pcr_composite((1u << 0) | (1u << 10), v, got);
	unhex("3057f1e074f72e7ddfb20e586d5e4f5ea791c4c6", want, 20);
	ASSERT(memcmp(got, want, 20) == 0);
	for (int i = 0; i < 20; i++)
		d1[i] = (uint8_t)(i + 1);
	tpm12_pcr_extend_value(v[0], d1, got);
	unhex("5f420e04958b2e3f1807391e99d9492c67aaeffd", want, 20);
	ASSERT(memcmp(got, want, 20) == 0);
}

TEST(adip)
{
	struct tpm12_session s = { 0 };
	uint8_t secret[20], enc[20], back[20], want[20];

	for (int i = 0; i < 20; i++) {
		s.key[i] = (uint8_t)i;
		s.nonce_even[i] = (uint8_t)(100 + i);
		secret[i] = 0xaa;
	}
	tpm12_adip(&s, secret, enc);
	unhex("d2f4a69dad2bcb851401d2f45758fd3bc9d6da9e", want, 20);
	ASSERT(memcmp(enc, want, 20) == 0);
	tpm12_adip(&s, enc, back);
	ASSERT(memcmp(back, secret, 20) == 0);
}

TEST(eventlog_round_trip)
{
	uint8_t buf[256];
	size_t n1, n2, off = 0;
	struct tpm12_event e = { .pcr = 7,
				 .type = TPM12_EV_IPL,
				 .data = (const uint8_t *)"file",
				 .data_len = 4 },
			   f = { .pcr = 4, .type = TPM12_EV_NO_ACTION }, got;
	tpm12_pcr_values v;
	uint32_t mask;

	memset(e.digest, 0x11, 20);
	ASSERT_EQ(tpm12_event_encode(&e, buf, sizeof(buf), &n1), 0);
	ASSERT_EQ(n1, 36);
	/* Little-endian fields: PCR index, type, digest, size, data. */
	ASSERT(buf[0] == 7 && buf[1] == 0 && buf[4] == 0x0d && buf[28] == 4);
	ASSERT(memcmp(buf + 32, "file", 4) == 0);
	ASSERT_EQ(tpm12_event_encode(&f, buf + n1, sizeof(buf) - n1, &n2), 0);
	ASSERT_EQ(tpm12_event_next(buf, n1 + n2, &off, &got), 1);
	ASSERT_EQ(got.pcr, 7);
	ASSERT_EQ(got.data_len, 4);
	ASSERT(memcmp(got.data, "file", 4) == 0);
	ASSERT_EQ(tpm12_event_next(buf, n1 + n2, &off, &got), 1);
	ASSERT_EQ(got.type, TPM12_EV_NO_ACTION);
	ASSERT_EQ(tpm12_event_next(buf, n1 + n2, &off, &got), 0);
	ASSERT_EQ(tpm12_eventlog_replay(buf, n1 + n2, v, &mask), 0);
	ASSERT_EQ(mask, 1u << 7); /* EV_NO_ACTION extends nothing */
	ASSERT_EQ(tpm12_event_encode(&e, buf, 35, &n1), -ENOBUFS);
}

TEST(eventlog_malformed)
{
	uint8_t buf[64] = { 0 };
	struct tpm12_event e;
	size_t off = 0;

	ASSERT_EQ(tpm12_event_next(buf, 31, &off, &e), -EBADMSG); /* cut header */
	buf[28] = 40; /* 40 bytes of data, 32 there */
	ASSERT_EQ(tpm12_event_next(buf, 64, &off, &e), -EBADMSG);
	buf[28] = 0;
	buf[0] = 24; /* no PCR 24 */
	ASSERT_EQ(tpm12_event_next(buf, 32, &off, &e), -EBADMSG);
	buf[0] = 0;
	buf[31] = 0xff; /* 4 GiB of data */
	ASSERT_EQ(tpm12_event_next(buf, 64, &off, &e), -EBADMSG);
	ASSERT_EQ(off, 0);
}

TEST(structures)
{
	/* Recorded answers' payloads (tests/data/tpm12/version.txt, da.txt,
	 * counter-read.txt). */
	uint8_t ver[15], da[21], cnt[10];
	struct tpm12_version v;
	struct tpm12_da d;
	uint32_t c;

	unhex("00300102129e00020349424d000000", ver, sizeof(ver));
	ASSERT_EQ(tpm12_version_parse(ver, sizeof(ver), &v), 0);
	ASSERT_EQ(v.rev_major, 0x12);
	ASSERT_STREQ(v.vendor, "IBM");
	ASSERT_EQ(tpm12_version_parse(ver, 10, &v), -EBADMSG);
	unhex("003700000100050039000000010000000000000000", da, sizeof(da));
	ASSERT_EQ(tpm12_da_parse(da, sizeof(da), &d), 0);
	ASSERT_EQ(d.threshold, 5);
	ASSERT_EQ(tpm12_da_parse(da, sizeof(da) - 1, &d), -EBADMSG);
	unhex("000e4844533100000002", cnt, sizeof(cnt));
	ASSERT_EQ(tpm12_counter_value_parse(cnt, sizeof(cnt), &c), 0);
	ASSERT_EQ(c, 2);
	cnt[1] = 0x0f;
	ASSERT_EQ(tpm12_counter_value_parse(cnt, sizeof(cnt), &c), -EBADMSG);
}

TEST(sealed_blob_shape)
{
	uint8_t blob[64] = { 0x00, 0x16, 0, 0 };

	/* An empty sealInfo and encData: not a blob the TPM made. */
	ASSERT_EQ(tpm12_sealed_check(blob, 12), -EBADMSG);
	blob[11] = 1; /* one byte of encData */
	ASSERT_EQ(tpm12_sealed_check(blob, 13), 0);
	ASSERT_EQ(tpm12_sealed_check(blob, 14), -EBADMSG); /* trailing byte */
	blob[1] = 0x15;
	ASSERT_EQ(tpm12_sealed_check(blob, 13), -EBADMSG);
}

TEST(result_reasons)
{
	ASSERT_EQ(tpm12_result_to_errno(0x1), -E_PASSPHRASE);
	ASSERT_EQ(tpm12_result_to_errno(0x1d), -E_PASSPHRASE);
	ASSERT_EQ(tpm12_result_to_errno(0x18), -E_SEALED);
	ASSERT_EQ(tpm12_result_to_errno(0x803), -EBUSY);
	ASSERT_EQ(tpm12_result_to_errno(0x2d), -EPERM);
	ASSERT_EQ(tpm12_result_to_errno(0x7), -ENXIO);
	ASSERT_EQ(tpm12_result_to_errno(0x12345), -EIO);
	ASSERT(strstr(tpm12_result_str(0x803), "locked out"));
}
