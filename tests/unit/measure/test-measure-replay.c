/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Replay: firmware logs recorded from real boots of the emulated machine
 * (tests/data/eventlog, see record.sh there) give the PCR values the guest
 * read from its TPM at the end of that boot (all PCRs but IMA's PCR 10);
 * heads' caps can be left out. */
#include "eventlog.h"
#include "fileio.h"
#include "events.h"
#include "harness.h"
#include "hexdump.h"
#include "macro.h"
#include "measure-event.h"
#include "replay.h"
#include "sha.h"
#include "tcg.h"

static void load_log(const char *name, struct eventlog *log)
{
	_cleanup_free_ char *buf = NULL;
	char path[512];
	size_t len = 0;

	snprintf(path, sizeof(path), "%s/%s.bin", EVENTLOG_DATA, name);
	ASSERT_EQ(read_file_full(path, EVENTLOG_MAX_SIZE, &buf, &len), 0);
	ASSERT_EQ(eventlog_parse((const uint8_t *)buf, len, EVENT_FIRMWARE, log), 0);
}

static void load_pcrs(const char *name, pcr_values values)
{
	_cleanup_fclose_ FILE *f = NULL;
	char path[512], hex[80];
	unsigned pcr, n = 0;

	snprintf(path, sizeof(path), "%s/%s.pcrs", EVENTLOG_DATA, name);
	f = fopen(path, "re");
	ASSERT(f);
	while (fscanf(f, "%u: %70s", &pcr, hex) == 2) {
		ASSERT(pcr < PCR_COUNT);
		ASSERT_EQ(hex_decode(hex, values[pcr], 32), 0);
		n++;
	}
	ASSERT_EQ(n, PCR_COUNT);
}

static void check_recorded(const char *name, size_t min_events)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	struct replay r;
	pcr_values want;

	load_log(name, &log);
	load_pcrs(name, want);
	ASSERT(log.count >= min_events);
	ASSERT_EQ(replay_log(&log, 0, &r), 0);
	ASSERT_EQ(r.unreplayable, 0);
	/* PCR 10 is IMA's: the guest kernel extends it after the firmware. */
	for (unsigned p = 0; p < PCR_COUNT; p++)
		if (p != 10 && memcmp(r.values[p], want[p], 32) != 0)
			FAILF("%s: PCR %u does not replay to the recorded value", name, p);
}

TEST(ovmf_q35_boot_replays)
{
	check_recorded("ovmf-q35", 20);
}

TEST(ovmf_q35_other_cmdline_replays)
{
	check_recorded("ovmf-q35-cmdline", 20);
}

TEST(seabios_pc_boot_replays)
{
	check_recorded("seabios-pc", 5);
}

static void add(struct eventlog *log, unsigned pcr, enum measure_kind kind, const char *name)
{
	uint8_t digest[32];

	ASSERT_EQ(sha256_buf(name, strlen(name), digest), 0);
	add_event(log, pcr, kind, name, digest);
}

/* new = SHA-256(old || SHA-256("recovery")), from zeros. */
TEST(extend_rule_and_caps_left_out)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	uint8_t buf[64] = { 0 }, want[32];
	struct replay with, without;

	add(&log, 4, MEASURE_BOOT_MODE, "recovery");
	add(&log, 5, MEASURE_MODULE, "usbhid");
	ASSERT_EQ(sha256_buf("recovery", 8, buf + 32), 0);
	ASSERT_EQ(sha256_buf(buf, 64, want), 0);
	ASSERT_EQ(replay_log(&log, 0, &with), 0);
	ASSERT(memcmp(with.values[4], want, 32) == 0);
	ASSERT_EQ(with.mask, (1u << 4) | (1u << 5));
	ASSERT_EQ(replay_log(&log, REPLAY_WITHOUT_CAPS, &without), 0);
	ASSERT(memcmp(without.values[4], (uint8_t[32]){ 0 }, 32) == 0);
	ASSERT(memcmp(without.values[5], with.values[5], 32) == 0);
	ASSERT_EQ(without.mask, 1u << 5);
}

TEST(startup_locality_and_locality_pcrs)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	uint8_t data[17];
	struct event ev = {
		.pcr = 0, .type = EV_NO_ACTION, .has_sha256 = 1, .data = data, .data_len = 17
	};
	struct replay r;

	memcpy(data, TCG_STARTUP_LOCALITY, 16);
	data[16] = 3;
	ASSERT_EQ(eventlog_add(&log, &ev), 0);
	ASSERT_EQ(replay_log(&log, 0, &r), 0);
	ASSERT_EQ(r.values[0][31], 3);
	ASSERT_EQ(r.values[0][0], 0);
	ASSERT_EQ(r.mask, 0);
	ASSERT_EQ(r.values[17][0], 0xff);
	ASSERT_EQ(r.values[23][0], 0);
}

TEST(event_without_sha256_is_unreplayable)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	struct event ev = {
		.pcr = 2, .type = EV_POST_CODE, .has_sha256 = 0, .data = (uint8_t *)"x", .data_len = 1
	};
	struct replay r;

	ASSERT_EQ(eventlog_add(&log, &ev), 0);
	ASSERT_EQ(replay_log(&log, 0, &r), 0);
	ASSERT_EQ(r.unreplayable, 1u << 2);
}
