/* SPDX-License-Identifier: GPL-2.0-or-later */
/* HMAC keys under a PCR policy, persistent handles, and policy-session use. */
#include "object.h"
#include "branches.h"
#include "errors.h"
#include "log.h"
#include "tpm-error.h"

static void hmac_key_template(const uint8_t policy[POLICY_DIGEST_SIZE], TPM2B_PUBLIC *pub)
{
	*pub = (TPM2B_PUBLIC){ 0 };
	pub->publicArea.type = TPM2_ALG_KEYEDHASH;
	pub->publicArea.nameAlg = TPM2_ALG_SHA256;
	/* No USERWITHAUTH: the key is usable only through its policy. */
	pub->publicArea.objectAttributes = TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_FIXEDTPM |
					   TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_ADMINWITHPOLICY |
					   TPMA_OBJECT_NODA;
	pub->publicArea.parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_HMAC;
	pub->publicArea.parameters.keyedHashDetail.scheme.details.hmac.hashAlg = TPM2_ALG_SHA1;
	pub->publicArea.authPolicy.size = POLICY_DIGEST_SIZE;
	memcpy(pub->publicArea.authPolicy.buffer, policy, POLICY_DIGEST_SIZE);
}

static int create_under_primary(struct tpm *t, const uint8_t *secret, size_t len,
				const TPM2B_PUBLIC *tmpl, TPM2B_PRIVATE **priv, TPM2B_PUBLIC **pub)
{
	TPM2B_SENSITIVE_CREATE sensitive = { 0 };
	TPM2B_DATA outside = { 0 };
	TPML_PCR_SELECTION none = { 0 };
	TSS2_RC rc;
	int r = tpm_session_start(t);

	if (r < 0)
		return r;
	if (len > sizeof(sensitive.sensitive.data.buffer))
		return -EINVAL;
	sensitive.sensitive.data.size = (UINT16)len;
	memcpy(sensitive.sensitive.data.buffer, secret, len);
	rc = Esys_Create(t->esys, t->primary, t->session, ESYS_TR_NONE, ESYS_TR_NONE, &sensitive,
			 tmpl, &outside, &none, priv, pub, NULL, NULL, NULL);
	explicit_bzero(&sensitive, sizeof(sensitive));
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot create the key in the TPM");
	return 0;
}

int tpm_hmac_key_create(struct tpm *t, const uint8_t *secret, size_t len,
			const uint8_t policy[POLICY_DIGEST_SIZE], ESYS_TR *ret_key)
{
	_cleanup_free_ TPM2B_PRIVATE *priv = NULL;
	_cleanup_free_ TPM2B_PUBLIC *pub = NULL;
	TPM2B_PUBLIC tmpl;
	TSS2_RC rc;
	int r;

	hmac_key_template(policy, &tmpl);
	r = create_under_primary(t, secret, len, &tmpl, &priv, &pub);
	if (r < 0)
		return r;
	r = tpm_session_attrs(t, t->session, TPMA_SESSION_CONTINUESESSION);
	if (r < 0)
		return r;
	rc = Esys_Load(t->esys, t->primary, t->session, ESYS_TR_NONE, ESYS_TR_NONE, priv, pub,
		       ret_key);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot load the new key into the TPM");
	return 0;
}

int tpm_persistent_open(struct tpm *t, TPM2_HANDLE handle, ESYS_TR *ret)
{
	TSS2_RC rc = Esys_TR_FromTPMPublic(t->esys, handle, ESYS_TR_NONE, ESYS_TR_NONE,
					   ESYS_TR_NONE, ret);

	if (tpm_rc_base(rc) == TPM2_RC_HANDLE)
		return -ENOENT;
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot open a persistent TPM object");
	return 0;
}

static int evict(struct tpm *t, ESYS_TR object, TPM2_HANDLE handle, ESYS_TR *out)
{
	int r = tpm_session_start(t);
	TSS2_RC rc;

	if (r < 0)
		return r;
	/* EvictControl has no sized first parameter to encrypt. */
	r = tpm_session_attrs(t, t->session, TPMA_SESSION_CONTINUESESSION);
	if (r < 0)
		return r;
	rc = Esys_EvictControl(t->esys, ESYS_TR_RH_OWNER, object, t->session, ESYS_TR_NONE,
			       ESYS_TR_NONE, handle, out);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot change a persistent TPM object");
	return 0;
}

int tpm_persistent_store(struct tpm *t, ESYS_TR transient, TPM2_HANDLE handle)
{
	ESYS_TR persistent = ESYS_TR_NONE;
	int r = evict(t, transient, handle, &persistent);

	tpm_tr_forget(t, &persistent);
	return r;
}

int tpm_persistent_remove(struct tpm *t, TPM2_HANDLE handle)
{
	ESYS_TR object = ESYS_TR_NONE, gone = ESYS_TR_NONE;
	int r = tpm_persistent_open(t, handle, &object);

	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	r = evict(t, object, handle, &gone);
	if (r < 0)
		tpm_tr_forget(t, &object);
	return r;
}

int tpm_hmac_pcr_policy(struct tpm *t, ESYS_TR key, uint32_t mask, const uint8_t *data, size_t len,
			uint8_t *ret_mac, size_t *ret_len)
{
	struct pcr_branches one = { .mask = mask, .n = 1 };

	return tpm_hmac_branches(t, key, &one, data, len, ret_mac, ret_len);
}

int tpm_hmac_branches(struct tpm *t, ESYS_TR key, const struct pcr_branches *b, const uint8_t *data,
		      size_t len, uint8_t *ret_mac, size_t *ret_len)
{
	_cleanup_free_ TPM2B_DIGEST *mac = NULL;
	ESYS_TR session = ESYS_TR_NONE;
	TPM2B_MAX_BUFFER buf = { .size = (UINT16)len };
	TSS2_RC rc;
	int r;

	if (len > sizeof(buf.buffer))
		return -EINVAL;
	memcpy(buf.buffer, data, len);
	/* The key has no authorization value and the HMAC result is not
	 * secret: the code made from it is shown on the screen, and without
	 * the key nobody can make a right one. So the session needs neither
	 * salt nor encryption, which saves the primary key's ReadPublic and a
	 * key exchange. The key itself crossed the bus once, encrypted, at
	 * enrolment. */
	r = tpm_policy_session_branches(t, b, POLICY_PLAIN, &session);
	if (r < 0)
		return r;
	rc = Esys_HMAC(t->esys, key, session, ESYS_TR_NONE, ESYS_TR_NONE, &buf, TPM2_ALG_SHA1, &mac);
	if (rc != TSS2_RC_SUCCESS) {
		tpm_flush(t, &session);
		/* A policy mismatch is an expected outcome the caller explains. */
		if (tpm_rc_to_errno(rc) == -E_SEALED)
			return -E_SEALED;
		return tpm_error(rc, "The TPM did not compute the HMAC");
	}
	tpm_tr_forget(t, &session);
	memcpy(ret_mac, mac->buffer, mac->size);
	*ret_len = mac->size;
	return 0;
}
