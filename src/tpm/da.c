/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Dictionary-attack counters and hierarchy flags (TPM2_GetCapability of
 * TPM_PT_PERMANENT to TPM_PT_LOCKOUT_RECOVERY). */
#include "da.h"
#include "log.h"
#include "tpm-error.h"

static void store(struct da_state *s, const TPMS_TAGGED_PROPERTY *p)
{
	switch (p->property) {
	case TPM2_PT_LOCKOUT_COUNTER:
		s->failed = p->value;
		break;
	case TPM2_PT_MAX_AUTH_FAIL:
		s->max_tries = p->value;
		break;
	case TPM2_PT_LOCKOUT_INTERVAL:
		s->interval_s = p->value;
		break;
	case TPM2_PT_LOCKOUT_RECOVERY:
		s->recovery_s = p->value;
		break;
	case TPM2_PT_PERMANENT:
		s->owner_auth_set = p->value & TPMA_PERMANENT_OWNERAUTHSET;
		s->lockout_auth_set = p->value & TPMA_PERMANENT_LOCKOUTAUTHSET;
		break;
	case TPM2_PT_STARTUP_CLEAR:
		s->platform_enabled = p->value & TPMA_STARTUP_CLEAR_PHENABLE;
		break;
	default:
		break;
	}
}

/* From TPM_PT_PERMANENT to TPM_PT_LOCKOUT_RECOVERY: the hierarchies'
 * flags and the DA counters in one command. */
#define DA_FIRST TPM2_PT_PERMANENT
#define DA_COUNT (TPM2_PT_LOCKOUT_RECOVERY - TPM2_PT_PERMANENT + 1)

static int read_props(struct tpm *t, TPM2_PT first, UINT32 count, struct da_state *s)
{
	_cleanup_free_ TPMS_CAPABILITY_DATA *cap = NULL;
	TSS2_RC rc = Esys_GetCapability(t->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
					TPM2_CAP_TPM_PROPERTIES, first, count, NULL, &cap);

	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot read the TPM's dictionary-attack state");
	for (UINT32 i = 0; i < cap->data.tpmProperties.count; i++)
		store(s, &cap->data.tpmProperties.tpmProperty[i]);
	return 0;
}

int tpm_da_read(struct tpm *t, struct da_state *ret)
{
	struct da_state s = { 0 };
	int r = read_props(t, DA_FIRST, DA_COUNT, &s);

	/* A TPM may answer with fewer properties than asked for. */
	if (r >= 0 && s.max_tries == 0)
		r = read_props(t, TPM2_PT_LOCKOUT_COUNTER, 4, &s);
	if (r < 0)
		return r;
	*ret = s;
	return 0;
}

uint32_t da_tries_left(const struct da_state *s)
{
	return s->failed >= s->max_tries ? 0 : s->max_tries - s->failed;
}

uint32_t da_lockout_wait_s(const struct da_state *s)
{
	return da_tries_left(s) > 0 ? 0 : s->interval_s;
}

/* The HMAC session the lockout hierarchy's commands are authorized in. */
static int lockout_session(struct tpm *t)
{
	int r = tpm_session_start(t);

	return r < 0 ? r : tpm_session_attrs(t, t->session, TPMA_SESSION_CONTINUESESSION);
}

int tpm_da_reset(struct tpm *t)
{
	int r = lockout_session(t);
	TSS2_RC rc;

	if (r < 0)
		return r;
	rc = Esys_DictionaryAttackLockReset(t->esys, ESYS_TR_RH_LOCKOUT, t->session, ESYS_TR_NONE,
					    ESYS_TR_NONE);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_rc_to_errno(rc);
	return 0;
}

int tpm_da_parameters(struct tpm *t, uint32_t max_tries, uint32_t interval_s, uint32_t recovery_s)
{
	int r = lockout_session(t);
	TSS2_RC rc;

	if (r < 0)
		return r;
	rc = Esys_DictionaryAttackParameters(t->esys, ESYS_TR_RH_LOCKOUT, t->session, ESYS_TR_NONE,
					     ESYS_TR_NONE, max_tries, interval_s, recovery_s);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot set the TPM's dictionary-attack parameters");
	return 0;
}
