/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A planned disk-key seal: plan, enrol, keep the snapshot. */
#include "disk-seal.h"
#include "log.h"
#include "snapshot.h"

#include <limits.h>
#include <unistd.h>

int disk_snapshot_path(const char *statedir, char *buf, size_t size)
{
	int r = snapshot_path(statedir, "disk", buf, size);

	return r < 0 ? log_error_errno(r, "The state directory name is too long") : 0;
}

/* A new enrolment is sealed to one state: a list left for its slot by an
 * earlier reseal would only make the TPM refuse. */
static void forget_list(struct tpm *t, const char *statedir)
{
	struct disk_meta m;
	char path[PATH_MAX];

	if (disk_meta_read(t, &m) >= 0 &&
	    disk_branches_path(statedir, m.slot, path, sizeof(path)) >= 0)
		(void)unlink(path);
}

int disk_enroll_planned(struct tpm *t, const char *const *devices, size_t n, const char *luks_pass,
			const char *unlock_pass, uint32_t mask, const struct seal_paths *p)
{
	_cleanup_(seal_plan_free) struct seal_plan plan = { 0 };
	uint32_t planned = DISK_SNAPSHOT_MASK(mask);
	char path[PATH_MAX];
	int r = disk_snapshot_path(p->statedir, path, sizeof(path));

	if (r >= 0 && planned)
		r = seal_plan_make_for(t, p, planned, &plan);
	if (r >= 0)
		r = disk_enroll(t, devices, n, p->rundir, luks_pass, unlock_pass, mask,
				plan.predicted ? &plan.values : NULL);
	if (r >= 0 && planned)
		r = seal_plan_save(&plan, path);
	if (r >= 0)
		forget_list(t, p->statedir);
	return r;
}
