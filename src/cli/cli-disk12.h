/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads disk enroll|unseal` when the TPM is a 1.2 (cli_tpm12_open). */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct tpm12;

int cli_disk12_enroll(struct tpm12 *t, const char *const *devices, size_t n, uint32_t mask,
		      const char *luks, const char *unlock);

/* Checks the tries left before asking, asks (or reads pass_file), unseals
 * and writes the key to out (mode 0400). */
int cli_disk12_unseal(struct tpm12 *t, const char *const *devices, size_t n, const char *pass_file,
		      const char *out);
