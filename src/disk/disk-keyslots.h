/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The LUKS keyslots a disk key lives in, whichever TPM seals it. */
#pragma once

#include "disk-key.h"
#include "disk-volumes.h"

/* Every volume accepts luks_pass and has a free keyslot (else a message
 * naming the device, and nothing changed). */
int disk_keyslots_preflight(const struct disk_volumes *v, const char *luks_pass);

/* The previous enrolment's keyslot on this volume (old may be NULL), or -1. */
int disk_keyslots_previous(const struct disk_meta *old, struct crypt_device *cd);

/* key (DISK_KEY_SIZE bytes) into a new keyslot of every volume, checked to
 * open it; m gets the volumes' UUIDs and keyslots. On a failure the
 * keyslots added so far are removed again. */
int disk_keyslots_add(const struct disk_volumes *v, const char *luks_pass, const uint8_t *key,
		      struct disk_meta *m);

/* Removes old[i] (when >= 0) from volume i. */
int disk_keyslots_remove(const struct disk_volumes *v, const int *old);
