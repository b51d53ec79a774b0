/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The update after its checks: the secrets resealed to {running, new},
 * then the flash written. */
#include "disk-reseal.h"
#include "errors.h"
#include "fw-update.h"
#include "log.h"
#include "rom-predict.h"
#include "totp-reseal.h"

#include <stdlib.h>

/* {this boot, the new image} over mask. */
static int update_states(struct tpm *t, const struct update_request *req, uint32_t mask,
			 struct pcr_branches *ret)
{
	pcr_values running, next;
	int r = rom_update_states(t, req->firmware_log, req->rundir, req->img, req->len, mask,
				  running, next);

	*ret = (struct pcr_branches){ .mask = mask };
	if (r >= 0)
		r = branches_add(ret, (const uint8_t(*)[PCR_DIGEST_SIZE])running);
	return r < 0 ? r : branches_add(ret, (const uint8_t(*)[PCR_DIGEST_SIZE])next);
}

static int reseal_totp(struct tpm *t, const struct update_request *req, struct update_result *ret)
{
	struct pcr_branches b;
	struct totp_meta meta;
	int r = totp_meta_read(t, &meta);

	if (r == -ENOENT)
		return 0; /* nothing enrolled, nothing to keep */
	if (r >= 0)
		r = update_states(t, req, meta.pcr_mask, &b);
	if (r >= 0)
		r = totp_reseal(t, req->statedir, &b);
	ret->totp_resealed = r >= 0;
	return r;
}

/* The disk key is unsealed first: a wrong passphrase stops the update
 * before anything changes. */
static int unseal_disk(struct tpm *t, const struct update_request *req, struct disk_meta *m,
		       struct secret *key, struct update_result *ret)
{
	int r = disk_meta_read(t, m);

	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	if (!req->n_disks || !req->passphrase) {
		ret->refusal = UPDATE_NEED_DISK;
		return 0;
	}
	return disk_unseal(t, m, req->disks, req->n_disks, req->rundir, req->statedir,
			   req->passphrase, key, NULL);
}

static int reseal_disk(struct tpm *t, const struct update_request *req, const struct disk_meta *m,
		       const struct secret *key, struct update_result *ret)
{
	struct pcr_branches b;
	int r;

	if (!key->len)
		return 0;
	r = update_states(t, req, m->pcr_mask, &b);
	if (r >= 0)
		r = disk_reseal(t, req->statedir, m, key, req->passphrase, &b);
	ret->disk_resealed = r >= 0;
	return r;
}

static int read_running(struct flash *f, uint8_t **ret, size_t *ret_len)
{
	size_t len = (size_t)flash_size(f);
	uint8_t *buf = malloc(len ? len : 1);
	int r;

	if (!buf)
		return -ENOMEM;
	r = flash_read(f, buf, len);
	if (r < 0) {
		free(buf);
		return r;
	}
	*ret = buf;
	*ret_len = len;
	return 0;
}

int update_run(struct tpm *t, struct flash *f, struct update_request *req, struct update_result *ret)
{
	_cleanup_secret_ struct secret key = { 0 };
	_cleanup_free_ uint8_t *running = NULL;
	struct disk_meta m;
	size_t running_len = 0;
	int r = read_running(f, &running, &running_len);

	if (r >= 0)
		r = update_check(req, running, running_len, ret);
	if (r >= 0 && ret->refusal == UPDATE_OK)
		r = unseal_disk(t, req, &m, &key, ret);
	if (r < 0 || ret->refusal != UPDATE_OK)
		return r;
	r = reseal_totp(t, req, ret);
	if (r >= 0)
		r = reseal_disk(t, req, &m, &key, ret);
	if (r >= 0)
		r = flash_write(f, req->img, req->len);
	ret->written = r >= 0;
	ret->blocks_written = r >= 0 ? flash_blocks_written(f) : 0;
	return r;
}
