/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Extend-and-log on a TPM 1.2: every PCR extend heads makes there goes
 * through here, into the TCG 1.2 format log beside the crypto-agile one. */
#include "measure12.h"
#include "fileio.h"
#include "log.h"
#include "sha.h"
#include "strbuf.h"
#include "tpm12-eventlog.h"
#include "tpm12-pcr.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int measure12_log_path(const char *rundir, char *buf, size_t size)
{
	return strfmt(buf, size, "%s/%s", rundir, PAYLOAD_LOG12_NAME) < 0 ? -ENAMETOOLONG : 0;
}

/* The log, created (with the run directory) on first use and locked. */
static int log_open(const char *rundir, const char *path)
{
	_cleanup_close_ int fd = -1;

	if (mkdir(rundir, 0700) < 0 && errno != EEXIST)
		return negative_errno();
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return negative_errno();
	if (flock(fd, LOCK_EX) < 0)
		return negative_errno();
	return TAKE_FD(fd);
}

static int log_append(int fd, unsigned pcr, const uint8_t digest[20], enum measure_kind kind,
		      const char *name)
{
	char data[MEASURE_DATA_MAX];
	uint8_t buf[32 + MEASURE_DATA_MAX];
	struct event ev;
	struct tpm12_event e;
	size_t n = 0;
	int r;

	measure_event_make(pcr, (const uint8_t[32]){ 0 }, kind, name, &ev, data);
	e = (struct tpm12_event){
		.pcr = pcr, .type = ev.type, .data = ev.data, .data_len = ev.data_len
	};
	memcpy(e.digest, digest, 20);
	r = tpm12_event_encode(&e, buf, sizeof(buf), &n);
	if (r >= 0)
		r = write_all(fd, buf, n);
	if (r >= 0 && fsync(fd) < 0 && errno != EINVAL)
		r = negative_errno();
	return r;
}

int measure12_extend(struct tpm12 *t, const char *rundir, unsigned pcr, const uint8_t digest[20],
		     enum measure_kind kind, const char *name)
{
	_cleanup_close_ int fd = -1;
	char path[PATH_MAX];
	int r = measure12_log_path(rundir, path, sizeof(path));

	if (r >= 0)
		r = fd = log_open(rundir, path);
	if (r < 0)
		return log_error_errno(r, "Cannot open the event log %s: %m", path);
	r = tpm12_pcr_extend(t, pcr, digest, NULL);
	if (r < 0)
		return r;
	r = log_append(fd, pcr, digest, kind, name);
	if (r < 0)
		return log_error_errno(r,
				       "PCR %u was extended but the event log %s could not be written (%m): "
				       "it will no longer replay",
				       pcr, path);
	return 0;
}

int measure12_extend_buf(struct tpm12 *t, const char *rundir, unsigned pcr, const void *buf,
			 size_t len, enum measure_kind kind, const char *name)
{
	uint8_t digest[SHA1_SIZE];
	int r = sha1_buf(buf, len, digest);

	if (r < 0)
		return r;
	return measure12_extend(t, rundir, pcr, digest, kind, name);
}
