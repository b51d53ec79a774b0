/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TSS2_RC -> -errno and a human sentence, once, at the library boundary. */
#include "tpm-error.h"
#include "errors.h"
#include "log.h"

#include <errno.h>
#include <tss2/tss2_rc.h>
#include <tss2/tss2_tpm2_types.h>

TSS2_RC tpm_rc_base(TSS2_RC rc)
{
	TSS2_RC layer = rc & TSS2_RC_LAYER_MASK;

	/* TPM codes come through unchanged from the TPM and the resource
	 * manager layers; strip the index bits of format-one codes. */
	if (layer != TSS2_TPM_RC_LAYER && layer != TSS2_RESMGR_TPM_RC_LAYER)
		return rc;
	rc &= 0xfff;
	if (rc & TPM2_RC_FMT1)
		return rc & (TPM2_RC_FMT1 | 0x3f);
	return rc;
}

struct rc_meaning {
	TSS2_RC base;
	int err;
	const char *sentence;
};

static const struct rc_meaning meanings[] = {
	{ TPM2_RC_POLICY_FAIL, E_SEALED,
	  "the TPM refused: the measured state (PCR values) differs from the one the secret was sealed to" },
	{ TPM2_RC_PCR_CHANGED, E_SEALED, "a PCR changed while the TPM was checking the policy" },
	{ TPM2_RC_AUTH_FAIL, E_PASSPHRASE, "wrong passphrase" },
	{ TPM2_RC_BAD_AUTH, E_PASSPHRASE, "wrong passphrase" },
	{ TPM2_RC_LOCKOUT, ENOLCK,
	  "the TPM is in dictionary-attack lockout after too many wrong passphrases; wait for it to recover, or reset the TPM" },
	{ TPM2_RC_HANDLE, ENOENT, "the TPM has no object at that handle" },
	{ TPM2_RC_NV_DEFINED, EEXIST, "the TPM already has something at that handle" },
	{ TPM2_RC_NV_UNINITIALIZED, ENODATA, "the TPM NV index was never written" },
	{ TPM2_RC_NV_SPACE, ENOSPC, "the TPM has no room left for another object" },
	{ TPM2_RC_OBJECT_MEMORY, ENOSPC, "the TPM has no room left for another loaded object" },
	{ TPM2_RC_SESSION_MEMORY, ENOSPC, "the TPM has no room left for another session" },
	{ TPM2_RC_HIERARCHY, EPERM, "the TPM hierarchy is disabled" },
	{ TPM2_RC_INITIALIZE, EIO, "the TPM was not started (TPM2_Startup missing)" },
	{ TPM2_RC_RETRY, EAGAIN, "the TPM asked to retry" },
	{ TPM2_RC_TESTING, EAGAIN, "the TPM is still running its self test" },
	{ TPM2_RC_NV_RATE, EAGAIN, "the TPM is rate-limiting NV writes" },
};

/* Answers of a salted session are checked by ESYS: a mismatch means the
 * answer was altered on its way from the TPM. */
static const struct rc_meaning esys_meanings[] = {
	{ TSS2_ESYS_RC_RSP_AUTH_FAILED, E_BUS,
	  "the TPM's answer failed its integrity check: something between this computer and the TPM altered it" },
	{ TSS2_ESYS_RC_MALFORMED_RESPONSE, E_BUS,
	  "the TPM's answer is malformed: something between this computer and the TPM altered it" },
};

static int tcti_meaning(TSS2_RC rc, const char **sentence)
{
	*sentence = "cannot talk to the TPM (check the TCTI: --tcti, HEADS_TCTI, or /dev/tpmrm0)";
	if ((rc & TSS2_RC_LAYER_MASK) == TSS2_TCTI_RC_LAYER)
		return ECONNREFUSED;
	if (rc == (TSS2_ESAPI_RC_LAYER | TSS2_BASE_RC_IO_ERROR) ||
	    rc == (TSS2_SYS_RC_LAYER | TSS2_BASE_RC_IO_ERROR))
		return ECONNREFUSED;
	return 0;
}

static int lookup(TSS2_RC rc, const char **sentence)
{
	TSS2_RC base = tpm_rc_base(rc);
	int err = tcti_meaning(rc, sentence);

	if (err)
		return err;
	for (size_t i = 0; i < ELEMENTSOF(esys_meanings); i++)
		if (esys_meanings[i].base == rc) {
			*sentence = esys_meanings[i].sentence;
			return esys_meanings[i].err;
		}
	for (size_t i = 0; i < ELEMENTSOF(meanings); i++)
		if (meanings[i].base == base) {
			*sentence = meanings[i].sentence;
			return meanings[i].err;
		}
	*sentence = "the TPM command failed";
	return EIO;
}

int tpm_rc_to_errno(TSS2_RC rc)
{
	const char *unused;

	return rc == TSS2_RC_SUCCESS ? 0 : -lookup(rc, &unused);
}

int tpm_error(TSS2_RC rc, const char *what)
{
	const char *sentence;
	int err = lookup(rc, &sentence);

	log_error("%s: %s (%s)", what, sentence, Tss2_RC_Decode(rc));
	return -err;
}
