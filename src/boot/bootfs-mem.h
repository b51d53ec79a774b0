/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An in-memory tree of files for tests and fuzzers: directories are
 * implied by the file paths. */
#pragma once

#include "bootfs.h"

struct memfs_file {
	const char *path; /* absolute, normalised */
	const char *data;
	size_t len;
};

struct memfs {
	const struct memfs_file *files;
	size_t n;
};

/* fs borrows mem, which must outlive it. */
void bootfs_mem_init(struct bootfs *fs, const struct memfs *mem);
