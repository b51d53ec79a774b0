/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The disk key sealed again to a list of states. */
#include "disk-reseal.h"
#include "errors.h"
#include "log.h"

#include <errno.h>
#include <limits.h>
#include <unistd.h>

static int keep_list(const char *statedir, int slot, const struct pcr_branches *b)
{
	char path[PATH_MAX];
	int r = disk_branches_path(statedir, slot, path, sizeof(path));

	if (r < 0)
		return r;
	if (b->n > 1)
		return branches_save(path, b);
	return unlink(path) < 0 && errno != ENOENT ? negative_errno() : 0;
}

int disk_reseal(struct tpm *t, const char *statedir, const struct disk_meta *m,
		const struct secret *key, const char *passphrase, const struct pcr_branches *b)
{
	uint8_t policy[POLICY_DIGEST_SIZE];
	struct disk_staged st;
	int r = b->mask == m->pcr_mask && key->len == DISK_KEY_SIZE ? 0 : -EINVAL;

	if (r >= 0)
		r = branches_policy(b, true, policy);
	if (r >= 0)
		r = disk_seal_stage(t, policy, key->buf, passphrase, &st);
	if (r >= 0)
		r = keep_list(statedir, st.slot, b);
	if (r >= 0)
		r = disk_seal_commit(t, &st, m);
	if (r >= 0 && st.old_slot >= 0)
		(void)keep_list(statedir, st.old_slot, &(struct pcr_branches){ .n = 1 });
	return r;
}

int disk_drop_other_states(struct tpm *t, const char *statedir, const struct disk_meta *m,
			   const struct secret *key, const char *passphrase)
{
	struct pcr_branches now, live = { .mask = m->pcr_mask };
	pcr_values values;
	int r = disk_branches_for(statedir, m, &now);

	if (r < 0 || now.n < 2)
		return r < 0 ? r : 0;
	r = tpm_pcr_read(t, m->pcr_mask, values);
	if (r >= 0 && branches_find(&now, values) < 0)
		r = -E_SEALED;
	if (r >= 0)
		r = branches_add(&live, values);
	if (r >= 0)
		r = disk_reseal(t, statedir, m, key, passphrase, &live);
	return r < 0 ? r : 1;
}
