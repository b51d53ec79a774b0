/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM_RESULT codes: the only place they are interpreted. Each becomes a
 * negative errno (errors.h for the reasons the front ends tell apart) and
 * a sentence a person can act on. */
#pragma once

#include <stdint.h>

#define TPM12_SUCCESS 0x0u
#define TPM12_AUTHFAIL 0x1u
#define TPM12_BADINDEX 0x2u
#define TPM12_BAD_PARAMETER 0x3u
#define TPM12_DEACTIVATED 0x6u
#define TPM12_DISABLED 0x7u
#define TPM12_DISABLED_CMD 0x8u
#define TPM12_FAIL 0x9u
#define TPM12_BAD_ORDINAL 0xAu
#define TPM12_NOSPACE 0x11u
#define TPM12_NOSRK 0x12u
#define TPM12_NOTSEALED_BLOB 0x13u
#define TPM12_OWNER_SET 0x14u
#define TPM12_RESOURCES 0x15u
#define TPM12_WRONGPCRVAL 0x18u
#define TPM12_AUTH2FAIL 0x1Du
#define TPM12_BADTAG 0x1Eu
#define TPM12_INVALID_AUTHHANDLE 0x22u
#define TPM12_NO_ENDORSEMENT 0x23u
#define TPM12_INVALID_POSTINIT 0x26u
#define TPM12_BAD_PRESENCE 0x2Du
#define TPM12_WRONG_ENTITYTYPE 0x25u
#define TPM12_AUTH_CONFLICT 0x3Bu
#define TPM12_AREA_LOCKED 0x3Cu
#define TPM12_PER_NOWRITE 0x3Fu
#define TPM12_BAD_LOCALITY 0x3Du
#define TPM12_BAD_COUNTER 0x45u
#define TPM12_MAXNVWRITES 0x48u
#define TPM12_DEFEND_LOCK_RUNNING 0x803u

/* A 2.0 TPM answers a 1.2-tagged command with TPM_RC_BAD_TAG, which has
 * the value of TPM_BADTAG. */
#define TPM2_RC_BAD_TAG 0x1Eu
#define TPM2_ST_NO_SESSIONS 0x8001u

/* A short description of rc ("wrong authorization value"). */
const char *tpm12_result_str(uint32_t rc);

/* The negative errno carrying rc's meaning: -E_PASSPHRASE for a wrong
 * authorization, -E_SEALED for a wrong PCR state, -EBUSY for the
 * dictionary-attack lockout, -EPERM for missing physical presence or a
 * disabled command, -ENXIO for a disabled or deactivated TPM, -ENODATA
 * for a TPM without owner (no SRK) or endorsement key, -ENOENT for an unknown index or counter, -EEXIST when an
 * owner is already set, -EIO for the rest. */
int tpm12_result_to_errno(uint32_t rc);

/* Logs "what: description (TPM_RESULT 0x...)" at debug level and returns
 * the errno; callers that want a person to see it choose their words. */
int tpm12_result_error(uint32_t rc, const char *what);
