/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A planned TOTP seal: plan, seal, keep the snapshot. */
#include "totp-seal.h"
#include "log.h"
#include "snapshot.h"
#include "totp-reseal.h"
#include "uri.h"

#include <errno.h>
#include <limits.h>
#include <sys/random.h>

/* The sealed copy that later resealing unseals, sealed to the state the
 * key is sealed to. Without it (no state directory, /boot read-only as in
 * the recovery shell) the key works, but a firmware update will need a
 * new enrolment: a warning, as for the snapshot. */
static int keep_copy(struct tpm *t, const uint8_t *secret, uint32_t mask,
		     const struct seal_paths *p, const struct totp_seal_staged *st)
{
	struct pcr_branches b = { .mask = mask, .n = 1 };
	int r = 0;

	if (st->plan.predicted)
		memcpy(b.values[0], st->plan.values, sizeof(pcr_values));
	else
		r = tpm_pcr_read(t, mask, b.values[0]);
	if (r >= 0)
		r = totp_copy_save(t, p->statedir, st->key.slot, secret, &b);
	if (r == -ENOENT)
		log_notice("No state directory %s: the TOTP secret has no sealed copy, so a "
			   "firmware update will need a new enrolment (see --statedir).",
			   p->statedir);
	else if (r < 0)
		log_warning_errno(r,
				  "Cannot keep the sealed copy of the TOTP secret in %s (%m): a "
				  "firmware update will need a new enrolment.",
				  p->statedir);
	return 0;
}

int totp_seal_stage(struct tpm *t, const uint8_t secret[TOTP_SECRET_SIZE], uint32_t mask,
		    const struct seal_paths *p, struct totp_seal_staged *ret)
{
	int r = seal_plan_make_for(t, p, mask, &ret->plan);

	if (r >= 0)
		r = totp_tpm_stage(t, secret, mask, ret->plan.predicted ? &ret->plan.values : NULL,
				   &ret->key);
	if (r >= 0)
		r = keep_copy(t, secret, mask, p, ret);
	return r;
}

int totp_seal_commit(struct tpm *t, const struct totp_seal_staged *st, const struct seal_paths *p)
{
	char path[PATH_MAX];
	int r = snapshot_path(p->statedir, "totp", path, sizeof(path));

	if (r < 0)
		return log_error_errno(r, "The state directory name is too long");
	r = totp_tpm_commit(t, &st->key);
	if (r >= 0)
		r = seal_plan_save(&st->plan, path);
	return r;
}

void totp_seal_staged_done(struct totp_seal_staged *st)
{
	seal_plan_free(&st->plan);
}

int totp_seal_planned(struct tpm *t, const uint8_t secret[TOTP_SECRET_SIZE], uint32_t mask,
		      const struct seal_paths *p)
{
	_cleanup_(totp_seal_staged_done) struct totp_seal_staged st = { 0 };
	int r = totp_seal_stage(t, secret, mask, p, &st);

	return r < 0 ? r : totp_seal_commit(t, &st, p);
}

static int new_secret(struct secret *s)
{
	int r = secret_alloc(s, TOTP_SECRET_SIZE);
	ssize_t n = r < 0 ? r : getrandom(s->buf, TOTP_SECRET_SIZE, 0);

	if (r < 0)
		return log_error_errno(r, "Cannot allocate the secret: %m");
	if (n != TOTP_SECRET_SIZE)
		return log_error_errno(n < 0 ? errno : EIO, "Cannot get random bytes: %m");
	s->len = TOTP_SECRET_SIZE;
	return 0;
}

int totp_enroll_stage(struct tpm *t, const char *label, uint32_t mask, const struct seal_paths *p,
		      struct totp_seal_staged *ret, struct secret *ret_uri)
{
	_cleanup_secret_ struct secret sec = { 0 }, uri = { 0 };
	int r = new_secret(&sec);

	if (r >= 0)
		r = totp_uri(TOTP_ISSUER, label, sec.buf, sec.len, &uri);
	if (r >= 0)
		r = totp_seal_stage(t, sec.buf, mask, p, ret);
	if (r < 0)
		return r;
	*ret_uri = uri;
	uri = (struct secret){ 0 };
	return 0;
}

int totp_enroll_new(struct tpm *t, const char *label, uint32_t mask, const struct seal_paths *p,
		    struct secret *ret_uri)
{
	_cleanup_(totp_seal_staged_done) struct totp_seal_staged st = { 0 };
	_cleanup_secret_ struct secret uri = { 0 };
	int r = totp_enroll_stage(t, label, mask, p, &st, &uri);

	if (r >= 0)
		r = totp_seal_commit(t, &st, p);
	if (r < 0)
		return r;
	*ret_uri = uri;
	uri = (struct secret){ 0 };
	return 0;
}
