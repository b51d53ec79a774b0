/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The primary key's public-area hash, from its TPM name. */
#include "primary-hash.h"
#include "log.h"
#include "tpm-error.h"

int tpm_primary_hash(struct tpm *t, uint8_t out[TPM_PRIMARY_HASH_SIZE])
{
	int r = tpm_primary_verify(t);

	return r < 0 ? r : tpm_primary_name_hash(t, out);
}

int tpm_primary_name_hash(struct tpm *t, uint8_t out[TPM_PRIMARY_HASH_SIZE])
{
	TPM2B_NAME *name = NULL;
	TSS2_RC rc;
	int r = tpm_primary_load(t);

	if (r < 0)
		return r;
	rc = Esys_TR_GetName(t->esys, t->primary, &name);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot read the TPM primary key's name");
	/* A name is the 2-byte nameAlg followed by the digest of the public area. */
	if (name->size != 2 + TPM_PRIMARY_HASH_SIZE || name->name[0] != 0x00 ||
	    name->name[1] != TPM2_ALG_SHA256)
		r = log_error_errno(EPROTO, "The TPM primary key's name is not a SHA-256 name");
	else
		memcpy(out, name->name + 2, TPM_PRIMARY_HASH_SIZE);
	Esys_Free(name);
	return r;
}
