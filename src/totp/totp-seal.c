/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A planned TOTP seal: plan, seal, keep the snapshot. */
#include "totp-seal.h"
#include "log.h"
#include "snapshot.h"

#include <limits.h>

int totp_seal_planned(struct tpm *t, const uint8_t secret[TOTP_SECRET_SIZE], uint32_t mask,
		      const struct seal_paths *p)
{
	_cleanup_(seal_plan_free) struct seal_plan plan = { 0 };
	char path[PATH_MAX];
	int r = snapshot_path(p->statedir, "totp", path, sizeof(path));

	if (r < 0)
		return log_error_errno(r, "The state directory name is too long");
	r = seal_plan_make(t, p->firmware_log, p->rundir, mask, &plan);
	if (r >= 0)
		r = totp_tpm_enroll(t, secret, mask, plan.predicted ? &plan.values : NULL);
	if (r >= 0)
		r = seal_plan_save(&plan, path);
	return r;
}
