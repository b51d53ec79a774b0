/* SPDX-License-Identifier: GPL-2.0-or-later */
/* roothash= on a kernel command line. */
#include "entry-verity.h"
#include "macro.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>

static bool hex_ok(const char *w, size_t len)
{
	if (len == 0 || len % 2 || len > ENTRY_ROOTHASH_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isxdigit((unsigned char)w[i]))
			return false;
	return true;
}

int entry_verity_roothash(const char *cmdline, char *out)
{
	static const char key[] = "roothash=";
	const char *p = cmdline ? cmdline : "";
	bool found = false;

	while (*p) {
		size_t len = strcspn(p, " \t\n"), k = sizeof(key) - 1;
		if (len >= k && strncmp(p, key, k) == 0) {
			if (!hex_ok(p + k, len - k))
				return -EINVAL;
			if (found && (strlen(out) != len - k || strncmp(out, p + k, len - k) != 0))
				return -EINVAL;
			memcpy(out, p + k, len - k);
			out[len - k] = '\0';
			found = true;
		}
		p += len;
		p += strspn(p, " \t\n");
	}
	return found ? 0 : -ENOENT;
}
