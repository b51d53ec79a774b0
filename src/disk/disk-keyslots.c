/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The LUKS keyslots a disk key lives in, whichever TPM seals it: checked
 * before anything changes, added to every volume, and the previous
 * enrolment's removed once the new key opens them all. */
#include "disk-keyslots.h"
#include "errors.h"
#include "log.h"
#include "luks.h"
#include "strbuf.h"

#include <libcryptsetup.h>
#include <string.h>
#include <strings.h>

/* The previous enrolment's keyslot on this volume, if any. */
int disk_keyslots_previous(const struct disk_meta *old, struct crypt_device *cd)
{
	for (size_t i = 0; old && i < old->n; i++)
		if (strcasecmp(old->v[i].uuid, luks_uuid(cd)) == 0 &&
		    crypt_keyslot_status(cd, old->v[i].keyslot) != CRYPT_SLOT_INACTIVE)
			return old->v[i].keyslot;
	return -1;
}

static int add_checked_key(struct crypt_device *cd, const char *luks_pass, const uint8_t *key)
{
	int slot = luks_add_key(cd, luks_pass, strlen(luks_pass), key, DISK_KEY_SIZE);
	int r;

	if (slot < 0)
		return slot;
	r = luks_check_passphrase(cd, key, DISK_KEY_SIZE);
	if (r != slot)
		return log_error_errno(EIO, "The new key does not open LUKS keyslot %d", slot);
	return slot;
}

/* Everything that can refuse is checked before anything changes. */
static int preflight_one(struct crypt_device *cd, const char *device, const char *luks_pass)
{
	int r = luks_check_passphrase(cd, luks_pass, strlen(luks_pass));

	if (r == -E_PASSPHRASE)
		return log_error_errno(r, "The LUKS passphrase is wrong for %s; nothing was changed",
				       device);
	if (r < 0)
		return r;
	r = luks_free_keyslot(cd);
	if (r == -ENOSPC)
		return log_error_errno(r,
				       "Every LUKS keyslot is in use on %s; free one (cryptsetup luksKillSlot) and enrol again. Nothing was changed",
				       device);
	return r < 0 ? r : 0;
}

/* The key into a new keyslot of every volume; on a failure, the keyslots
 * added so far are removed again. */
int disk_keyslots_add(const struct disk_volumes *v, const char *luks_pass, const uint8_t *key,
		      struct disk_meta *m)
{
	int r = 0;

	for (m->n = 0; r >= 0 && m->n < v->n; m->n++) {
		r = add_checked_key(v->cd[m->n], luks_pass, key);
		if (r >= 0)
			m->v[m->n].keyslot = (uint8_t)r;
		if (r >= 0 &&
		    strfmt(m->v[m->n].uuid, DISK_UUID_SIZE, "%s", luks_uuid(v->cd[m->n])) < 0)
			r = log_error_errno(EINVAL, "The LUKS UUID of %s is too long",
					    v->device[m->n]);
	}
	if (r >= 0)
		return 0;
	for (size_t i = 0; i + 1 < m->n; i++)
		(void)luks_destroy_keyslot(v->cd[i], m->v[i].keyslot);
	return r;
}

/* The previous enrolment's keyslots, once the new key opens every volume. */
int disk_keyslots_remove(const struct disk_volumes *v, const int *old)
{
	int r = 0;

	for (size_t i = 0; r >= 0 && i < v->n; i++)
		r = old[i] >= 0 ? luks_destroy_keyslot(v->cd[i], old[i]) : 0;
	return r;
}

int disk_keyslots_preflight(const struct disk_volumes *v, const char *luks_pass)
{
	int r = 0;

	for (size_t i = 0; r >= 0 && i < v->n; i++)
		r = preflight_one(v->cd[i], v->device[i], luks_pass);
	return r;
}
