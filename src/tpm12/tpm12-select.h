/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TPM_PCR_SELECTION and the PCR-info structures built from one: a
 * selection of 24 PCRs as a 3-byte bitmap (PCR 0 is bit 0 of byte 0). */
#pragma once

#include "tpm12-marshal.h"

#define TPM12_TAG_PCR_INFO_LONG 0x0006u
#define TPM12_LOC_ALL 0x1Fu /* localities 0-4 */

void tpm12_put_selection(struct tpm12_writer *w, uint32_t mask);
/* Reads one; -EBADMSG for a size other than 0..3 bytes. */
int tpm12_get_selection(struct tpm12_reader *r, uint32_t *ret);

/* TPM_PCR_INFO_LONG: release selection and digest, any locality; the TPM
 * fills in the creation fields. */
void tpm12_put_pcr_info_long(struct tpm12_writer *w, uint32_t mask, const uint8_t release[20]);

/* TPM_PCR_INFO_SHORT (NV areas): selection, any locality, digest. */
void tpm12_put_pcr_info_short(struct tpm12_writer *w, uint32_t mask, const uint8_t release[20]);
