/* SPDX-License-Identifier: GPL-2.0-or-later */
/* In-memory boot trees for the parser tests: a few files every test has
 * (kernels and initrds), plus the config under test. */
#pragma once

#include "bootfs-mem.h"
#include "discover.h"
#include "entry.h"

#include <string.h>

#define F(p, d)                     \
	{                           \
		p, d, sizeof(d) - 1 \
	}

static const struct memfs_file common_files[] = {
	F("/vmlinuz", "K"),	  F("/initrd.img", "I"), F("/vmlinuz-2", "K2"),
	F("/initrd-2.img", "I2"), F("/xen.gz", "X"),
};

/* Runs discovery over common_files plus extra (n of them). */
static inline int discover_with(const struct memfs_file *extra, size_t n, struct entry_list *out)
{
	struct memfs_file all[64];
	struct memfs m = { all, 0 };
	struct bootfs fs;

	for (size_t i = 0; i < sizeof(common_files) / sizeof(common_files[0]); i++)
		all[m.n++] = common_files[i];
	for (size_t i = 0; i < n && m.n < 64; i++)
		all[m.n++] = extra[i];
	bootfs_mem_init(&fs, &m);
	return boot_discover(&fs, out);
}

/* One grub.cfg at /grub/grub.cfg. */
static inline int grub_with(const char *cfg, struct entry_list *out)
{
	struct memfs_file f = { "/grub/grub.cfg", cfg, strlen(cfg) };
	return discover_with(&f, 1, out);
}
