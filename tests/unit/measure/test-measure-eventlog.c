/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event log writer and parser: round trip, exact lengths, refusals. */
#include "describe.h"
#include "eventlog-write.h"
#include "eventlog.h"
#include "events.h"
#include "harness.h"
#include "macro.h"
#include "measure-event.h"
#include "tcg.h"

static void sample(struct eventlog *log)
{
	add_event_filled(log, 7, MEASURE_USER_FILE_NAME, "heads/initrd/etc/config.user", 1);
	add_event_filled(log, 7, MEASURE_USER_FILE, "heads/initrd/etc/config.user", 2);
	add_event_filled(log, 5, MEASURE_MODULE, "usbhid", 3);
	add_event_filled(log, 4, MEASURE_BOOT_MODE, "recovery", 4);
}

TEST(round_trip)
{
	_cleanup_eventlog_ struct eventlog log = { 0 }, back = { 0 };
	_cleanup_free_ uint8_t *buf = NULL;
	size_t len = 0;

	sample(&log);
	ASSERT_EQ(eventlog_encode(&log, &buf, &len), 0);
	ASSERT_EQ(len, EVENTLOG_HEADER_SIZE + 4 * (4 + 4 + 4 + 2 + 32 + 4) + 49 + 44 + 19 + 24);
	ASSERT_EQ(eventlog_parse(buf, len, EVENT_PAYLOAD, &back), 0);
	ASSERT_EQ(back.count, 4);
	for (size_t i = 0; i < 4; i++) {
		ASSERT_EQ(back.events[i].pcr, log.events[i].pcr);
		ASSERT_EQ(back.events[i].type, EV_IPL);
		ASSERT(back.events[i].has_sha256);
		ASSERT(memcmp(back.events[i].sha256, log.events[i].sha256, 32) == 0);
		ASSERT_EQ(back.events[i].data_len, log.events[i].data_len);
		ASSERT(memcmp(back.events[i].data, log.events[i].data, log.events[i].data_len) == 0);
	}
}

TEST(describe_and_kinds)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	char desc[EVENT_DESCRIPTION_MAX], name[MEASURE_NAME_MAX + 1];
	enum measure_kind kind;

	sample(&log);
	event_describe(&log.events[2], desc, sizeof(desc));
	ASSERT_STREQ(desc, "heads module usbhid");
	ASSERT(measure_event_parse(&log.events[1], &kind, name));
	ASSERT_EQ(kind, MEASURE_USER_FILE);
	ASSERT_STREQ(name, "heads/initrd/etc/config.user");
	ASSERT(measure_event_is_cap(&log.events[3]));
	ASSERT(!measure_event_is_cap(&log.events[2]));
	ASSERT(measure_kind_from_name("luks-header", &kind) == 0 && kind == MEASURE_LUKS_HEADER);
	ASSERT(measure_kind_from_name("nonsense", &kind) < 0);
}

TEST(unprintable_names_are_replaced)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	char desc[EVENT_DESCRIPTION_MAX];

	add_event_filled(&log, 5, MEASURE_MODULE, "evil\n\x1b[2Jname", 0);
	event_describe(&log.events[0], desc, sizeof(desc));
	ASSERT_STREQ(desc, "heads module evil??[2Jname");
}

TEST(unknown_types_kept)
{
	_cleanup_eventlog_ struct eventlog log = { 0 }, back = { 0 };
	_cleanup_free_ uint8_t *buf = NULL;
	struct event ev = {
		.pcr = 3, .type = 0x12345678, .has_sha256 = 1, .data = (uint8_t *)"x", .data_len = 1
	};
	char type[48];
	size_t len = 0;

	ASSERT_EQ(eventlog_add(&log, &ev), 0);
	ASSERT_EQ(eventlog_encode(&log, &buf, &len), 0);
	ASSERT_EQ(eventlog_parse(buf, len, EVENT_FIRMWARE, &back), 0);
	ASSERT_EQ(back.count, 1);
	event_type_format(back.events[0].type, type, sizeof(type));
	ASSERT_STREQ(type, "unknown (0x12345678)");
}

/* Every strict prefix of a valid log is refused (or, cut exactly between
 * events, gives fewer events); nothing is left in the log on refusal. */
TEST(truncations_refused)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	_cleanup_free_ uint8_t *buf = NULL;
	size_t len = 0;

	sample(&log);
	ASSERT_EQ(eventlog_encode(&log, &buf, &len), 0);
	for (size_t cut = 0; cut < len; cut++) {
		_cleanup_eventlog_ struct eventlog back = { 0 };
		int r = eventlog_parse(buf, cut, EVENT_PAYLOAD, &back);
		if (r < 0)
			ASSERT_EQ(back.count, 0);
		else
			ASSERT(back.count < 4);
	}
}

TEST(header_fields_checked)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	_cleanup_free_ uint8_t *buf = NULL;
	size_t len = 0;

	sample(&log);
	ASSERT_EQ(eventlog_encode(&log, &buf, &len), 0);
	buf[32 + 24] = 0; /* numberOfAlgorithms = 0 */
	ASSERT_EQ(eventlog_parse(buf, len, EVENT_PAYLOAD, &log), -EBADMSG);
	buf[32 + 24] = 1;
	buf[32 + 30] = 33; /* sha256 digest size 33 */
	ASSERT_EQ(eventlog_parse(buf, len, EVENT_PAYLOAD, &log), -EBADMSG);
	buf[32 + 30] = 32;
	buf[EVENTLOG_HEADER_SIZE] = 24; /* PCR 24 */
	ASSERT_EQ(eventlog_parse(buf, len, EVENT_PAYLOAD, &log), -EBADMSG);
	buf[EVENTLOG_HEADER_SIZE] = 7;
	buf[EVENTLOG_HEADER_SIZE + 12] = 0x04; /* an algorithm not in the header */
	ASSERT_EQ(eventlog_parse(buf, len, EVENT_PAYLOAD, &log), -EBADMSG);
	ASSERT_EQ(log.count, 4);
}

TEST(trailing_zeros_accepted_garbage_refused)
{
	_cleanup_eventlog_ struct eventlog log = { 0 }, back = { 0 };
	_cleanup_free_ uint8_t *buf = NULL;
	uint8_t *padded;
	size_t len = 0;

	sample(&log);
	ASSERT_EQ(eventlog_encode(&log, &buf, &len), 0);
	padded = calloc(1, len + 100);
	ASSERT(padded);
	memcpy(padded, buf, len);
	ASSERT_EQ(eventlog_parse(padded, len + 100, EVENT_PAYLOAD, &back), 0);
	ASSERT_EQ(back.count, 4);
	padded[len + 50] = 1;
	ASSERT_EQ(eventlog_parse(padded, len + 100, EVENT_PAYLOAD, &back), -EBADMSG);
	ASSERT_EQ(back.count, 4);
	free(padded);
}
