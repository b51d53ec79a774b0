/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The firmware's and the payload's logs, read together. */
#include "logs.h"
#include "coreboot.h"
#include "eventlog-file.h"
#include "fileio.h"
#include "log.h"
#include "measure.h"
#include "physmem.h"

#include <limits.h>

const char *logs_firmware_path(const char *option)
{
	const char *env = getenv("HEADS_FIRMWARE_LOG");

	if (option)
		return option;
	return env && *env ? env : FIRMWARE_LOG_DEFAULT;
}

/* On coreboot the firmware's log is in CBMEM (as `cbmem -L` reads it);
 * -ENOENT when the firmware is not coreboot or memory cannot be read. */
static int load_coreboot(struct eventlog *log)
{
	_cleanup_close_ int fd = physmem_open();
	_cleanup_free_ uint8_t *buf = NULL;
	size_t len = 0;
	int r;

	if (fd < 0)
		return -ENOENT;
	r = coreboot_tpm_log_read(fd, &buf, &len);
	if (r < 0)
		return r == -ENOENT ?
			       r :
			       log_error_errno(r, "Cannot read coreboot's TPM log from memory: %m");
	r = eventlog_parse(buf, len, EVENT_FIRMWARE, log);
	if (r < 0)
		return log_error_errno(r, "coreboot's TPM log in memory is malformed");
	return 0;
}

/* A firmware log file (named by --firmware-log or $HEADS_FIRMWARE_LOG, or
 * the kernel's): symbolic links are followed, as for any file named on the
 * command line. */
static int read_firmware_file(const char *path, struct eventlog *log)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int r = read_file_follow(path, EVENTLOG_MAX_SIZE, &buf, &len);

	if (r < 0)
		return r;
	return eventlog_parse((const uint8_t *)buf, len, EVENT_FIRMWARE, log);
}

/* The firmware's log at its default place: coreboot's in memory when the
 * firmware is coreboot, else the one the kernel exposes. */
static int read_firmware(const char *path, struct eventlog *log, int *ret_have)
{
	int r = streq(path, FIRMWARE_LOG_DEFAULT) ? load_coreboot(log) : -ENOENT;

	if (r != -ENOENT) {
		if (ret_have)
			*ret_have = r >= 0 ? LOGS_FROM_COREBOOT : 0;
		return r;
	}
	r = read_firmware_file(path, log);
	if (ret_have)
		*ret_have = r >= 0 ? LOGS_FROM_FILE : 0;
	return r;
}

static int load_one(const char *path, enum event_source source, struct eventlog *log, int *ret_have)
{
	int r;

	if (source == EVENT_FIRMWARE)
		r = read_firmware(path, log, ret_have);
	else {
		r = eventlog_file_read(path, source, log);
		if (ret_have)
			*ret_have = r >= 0 ? LOGS_FROM_FILE : 0;
	}
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
