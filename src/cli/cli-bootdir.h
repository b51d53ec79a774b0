/* SPDX-License-Identifier: GPL-2.0-or-later */
/* BOOTDIR as the commands that start or check what it boots see it:
 * verified as /init verifies it, and its entries read from the signed
 * configuration. */
#pragma once

#include "boot-verify.h"
#include "bootfs-dir.h"
#include "entry.h"

#include <stdbool.h>

/* Verifies dir against keyring (signature, files, and unless no_tpm the
 * rollback counter and primary key), printing each difference; a failure
 * says it is "not <doing> it" ("booting"). */
int cli_bootdir_verify(const char *dir, const char *keyring, bool no_tpm, const char *doing,
		       struct boot_verification *v);

/* The entries of d, from its configuration as signed when verified (m),
 * else as it is (m NULL). A file that differs is named and refused. */
int cli_bootdir_entries(const char *dir, struct bootdir *d, const struct manifest *m,
			const char *doing, struct entry_list *ret);
