/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NV areas of a TPM 1.2: defined by the owner, written with the owner's
 * authorization, the area's own, or none but a PCR state; read without
 * authorization. */
#pragma once

#include "tpm12.h"

#define TPM12_NV_PER_OWNERWRITE 0x00000002u
#define TPM12_NV_PER_AUTHWRITE 0x00000004u
#define TPM12_NV_PER_WRITEALL 0x00001000u

struct tpm12_nv_def {
	uint32_t index;
	uint32_t size;
	uint32_t attributes; /* TPM12_NV_PER_* */
	uint32_t write_pcrs; /* writes only in this PCR state (0: any) */
	uint8_t write_digest[20]; /* its composite (tpm12_pcr_composite) */
};

/* TPM_NV_DefineSpace, authorized by the owner (OSAP); area_auth (sent
 * encrypted) is the area's own authorization, for AUTHWRITE. */
int tpm12_nv_define(struct tpm12 *t, const uint8_t owner_auth[20], const struct tpm12_nv_def *d,
		    const uint8_t area_auth[20]);

/* Deletes an area (defined again with size 0). */
int tpm12_nv_undefine(struct tpm12 *t, const uint8_t owner_auth[20], uint32_t index);

enum tpm12_nv_auth {
	TPM12_NV_AUTH_NONE, /* the area asks no authorization (PCR-bound) */
	TPM12_NV_AUTH_OWNER, /* auth is the owner's */
	TPM12_NV_AUTH_AREA, /* auth is the area's own */
};

/* Writes in chunks of 1 KiB; authorized chunks share one OIAP session,
 * its nonces rolling from one to the next. */
int tpm12_nv_write(struct tpm12 *t, uint32_t index, uint32_t offset, const void *data, size_t len,
		   enum tpm12_nv_auth how, const uint8_t auth[20]);

/* TPM_NV_ReadValue without authorization; exactly len bytes. */
int tpm12_nv_read(struct tpm12 *t, uint32_t index, uint32_t offset, void *buf, size_t len);
