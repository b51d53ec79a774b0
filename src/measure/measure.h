/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one way heads extends a PCR: extend the TPM and append the event to
 * the payload's event log in the runtime directory, so the log always
 * replays to the PCRs (or says that something else extended them). */
#pragma once

#include "measure-event.h"
#include "tpm.h"

/* <rundir>/eventlog into buf; -ENAMETOOLONG if it does not fit. */
int measure_log_path(const char *rundir, char *buf, size_t size);

/* Extends pcr with digest and logs it as "heads KIND NAME". The log is
 * opened first so that an unwritable log stops before the TPM changes. */
int measure_extend(struct tpm *t, const char *rundir, unsigned pcr, const uint8_t digest[32],
		   enum measure_kind kind, const char *name);
