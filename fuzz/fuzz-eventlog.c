/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target for the event log parser and everything that consumes its
 * output: description, replay (both banks), what-changed, and re-encoding. */
#include "log.h"
#include "describe.h"
#include "eventlog-write.h"
#include "eventlog.h"
#include "macro.h"
#include "replay.h"
#include "whatchanged.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void consume(const struct eventlog *log)
{
	_cleanup_free_ uint8_t *buf = NULL;
	char desc[EVENT_DESCRIPTION_MAX];
	struct replay r;
	size_t len = 0;
	FILE *null = fopen("/dev/null", "we");

	for (size_t i = 0; i < log->count; i++)
		event_describe(&log->events[i], desc, sizeof(desc));
	(void)replay_log(log, 0, &r);
	(void)replay_log(log, REPLAY_WITHOUT_CAPS, &r);
	(void)replay_log(log, REPLAY_SHA1, &r);
	if (null) {
		for (unsigned p = 0; p < 24; p++)
			(void)whatchanged_pcr(log, log, p, null);
		fclose(null);
	}
	if (eventlog_encode(log, &buf, &len) >= 0) {
		struct eventlog back = { 0 };
		if (eventlog_parse(buf, len, EVENT_PAYLOAD, &back) < 0 || back.count != log->count)
			abort();
		eventlog_free(&back);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	log_set_level(LOG_NONE);
	struct eventlog log = { 0 };

	if (eventlog_parse(data, size, EVENT_FIRMWARE, &log) >= 0)
		consume(&log);
	eventlog_free(&log);
	return 0;
}
