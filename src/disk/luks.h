/* SPDX-License-Identifier: GPL-2.0-or-later */
/* LUKS devices through libcryptsetup: the header hash measured into PCR 6,
 * and the keyslot the disk unlock key lives in. */
#pragma once

#include "macro.h"

#include <stdbool.h>
#include <stdint.h>

struct crypt_device;

/* Opens DEVICE and loads its LUKS (1 or 2) header. -EINVAL (with a
 * message) when it is not LUKS. */
int luks_open(const char *device, struct crypt_device **ret);
void luks_closep(struct crypt_device **cd);
#define _cleanup_luks_ _cleanup_(luks_closep)

/* The hash measured into PCR 6. LUKS2: SHA-256 over both binary headers
 * with their JSON metadata, then, for each active keyslot in order, its
 * number (le32), offset and length (le64) and its key material area.
 * LUKS1: SHA-256 of the header backup (`cryptsetup luksHeaderBackup`),
 * copied through rundir. */
int luks_header_hash(struct crypt_device *cd, const char *rundir, uint8_t out[32]);

/* True when DEVICE holds a LUKS (1 or 2) header libcryptsetup loads;
 * quiet otherwise. */
bool luks_probe(const char *device);

/* The device's LUKS UUID (static string owned by cd). */
const char *luks_uuid(struct crypt_device *cd);

/* Checks a passphrase against every keyslot without activating anything.
 * Returns the keyslot, or -E_PASSPHRASE. */
int luks_check_passphrase(struct crypt_device *cd, const void *pass, size_t len);

/* A free keyslot, or -ENOSPC. */
int luks_free_keyslot(struct crypt_device *cd);

/* Adds key (a high-entropy random key, so a fast KDF is used) to a free
 * keyslot, authorised by an existing passphrase. Returns the keyslot. */
int luks_add_key(struct crypt_device *cd, const void *pass, size_t passlen, const uint8_t *key,
		 size_t keylen);

int luks_destroy_keyslot(struct crypt_device *cd, int keyslot);

/* Opens DEVICE's LUKS volume read-only as /dev/mapper/name with key (a
 * passphrase or key file's bytes), for a look at what it holds; its path
 * into path. -E_PASSPHRASE when no keyslot takes the key. */
int luks_activate_readonly(const char *device, const void *key, size_t keylen, const char *name,
			   char *path, size_t size);
/* Closes what luks_activate_readonly opened. */
int luks_deactivate(const char *name);
