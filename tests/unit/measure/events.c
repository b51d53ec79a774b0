/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Building event logs in tests. */
#include "events.h"
#include "harness.h"

void add_event(struct eventlog *log, unsigned pcr, enum measure_kind kind, const char *name,
	       const uint8_t digest[32])
{
	char data[MEASURE_DATA_MAX];
	struct event ev;

	measure_event_make(pcr, digest, kind, name, &ev, data);
	ASSERT_EQ(eventlog_add(log, &ev), 0);
}

void add_event_filled(struct eventlog *log, unsigned pcr, enum measure_kind kind, const char *name,
		      uint8_t fill)
{
	uint8_t digest[32];

	memset(digest, fill, sizeof(digest));
	add_event(log, pcr, kind, name, digest);
}
