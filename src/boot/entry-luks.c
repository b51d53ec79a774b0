/* SPDX-License-Identifier: GPL-2.0-or-later */
/* LUKS volumes named on a kernel command line. */
#include "entry-luks.h"
#include "macro.h"
#include "parse.h"

#include <ctype.h>
#include <string.h>

/* The UUID a word names, or NULL. */
static const char *word_uuid(const char *w, size_t len, char out[ENTRY_LUKS_UUID_SIZE])
{
	static const char *const keys[] = { "rd.luks.uuid=", "luks.uuid=", "rd.luks.name=",
					    "luks.name=" };

	for (size_t i = 0; i < ELEMENTSOF(keys); i++) {
		size_t k = strlen(keys[i]), u = ENTRY_LUKS_UUID_SIZE - 1;
		if (len <= k || strncmp(w, keys[i], k) != 0)
			continue;
		w += k, len -= k;
		if (len > 5 && strncmp(w, "luks-", 5) == 0)
			w += 5, len -= 5;
		/* rd.luks.uuid=UUID, rd.luks.name=UUID=NAME */
		if (i < 2 ? len != u : len <= u + 1 || w[u] != '=')
			return NULL;
		for (size_t j = 0; j < u; j++)
			out[j] = (char)tolower((unsigned char)w[j]);
		out[u] = '\0';
		return uuid_valid(out) ? out : NULL;
	}
	return NULL;
}

static int add(struct entry_luks *l, const char *uuid)
{
	for (size_t i = 0; i < l->n; i++)
		if (streq(l->uuid[i], uuid))
			return 0;
	if (l->n >= ENTRY_LUKS_MAX)
		return -E2BIG;
	memcpy(l->uuid[l->n++], uuid, ENTRY_LUKS_UUID_SIZE);
	return 0;
}

int entry_luks_parse(const char *cmdline, struct entry_luks *ret)
{
	struct entry_luks l = { 0 };
	const char *p = cmdline ? cmdline : "";
	int r = 0;

	while (r >= 0 && *p) {
		size_t len = strcspn(p, " \t\n");
		char uuid[ENTRY_LUKS_UUID_SIZE];
		if (len && word_uuid(p, len, uuid))
			r = add(&l, uuid);
		p += len;
		p += strspn(p, " \t\n");
	}
	if (r < 0)
		return r;
	*ret = l;
	return 0;
}
