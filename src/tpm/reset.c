/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM2_Clear, then the owner's settings in the order that needs no
 * authorization before the last step sets them. */
#include "reset.h"
#include "da.h"
#include "failures.h"
#include "owner.h"

static int set_up(struct tpm *t, enum tpm_clear_via via, const char *passphrase)
{
	int r = tpm_da_parameters(t, TPM_DA_MAX_TRIES, TPM_DA_INTERVAL_S, TPM_DA_LOCKOUT_RECOVERY_S);

	if (r >= 0)
		r = tpm_primary_verify(t);
	/* Only from the firmware: the platform hierarchy defines it. */
	if (r >= 0 && via == TPM_CLEAR_PLATFORM)
		r = tpm_failures_define(t);
	if (r >= 0)
		r = tpm_owner_passphrase_set(t, passphrase);
	return r;
}

int tpm_reset(struct tpm *t, const char *passphrase, struct tpm_reset_result *ret)
{
	unsigned before = tpm_command_count();
	enum tpm_clear_via via = TPM_CLEAR_PLATFORM;
	int r = tpm_clear(t, &via);

	if (r >= 0)
		r = set_up(t, via, passphrase);
	tpm_session_end(t);
	if (r < 0)
		return r;
	*ret = (struct tpm_reset_result){ .via = via, .commands = tpm_command_count() - before };
	return 0;
}
