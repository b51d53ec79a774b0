/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Selecting and storing the events a secret was sealed against. */
#include "snapshot.h"
#include "strbuf.h"
#include "eventlog-write.h"
#include "fileio.h"
#include "macro.h"
#include "measure-event.h"

#include <stdio.h>

const char *snapshot_statedir(const char *option)
{
	const char *env = getenv("HEADS_STATEDIR");

	if (option)
		return option;
	return env && *env ? env : "/boot/heads";
}

int snapshot_path(const char *statedir, const char *name, char *buf, size_t size)
{
	return strfmt(buf, size, "%s/%s.eventlog", statedir, name) < 0 ? -ENAMETOOLONG : 0;
}

int snapshot_select(const struct eventlog *log, uint32_t mask, unsigned flags, struct eventlog *ret)
{
	for (size_t i = 0; i < log->count; i++) {
		const struct event *ev = &log->events[i];
		int r;
		if (ev->pcr >= 32 || !(mask & (1u << ev->pcr)) || !ev->has_sha256)
			continue;
		if ((flags & REPLAY_WITHOUT_CAPS) && measure_event_is_cap(ev))
			continue;
		r = eventlog_add(ret, ev);
		if (r < 0)
			return r;
	}
	return 0;
}

int snapshot_save(const char *path, const struct eventlog *selected)
{
	_cleanup_free_ uint8_t *buf = NULL;
	size_t len = 0;
	int r = eventlog_encode(selected, &buf, &len);

	if (r < 0)
		return r;
	return write_file_atomic(path, buf, len, 0644);
}
