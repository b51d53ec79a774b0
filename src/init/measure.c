/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Measurements the boot flow makes. Every PCR extension of /init goes
 * through init_measure_digest(), so the event log records each one. */
#include "init.h"
#include "log.h"
#include "measure.h"
#include "measure12.h"
#include "pcr.h"
#include "sha.h"

int init_measure_digest(struct init_state *s, unsigned pcr, const uint8_t digest[32],
			enum measure_kind kind, const char *name)
{
	int r;

	if (!s->tpm)
		return 0;
	r = measure_extend(s->tpm, INIT_RUNDIR, pcr, digest, kind, name);
	if (r < 0)
		return log_error_errno(r, "Cannot measure %s %s into PCR %u",
				       measure_kind_name(kind), name, pcr);
	log_debug("Measured %s %s into PCR %u", measure_kind_name(kind), name, pcr);
	return 0;
}

/* On a TPM 1.2: SHA-1 of the bytes into the PCR, the event into the
 * TCG 1.2 format log (measure12.h). */
static int measure12(struct init_state *s, unsigned pcr, const void *buf, size_t len,
		     enum measure_kind kind, const char *name)
{
	int r = measure12_extend_buf(s->tpm12, INIT_RUNDIR, pcr, buf, len, kind, name);

	if (r < 0)
		return log_error_errno(r, "Cannot measure %s %s into PCR %u of the TPM 1.2: %m",
				       measure_kind_name(kind), name, pcr);
	log_debug("Measured %s %s into PCR %u (SHA-1)", measure_kind_name(kind), name, pcr);
	return 0;
}

int init_measure_buf(struct init_state *s, unsigned pcr, const void *buf, size_t len,
		     enum measure_kind kind, const char *name)
{
	uint8_t digest[SHA256_SIZE];
	int r;

	if (s->tpm12)
		return measure12(s, pcr, buf, len, kind, name);
	r = sha256_buf(buf, len, digest);
	if (r < 0)
		return r;
	return init_measure_digest(s, pcr, digest, kind, name);
}

int init_cap_boot_mode(struct init_state *s, const char *mode)
{
	int r = init_measure_buf(s, PCR_BOOT_MODE, mode, strlen(mode), MEASURE_BOOT_MODE, mode);

	if (r >= 0)
		s->pcr4_capped = true;
	return r;
}
