/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzzes the initramfs reader (kernel rules), and the writer on the names
 * and data it finds: what we write must read back the same. */
#include "log.h"
#include "cpio-read.h"
#include "cpio.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int rewrite(const struct cpio_member *m, void *userdata)
{
	struct cpio *c = userdata;
	char name[256];
	size_t n = m->name_len < sizeof(name) - 1 ? m->name_len : sizeof(name) - 1;

	memcpy(name, m->name, n);
	name[n] = '\0';
	if (!name[0] || memchr(m->name, '\0', n))
		return 0;
	return cpio_add_file(c, name, m->mode & 07777, m->data, m->size) == -ENOMEM ? -ENOMEM : 0;
}

static int count(const struct cpio_member *m, void *userdata)
{
	(void)m;
	(*(size_t *)userdata)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	log_set_level(LOG_NONE);
	struct cpio c = { 0 };
	size_t n = 0;

	if (cpio_read(data, size, rewrite, &c) >= 0 && cpio_finish(&c) >= 0) {
		if (cpio_read(c.buf, c.len, count, &n) < 0 || c.len % 4)
			abort();
	}
	cpio_free(&c);
	return 0;
}
