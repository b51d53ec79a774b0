/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A boot entry as found in a config: what to load and with which command
 * line. Paths are inside BOOTDIR, starting with "/". For Xen, kernel and
 * cmdline are dom0's, hypervisor and hypervisor_cmdline Xen's. */
#pragma once

#include "macro.h"

#include <stddef.h>

/* More entries than any real menu has; the rest are dropped with a warning. */
#define BOOT_ENTRIES_MAX 1024

enum entry_source { SOURCE_GRUB, SOURCE_BLS, SOURCE_SYSLINUX };
enum entry_kind { KIND_LINUX, KIND_XEN };

struct boot_entry {
	char *title;
	enum entry_source source;
	enum entry_kind kind;
	char *kernel;
	char **initrd; /* NULL-terminated, may be NULL */
	char *cmdline;
	char *hypervisor;
	char *hypervisor_cmdline;
};

struct entry_list {
	struct boot_entry *v;
	size_t n;
};

void boot_entry_clear(struct boot_entry *e);
/* Moves *e into the list (e is left empty). -E2BIG past BOOT_ENTRIES_MAX. */
int entry_list_add(struct entry_list *l, struct boot_entry *e);
void entry_list_clear(struct entry_list *l);
#define _cleanup_entry_list_ _cleanup_(entry_list_clear)

const char *entry_source_name(enum entry_source s);

/* Parses an entry number as a person types it in a menu or on a command
 * line ("0", "12"): -EINVAL for anything but a whole decimal number
 * ("", "abc", "1x", "-1", " 1"), -ERANGE beyond any list's length. Whether
 * the list has that entry is boot_pick_entry's to say. */
int entry_number_parse(const char *s, size_t *ret);
