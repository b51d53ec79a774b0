/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The signed /boot manifest in memory: the rollback counter, the pinned TPM
 * primary key, the default boot entry and one entry per file or symlink,
 * sorted by path. The text format is in doc/manifest.md. */
#pragma once

#include "atomic-at.h"

#include "macro.h"
#include "memimage.h"
#include "sha.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Hard caps: anything larger is refused as hostile or absurd. */
#define MANIFEST_MAX_SIZE (64u << 20)
#define MANIFEST_MAX_LINE 32768u
#define MANIFEST_MAX_ENTRIES (1u << 20)
#define MANIFEST_MAX_PATH 4095u
#define MANIFEST_MAX_NAME 255u
#define MANIFEST_MAX_DEPTH 64u
#define MANIFEST_MAX_FILE_SIZE (UINT64_C(1) << 40)
#define MANIFEST_MAX_ID 64u /* a file system or partition UUID */
#define MANIFEST_VERSION 2

/* Where the manifest and its signature live, relative to BOOTDIR. */
#define MANIFEST_DIR "heads"
#define MANIFEST_NAME "manifest"
#define MANIFEST_SIG_NAME "manifest.sig"
#define MANIFEST_NEW_NAME "manifest.new"
#define MANIFEST_SIG_NEW_NAME "manifest.sig.new"
#define MANIFEST_STAGING_PREFIX ATOMIC_STAGING_PREFIX

enum manifest_type {
	MANIFEST_FILE,
	MANIFEST_SYMLINK,
	MANIFEST_DIRECTORY,
	MANIFEST_OTHER, /* device, FIFO, socket: only in a scanned tree */
};

struct manifest_entry {
	char *path; /* relative to BOOTDIR, validated */
	char *target; /* symlink target, never followed */
	enum manifest_type type;
	bool hashed; /* sha256 holds the content hash */
	uint32_t mode; /* permission bits (07777) of a file or directory */
	bool mountpoint; /* a directory another file system was mounted on: mode unknown */
	uint64_t size;
	uint8_t sha256[SHA256_SIZE];
	/* A verification that keeps what it read (manifest_scan_start): the
	 * bytes that were hashed, sealed; NULL when not kept. */
	struct memimage *image;
};

/* The file system /boot was signed on: what the payload mounts as /boot
 * (doc/manifest.md). Empty uuid: not pinned; empty partuuid: none. */
struct manifest_fs {
	char uuid[MANIFEST_MAX_ID + 1];
	char partuuid[MANIFEST_MAX_ID + 1];
};

struct manifest {
	uint64_t counter;
	struct manifest_fs fs; /* the pinned file system */
	uint8_t primary[SHA256_SIZE]; /* SHA-256 of the TPM primary key's public area */
	char *default_entry; /* NULL: none */
	struct manifest_entry *entries;
	size_t n_entries;
	size_t allocated;
};

void manifest_free(struct manifest *m);
/* Frees the entry's kept image, if any. */
void manifest_entry_drop_image(struct manifest_entry *e);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct manifest *, manifest_free);
#define _cleanup_manifest_ _cleanup_(manifest_freep)

struct manifest *manifest_new(void);

/* Appends an entry, taking ownership of e->path and e->target (also on
 * failure). -E2BIG beyond MANIFEST_MAX_ENTRIES. */
int manifest_add(struct manifest *m, struct manifest_entry *e);

/* Sorts the entries by path (byte order). */
void manifest_sort(struct manifest *m);

/* The entry with that path in a sorted manifest, or NULL. */
const struct manifest_entry *manifest_find(const struct manifest *m, const char *path);

/* True if path is an acceptable relative path: not empty, no leading or
 * trailing '/', no empty, "." or ".." component, components and total
 * within the caps. */
bool manifest_path_valid(const char *path);

/* True for the manifest's own files (and its staging files), which are
 * never listed. */
bool manifest_path_excluded(const char *path);

const char *manifest_type_name(enum manifest_type t);

/* True when the manifest pins a file system. */
bool manifest_fs_pinned(const struct manifest_fs *pin);

/* True when the device identified by have is the pinned one: the same
 * file-system UUID and the same partition UUID (both absent counts as
 * the same). */
bool manifest_fs_matches(const struct manifest_fs *pin, const struct manifest_fs *have);

/* True for a usable UUID field: 1..MANIFEST_MAX_ID printable ASCII bytes,
 * no space, not "-". */
bool manifest_fs_id_valid(const char *id);
