/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An entry's hypervisor as a menu names it (entry-hypervisor.h). */
#include "entry-hypervisor.h"
#include "strbuf.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* The length of the version ("4.17.5") at s: digits and inner dots. */
static size_t version_len(const char *s)
{
	size_t n = 0;

	while (isdigit((unsigned char)s[n]) || (s[n] == '.' && isdigit((unsigned char)s[n + 1])))
		n++;
	return n;
}

int entry_hypervisor_label(const struct boot_entry *e, char *buf, size_t size)
{
	const char *base, *slash;
	size_t n;

	if (e->kind != KIND_XEN || !e->hypervisor)
		return strfmt(buf, size, "%s", "");
	slash = strrchr(e->hypervisor, '/');
	base = slash ? slash + 1 : e->hypervisor;
	if (strncasecmp(base, "xen-", 4) == 0 && (n = version_len(base + 4)) > 0)
		return strfmt(buf, size, "Xen %.*s", (int)n, base + 4);
	return strfmt(buf, size, "%s", base);
}
