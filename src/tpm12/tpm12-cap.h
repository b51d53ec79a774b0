/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM_GetCapability: the chip's version and manufacturer, whether it has
 * an owner, and which TPM family answers at all (1.2 or 2.0). */
#pragma once

#include "tpm12.h"

#include <stdbool.h>

#define TPM12_CAP_FLAG 0x04u
#define TPM12_CAP_PROPERTY 0x05u
#define TPM12_CAP_NV_INDEX 0x11u
#define TPM12_CAP_HANDLE 0x14u
#define TPM12_CAP_DA_LOGIC 0x19u
#define TPM12_CAP_VERSION_VAL 0x1Au
#define TPM12_CAP_PROP_MANUFACTURER 0x103u
#define TPM12_CAP_PROP_OWNER 0x111u

struct tpm12_version {
	uint8_t major, minor, rev_major, rev_minor; /* 1.2, revision */
	uint16_t spec_level;
	uint8_t errata_rev;
	char vendor[5]; /* four characters, e.g. "IBM" */
};

/* One capability, its answer copied into buf (at most size bytes). */
int tpm12_get_capability(struct tpm12 *t, uint32_t cap, const uint8_t *sub, size_t sub_len,
			 uint8_t *buf, size_t size, size_t *ret_len);

/* TPM_CAP_VERSION_VAL, parsed. */
int tpm12_get_version(struct tpm12 *t, struct tpm12_version *ret);
/* Parses a TPM_CAP_VERSION_INFO (-EBADMSG when malformed). */
int tpm12_version_parse(const uint8_t *buf, size_t len, struct tpm12_version *ret);

/* TPM_CAP_PROP_OWNER. */
int tpm12_has_owner(struct tpm12 *t, bool *ret);

enum tpm_family {
	TPM_FAMILY_1_2 = 12,
	TPM_FAMILY_2_0 = 20,
};

/* Asks with a 1.2 command: a 1.2 TPM answers, a 2.0 TPM refuses its tag
 * with TPM_RC_BAD_TAG. One command. -EPROTO when neither. */
int tpm12_family(struct tpm12 *t, enum tpm_family *ret);
