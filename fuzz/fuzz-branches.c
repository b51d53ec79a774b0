/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzzes the list of sealed states (heads/NAME.branches): whatever parses
 * formats back to the same bytes, and its policy can be computed. */
#include "branches.h"
#include "log.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcr_branches b;
	uint8_t policy[POLICY_DIGEST_SIZE];
	char *text = NULL;

	log_set_level(LOG_NONE);
	if (branches_parse((const char *)data, size, &b) < 0)
		return 0;
	if (b.n < 1 || b.n > BRANCHES_MAX || branches_policy(&b, true, policy) < 0)
		abort();
	if (branches_format(&b, &text) < 0 || strlen(text) != size || memcmp(text, data, size))
		abort();
	free(text);
	return 0;
}
