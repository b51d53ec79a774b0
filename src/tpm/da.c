/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Dictionary-attack counters (TPM2_GetCapability of TPM_PT_LOCKOUT_*). */
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
	default:
		break;
	}
}

int tpm_da_read(struct tpm *t, struct da_state *ret)
{
	_cleanup_free_ TPMS_CAPABILITY_DATA *cap = NULL;
	struct da_state s = { 0 };
	TSS2_RC rc = Esys_GetCapability(t->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
					TPM2_CAP_TPM_PROPERTIES, TPM2_PT_LOCKOUT_COUNTER, 4, NULL,
					&cap);

	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot read the TPM's dictionary-attack state");
	for (UINT32 i = 0; i < cap->data.tpmProperties.count; i++)
		store(&s, &cap->data.tpmProperties.tpmProperty[i]);
	*ret = s;
	return 0;
}

uint32_t da_tries_left(const struct da_state *s)
{
	return s->failed >= s->max_tries ? 0 : s->max_tries - s->failed;
}

int tpm_da_reset(struct tpm *t)
{
	int r = tpm_session_start(t);
	TSS2_RC rc;

	if (r >= 0)
		r = tpm_session_attrs(t, t->session, TPMA_SESSION_CONTINUESESSION);
	if (r < 0)
		return r;
	rc = Esys_DictionaryAttackLockReset(t->esys, ESYS_TR_RH_LOCKOUT, t->session, ESYS_TR_NONE,
					    ESYS_TR_NONE);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_rc_to_errno(rc);
	return 0;
}
