/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small NV indices holding non-secret records (e.g. which key slot is in
 * use and its PCR list). */
#pragma once

#include "tpm.h"

/* Reads up to size bytes of the index (password auth, one TPM command).
 * -ENOENT when the index does not exist. */
int tpm_nv_read(struct tpm *t, TPM2_HANDLE index, uint8_t *buf, size_t size);

/* Writes len bytes at offset 0, defining the index with the given size
 * first if needed (owner-written, readable by anyone). */
int tpm_nv_write(struct tpm *t, TPM2_HANDLE index, size_t size, const uint8_t *buf, size_t len);
