/* A planned TOTP seal: plan, seal, keep the snapshot. */
#include "totp-seal.h"
#include "log.h"
#include "snapshot.h"

#include <limits.h>

int totp_seal_stage(struct tpm *t, const uint8_t secret[TOTP_SECRET_SIZE], uint32_t mask,
		    const struct seal_paths *p, struct totp_seal_staged *ret)
{
	int r = seal_plan_make(t, p->firmware_log, p->rundir, mask, &ret->plan);

	if (r >= 0)
		r = totp_tpm_stage(t, secret, mask, ret->plan.predicted ? &ret->plan.values : NULL,
				   &ret->key);
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
