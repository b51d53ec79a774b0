/* The firmware's and the payload's logs, read together. */
#include "logs.h"
#include "eventlog-file.h"
#include "log.h"
#include "measure.h"

#include <limits.h>

const char *logs_firmware_path(const char *option)
{
	const char *env = getenv("HEADS_FIRMWARE_LOG");

	if (option)
		return option;
	return env && *env ? env : FIRMWARE_LOG_DEFAULT;
}

static int load_one(const char *path, enum event_source source, struct eventlog *log, int *ret_have)
{
	int r = eventlog_file_read(path, source, log);

	if (ret_have)
		*ret_have = r >= 0;
	if (r == -ENOENT)
		return 0;
	if (r == -EBADMSG)
		return log_error_errno(r, "The event log %s is malformed", path);
	if (r < 0)
		return log_error_errno(r, "Cannot read the event log %s: %m", path);
	return 0;
}

int logs_load(const char *firmware_path, const char *rundir, struct eventlog *log,
	      int *ret_have_firmware, int *ret_have_payload)
{
	char path[PATH_MAX];
	int r = load_one(firmware_path, EVENT_FIRMWARE, log, ret_have_firmware);

	if (r < 0)
		return r;
	r = measure_log_path(rundir, path, sizeof(path));
	if (r < 0)
		return log_error_errno(r, "The runtime directory name is too long");
	return load_one(path, EVENT_PAYLOAD, log, ret_have_payload);
}
