/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzzes what /init and `heads verity check` read from a boot entry's
 * kernel command line: the LUKS volumes it names and its dm-verity root
 * hash. The input is the command line. */
#include "entry-luks.h"
#include "entry-verity.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *cmdline = malloc(size + 1);
	char hash[ENTRY_ROOTHASH_MAX + 1];
	struct entry_luks l;

	if (!cmdline)
		return 0;
	memcpy(cmdline, data, size);
	cmdline[size] = '\0';
	if (entry_luks_parse(cmdline, &l) == 0 && l.n > ENTRY_LUKS_MAX)
		abort();
	if (entry_verity_roothash(cmdline, hash) == 0 && strlen(hash) > ENTRY_ROOTHASH_MAX)
		abort();
	free(cmdline);
	return 0;
}
