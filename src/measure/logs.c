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
static int read_coreboot(struct blob_buf *ret)
{
	_cleanup_close_ int fd = physmem_open();
	int r;

	if (fd < 0)
		return -ENOENT;
	r = coreboot_tpm_log_read(fd, &ret->data, &ret->len);
	if (r < 0 && r != -ENOENT)
		return log_error_errno(r, "Cannot read coreboot's TPM log from memory: %m");
	return r;
}

/* A log file (the firmware's named by --firmware-log or
 * $HEADS_FIRMWARE_LOG, or the kernel's): symbolic links are followed, as
 * for any file named on the command line. */
static int read_log_file(const char *path, struct blob_buf *ret)
{
	char *buf = NULL;
	int r = read_file_follow(path, EVENTLOG_MAX_SIZE, &buf, &ret->len);

	if (r >= 0)
		ret->data = (uint8_t *)buf;
	return r;
}

/* The firmware's log at its default place: coreboot's in memory when the
 * firmware is coreboot, else the one the kernel exposes. */
static int read_firmware(const char *path, struct blob_buf *ret, int *ret_have)
{
	int r = streq(path, FIRMWARE_LOG_DEFAULT) ? read_coreboot(ret) : -ENOENT;

	if (r != -ENOENT) {
		*ret_have = r >= 0 ? LOGS_FROM_COREBOOT : 0;
		return r;
	}
	r = read_log_file(path, ret);
	*ret_have = r >= 0 ? LOGS_FROM_FILE : 0;
	return r;
}

static int read_one(const char *path, enum event_source source, struct blob_buf *ret, int *ret_have)
{
	int r;

	if (source == EVENT_FIRMWARE)
		r = read_firmware(path, ret, ret_have);
	else {
		/* In the runtime directory: no symbolic link is followed. */
		char *buf = NULL;
		r = read_file_full(path, EVENTLOG_MAX_SIZE, &buf, &ret->len);
		ret->data = (uint8_t *)buf;
		*ret_have = r >= 0 ? LOGS_FROM_FILE : 0;
	}
	if (r == -ENOENT)
		return 0;
	if (r < 0 && r != -EBADMSG)
		return log_error_errno(r, "Cannot read the event log %s: %m", path);
	return r;
}

static int parse_one(const struct blob_buf *b, const char *path, int have, enum event_source source,
		     struct eventlog *log)
{
	int r;

	if (!b->data)
		return 0;
	r = eventlog_parse(b->data, b->len, source, log);
	if (r == -EBADMSG && have == LOGS_FROM_COREBOOT)
		return log_error_errno(r, "coreboot's TPM log in memory is malformed");
	if (r == -EBADMSG)
		return log_error_errno(r, "The event log %s is malformed", path);
	return r;
}

void logs_raw_free(struct logs_raw *l)
{
	free(l->firmware.data);
	free(l->payload.data);
	*l = (struct logs_raw){ 0 };
}

int logs_read_raw(const char *firmware_path, const char *rundir, struct logs_raw *ret)
{
	struct logs_raw l = { 0 };
	int r = read_one(firmware_path, EVENT_FIRMWARE, &l.firmware, &l.have_firmware);

	if (r >= 0)
		r = measure_log_path(rundir, l.payload_path, sizeof(l.payload_path));
	if (r == -ENAMETOOLONG)
		r = log_error_errno(r, "The runtime directory name is too long");
	if (r >= 0)
		r = read_one(l.payload_path, EVENT_PAYLOAD, &l.payload, &l.have_payload);
	if (r < 0) {
		logs_raw_free(&l);
		return r;
	}
	*ret = l;
	return 0;
}

int logs_load(const char *firmware_path, const char *rundir, struct eventlog *log,
	      int *ret_have_firmware, int *ret_have_payload)
{
	struct logs_raw l = { 0 };
	int r = logs_read_raw(firmware_path, rundir, &l);

	if (r >= 0)
		r = parse_one(&l.firmware, firmware_path, l.have_firmware, EVENT_FIRMWARE, log);
	if (r >= 0)
		r = parse_one(&l.payload, l.payload_path, l.have_payload, EVENT_PAYLOAD, log);
	if (r >= 0 && ret_have_firmware)
		*ret_have_firmware = l.have_firmware;
	if (r >= 0 && ret_have_payload)
		*ret_have_payload = l.have_payload;
	logs_raw_free(&l);
	return r;
}
