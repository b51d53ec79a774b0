/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sessions salted to the primary key, with AES-128-CFB parameter
 * encryption, so that secrets and authorization values never cross the
 * TPM bus in clear. */
#include "log.h"
#include "tpm-error.h"
#include "branches.h"
#include "errors.h"
#include "pcr.h"
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
	rc = Esys_StartAuthSession(t->esys, t->primary, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
				   ESYS_TR_NONE, NULL, type, &session_symmetric, TPM2_ALG_SHA256,
				   ret);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot start an encrypted TPM session");
	return tpm_session_attrs(t, *ret,
				 TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_DECRYPT |
					 TPMA_SESSION_ENCRYPT);
}

int tpm_session_start(struct tpm *t)
{
	if (t->session != ESYS_TR_NONE)
		return 0;
	return start(t, TPM2_SE_HMAC, &t->session);
}

void tpm_session_end(struct tpm *t)
{
	tpm_flush(t, &t->session);
}

int tpm_policy_session_start(struct tpm *t, ESYS_TR *ret)
{
	return start(t, TPM2_SE_POLICY, ret);
}

int tpm_hmac_session_plain(struct tpm *t, ESYS_TR *ret)
{
	static const TPMT_SYM_DEF none = { .algorithm = TPM2_ALG_NULL };
	TSS2_RC rc = Esys_StartAuthSession(t->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
					   ESYS_TR_NONE, ESYS_TR_NONE, NULL, TPM2_SE_HMAC, &none,
					   TPM2_ALG_SHA256, ret);

	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot start a TPM session");
	return tpm_session_attrs(t, *ret, TPMA_SESSION_CONTINUESESSION);
}

int tpm_session_attrs(struct tpm *t, ESYS_TR session, TPMA_SESSION attrs)
{
	TSS2_RC rc = Esys_TRSess_SetAttributes(t->esys, session, attrs, 0xff);

	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot set TPM session attributes");
	return 0;
}

static int apply_policy(struct tpm *t, ESYS_TR session, uint32_t mask, bool auth_value)
{
	TPM2B_DIGEST empty = { 0 };
	TPML_PCR_SELECTION sel;
	TSS2_RC rc;

	pcr_selection_from_mask(mask, &sel);
	rc = Esys_PolicyPCR(t->esys, session, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &empty, &sel);
	if (rc == TSS2_RC_SUCCESS && auth_value)
		rc = Esys_PolicyAuthValue(t->esys, session, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE);
	return rc == TSS2_RC_SUCCESS ? 0 : tpm_error(rc, "Cannot apply the policy");
}

/* A policy session neither salted nor bound: nothing to encrypt or
 * authenticate with, so no primary key and no key exchange. */
static int start_plain_policy(struct tpm *t, ESYS_TR *ret)
{
	static const TPMT_SYM_DEF none = { .algorithm = TPM2_ALG_NULL };
	TSS2_RC rc = Esys_StartAuthSession(t->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
					   ESYS_TR_NONE, ESYS_TR_NONE, NULL, TPM2_SE_POLICY, &none,
					   TPM2_ALG_SHA256, ret);

	return rc == TSS2_RC_SUCCESS ? 0 : tpm_error(rc, "Cannot start a TPM policy session");
}

int tpm_policy_session_pcr(struct tpm *t, uint32_t mask, unsigned flags, ESYS_TR *ret)
{
	bool salted = !(flags & POLICY_PLAIN);
	ESYS_TR session = ESYS_TR_NONE;
	int r = salted ? tpm_policy_session_start(t, &session) : start_plain_policy(t, &session);

	if (r >= 0)
		r = apply_policy(t, session, mask, flags & POLICY_AUTH_VALUE);
	/* Encrypt the response of a salted session; no CONTINUESESSION: the
	 * TPM ends the session with the command it authorises, which saves a
	 * FlushContext. */
	if (r >= 0)
		r = tpm_session_attrs(t, session, salted ? TPMA_SESSION_ENCRYPT : 0);
	if (r < 0) {
		tpm_flush(t, &session);
		return r;
	}
	*ret = session;
	return 0;
}

/* PolicyOR over the branches: the TPM accepts it only when the digest the
 * session has so far (PolicyPCR over the live values) is one of them. */
static int apply_or(struct tpm *t, ESYS_TR session, const struct pcr_branches *b, bool auth_value)
{
	TPML_DIGEST list = { .count = (UINT32)b->n };
	TSS2_RC rc;

	for (size_t i = 0; i < b->n; i++) {
		int r = branches_digest(b, i, auth_value, list.digests[i].buffer);
		if (r < 0)
			return r;
		list.digests[i].size = POLICY_DIGEST_SIZE;
	}
	rc = Esys_PolicyOR(t->esys, session, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &list);
	if (rc == TSS2_RC_SUCCESS)
		return 0;
	/* TPM_RC_VALUE: no branch has the live values, a refusal to explain. */
	log_debug("PolicyOR refused: no branch matches the live PCRs (0x%x)", rc);
	return -E_SEALED;
}

int tpm_policy_session_branches(struct tpm *t, const struct pcr_branches *b, unsigned flags,
				ESYS_TR *ret)
{
	ESYS_TR session = ESYS_TR_NONE;
	int r;

	if (b->n < 2)
		return tpm_policy_session_pcr(t, b->mask, flags, ret);
	r = !(flags & POLICY_PLAIN) ? tpm_policy_session_start(t, &session) :
				      start_plain_policy(t, &session);
	if (r >= 0)
		r = apply_policy(t, session, b->mask, flags & POLICY_AUTH_VALUE);
	if (r >= 0)
		r = apply_or(t, session, b, flags & POLICY_AUTH_VALUE);
	if (r >= 0)
		r = tpm_session_attrs(t, session, (flags & POLICY_PLAIN) ? 0 : TPMA_SESSION_ENCRYPT);
	if (r < 0) {
		tpm_flush(t, &session);
		return r;
	}
	*ret = session;
	return 0;
}
