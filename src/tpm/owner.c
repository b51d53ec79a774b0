/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The owner authorization from the owner passphrase; a random lockout
 * authorization that nobody keeps. */
#include "owner.h"
#include "log.h"
#include "tpm-error.h"

#include <openssl/evp.h>
#include <string.h>
#include <sys/random.h>

/* Each guess at the passphrase through the owner hierarchy then costs
 * this much work besides the TPM command (tens of milliseconds). */
#define KDF_ITERATIONS 100000
static const char kdf_salt[] = "heads TPM owner authorization";

int tpm_owner_auth_derive(const char *passphrase, uint8_t ret[TPM_OWNER_AUTH_SIZE])
{
	if (PKCS5_PBKDF2_HMAC(passphrase, (int)strlen(passphrase), (const unsigned char *)kdf_salt,
			      (int)strlen(kdf_salt), KDF_ITERATIONS, EVP_sha256(),
			      TPM_OWNER_AUTH_SIZE, ret) != 1)
		return log_error_errno(EIO, "Cannot derive the TPM owner authorization");
	return 0;
}

int tpm_owner_passphrase_use(struct tpm *t, const char *passphrase)
{
	TPM2B_AUTH auth = { .size = TPM_OWNER_AUTH_SIZE };
	TSS2_RC rc;
	int r = tpm_owner_auth_derive(passphrase, auth.buffer);

	if (r < 0)
		return r;
	rc = Esys_TR_SetAuth(t->esys, ESYS_TR_RH_OWNER, &auth);
	explicit_bzero(&auth, sizeof(auth));
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot use the owner passphrase");
	t->owner_auth = true;
	return 0;
}

static int change_auth(struct tpm *t, ESYS_TR hierarchy, TPM2B_AUTH *auth)
{
	TSS2_RC rc;
	/* The new value is the command's first parameter: encrypted. */
	int r = tpm_session_attrs(t, t->session, TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_DECRYPT);

	if (r < 0)
		return r;
	rc = Esys_HierarchyChangeAuth(t->esys, hierarchy, t->session, ESYS_TR_NONE, ESYS_TR_NONE,
				      auth);
	return rc == TSS2_RC_SUCCESS ? 0 : tpm_error(rc, "Cannot set a TPM authorization");
}

static int set_owner(struct tpm *t, const char *passphrase)
{
	TPM2B_AUTH auth = { .size = TPM_OWNER_AUTH_SIZE };
	int r = tpm_owner_auth_derive(passphrase, auth.buffer);

	if (r >= 0)
		r = change_auth(t, ESYS_TR_RH_OWNER, &auth);
	explicit_bzero(&auth, sizeof(auth));
	t->owner_auth = r >= 0;
	return r;
}

static int set_lockout_random(struct tpm *t)
{
	TPM2B_AUTH auth = { .size = TPM_OWNER_AUTH_SIZE };
	TPM2B_AUTH empty = { 0 };
	int r = 0;

	if (getrandom(auth.buffer, TPM_OWNER_AUTH_SIZE, 0) != TPM_OWNER_AUTH_SIZE)
		r = log_error_errno(EIO, "Cannot get random bytes");
	if (r >= 0)
		r = change_auth(t, ESYS_TR_RH_LOCKOUT, &auth);
	explicit_bzero(&auth, sizeof(auth));
	/* ESYS kept a copy for the handle: gone too. */
	(void)Esys_TR_SetAuth(t->esys, ESYS_TR_RH_LOCKOUT, &empty);
	return r;
}

int tpm_owner_passphrase_set(struct tpm *t, const char *passphrase)
{
	int r = tpm_session_start(t);

	if (r >= 0)
		r = set_owner(t, passphrase);
	if (r >= 0)
		r = set_lockout_random(t);
	return r;
}
