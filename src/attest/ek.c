/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The endorsement key from the standard templates, and its certificate. */
#include "ek.h"
#include "log.h"
#include "tpm-error.h"

#include <tss2/tss2_rc.h>

/* PolicySecret(TPM_RH_ENDORSEMENT), the EK's policy in every template. */
static const uint8_t ek_policy[32] = { 0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xb3, 0xf8,
				       0x1a, 0x90, 0xcc, 0x8d, 0x46, 0xa5, 0xd7, 0x24,
				       0xfd, 0x52, 0xd7, 0x6e, 0x06, 0x52, 0x0b, 0x64,
				       0xf2, 0xa1, 0xda, 0x1b, 0x33, 0x14, 0x69, 0xaa };

#define EK_ATTRIBUTES                                                                       \
	(TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN | \
	 TPMA_OBJECT_ADMINWITHPOLICY | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT)

static const TPMT_SYM_DEF_OBJECT ek_symmetric = {
	.algorithm = TPM2_ALG_AES,
	.keyBits.aes = 128,
	.mode.aes = TPM2_ALG_CFB,
};

/* Template L-1 (RSA 2048) or L-2 (ECC P-256): a zero-filled unique field
 * of the key's size, as the profile says. */
static void ek_template(enum ek_type type, TPM2B_PUBLIC *ret)
{
	TPMT_PUBLIC *p = &ret->publicArea;

	*ret = (TPM2B_PUBLIC){ 0 };
	p->nameAlg = TPM2_ALG_SHA256;
	p->objectAttributes = EK_ATTRIBUTES;
	p->authPolicy.size = sizeof(ek_policy);
	memcpy(p->authPolicy.buffer, ek_policy, sizeof(ek_policy));
	if (type == EK_RSA) {
		p->type = TPM2_ALG_RSA;
		p->parameters.rsaDetail.symmetric = ek_symmetric;
		p->parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
		p->parameters.rsaDetail.keyBits = 2048;
		p->unique.rsa.size = 256;
		return;
	}
	p->type = TPM2_ALG_ECC;
	p->parameters.eccDetail.symmetric = ek_symmetric;
	p->parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
	p->parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
	p->parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
	p->unique.ecc.x.size = 32;
	p->unique.ecc.y.size = 32;
}

int ek_create(struct tpm *t, enum ek_type type, ESYS_TR *ret, TPM2B_PUBLIC **ret_pub)
{
	TPM2B_SENSITIVE_CREATE sensitive = { 0 };
	TPM2B_DATA outside = { 0 };
	TPML_PCR_SELECTION pcrs = { 0 };
	TPM2B_PUBLIC tmpl;
	TSS2_RC rc;

	ek_template(type, &tmpl);
	rc = Esys_CreatePrimary(t->esys, ESYS_TR_RH_ENDORSEMENT, ESYS_TR_PASSWORD, ESYS_TR_NONE,
				ESYS_TR_NONE, &sensitive, &tmpl, &outside, &pcrs, ret, ret_pub,
				NULL, NULL, NULL);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot create the TPM's endorsement key");
	return 0;
}

int ek_policy_session(struct tpm *t, ESYS_TR *ret)
{
	static const TPMT_SYM_DEF none = { .algorithm = TPM2_ALG_NULL };
	ESYS_TR session = ESYS_TR_NONE;
	TSS2_RC rc;

	rc = Esys_StartAuthSession(t->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
				   ESYS_TR_NONE, NULL, TPM2_SE_POLICY, &none, TPM2_ALG_SHA256,
				   &session);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot start a TPM policy session");
	rc = Esys_PolicySecret(t->esys, ESYS_TR_RH_ENDORSEMENT, session, ESYS_TR_PASSWORD,
			       ESYS_TR_NONE, ESYS_TR_NONE, NULL, NULL, NULL, 0, NULL, NULL);
	if (rc != TSS2_RC_SUCCESS) {
		tpm_flush(t, &session);
		return tpm_error(rc, "Cannot authorize the use of the endorsement key");
	}
	/* The session ends with the command it authorizes. */
	*ret = session;
	return tpm_session_attrs(t, session, 0);
}

static int nv_size(struct tpm *t, ESYS_TR nv, uint16_t *ret)
{
	_cleanup_free_ TPM2B_NV_PUBLIC *pub = NULL;
	TSS2_RC rc = Esys_NV_ReadPublic(t->esys, nv, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &pub,
					NULL);

	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot read the EK certificate's NV index");
	if (pub->nvPublic.dataSize == 0 || pub->nvPublic.dataSize > EK_CERT_MAX)
		return log_error_errno(EBADMSG, "The EK certificate in TPM NV has a bad size");
	*ret = pub->nvPublic.dataSize;
	return 0;
}

/* The index authorizes its own reads (TPMA_NV_AUTHREAD, empty auth), in
 * pieces the TPM's NV buffer holds. */
static int nv_read_all(struct tpm *t, ESYS_TR nv, uint16_t size, uint8_t *buf)
{
	for (uint16_t off = 0; off < size;) {
		_cleanup_free_ TPM2B_MAX_NV_BUFFER *data = NULL;
		uint16_t n = size - off > 512 ? 512 : (uint16_t)(size - off);
		TSS2_RC rc = Esys_NV_Read(t->esys, nv, nv, ESYS_TR_PASSWORD, ESYS_TR_NONE,
					  ESYS_TR_NONE, n, off, &data);
		if (rc != TSS2_RC_SUCCESS)
			return tpm_error(rc, "Cannot read the EK certificate from TPM NV");
		if (data->size != n)
			return log_error_errno(EBADMSG, "The TPM returned a short NV read");
		memcpy(buf + off, data->buffer, n);
		off += n;
	}
	return 0;
}

int ek_cert_read(struct tpm *t, enum ek_type type, struct blob *ret)
{
	TPM2_HANDLE index = type == EK_RSA ? EK_CERT_NV_RSA : EK_CERT_NV_ECC;
	_cleanup_tpm_handle_ struct tpm_handle nv = tpm_handle_ref(t);
	_cleanup_free_ uint8_t *buf = NULL;
	uint16_t size = 0;
	TSS2_RC rc;
	int r;

	rc = Esys_TR_FromTPMPublic(t->esys, index, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &nv.tr);
	if (tpm_rc_base(rc) == TPM2_RC_HANDLE)
		return -ENOENT;
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot open the EK certificate's NV index");
	r = nv_size(t, nv.tr, &size);
	if (r < 0)
		return r;
	buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	r = nv_read_all(t, nv.tr, size, buf);
	if (r < 0)
		return r;
	*ret = (struct blob){ .data = TAKE_PTR(buf), .len = size };
	return 0;
}
