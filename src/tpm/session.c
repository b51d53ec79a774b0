/* Sessions salted to the primary key, with AES-128-CFB parameter
 * encryption, so that secrets and authorization values never cross the
 * TPM bus in clear. */
#include "log.h"
#include "tpm-error.h"
#include "tpm.h"

static const TPMT_SYM_DEF session_symmetric = {
	.algorithm = TPM2_ALG_AES,
	.keyBits.aes = 128,
	.mode.aes = TPM2_ALG_CFB,
};

static int start(struct tpm *t, TPM2_SE type, ESYS_TR *ret)
{
	TSS2_RC rc;
	int r = tpm_primary_load(t);

	if (r < 0)
		return r;
	rc = Esys_StartAuthSession(t->esys, t->primary, ESYS_TR_NONE,
				   ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
				   NULL, type, &session_symmetric,
				   TPM2_ALG_SHA256, ret);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot start an encrypted TPM session");
	return tpm_session_attrs(t, *ret,
				 TPMA_SESSION_CONTINUESESSION |
					 TPMA_SESSION_DECRYPT |
					 TPMA_SESSION_ENCRYPT);
}

int tpm_session_start(struct tpm *t)
{
	if (t->session != ESYS_TR_NONE)
		return 0;
	return start(t, TPM2_SE_HMAC, &t->session);
}

int tpm_policy_session_start(struct tpm *t, ESYS_TR *ret)
{
	return start(t, TPM2_SE_POLICY, ret);
}

int tpm_session_attrs(struct tpm *t, ESYS_TR session, TPMA_SESSION attrs)
{
	TSS2_RC rc = Esys_TRSess_SetAttributes(t->esys, session, attrs, 0xff);

	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot set TPM session attributes");
	return 0;
}
