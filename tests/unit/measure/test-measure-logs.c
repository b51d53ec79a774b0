/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where `heads log` finds the logs in an OS the payload booted: the
 * firmware's log the payload handed over (RUNDIR/firmware-eventlog) is
 * read by default, before coreboot's memory and the kernel's file, and
 * only by default; both logs are read unparsed with a size cap. */
#include "eventlog-file.h"
#include "eventlog-write.h"
#include "events.h"
#include "fileio.h"
#include "harness.h"
#include "logs.h"
#include "macro.h"
#include "measure12.h"
#include "tpm12-eventlog.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

static char rundir[] = "/tmp/heads-test-logs-XXXXXX";
static size_t payload_len, firmware_len; /* of the files written */

static void put(const char *name, const void *buf, size_t len)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", rundir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ASSERT(fd >= 0);
	ASSERT_EQ(write_all(fd, buf, len), 0);
	close(fd);
}

/* A rundir as the OS sets it up: the payload's log with two events, the
 * firmware's (a recorded OVMF log) next to it. */
static size_t handed_over(void)
{
	_cleanup_eventlog_ struct eventlog pl = { 0 }, fw = { 0 };
	_cleanup_free_ char *fwbuf = NULL;
	_cleanup_free_ uint8_t *plbuf = NULL;
	size_t fwlen = 0, pllen = 0;

	/* no coreboot memory to fall back on */
	setenv("HEADS_PHYSMEM", "/nonexistent", 1);
	ASSERT(mkdtemp(rundir));
	ASSERT_EQ(read_file_full(EVENTLOG_DATA "/ovmf-q35.bin", EVENTLOG_MAX_SIZE, &fwbuf, &fwlen),
		  0);
	ASSERT_EQ(eventlog_parse((const uint8_t *)fwbuf, fwlen, EVENT_FIRMWARE, &fw), 0);
	add_event_filled(&pl, 4, MEASURE_BOOT_MODE, "boot", 0x44);
	add_event_filled(&pl, 7, MEASURE_USER_FILE, "etc/config.user", 0x77);
	ASSERT_EQ(eventlog_encode(&pl, &plbuf, &pllen), 0);
	put(PAYLOAD_LOG_NAME, plbuf, pllen);
	put(LOGS_HANDED_FIRMWARE_NAME, fwbuf, fwlen);
	payload_len = pllen;
	firmware_len = fwlen;
	return fw.count;
}

/* The crypto-agile payload log alone, in the rundir made already. */
static void handed_over_payload_only(void)
{
	_cleanup_eventlog_ struct eventlog pl = { 0 };
	_cleanup_free_ uint8_t *plbuf = NULL;
	size_t pllen = 0;

	add_event_filled(&pl, 4, MEASURE_BOOT_MODE, "boot", 0x44);
	add_event_filled(&pl, 7, MEASURE_USER_FILE, "etc/config.user", 0x77);
	ASSERT_EQ(eventlog_encode(&pl, &plbuf, &pllen), 0);
	put(PAYLOAD_LOG_NAME, plbuf, pllen);
}

static void cleanup(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", rundir);
	ASSERT_EQ(system(cmd), 0);
}

TEST(handed_over_firmware_log_read_by_default)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	size_t fw = handed_over();
	int have_fw = -1, have_pl = -1;

	ASSERT_EQ(logs_load(FIRMWARE_LOG_DEFAULT, rundir, &log, &have_fw, &have_pl), 0);
	ASSERT_EQ(have_fw, LOGS_FROM_HANDOVER);
	ASSERT_EQ(have_pl, LOGS_FROM_FILE);
	ASSERT(fw > 0);
	ASSERT_EQ(log.count, fw + 2);
	ASSERT_EQ(log.events[0].source, EVENT_FIRMWARE);
	ASSERT_EQ(log.events[fw].source, EVENT_PAYLOAD);
	ASSERT_EQ(log.events[fw + 1].pcr, 7);
	cleanup();
}

/* A firmware log named by the person wins; the handed-over one is not
 * mixed in. */
TEST(named_firmware_log_wins)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	int have_fw = -1, have_pl = -1;

	handed_over();
	ASSERT_EQ(logs_load("/nonexistent/log", rundir, &log, &have_fw, &have_pl), 0);
	ASSERT_EQ(have_fw, 0);
	ASSERT_EQ(have_pl, LOGS_FROM_FILE);
	ASSERT_EQ(log.count, 2);
	cleanup();
}

TEST(raw_logs_capped)
{
	struct logs_raw l = { 0 };

	handed_over();
	ASSERT_EQ(logs_read_raw(FIRMWARE_LOG_DEFAULT, rundir, 1u << 20, &l), 0);
	ASSERT(l.firmware && l.payload);
	ASSERT_EQ(l.firmware_from, LOGS_FROM_HANDOVER);
	ASSERT_EQ(l.payload_len, payload_len);
	ASSERT_EQ(l.firmware_len, firmware_len);
	logs_raw_free(&l);
	ASSERT(!l.firmware && !l.payload);
	ASSERT_EQ(logs_read_raw(FIRMWARE_LOG_DEFAULT, rundir, firmware_len - 1, &l), -EFBIG);
	ASSERT(!l.firmware && !l.payload);
	cleanup();
}

/* Without any log (a boot without a TPM), nothing and no error. */
TEST(no_logs_at_all)
{
	struct logs_raw l = { 0 };

	setenv("HEADS_PHYSMEM", "/nonexistent", 1);
	ASSERT(mkdtemp(rundir));
	ASSERT_EQ(logs_read_raw("/nonexistent/log", rundir, 1u << 20, &l), 0);
	ASSERT(!l.firmware && !l.payload);
	ASSERT_EQ(l.firmware_from, 0);
	cleanup();
}

/* On a TPM 1.2 the payload's log is RUNDIR/eventlog12 (TCG 1.2 format,
 * SHA-1): read when there is no crypto-agile one, its events replayable
 * as SHA-1. */
TEST(tpm12_payload_log_read)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	uint8_t buf[256];
	struct tpm12_event e = { .pcr = 7, .type = 0x0d, .data = (const uint8_t *)"x", .data_len = 1 };
	size_t n = 0;
	int have_fw = -1, have_pl = -1;

	setenv("HEADS_PHYSMEM", "/nonexistent", 1);
	ASSERT(mkdtemp(rundir));
	memset(e.digest, 0x77, sizeof(e.digest));
	ASSERT_EQ(tpm12_event_encode(&e, buf, sizeof(buf), &n), 0);
	put(PAYLOAD_LOG12_NAME, buf, n);
	ASSERT_EQ(logs_load("/nonexistent/log", rundir, &log, &have_fw, &have_pl), 0);
	ASSERT_EQ(have_pl, LOGS_FROM_FILE);
	ASSERT_EQ(log.count, 1);
	ASSERT_EQ(log.events[0].pcr, 7);
	ASSERT(log.events[0].has_sha1 && !log.events[0].has_sha256);
	ASSERT_EQ(log.events[0].sha1[0], 0x77);
	/* the crypto-agile log, when there is one, is the payload's log */
	handed_over_payload_only();
	eventlog_free(&log);
	ASSERT_EQ(logs_load("/nonexistent/log", rundir, &log, &have_fw, &have_pl), 0);
	ASSERT_EQ(log.count, 2);
	ASSERT(log.events[0].has_sha256);
	cleanup();
}
