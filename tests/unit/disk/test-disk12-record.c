/* SPDX-License-Identifier: GPL-2.0-or-later */
/* disk12.sealed: what is written reads back the same; anything else (a
 * cut, an extra byte, a count out of range, a blob releasing to other
 * PCRs than the record names) is refused. The blob is a real one, sealed
 * by swtpm in 1.2 mode to PCRs 0 and 10 (tests/data/tpm12/seal.txt). */
#include "disk12-record.h"
#include "harness.h"

#include <stdio.h>
#include <string.h>

#define SEALED_MASK ((1u << 0) | (1u << 10))

/* The sealed blob: the last answer of the seal recording, between its
 * header and its authorization trailer. */
static size_t recorded_blob(uint8_t *blob, size_t size)
{
	char line[2 * 4096 + 8], last[sizeof(line)] = "";
	FILE *f = fopen(TPM12_DATA "/seal.txt", "re");
	size_t n = 0, len;

	ASSERT(f);
	while (fgets(line, sizeof(line), f))
		if (line[0] == '<')
			strcpy(last, line + 2);
	fclose(f);
	len = strcspn(last, "\n") / 2;
	ASSERT(len > 10 + 41 && len - 10 - 41 <= size);
	for (size_t i = 10; i < len - 41; i++) {
		unsigned v;

		ASSERT_EQ(sscanf(last + 2 * i, "%2x", &v), 1);
		blob[n++] = (uint8_t)v;
	}
	return n;
}

static void sample(struct disk12_record *r)
{
	memset(r, 0, sizeof(*r));
	r->mask = SEALED_MASK;
	r->n = 2;
	strcpy(r->v[0].uuid, "0a1b2c3d-0000-4000-8000-000000000001");
	r->v[0].keyslot = 1;
	strcpy(r->v[1].uuid, "0a1b2c3d-0000-4000-8000-000000000002");
	r->v[1].keyslot = 3;
	memset(r->expected[10], 0xab, DISK_EXPECTED_PREFIX);
	r->blob_len = recorded_blob(r->blob, sizeof(r->blob));
}

static size_t encoded(const struct disk12_record *r, uint8_t *buf)
{
	size_t n = 0;

	ASSERT_EQ(disk12_record_encode(r, buf, DISK12_RECORD_MAX, &n), 0);
	return n;
}

TEST(round_trip)
{
	static struct disk12_record r, back;
	static uint8_t buf[DISK12_RECORD_MAX];
	size_t n;

	sample(&r);
	n = encoded(&r, buf);
	ASSERT_EQ(disk12_record_parse(buf, n, &back), 0);
	ASSERT_EQ(back.mask, SEALED_MASK);
	ASSERT_EQ(back.n, 2);
	ASSERT_STREQ(back.v[1].uuid, r.v[1].uuid);
	ASSERT_EQ(back.v[1].keyslot, 3);
	ASSERT(memcmp(back.expected, r.expected, sizeof(r.expected)) == 0);
	ASSERT_EQ(back.blob_len, r.blob_len);
	ASSERT(memcmp(back.blob, r.blob, r.blob_len) == 0);
}

TEST(every_cut_and_an_extra_byte_refused)
{
	static struct disk12_record r, back;
	static uint8_t buf[DISK12_RECORD_MAX + 1];
	size_t n;

	sample(&r);
	n = encoded(&r, buf);
	for (size_t cut = 0; cut < n; cut++)
		if (disk12_record_parse(buf, cut, &back) != -EBADMSG)
			FAILF("a record cut to %zu bytes was accepted", cut);
	buf[n] = 0;
	ASSERT_EQ(disk12_record_parse(buf, n + 1, &back), -EBADMSG);
}

TEST(malformed_fields_refused)
{
	static struct disk12_record r, back;
	static uint8_t buf[DISK12_RECORD_MAX], bad[DISK12_RECORD_MAX];
	const size_t volumes = 16 + DISK12_EXPECTED_SIZE;
	size_t n;

	sample(&r);
	n = encoded(&r, buf);
	struct {
		size_t off;
		uint8_t v;
	} cases[] = {
		{ 0, 'X' }, /* magic */
		{ 12, 0 }, /* no volume */
		{ 12, 9 }, /* more than DISK_VOLUMES_MAX */
		{ 13, 1 }, /* padding */
		{ 11, 1 }, /* a PCR above 23 */
		{ 8, 0x03 }, /* the record names other PCRs than the blob */
		{ volumes, 0 }, /* an empty UUID */
		{ volumes + DISK_UUID_SIZE - 1, 'x' }, /* bytes after the UUID's NUL */
	};
	for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
		memcpy(bad, buf, n);
		bad[cases[i].off] = cases[i].v;
		if (disk12_record_parse(bad, n, &back) != -EBADMSG)
			FAILF("case %zu (byte %zu = %u) was accepted", i, cases[i].off, cases[i].v);
	}
}

TEST(encode_limits)
{
	static struct disk12_record r;
	static uint8_t buf[DISK12_RECORD_MAX];
	size_t n;

	sample(&r);
	ASSERT_EQ(disk12_record_encode(&r, buf, 100, &n), -ENOBUFS);
	r.n = 0;
	ASSERT_EQ(disk12_record_encode(&r, buf, sizeof(buf), &n), -EINVAL);
	r.n = DISK_VOLUMES_MAX + 1;
	ASSERT_EQ(disk12_record_encode(&r, buf, sizeof(buf), &n), -EINVAL);
}
