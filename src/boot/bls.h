/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Boot Loader Specification type #1 entries (loader/entries/NAME.conf):
 * parsing one file, ordering entries as the specification says, and
 * turning them into boot entries. */
#pragma once

#include "bootfs.h"
#include "entry.h"
#include "grub-env.h"

struct bls_entry {
	char *filename;
	char *title;
	char *version;
	char *machine_id;
	char *sort_key;
	char *linux_path;
	char *options; /* all "options" lines joined with a space */
	char **initrd;
};

/* Parses one entry file (keys first on the line, value after blanks;
 * unknown keys and comments are ignored). An entry without "linux" is
 * -ENOMSG (e.g. an EFI-only entry); a NUL byte is -EINVAL. */
int bls_parse(const char *buf, size_t len, struct bls_entry *ret);
void bls_entry_clear(struct bls_entry *e);

/* The specification's order: entries with sort-key first (by sort-key,
 * then machine-id, then newest version first), then the others by file
 * name, newest version first. */
int bls_compare(const struct bls_entry *a, const struct bls_entry *b);

/* Converts to a boot entry; "options" words are expanded with env (GRUB
 * variables such as $kernelopts), which may be NULL. */
int bls_to_entry(const struct bls_entry *b, const struct grub_env *env, struct boot_entry *ret);

/* Reads every *.conf in dir, in the specification's order, and adds the
 * entries whose files exist. Unreadable or invalid files are skipped with
 * a warning. */
int bls_load_dir(const struct bootfs *fs, const char *dir, const struct grub_env *env,
		 struct entry_list *out);
