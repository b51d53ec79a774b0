/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM2_Clear and TPM2_HierarchyControl. */
#include "hierarchy.h"
#include "da.h"
#include "errors.h"
#include "log.h"
#include "tpm-error.h"

/* The ESYS handles of the old owner hierarchy are stale after a clear. */
static void forget_owner_objects(struct tpm *t)
{
	TPM2B_AUTH empty = { 0 };

	tpm_session_end(t);
	tpm_tr_forget(t, &t->primary);
	t->primary_verified = false;
	t->primary_pinned = false;
	(void)Esys_TR_SetAuth(t->esys, ESYS_TR_RH_OWNER, &empty);
	t->owner_auth = false;
}

static int clear_platform(struct tpm *t)
{
	/* An empty authorization: a password session carries no secret. */
	TSS2_RC rc = Esys_Clear(t->esys, ESYS_TR_RH_PLATFORM, ESYS_TR_PASSWORD, ESYS_TR_NONE,
				ESYS_TR_NONE);

	return tpm_rc_to_errno(rc);
}

/* The lockout authorization is empty here: no secret to protect. */
static int clear_lockout(struct tpm *t)
{
	TSS2_RC rc = Esys_Clear(t->esys, ESYS_TR_RH_LOCKOUT, ESYS_TR_PASSWORD, ESYS_TR_NONE,
				ESYS_TR_NONE);

	return tpm_rc_to_errno(rc);
}

int tpm_clear(struct tpm *t, enum tpm_clear_via *ret)
{
	struct da_state s;
	int r = tpm_da_read(t, &s);

	if (r < 0)
		return r;
	if (s.platform_enabled && clear_platform(t) >= 0) {
		*ret = TPM_CLEAR_PLATFORM;
		forget_owner_objects(t);
		return 0;
	}
	if (s.lockout_auth_set)
		return -EACCES;
	r = clear_lockout(t);
	if (r < 0)
		return r;
	*ret = TPM_CLEAR_LOCKOUT;
	forget_owner_objects(t);
	return 0;
}

int tpm_platform_close(struct tpm *t)
{
	TSS2_RC rc = Esys_HierarchyControl(t->esys, ESYS_TR_RH_PLATFORM, ESYS_TR_PASSWORD,
					   ESYS_TR_NONE, ESYS_TR_NONE, TPM2_RH_PLATFORM, TPM2_NO);
	TSS2_RC base = tpm_rc_base(rc);

	if (rc == TSS2_RC_SUCCESS)
		return 0;
	if (base == TPM2_RC_HIERARCHY || base == TPM2_RC_BAD_AUTH || base == TPM2_RC_AUTH_FAIL)
		return 1;
	return tpm_error(rc, "Cannot close the TPM's platform hierarchy");
}
