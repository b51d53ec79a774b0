/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Extend-and-log: every PCR extend heads makes goes through here. */
#include "measure.h"
#include "strbuf.h"
#include "eventlog-file.h"
#include "log.h"
#include "pcr.h"

#include <limits.h>
#include <stdio.h>

int measure_log_path(const char *rundir, char *buf, size_t size)
{
	return strfmt(buf, size, "%s/%s", rundir, PAYLOAD_LOG_NAME) < 0 ? -ENAMETOOLONG : 0;
}

int measure_extend(struct tpm *t, const char *rundir, unsigned pcr, const uint8_t digest[32],
		   enum measure_kind kind, const char *name)
{
	struct eventlog_file f = { -1 };
	char path[PATH_MAX], data[MEASURE_DATA_MAX];
	struct event ev;
	int r = measure_log_path(rundir, path, sizeof(path));

	if (r >= 0)
		r = eventlog_file_open(path, &f);
	if (r < 0)
		return log_error_errno(r, "Cannot open the event log %s: %m", path);
	r = tpm_pcr_extend(t, pcr, digest);
	if (r < 0) {
		eventlog_file_close(&f);
		return r;
	}
	measure_event_make(pcr, digest, kind, name, &ev, data);
	r = eventlog_file_append(&f, &ev);
	if (r < 0)
		return log_error_errno(r,
				       "PCR %u was extended but the event log %s could not be written (%m): "
				       "it will no longer replay",
				       pcr, path);
	return 0;
}
