/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The firmware's and the payload's logs, read together. */
#include "logs.h"
#include "coreboot.h"
#include "eventlog-file.h"
#include "fileio.h"
#include "log.h"
#include "measure.h"
#include "measure12.h"
#include "physmem.h"
#include "strbuf.h"

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
static int read_coreboot(size_t max, uint8_t **ret, size_t *ret_len)
{
	_cleanup_close_ int fd = physmem_open();
	_cleanup_free_ uint8_t *buf = NULL;
	size_t len = 0;
	int r;

	if (fd < 0)
		return -ENOENT;
	r = coreboot_tpm_log_read(fd, &buf, &len);
	if (r == -ENOENT)
		return r;
	if (r >= 0 && len > max)
		r = -EFBIG;
	if (r < 0)
		return log_error_errno(r, "Cannot read coreboot's TPM log from memory: %m");
	*ret = TAKE_PTR(buf);
	*ret_len = len;
	return 0;
}

/* A firmware log file: symbolic links are followed, as for any file named
 * on the command line. */
static int read_firmware_file(const char *path, size_t max, uint8_t **ret, size_t *ret_len)
{
	char *buf = NULL;
	int r = read_file_follow(path, max, &buf, ret_len);

	if (r >= 0)
		*ret = (uint8_t *)buf;
	return r;
}

/* The firmware log the payload handed over, in the OS: <rundir>/NAME. */
static int read_handed_over(const char *rundir, size_t max, uint8_t **ret, size_t *ret_len)
{
	char path[PATH_MAX];
	int r = strfmt(path, sizeof(path), "%s/%s", rundir, LOGS_HANDED_FIRMWARE_NAME);

	return r < 0 ? r : read_firmware_file(path, max, ret, ret_len);
}

/* The firmware's log as bytes, and where it was found (LOGS_FROM_*). At
 * its default place: the one the payload handed over, else coreboot's in
 * memory when the firmware is coreboot, else the one the kernel exposes.
 * -ENOENT when there is none. */
static int read_firmware(const char *path, const char *rundir, size_t max, uint8_t **ret,
			 size_t *ret_len, int *ret_from)
{
	bool dflt = streq(path, FIRMWARE_LOG_DEFAULT);
	int r = dflt ? read_handed_over(rundir, max, ret, ret_len) : -ENOENT;

	*ret_from = LOGS_FROM_HANDOVER;
	if (r == -ENOENT && dflt) {
		r = read_coreboot(max, ret, ret_len);
		*ret_from = LOGS_FROM_COREBOOT;
	}
	if (r == -ENOENT) {
		r = read_firmware_file(path, max, ret, ret_len);
		*ret_from = LOGS_FROM_FILE;
	}
	return r;
}

/* The payload's log: the crypto-agile one, else on a TPM 1.2 the TCG 1.2
 * format one (measure12.h); the parser tells them apart. */
static int read_payload(const char *rundir, size_t max, uint8_t **ret, size_t *ret_len)
{
	char path[PATH_MAX];
	char *buf = NULL;
	int r = measure_log_path(rundir, path, sizeof(path));

	if (r >= 0 && access(path, F_OK) < 0 && errno == ENOENT)
		r = measure12_log_path(rundir, path, sizeof(path));
	if (r < 0)
		return log_error_errno(r, "The runtime directory name is too long");
	r = read_file_full(path, max, &buf, ret_len);
	if (r >= 0)
		*ret = (uint8_t *)buf;
	return r;
}

/* A missing log is no log (0); another error is said once, here. */
static int read_result(int r, const char *what)
{
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return log_error_errno(r, "Cannot read the %s event log: %m", what);
	return 1;
}

int logs_read_raw(const char *firmware_path, const char *rundir, size_t max, struct logs_raw *ret)
{
	struct logs_raw l = { 0 };
	int r = read_firmware(firmware_path, rundir, max, &l.firmware, &l.firmware_len,
			      &l.firmware_from);

	if ((r = read_result(r, "firmware's")) <= 0)
		l.firmware_from = 0;
	if (r >= 0 && (r = read_result(read_payload(rundir, max, &l.payload, &l.payload_len),
				       "payload's")) == 0)
		l.payload_len = 0;
	if (r < 0) {
		logs_raw_free(&l);
		return r;
	}
	*ret = l;
	return 0;
}

void logs_raw_free(struct logs_raw *l)
{
	free(l->firmware);
	free(l->payload);
	*l = (struct logs_raw){ 0 };
}

static int parse(const uint8_t *buf, size_t len, enum event_source source, const char *what,
		 struct eventlog *log)
{
	int r;

	if (!buf)
		return 0;
	r = eventlog_parse(buf, len, source, log);
	if (r == -EBADMSG)
		return log_error_errno(r, "The %s event log is malformed", what);
	return r;
}

int logs_load(const char *firmware_path, const char *rundir, struct eventlog *log,
	      int *ret_have_firmware, int *ret_have_payload)
{
	_cleanup_(logs_raw_free) struct logs_raw l = { 0 };
	int r = logs_read_raw(firmware_path, rundir, EVENTLOG_MAX_SIZE, &l);

	if (r >= 0)
		r = parse(l.firmware, l.firmware_len, EVENT_FIRMWARE, "firmware's", log);
	if (r >= 0)
		r = parse(l.payload, l.payload_len, EVENT_PAYLOAD, "payload's", log);
	if (r < 0)
		return r;
	if (ret_have_firmware)
		*ret_have_firmware = l.firmware_from;
	if (ret_have_payload)
		*ret_have_payload = l.payload ? LOGS_FROM_FILE : 0;
	return 0;
}
