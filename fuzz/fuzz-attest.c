/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target for the attestation file and its QR pieces: a file the
 * parser accepts formats back to exactly the same bytes (the format is
 * canonical), and text the QR joiner accepts is parsed as a file. */
#include "attest-file.h"
#include "attest-qr.h"
#include "log.h"
#include "macro.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_file(const char *buf, size_t len)
{
	_cleanup_attest_file_ struct attest_file f = { 0 };
	_cleanup_free_ char *out = NULL;
	size_t n = 0;

	if (attest_file_parse(buf, len, &f, NULL) < 0)
		return;
	if (attest_file_format(&f, &out, &n) < 0)
		abort();
	if (n != len || memcmp(out, buf, len) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	_cleanup_free_ char *joined = NULL;
	size_t len = 0;

	log_set_level(LOG_NONE);
	check_file((const char *)data, size);
	if (attest_qr_join((const char *)data, size, &joined, &len) >= 0)
		check_file(joined, len);
	return 0;
}
