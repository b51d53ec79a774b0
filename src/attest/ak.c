/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The attestation key under the endorsement key, persistent. */
#include "ak.h"
#include "ek.h"
#include "log.h"
#include "tpm-error.h"

#define AK_ATTRIBUTES                                                                       \
	(TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN | \
	 TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN_ENCRYPT |     \
	 TPMA_OBJECT_NODA)

static const TPM2B_PUBLIC ak_template = {
	.publicArea = {
		.type = TPM2_ALG_ECC,
		.nameAlg = TPM2_ALG_SHA256,
		.objectAttributes = AK_ATTRIBUTES,
		.parameters.eccDetail = {
			.symmetric = { .algorithm = TPM2_ALG_NULL },
			.scheme = { .scheme = TPM2_ALG_ECDSA,
				    .details.ecdsa.hashAlg = TPM2_ALG_SHA256 },
			.curveID = TPM2_ECC_NIST_P256,
			.kdf = { .scheme = TPM2_ALG_NULL },
		},
	},
};

int ak_public_check(const TPMT_PUBLIC *pub)
{
	const TPMS_ECC_PARMS *e = &pub->parameters.eccDetail;

	if (pub->type != TPM2_ALG_ECC || pub->nameAlg != TPM2_ALG_SHA256 ||
	    pub->objectAttributes != AK_ATTRIBUTES || e->curveID != TPM2_ECC_NIST_P256 ||
	    e->scheme.scheme != TPM2_ALG_ECDSA || e->scheme.details.ecdsa.hashAlg != TPM2_ALG_SHA256 ||
	    pub->unique.ecc.x.size != 32 || pub->unique.ecc.y.size != 32)
		return -EBADMSG;
	return 0;
}

/* A session without CONTINUESESSION ends with a command that succeeds;
 * after a failure it is still loaded. */
static void end_session(struct tpm *t, TSS2_RC rc, ESYS_TR *session)
{
	if (rc == TSS2_RC_SUCCESS)
		tpm_tr_forget(t, session);
	else
		tpm_flush(t, session);
}

/* Create and Load under the EK, each authorized by its own policy session. */
static int ak_create_under(struct tpm *t, ESYS_TR ek, ESYS_TR *ret)
{
	_cleanup_free_ TPM2B_PRIVATE *priv = NULL;
	_cleanup_free_ TPM2B_PUBLIC *pub = NULL;
	TPM2B_SENSITIVE_CREATE sensitive = { 0 };
	TPM2B_DATA outside = { 0 };
	TPML_PCR_SELECTION none = { 0 };
	ESYS_TR session = ESYS_TR_NONE;
	TSS2_RC rc;
	int r = ek_policy_session(t, &session);

	if (r < 0)
		return r;
	rc = Esys_Create(t->esys, ek, session, ESYS_TR_NONE, ESYS_TR_NONE, &sensitive, &ak_template,
			 &outside, &none, &priv, &pub, NULL, NULL, NULL);
	end_session(t, rc, &session);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot create the attestation key");
	r = ek_policy_session(t, &session);
	if (r < 0)
		return r;
	rc = Esys_Load(t->esys, ek, session, ESYS_TR_NONE, ESYS_TR_NONE, priv, pub, ret);
	end_session(t, rc, &session);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot load the attestation key");
	return 0;
}

static int ak_create(struct tpm *t, ESYS_TR *ret)
{
	_cleanup_tpm_handle_ struct tpm_handle ek = tpm_handle_transient(t);
	_cleanup_tpm_handle_ struct tpm_handle ak = tpm_handle_transient(t);
	TSS2_RC rc;
	int r;

	log_info("Creating the attestation key at TPM handle 0x%08x", HEADS_AK_HANDLE);
	r = ek_create(t, EK_RSA, &ek.tr, NULL);
	if (r >= 0)
		r = ak_create_under(t, ek.tr, &ak.tr);
	if (r < 0)
		return r;
	rc = Esys_EvictControl(t->esys, ESYS_TR_RH_OWNER, ak.tr, ESYS_TR_PASSWORD, ESYS_TR_NONE,
			       ESYS_TR_NONE, HEADS_AK_HANDLE, ret);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot make the attestation key persistent");
	return 0;
}

static int ak_read_public(struct tpm *t, ESYS_TR ak, TPM2B_PUBLIC **ret_pub)
{
	_cleanup_free_ TPM2B_PUBLIC *pub = NULL;
	TSS2_RC rc = Esys_ReadPublic(t->esys, ak, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &pub,
				     NULL, NULL);

	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot read the attestation key");
	if (ak_public_check(&pub->publicArea) < 0)
		return log_error_errno(EPROTO,
				       "The key at TPM handle 0x%08x is not an attestation key (restricted ECDSA P-256)",
				       HEADS_AK_HANDLE);
	if (ret_pub)
		*ret_pub = TAKE_PTR(pub);
	return 0;
}

int ak_load(struct tpm *t, ESYS_TR *ret, TPM2B_PUBLIC **ret_pub, int *ret_created)
{
	_cleanup_tpm_handle_ struct tpm_handle ak = tpm_handle_ref(t);
	int created = 0;
	TSS2_RC rc = Esys_TR_FromTPMPublic(t->esys, HEADS_AK_HANDLE, ESYS_TR_NONE, ESYS_TR_NONE,
					   ESYS_TR_NONE, &ak.tr);
	int r;

	if (tpm_rc_base(rc) == TPM2_RC_HANDLE) {
		r = ak_create(t, &ak.tr);
		if (r < 0)
			return r;
		created = 1;
	} else if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot open the attestation key");
	r = ak_read_public(t, ak.tr, ret_pub);
	if (r < 0)
		return r;
	if (ret_created)
		*ret_created = created;
	*ret = TAKE_TR(ak);
	return 0;
}
