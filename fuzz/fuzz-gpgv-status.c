/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target for the gpgv status-line interpreter. */
#include "log.h"
#include "gpgv-status.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	log_set_level(LOG_NONE);
	struct gpgv_status s;

	gpgv_status_parse((const char *)data, size, &s);
	/* A good verdict needs at least one complete good signature. */
	if (gpgv_status_verdict(&s) == GPGV_GOOD && (s.goodsig == 0 || s.validsig != s.newsig))
		abort();
	if (strlen(s.uid) > GPGV_UID_MAX || strlen(s.fingerprint) > GPGV_FPR_MAX)
		abort();
	return 0;
}
