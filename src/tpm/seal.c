/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sealing and unsealing under PolicyPCR + PolicyAuthValue. */
#include "seal.h"
#include "branches.h"
#include "errors.h"
#include "log.h"
#include "tpm-error.h"

#include <stdlib.h>
#include <tss2/tss2_mu.h>

int seal_policy(uint32_t mask, const pcr_values values, uint8_t ret[POLICY_DIGEST_SIZE])
{
	int r;

	policy_init(ret);
	r = policy_pcr(ret, mask, values);
	return r < 0 ? r : policy_auth_value(ret);
}

static void sealed_template(const uint8_t policy[POLICY_DIGEST_SIZE], TPM2B_PUBLIC *pub)
{
	*pub = (TPM2B_PUBLIC){ 0 };
	pub->publicArea.type = TPM2_ALG_KEYEDHASH;
	pub->publicArea.nameAlg = TPM2_ALG_SHA256;
	/* No USERWITHAUTH (the passphrase alone is not enough) and no NODA:
	 * wrong passphrases count towards dictionary-attack lockout. */
	pub->publicArea.objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
					   TPMA_OBJECT_ADMINWITHPOLICY;
	pub->publicArea.parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_NULL;
	pub->publicArea.authPolicy.size = POLICY_DIGEST_SIZE;
	memcpy(pub->publicArea.authPolicy.buffer, policy, POLICY_DIGEST_SIZE);
}

static int set_auth(struct tpm *t, ESYS_TR object, const char *passphrase)
{
	TPM2B_AUTH auth = { .size = (UINT16)(passphrase ? strlen(passphrase) : 0) };
	TSS2_RC rc;

	if (!passphrase)
		return 0;
	if (auth.size > sizeof(auth.buffer))
		return log_error_errno(EINVAL,
				       "The passphrase is longer than the TPM allows (%zu bytes)",
				       sizeof(auth.buffer));
	memcpy(auth.buffer, passphrase, auth.size);
	rc = Esys_TR_SetAuth(t->esys, object, &auth);
	explicit_bzero(&auth, sizeof(auth));
	return rc == TSS2_RC_SUCCESS ? 0 : tpm_error(rc, "Cannot set the passphrase");
}

static int create_sealed(struct tpm *t, const uint8_t *data, size_t len, const char *passphrase,
			 const TPM2B_PUBLIC *tmpl, TPM2B_PRIVATE **priv, TPM2B_PUBLIC **pub)
{
	TPM2B_SENSITIVE_CREATE s = { 0 };
	TPM2B_DATA outside = { 0 };
	TPML_PCR_SELECTION none = { 0 };
	size_t plen = strlen(passphrase);
	TSS2_RC rc;

	if (len > SEAL_MAX_DATA || plen > sizeof(s.sensitive.userAuth.buffer))
		return -EINVAL;
	s.sensitive.data.size = (UINT16)len;
	memcpy(s.sensitive.data.buffer, data, len);
	s.sensitive.userAuth.size = (UINT16)plen;
	memcpy(s.sensitive.userAuth.buffer, passphrase, plen);
	rc = Esys_Create(t->esys, t->primary, t->session, ESYS_TR_NONE, ESYS_TR_NONE, &s, tmpl,
			 &outside, &none, priv, pub, NULL, NULL, NULL);
	explicit_bzero(&s, sizeof(s));
	return rc == TSS2_RC_SUCCESS ? 0 : tpm_error(rc, "Cannot seal the key in the TPM");
}

int tpm_seal_create(struct tpm *t, const uint8_t *data, size_t len, const char *passphrase,
		    const uint8_t policy[POLICY_DIGEST_SIZE], ESYS_TR *ret_object)
{
	_cleanup_free_ TPM2B_PRIVATE *priv = NULL;
	_cleanup_free_ TPM2B_PUBLIC *pub = NULL;
	TPM2B_PUBLIC tmpl;
	TSS2_RC rc;
	int r = tpm_session_start(t);

	if (r < 0)
		return r;
	sealed_template(policy, &tmpl);
	r = tpm_session_attrs(t, t->session,
			      TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_DECRYPT |
				      TPMA_SESSION_ENCRYPT);
	if (r >= 0)
		r = create_sealed(t, data, len, passphrase, &tmpl, &priv, &pub);
	if (r >= 0)
		r = tpm_session_attrs(t, t->session, TPMA_SESSION_CONTINUESESSION);
	if (r < 0)
		return r;
	rc = Esys_Load(t->esys, t->primary, t->session, ESYS_TR_NONE, ESYS_TR_NONE, priv, pub,
		       ret_object);
	return rc == TSS2_RC_SUCCESS ? 0 : tpm_error(rc, "Cannot load the sealed key");
}

static int unseal_rc(TSS2_RC rc)
{
	int r = tpm_rc_to_errno(rc);

	/* Expected outcomes the caller explains in its own words. */
	if (r == -E_SEALED || r == -E_PASSPHRASE || r == -ENOLCK)
		return r;
	return tpm_error(rc, "Cannot unseal the key");
}

int tpm_unseal(struct tpm *t, ESYS_TR object, uint32_t mask, const char *passphrase,
	       uint8_t *ret_data, size_t *ret_len)
{
	struct pcr_branches one = { .mask = mask, .n = 1 };

	return tpm_unseal_branches(t, object, &one, passphrase, ret_data, ret_len);
}

int tpm_unseal_branches(struct tpm *t, ESYS_TR object, const struct pcr_branches *b,
			const char *passphrase, uint8_t *ret_data, size_t *ret_len)
{
	_cleanup_free_ TPM2B_SENSITIVE_DATA *out = NULL;
	ESYS_TR session = ESYS_TR_NONE;
	TSS2_RC rc;
	int r = set_auth(t, object, passphrase);

	if (r >= 0)
		r = tpm_policy_session_branches(t, b, passphrase ? POLICY_AUTH_VALUE : 0, &session);
	if (r < 0)
		return r;
	rc = Esys_Unseal(t->esys, object, session, ESYS_TR_NONE, ESYS_TR_NONE, &out);
	if (rc != TSS2_RC_SUCCESS) {
		tpm_flush(t, &session);
		return unseal_rc(rc);
	}
	tpm_tr_forget(t, &session);
	memcpy(ret_data, out->buffer, out->size);
	*ret_len = out->size;
	explicit_bzero(out->buffer, out->size);
	return 0;
}

int tpm_seal_blob_create(struct tpm *t, const uint8_t *data, size_t len,
			 const uint8_t policy[POLICY_DIGEST_SIZE], uint8_t **ret_blob,
			 size_t *ret_len)
{
	_cleanup_free_ TPM2B_PRIVATE *priv = NULL;
	_cleanup_free_ TPM2B_PUBLIC *pub = NULL;
	_cleanup_free_ uint8_t *blob = NULL;
	TPM2B_PUBLIC tmpl;
	size_t off = 0, size = sizeof(TPM2B_PUBLIC) + sizeof(TPM2B_PRIVATE);
	int r = tpm_session_start(t);

	if (r < 0)
		return r;
	sealed_template(policy, &tmpl);
	r = tpm_session_attrs(t, t->session, TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_DECRYPT);
	if (r >= 0)
		r = create_sealed(t, data, len, "", &tmpl, &priv, &pub);
	if (r >= 0)
		r = tpm_session_attrs(t, t->session, TPMA_SESSION_CONTINUESESSION);
	if (r < 0)
		return r;
	if (!(blob = malloc(size)))
		return -ENOMEM;
	if (Tss2_MU_TPM2B_PUBLIC_Marshal(pub, blob, size, &off) != TSS2_RC_SUCCESS ||
	    Tss2_MU_TPM2B_PRIVATE_Marshal(priv, blob, size, &off) != TSS2_RC_SUCCESS)
		return -EIO;
	*ret_blob = TAKE_PTR(blob);
	*ret_len = off;
	return 0;
}

static int load_blob(struct tpm *t, const uint8_t *blob, size_t len, ESYS_TR *ret)
{
	TPM2B_PUBLIC pub = { 0 };
	TPM2B_PRIVATE priv = { 0 };
	size_t off = 0;
	TSS2_RC rc;
	int r;

	if (Tss2_MU_TPM2B_PUBLIC_Unmarshal(blob, len, &off, &pub) != TSS2_RC_SUCCESS ||
	    Tss2_MU_TPM2B_PRIVATE_Unmarshal(blob, len, &off, &priv) != TSS2_RC_SUCCESS || off != len)
		return -EBADMSG;
	r = tpm_session_start(t);
	if (r >= 0)
		r = tpm_session_attrs(t, t->session, TPMA_SESSION_CONTINUESESSION);
	if (r < 0)
		return r;
	rc = Esys_Load(t->esys, t->primary, t->session, ESYS_TR_NONE, ESYS_TR_NONE, &priv, &pub, ret);
	return rc == TSS2_RC_SUCCESS ? 0 : tpm_error(rc, "Cannot load the sealed copy");
}

int tpm_seal_blob_unseal(struct tpm *t, const uint8_t *blob, size_t len,
			 const struct pcr_branches *b, uint8_t *ret_data, size_t *ret_len)
{
	ESYS_TR object = ESYS_TR_NONE;
	int r = load_blob(t, blob, len, &object);

	if (r < 0)
		return r;
	r = tpm_unseal_branches(t, object, b, NULL, ret_data, ret_len);
	tpm_flush(t, &object);
	return r;
}
