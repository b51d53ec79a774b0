/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target for the manifest parser: anything it accepts must format
 * back to exactly the same bytes (the format is canonical). */
#include "log.h"
#include "manifest-format.h"
#include "manifest-parse.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	log_set_level(LOG_NONE);
	_cleanup_manifest_ struct manifest *m = NULL;
	_cleanup_free_ char *out = NULL;
	size_t len = 0;

	if (manifest_parse((const char *)data, size, &m, NULL) < 0)
		return 0;
	if (manifest_format(m, &out, &len) < 0)
		return 0;
	if (len != size || memcmp(out, data, size) != 0)
		abort();
	return 0;
}
