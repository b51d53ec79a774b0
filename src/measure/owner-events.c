/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PCR 7 as the next boot will extend it, from the image's owner files. */
#include "owner-events.h"
#include "cbfs.h"
#include "macro.h"
#include "measure-event.h"
#include "sha.h"

#include <errno.h>
#include <string.h>

static int add(struct eventlog *log, const void *buf, size_t len, enum measure_kind kind,
	       const char *name)
{
	uint8_t digest[SHA256_SIZE];
	char data[MEASURE_DATA_MAX];
	struct event ev;
	int r = sha256_buf(buf, len, digest);

	if (r < 0)
		return r;
	measure_event_make(OWNER_EVENTS_PCR, digest, kind, name, &ev, data);
	return eventlog_add(log, &ev);
}

static int visit(const struct cbfs_file *f, void *userdata)
{
	const char *rel = cbfs_owner_path(f->name);
	int r;

	if (!startswith(f->name, CBFS_OWNER_PREFIX) || !rel || !f->data ||
	    f->compression != CBFS_COMPRESS_NONE)
		return 0;
	if (f->len > OWNER_EVENTS_FILE_MAX)
		return -EFBIG;
	r = add(userdata, rel, strlen(rel), MEASURE_USER_FILE_NAME, f->name);
	if (r >= 0)
		r = add(userdata, f->data, f->len, MEASURE_USER_FILE, f->name);
	return r;
}

int owner_events_from_image(const uint8_t *img, size_t len, struct eventlog *ret)
{
	return cbfs_walk(img, len, visit, ret);
}
