/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: the CBFS walker over an arbitrary flash image. */
#include "log.h"
#include "cbfs.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int visit(const struct cbfs_file *f, void *userdata)
{
	unsigned *sum = userdata;

	/* Touch every byte the parser says is the file's, so ASan checks it. */
	for (size_t i = 0; i < f->len; i++)
		*sum += f->data[i];
	*sum += (unsigned)strlen(f->name);
	if (cbfs_owner_path(f->name))
		*sum += 1;
	return 0;
}

static bool want_all(const char *name, void *userdata)
{
	(void)name;
	(void)userdata;
	return true;
}

/* The walk over a file descriptor, on the same bytes. */
static void walk_fd(const uint8_t *data, size_t size, unsigned *sum)
{
	int fd = memfd_create("flash", MFD_CLOEXEC);

	if (fd < 0)
		return;
	if (write(fd, data, size) == (ssize_t)size)
		(void)cbfs_walk_fd(fd, size, 1u << 20, want_all, visit, sum);
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	log_set_level(LOG_NONE);
	struct cbfs_file f;
	unsigned sum = 0;

	(void)cbfs_walk(data, size, visit, &sum);
	(void)cbfs_find(data, size, CBFS_OWNER_PREFIX "etc/config.user", &f);
	walk_fd(data, size, &sum);
	return 0;
}
