/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The primary storage key: ECC P-256, persistent at a fixed handle, created
 * on first use from the standard storage-key template. */
#include "log.h"
#include "tpm-error.h"
#include "tpm.h"

#include <tss2/tss2_rc.h>

static const TPM2B_PUBLIC primary_template = {
	.publicArea = {
		.type = TPM2_ALG_ECC,
		.nameAlg = TPM2_ALG_SHA256,
		.objectAttributes = TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT |
				    TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
				    TPMA_OBJECT_SENSITIVEDATAORIGIN |
				    TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA,
		.parameters.eccDetail = {
			.symmetric = { .algorithm = TPM2_ALG_AES,
				       .keyBits.aes = 128,
				       .mode.aes = TPM2_ALG_CFB },
			.scheme = { .scheme = TPM2_ALG_NULL },
			.curveID = TPM2_ECC_NIST_P256,
			.kdf = { .scheme = TPM2_ALG_NULL },
		},
	},
};

/* A key found at our handle is used only if it is what we would create:
 * anything else (another tool's key, a planted signing key) is refused. */
static int check_primary_public(const TPMT_PUBLIC *p)
{
	const TPMT_PUBLIC *want = &primary_template.publicArea;

	if (p->type != want->type || p->nameAlg != want->nameAlg ||
	    p->objectAttributes != want->objectAttributes ||
	    p->parameters.eccDetail.curveID != TPM2_ECC_NIST_P256 ||
	    p->parameters.eccDetail.symmetric.algorithm != TPM2_ALG_AES)
		return log_error_errno(EPROTO,
				       "The key at TPM handle 0x%08x is not a heads primary key (ECC P-256 storage key); reset the TPM or remove it",
				       HEADS_PRIMARY_HANDLE);
	return 0;
}

/* An owner authorization (the owner passphrase's) keys an HMAC session:
 * it never crosses the bus as a password. An empty one is no secret. */
static int owner_session(struct tpm *t, ESYS_TR *ret)
{
	if (!t->owner_auth) {
		*ret = ESYS_TR_PASSWORD;
		return 0;
	}
	return tpm_hmac_session_plain(t, ret);
}

static int primary_create(struct tpm *t)
{
	TPM2B_SENSITIVE_CREATE sensitive = { 0 };
	TPM2B_DATA outside = { 0 };
	TPML_PCR_SELECTION pcrs = { 0 };
	ESYS_TR transient = ESYS_TR_NONE, session = ESYS_TR_NONE;
	TSS2_RC rc;
	int r = owner_session(t, &session);

	if (r < 0)
		return r;
	log_info("Creating the TPM primary key at 0x%08x", HEADS_PRIMARY_HANDLE);
	rc = Esys_CreatePrimary(t->esys, ESYS_TR_RH_OWNER, session, ESYS_TR_NONE, ESYS_TR_NONE,
				&sensitive, &primary_template, &outside, &pcrs, &transient, NULL,
				NULL, NULL, NULL);
	if (rc == TSS2_RC_SUCCESS)
		rc = Esys_EvictControl(t->esys, ESYS_TR_RH_OWNER, transient, session, ESYS_TR_NONE,
				       ESYS_TR_NONE, HEADS_PRIMARY_HANDLE, &t->primary);
	tpm_flush(t, &transient);
	if (session != ESYS_TR_PASSWORD)
		tpm_flush(t, &session);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot create the TPM primary key");
	return 0;
}

int tpm_primary_load(struct tpm *t)
{
	TSS2_RC rc;

	if (t->primary != ESYS_TR_NONE)
		return 0;
	rc = Esys_TR_FromTPMPublic(t->esys, HEADS_PRIMARY_HANDLE, ESYS_TR_NONE, ESYS_TR_NONE,
				   ESYS_TR_NONE, &t->primary);
	if (tpm_rc_base(rc) == TPM2_RC_HANDLE)
		return primary_create(t);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot read the TPM primary key");
	return 0;
}

int tpm_primary_verify(struct tpm *t)
{
	_cleanup_free_ TPM2B_PUBLIC *pub = NULL;
	TSS2_RC rc;
	int r = tpm_primary_load(t);

	if (r < 0)
		return r;
	/* Once per process: the handle keeps the name checked here, and every
	 * session use binds that name. */
	if (t->primary_verified)
		return 0;
	rc = Esys_ReadPublic(t->esys, t->primary, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &pub,
			     NULL, NULL);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot read the TPM primary key");
	r = check_primary_public(&pub->publicArea);
	t->primary_verified = r >= 0;
	return r;
}
