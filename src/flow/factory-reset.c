/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The factory reset, step by step (factory-reset.h). Everything that can
 * fail without changing anything is tried first: the flash is read and
 * its CBFS parsed, the event logs must replay to the TPM (the next boot's
 * PCR values are computed from them), the CBFS must have room for a new
 * keyring, the LUKS passphrase must open the disk. Only then is the TPM
 * cleared, which cannot be undone. */
#include "factory-reset.h"
#include "cbfs-edit.h"
#include "disk-seal.h"
#include "errors.h"
#include "luks.h"
#include "log.h"
#include "manifest-sign.h"
#include "owner-events.h"
#include "owner-flash.h"
#include "replay.h"
#include "totp-seal.h"

#include <stdlib.h>

struct run {
	struct tpm *t;
	const struct factory_reset_options *o;
	struct factory_reset_result *res;
	struct owner_flash flash;
	struct eventlog next; /* PCR 7 as the next boot extends it */
};

void factory_reset_result_done(struct factory_reset_result *r)
{
	secret_free(&r->totp_uri);
}

static uint32_t planned_pcrs(const struct factory_reset_options *o)
{
	return o->totp_pcrs | (o->n_disks ? DISK_SNAPSHOT_MASK(o->disk_pcrs) : 0);
}

/* The current owner files' events stand in for the new ones: the logs
 * must account for every PCR the secrets will be sealed to. */
static int check_logs(struct run *w)
{
	_cleanup_eventlog_ struct eventlog cur = { 0 };
	_cleanup_(seal_plan_free) struct seal_plan plan = { 0 };
	int r = owner_events_from_image(w->flash.image, w->flash.len, &cur);

	if (r == -ENOENT)
		r = -EBADMSG; /* no CBFS at all: not a coreboot image */
	if (r < 0)
		return log_error_errno(r, "The flash's CBFS cannot be read: %m");
	return seal_plan_next(w->t, w->o->paths.firmware_log, w->o->paths.rundir,
			      planned_pcrs(w->o), &cur, &plan);
}

/* Room for the keyring: the edit tried on a copy, with more bytes than
 * an exported public key takes, so a full CBFS is refused before the TPM
 * is cleared. */
#define KEYRING_ROOM 4096

static int check_room(const struct owner_flash *f)
{
	static const uint8_t placeholder[KEYRING_ROOM];
	struct cbfs_owner_file file = { FACTORY_RESET_KEYRING, placeholder, sizeof(placeholder) };
	_cleanup_free_ uint8_t *copy = malloc(f->len ? f->len : 1);
	int r;

	if (!copy)
		return -ENOMEM;
	memcpy(copy, f->image, f->len);
	r = cbfs_set_owner_files(copy, f->len, &file, 1);
	if (r == -ENOSPC)
		return log_error_errno(r, "The flash's CBFS has no room for a new keyring (%u bytes)",
				       KEYRING_ROOM);
	return r < 0 ? log_error_errno(r, "The flash's CBFS cannot take a new keyring: %m") : 0;
}

static int check_volume(const char *device, const char *passphrase)
{
	_cleanup_luks_ struct crypt_device *cd = NULL;
	int r = luks_open(device, &cd);

	if (r >= 0)
		r = luks_check_passphrase(cd, passphrase, strlen(passphrase));
	if (r >= 0)
		r = luks_free_keyslot(cd);
	return r < 0 ? r : 0;
}

/* Every volume opens with the LUKS passphrase and has a free keyslot. */
static int check_disk(const struct factory_reset_options *o)
{
	int r = 0;

	for (size_t i = 0; r >= 0 && i < o->n_disks; i++)
		r = check_volume(o->disks[i], o->luks_passphrase);
	return r;
}

static int step_check(struct run *w)
{
	int r = owner_flash_read(w->o->flash, &w->flash);

	if (r >= 0)
		r = check_logs(w);
	if (r >= 0)
		r = check_room(&w->flash);
	if (r >= 0)
		r = check_disk(w->o);
	return r;
}

/* The primary key the reset made is this owner's: pinned at once. */
static int step_tpm(struct run *w)
{
	struct primary_pin *p = &w->res->pin;
	int r = tpm_reset(w->t, w->o->owner_passphrase, &w->res->tpm);

	if (r >= 0)
		r = primary_pin_check(w->t, NULL, PRIMARY_PIN_STATED, w->o->paths.statedir, p);
	if (r >= 0)
		r = primary_pin_accept(w->t, p, true);
	if (r >= 0)
		r = primary_pin_keep(w->o->paths.statedir, p);
	return r;
}

static int step_key(struct run *w)
{
	struct owner_key *k = w->o->key;
	int r = k->ops->generate(k, w->o->key_uid, w->o->key_passphrase);

	memcpy(w->res->previous_home, k->previous, sizeof(w->res->previous_home));
	if (r < 0)
		return r;
	memcpy(w->res->key_id, k->id, sizeof(w->res->key_id));
	return 0;
}

static int predict_pcr7(struct run *w)
{
	struct replay rp;
	int r = owner_events_from_image(w->flash.next, w->flash.next_len, &w->next);

	if (r >= 0)
		r = replay_log(&w->next, 0, &rp);
	if (r >= 0)
		memcpy(w->res->pcr7, rp.values[OWNER_EVENTS_PCR], PCR_DIGEST_SIZE);
	return r;
}

static int step_flash(struct run *w)
{
	struct owner_key *k = w->o->key;
	_cleanup_free_ uint8_t *keyring = NULL;
	size_t len = 0;
	int r = k->ops->export_public(k, &keyring, &len);

	if (r >= 0)
		r = owner_flash_write_file(w->o->flash, FACTORY_RESET_KEYRING, keyring, len,
					   &w->flash);
	if (r >= 0)
		r = predict_pcr7(w);
	return r;
}

static int sign_with_key(void *userdata, int data_fd, int out_fd)
{
	struct owner_key *k = userdata;

	return k->ops->sign(k, data_fd, out_fd);
}

static int step_sign(struct run *w)
{
	struct manifest_sign_options mo = {
		.signer = sign_with_key,
		.signer_data = w->o->key,
		.default_entry = w->o->default_entry,
		.set_default = w->o->default_entry != NULL,
		.fs = w->o->boot_fs,
	};
	_cleanup_(manifest_sign_result_done) struct manifest_sign_result sr = { 0 };
	int r = manifest_sign(w->o->boot_fd, w->t, &mo, &sr);

	if (r < 0)
		return r;
	w->res->counter = sr.counter;
	w->res->n_files = sr.n_files;
	return 0;
}

static struct seal_paths next_paths(const struct run *w)
{
	struct seal_paths p = w->o->paths;

	p.next = &w->next;
	return p;
}

static int step_totp(struct run *w)
{
	struct seal_paths p = next_paths(w);

	return totp_enroll_new(w->t, w->o->totp_label, w->o->totp_pcrs, &p, &w->res->totp_uri);
}

static int step_disk(struct run *w)
{
	struct seal_paths p = next_paths(w);

	if (!w->o->n_disks)
		return 0;
	return disk_enroll_planned(w->t, w->o->disks, w->o->n_disks, w->o->luks_passphrase,
				   w->o->unlock_passphrase, w->o->disk_pcrs, &p);
}

static int (*const steps[])(struct run *w) = {
	[FACTORY_RESET_CHECK] = step_check, [FACTORY_RESET_TPM] = step_tpm,
	[FACTORY_RESET_KEY] = step_key,	    [FACTORY_RESET_FLASH] = step_flash,
	[FACTORY_RESET_SIGN] = step_sign,   [FACTORY_RESET_TOTP] = step_totp,
	[FACTORY_RESET_DISK] = step_disk,
};

int factory_reset(struct tpm *t, const struct factory_reset_options *o,
		  struct factory_reset_result *ret)
{
	struct run w = { .t = t, .o = o, .res = ret };
	int r = 0;

	*ret = (struct factory_reset_result){ .reached = FACTORY_RESET_CHECK };
	for (; ret->reached < FACTORY_RESET_DONE; ret->reached++) {
		r = steps[ret->reached](&w);
		if (r < 0)
			break;
	}
	owner_flash_done(&w.flash);
	eventlog_free(&w.next);
	return r < 0 ? r : 0;
}
