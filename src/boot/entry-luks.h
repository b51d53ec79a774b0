/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The LUKS volumes a boot entry's kernel command line names, the way the
 * OS initrd reads them (systemd-cryptsetup-generator and dracut):
 * rd.luks.uuid=UUID and luks.uuid=UUID (dracut also takes "luks-UUID"),
 * rd.luks.name=UUID=NAME and luks.name=UUID=NAME. Pure: a string in, a
 * list out. */
#pragma once

#include <stddef.h>

#define ENTRY_LUKS_MAX 8
#define ENTRY_LUKS_UUID_SIZE 37

struct entry_luks {
	size_t n;
	char uuid[ENTRY_LUKS_MAX][ENTRY_LUKS_UUID_SIZE]; /* lower case, each once, in order */
};

/* 0 with ret filled (n may be 0); a value that is no canonical UUID is
 * skipped (the OS would not find it either); -E2BIG for more than
 * ENTRY_LUKS_MAX different volumes. */
int entry_luks_parse(const char *cmdline, struct entry_luks *ret);
