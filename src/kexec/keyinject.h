/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The archive that hands the disk key to the OS initrd: /secret.key (mode
 * 0400) and the crypttab file(s) that point the OS at it, as the original
 * kexec-insert-key does. The kernel unpacks it after the OS initrd, so
 * these files override the initrd's own. */
#pragma once

#include "cpio.h"

#include <stdbool.h>
#include <stddef.h>

struct crypttab_file {
	char *path; /* inside the initrd, without leading "/" */
	char *content; /* the override lines, each ending in "\n" */
};

struct crypttab_set {
	struct crypttab_file *v;
	size_t n;
};

/* Parses override lines "PATH:ENTRY" (the original's
 * kexec_initrd_crypttab_overrides.txt), grouping entries by path in
 * order; blank lines and '#' comments are skipped. A line without ':' or
 * a path with ".." is -EINVAL. */
int crypttab_parse(const char *buf, size_t len, struct crypttab_set *ret);
void crypttab_set_clear(struct crypttab_set *s);

/* True for a LUKS UUID in canonical form (8-4-4-4-12 hex digits). */
bool luks_uuid_valid(const char *uuid);

/* Adds the entries that open the LUKS volume uuid with /secret.key, as
 * the original writes them, for Debian-like (etc/crypttab) and
 * cryptsetup-initramfs (cryptroot/crypttab) initrds; built as data, so
 * nothing in uuid can add a line or a file. -EINVAL unless uuid is a
 * canonical UUID. */
int crypttab_add_luks(struct crypttab_set *s, const char *uuid);
#define _cleanup_crypttab_set_ _cleanup_(crypttab_set_clear)

/* Adds secret.key, then each crypttab file with its parent directories,
 * to out; more files may follow (handover.h) before cpio_finish. */
int keyinject_add(const void *key, size_t keylen, const struct crypttab_set *ct, struct cpio *out);
/* keyinject_add, then the trailer: the finished archive. */
int keyinject_build(const void *key, size_t keylen, const struct crypttab_set *ct, struct cpio *out);

/* The archive /init appends: the key and the entries for one LUKS volume,
 * named by the UUID of the header measured into PCR 6 in this boot (never
 * by a record read back from the TPM). -EINVAL, and nothing in out, unless
 * uuid is a canonical UUID. */
int keyinject_build_luks(const void *key, size_t keylen, const char *uuid, struct cpio *out);
/* The same files, without the trailer (keyinject_add). */
int keyinject_add_luks(const void *key, size_t keylen, const char *uuid, struct cpio *out);

/* The same for every LUKS volume one key opens: one crypttab entry per
 * UUID, in the order given, all with /secret.key. -EINVAL, and nothing in
 * out, unless each is a canonical UUID (and there is at least one). */
int keyinject_add_luks_volumes(const void *key, size_t keylen, const char *const *uuids, size_t n,
			       struct cpio *out);
