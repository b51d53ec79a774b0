/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Explaining why the TPM refused a secret: which sealed PCRs differ now,
 * and which events made them differ, from the secret's snapshot and this
 * boot's logs. Runs only after a refusal (one PCR read). */
#pragma once

#include "tpm.h"

#include <stdio.h>

struct explain_sources {
	const char *snapshot; /* the secret's snapshot file */
	const char *firmware_log;
	const char *rundir;
};

/* Writes "PCR N: ..." lines to out for every PCR in mask that differs
 * from the sealed state. Returns the number of lines, or -errno. */
int sealed_explain(struct tpm *t, uint32_t mask, const struct explain_sources *src, FILE *out);
