/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one way heads extends a PCR of a TPM 1.2: SHA-1 of the measured
 * bytes into the PCR, and the event appended to the payload's own log in
 * the TCG 1.2 format (<rundir>/eventlog12), so the log replays to the
 * SHA-1 PCRs as the crypto-agile log does on a TPM 2.0. */
#pragma once

#include "measure-event.h"
#include "tpm12.h"

#define PAYLOAD_LOG12_NAME "eventlog12"

/* <rundir>/eventlog12 into buf; -ENAMETOOLONG if it does not fit. */
int measure12_log_path(const char *rundir, char *buf, size_t size);

/* Extends pcr with digest (SHA-1) and logs it as "heads KIND NAME". The
 * log is opened first so that an unwritable log stops before the TPM
 * changes. */
int measure12_extend(struct tpm12 *t, const char *rundir, unsigned pcr, const uint8_t digest[20],
		     enum measure_kind kind, const char *name);

/* The same for len bytes at buf, measured as SHA-1(buf). */
int measure12_extend_buf(struct tpm12 *t, const char *rundir, unsigned pcr, const void *buf,
			 size_t len, enum measure_kind kind, const char *name);
