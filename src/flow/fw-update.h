/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The firmware update, as both front ends run it (doc/firmware-update.md):
 * check the image (a coreboot image of the flash's size; its SHA-256 the
 * owner's, or a detached OpenPGP signature by a release key the owner
 * keeps among the flash's owner files); keep the running owner files
 * (carried into an image that has none, an image with other ones is
 * refused); predict PCRs 2 and 7 of the new image; reseal the TOTP key
 * and the disk key to {running, new}; write the flash. Every refusal comes
 * before anything is written to the flash. Decisions and a structured
 * result; the words are the front ends'. */
#pragma once

#include "flash.h"
#include "tpm.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The release keys (a binary OpenPGP keyring) an image may be signed by:
 * an owner file, so it is measured into PCR 7 like the others and carried
 * over by every update. */
#define UPDATE_RELEASE_KEYS "heads/initrd/etc/heads/release-keys.gpg"

enum update_refusal {
	UPDATE_OK,
	UPDATE_WRONG_SIZE, /* not the size of the flash (or of the board's) */
	UPDATE_NOT_COREBOOT, /* no CBFS, or no bootblock or payload in it */
	UPDATE_HASH_DIFFERS, /* its SHA-256 is not the one given */
	UPDATE_NO_RELEASE_KEYS, /* a signature, but the flash holds no release keys */
	UPDATE_BAD_SIGNATURE, /* gpgv's verdict in detail */
	UPDATE_OWNER_FILES_DIFFER, /* the first differing owner file in detail */
	UPDATE_NEED_DISK, /* a disk key is enrolled: give its device and passphrase */
};

struct update_request {
	uint8_t *img; /* the new image; owner files may be carried into it */
	size_t len;
	size_t board_size; /* the board profile's flash size, 0 when unknown */
	const uint8_t *sha256; /* the owner's SHA-256 of the image, or NULL */
	const char *sig; /* or a detached signature of the image */
	size_t sig_len;
	const char *rundir, *statedir, *firmware_log;
	const char *const *disks; /* the LUKS devices holding the disk key's */
	size_t n_disks; /* volumes (among others), or none */
	const char *passphrase; /* its unlock passphrase */
};

struct update_result {
	enum update_refusal refusal;
	char detail[256];
	bool owner_carried; /* the image had no owner files: the running ones */
	size_t owner_files;
	bool totp_resealed, disk_resealed;
	bool written;
	uint64_t blocks_written;
	unsigned tpm_commands; /* the front end's count, for its report */
};

/* The checks, on req->img and the running flash's content (running, as
 * read from the flash): UPDATE_OK in ret->refusal, or why not. Carries
 * the running owner files into an image without any. -errno only when a
 * check could not be made (gpgv did not run, no memory). */
int update_check(struct update_request *req, const uint8_t *running, size_t running_len,
		 struct update_result *ret);

/* The whole update: reads the flash, update_check, reseals, writes.
 * Returns 0 with ret->refusal set when refused (nothing written), the
 * reseal's error (-E_SEALED, -E_PASSPHRASE, -ENODATA: the TOTP key has
 * no sealed copy) before anything is written, or the flash's. */
int update_run(struct tpm *t, struct flash *f, struct update_request *req, struct update_result *ret);
