/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM_RESULT to reasons and words. */
#include "tpm12-result.h"
#include "errors.h"
#include "log.h"

#include <errno.h>

static const struct {
	uint32_t rc;
	int err;
	const char *text;
} results[] = {
	{ TPM12_AUTHFAIL, E_PASSPHRASE, "wrong authorization value" },
	{ TPM12_AUTH2FAIL, E_PASSPHRASE, "wrong authorization value for the sealed data" },
	{ TPM12_WRONGPCRVAL, E_SEALED, "the PCRs do not hold the values it is bound to" },
	{ TPM12_DEFEND_LOCK_RUNNING, EBUSY,
	  "the TPM is locked out after too many wrong authorization values; try again later" },
	{ TPM12_BADINDEX, ENOENT, "no such NV index" },
	{ TPM12_BAD_COUNTER, ENOENT, "no such counter, or another counter is active until reboot" },
	{ TPM12_BAD_PARAMETER, EINVAL, "bad parameter" },
	{ TPM12_DEACTIVATED, ENXIO, "the TPM is deactivated (the firmware setup activates it)" },
	{ TPM12_DISABLED, ENXIO, "the TPM is disabled (the firmware setup enables it)" },
	{ TPM12_DISABLED_CMD, EPERM, "the command is disabled" },
	{ TPM12_BAD_PRESENCE, EPERM, "physical presence is not asserted (or locked) on this machine" },
	{ TPM12_OWNER_SET, EEXIST, "the TPM already has an owner" },
	{ TPM12_NOSRK, ENODATA, "the TPM has no owner (no storage root key)" },
	{ TPM12_NO_ENDORSEMENT, ENODATA, "the TPM has no endorsement key" },
	{ TPM12_NOTSEALED_BLOB, EBADMSG, "the data was not sealed by this TPM" },
	{ TPM12_NOSPACE, ENOSPC, "no space left in the TPM's NV memory" },
	{ TPM12_RESOURCES, ENOSPC, "the TPM is out of resources" },
	{ TPM12_MAXNVWRITES, ENOSPC, "too many NV writes without an owner" },
	{ TPM12_AREA_LOCKED, EACCES, "the NV area is locked" },
	{ TPM12_AUTH_CONFLICT, EACCES, "the NV area asks another authorization" },
	{ TPM12_PER_NOWRITE, EACCES, "the NV area cannot be written" },
	{ TPM12_WRONG_ENTITYTYPE, EINVAL, "wrong entity type" },
	{ TPM12_BAD_LOCALITY, EACCES, "wrong locality" },
	{ TPM12_INVALID_AUTHHANDLE, EIO, "invalid authorization session" },
	{ TPM12_INVALID_POSTINIT, EAGAIN, "the TPM was not started" },
	{ TPM12_BAD_ORDINAL, EOPNOTSUPP, "the TPM does not know the command" },
	{ TPM12_BADTAG, EPROTO, "bad tag (is this a TPM 2.0?)" },
	{ TPM12_FAIL, EIO, "the TPM failed" },
};

const char *tpm12_result_str(uint32_t rc)
{
	for (size_t i = 0; i < ELEMENTSOF(results); i++)
		if (results[i].rc == rc)
			return results[i].text;
	return "TPM error";
}

int tpm12_result_to_errno(uint32_t rc)
{
	for (size_t i = 0; i < ELEMENTSOF(results); i++)
		if (results[i].rc == rc)
			return -results[i].err;
	return -EIO;
}

int tpm12_result_error(uint32_t rc, const char *what)
{
	int r = tpm12_result_to_errno(rc);

	log_debug("%s: %s (TPM_RESULT 0x%x)", what, tpm12_result_str(rc), rc);
	return r;
}
