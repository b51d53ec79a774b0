/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Appending to and reading event log files. */
#include "eventlog-file.h"
#include "eventlog-write.h"
#include "fileio.h"
#include "macro.h"

#include <fcntl.h>
#include <libgen.h>
#include <sys/file.h>
#include <sys/stat.h>

static int make_parent(const char *path)
{
	_cleanup_free_ char *copy = strdup(path);

	if (!copy)
		return -ENOMEM;
	if (mkdir(dirname(copy), 0700) < 0 && errno != EEXIST)
		return negative_errno();
	return 0;
}

/* A log that is new (empty) gets its Spec ID header first. */
static int write_header_if_empty(int fd)
{
	uint8_t header[EVENTLOG_HEADER_SIZE];
	struct stat st;

	if (fstat(fd, &st) < 0)
		return negative_errno();
	if (!S_ISREG(st.st_mode))
		return -EBADFD;
	if (st.st_size > 0)
		return 0;
	eventlog_header_encode(header);
	return write_all(fd, header, sizeof(header));
}

int eventlog_file_open(const char *path, struct eventlog_file *ret)
{
	_cleanup_close_ int fd = -1;
	int r = make_parent(path);

	if (r < 0)
		return r;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return negative_errno();
	if (flock(fd, LOCK_EX) < 0)
		return negative_errno();
	r = write_header_if_empty(fd);
	if (r < 0)
		return r;
	ret->fd = TAKE_FD(fd);
	return 0;
}

int eventlog_file_append(struct eventlog_file *f, const struct event *ev)
{
	size_t len = eventlog_event_size(ev);
	_cleanup_free_ uint8_t *buf = malloc(len);
	int r;

	if (!buf)
		return -ENOMEM;
	r = eventlog_event_encode(ev, buf, len);
	if (r >= 0)
		r = write_all(f->fd, buf, len);
	if (r >= 0 && fsync(f->fd) < 0 && errno != EINVAL)
		r = negative_errno();
	eventlog_file_close(f);
	return r;
}

void eventlog_file_close(struct eventlog_file *f)
{
	closep(&f->fd);
	f->fd = -1;
}

int eventlog_file_read(const char *path, enum event_source source, struct eventlog *log)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int r = read_file_full(path, EVENTLOG_MAX_SIZE, &buf, &len);

	if (r < 0)
		return r;
	return eventlog_parse((const uint8_t *)buf, len, source, log);
}
