/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TPM 1.2 event log as coreboot 26.06 writes it in CBMEM
 * (src/security/tpm/tspi/log-tpm1.c, struct tpm_1_log_table): a
 * "Spec ID Event00" header whose vendor info is coreboot's ("CBT1", entry
 * count and size), then one 82-byte TCG_PCClientPCREvent per measurement
 * (EV_ACTION, SHA-1 digest, the name NUL-padded to 50 bytes), then zeros
 * to the end of the area; its SHA-1 replay. */
#include "describe.h"
#include "eventlog.h"
#include "fileio.h"
#include "harness.h"
#include "macro.h"
#include "replay.h"
#include "sha.h"
#include "tcg.h"

#define ENTRY_SIZE 82
#define MAX_ENTRIES 50
#define HEADER_SIZE (32 + 40)

static const char *const names[] = { "FMAP: FMAP",
				     "CBFS: bootblock",
				     "CBFS: fallback/romstage",
				     "CBFS: fallback/postcar",
				     "CBFS: fallback/ramstage",
				     "CBFS: fallback/payload" };
#define N_NAMES (sizeof(names) / sizeof(names[0]))

static void le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* The header entry: PCR 0, EV_NO_ACTION, zero digest, 40 bytes of data. */
static void header(uint8_t *p, uint16_t entries)
{
	le32(p, 0);
	le32(p + 4, EV_NO_ACTION);
	le32(p + 28, 40);
	memcpy(p + 32, TCG_SPEC_ID_SIGNATURE_TPM12, 16);
	p[52] = 2; /* spec version minor, major, errata */
	p[53] = 1;
	p[54] = 1;
	p[56] = 15; /* vendor info: struct tpm_1_vendor */
	p[58] = 1;
	le32(p + 60, 0x31544243); /* "CBT1" */
	le16(p + 64, MAX_ENTRIES);
	le16(p + 66, entries);
	le32(p + 68, ENTRY_SIZE);
}

static void entry(uint8_t *p, unsigned i)
{
	le32(p, 2);
	le32(p + 4, EV_ACTION);
	ASSERT_EQ(sha1_buf(names[i], strlen(names[i]), p + 8), 0);
	le32(p + 28, 50);
	strncpy((char *)p + 32, names[i], 49);
}

/* The whole CBMEM area (a fresh buffer of *ret_len bytes). */
static uint8_t *coreboot_log(size_t *ret_len)
{
	size_t len = HEADER_SIZE + MAX_ENTRIES * ENTRY_SIZE;
	uint8_t *buf = calloc(1, len);

	ASSERT(buf);
	header(buf, N_NAMES);
	for (unsigned i = 0; i < N_NAMES; i++)
		entry(buf + HEADER_SIZE + i * ENTRY_SIZE, i);
	*ret_len = len;
	return buf;
}

TEST(coreboot_log_parses)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	_cleanup_free_ uint8_t *buf = NULL;
	char desc[EVENT_DESCRIPTION_MAX];
	uint8_t digest[20];
	size_t len = 0;

	buf = coreboot_log(&len);
	ASSERT_EQ(eventlog_parse(buf, len, EVENT_FIRMWARE, &log), 0);
	ASSERT_EQ(log.count, N_NAMES); /* the header is not an event */
	for (unsigned i = 0; i < N_NAMES; i++) {
		const struct event *ev = &log.events[i];
		ASSERT_EQ(ev->pcr, 2);
		ASSERT_EQ(ev->type, EV_ACTION);
		ASSERT(ev->has_sha1 && !ev->has_sha256);
		ASSERT_EQ(sha1_buf(names[i], strlen(names[i]), digest), 0);
		ASSERT(memcmp(ev->sha1, digest, 20) == 0);
		event_describe(ev, desc, sizeof(desc));
		ASSERT_STREQ(desc, names[i]);
	}
}

TEST(coreboot_log_replays_sha1)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	_cleanup_free_ uint8_t *buf = NULL;
	uint8_t pcr[20] = { 0 }, chain[40], zeros[12] = { 0 };
	struct replay r;
	size_t len = 0;

	buf = coreboot_log(&len);
	ASSERT_EQ(eventlog_parse(buf, len, EVENT_FIRMWARE, &log), 0);
	for (unsigned i = 0; i < N_NAMES; i++) {
		memcpy(chain, pcr, 20);
		ASSERT_EQ(sha1_buf(names[i], strlen(names[i]), chain + 20), 0);
		ASSERT_EQ(sha1_buf(chain, 40, pcr), 0);
	}
	ASSERT_EQ(replay_log(&log, REPLAY_SHA1, &r), 0);
	ASSERT_EQ(r.mask, 1u << 2);
	ASSERT_EQ(r.unreplayable, 0);
	ASSERT(memcmp(r.values[2], pcr, 20) == 0);
	ASSERT(memcmp(r.values[2] + 20, zeros, 12) == 0);
	ASSERT_EQ(replay_digest_size(REPLAY_SHA1), 20);
	/* The SHA-256 bank has nothing to replay from this log. */
	ASSERT_EQ(replay_log(&log, 0, &r), 0);
	ASSERT_EQ(r.unreplayable, 1u << 2);
}

TEST(sha1_replay_starts_locality_pcrs_at_ones)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	struct replay r;
	uint8_t ones[20];

	memset(ones, 0xff, sizeof(ones));
	ASSERT_EQ(replay_log(&log, REPLAY_SHA1, &r), 0);
	ASSERT(memcmp(r.values[17], ones, 20) == 0);
	ASSERT_EQ(r.values[17][20], 0);
	ASSERT_EQ(r.values[16][0], 0);
}

TEST(changed_entry_changes_the_replay)
{
	_cleanup_eventlog_ struct eventlog a = { 0 }, b = { 0 };
	_cleanup_free_ uint8_t *buf = NULL;
	struct replay ra, rb;
	size_t len = 0;

	buf = coreboot_log(&len);
	ASSERT_EQ(eventlog_parse(buf, len, EVENT_FIRMWARE, &a), 0);
	buf[HEADER_SIZE + 5 * ENTRY_SIZE + 8] ^= 1; /* the payload's digest */
	ASSERT_EQ(eventlog_parse(buf, len, EVENT_FIRMWARE, &b), 0);
	ASSERT_EQ(replay_log(&a, REPLAY_SHA1, &ra), 0);
	ASSERT_EQ(replay_log(&b, REPLAY_SHA1, &rb), 0);
	ASSERT(memcmp(ra.values[2], rb.values[2], 20) != 0);
}

TEST(malformed_header_is_refused)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	_cleanup_free_ uint8_t *buf = NULL;
	size_t len = 0;

	buf = coreboot_log(&len);
	buf[56] = 16; /* vendor info longer than the header's data */
	ASSERT_EQ(eventlog_parse(buf, len, EVENT_FIRMWARE, &log), -EBADMSG);
	ASSERT_EQ(log.count, 0);
	buf[56] = 15;
	buf[32 + 14] = '1'; /* "Spec ID Event01": an ordinary first event */
	ASSERT_EQ(eventlog_parse(buf, len, EVENT_FIRMWARE, &log), 0);
	ASSERT_EQ(log.count, N_NAMES + 1);
}

TEST(truncated_entry_is_refused)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	_cleanup_free_ uint8_t *buf = NULL;
	size_t len = 0;

	buf = coreboot_log(&len);
	ASSERT_EQ(eventlog_parse(buf, HEADER_SIZE + 2 * ENTRY_SIZE + 40, EVENT_FIRMWARE, &log),
		  -EBADMSG);
	ASSERT_EQ(log.count, 0);
	le32(buf + HEADER_SIZE + 28, 5000); /* an entry's data beyond the log */
	ASSERT_EQ(eventlog_parse(buf, len, EVENT_FIRMWARE, &log), -EBADMSG);
}

TEST(crypto_agile_log_keeps_its_sha1_bank)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, with_sha1 = 0;

	ASSERT_EQ(read_file_full(EVENTLOG_DATA "/ovmf-q35.bin", EVENTLOG_MAX_SIZE, &buf, &len), 0);
	ASSERT_EQ(eventlog_parse((const uint8_t *)buf, len, EVENT_FIRMWARE, &log), 0);
	for (size_t i = 0; i < log.count; i++)
		with_sha1 += log.events[i].has_sha1 && log.events[i].has_sha256;
	ASSERT_EQ(with_sha1, log.count);
}
