/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Boot entries and lists of them. */
#include "entry.h"
#include "parse.h"
#include "strbuf.h"

void boot_entry_clear(struct boot_entry *e)
{
	free(e->title);
	free(e->kernel);
	strv_free(e->initrd);
	free(e->cmdline);
	free(e->hypervisor);
	free(e->hypervisor_cmdline);
	memset(e, 0, sizeof(*e));
}

int entry_list_add(struct entry_list *l, struct boot_entry *e)
{
	struct boot_entry *v;

	if (l->n >= BOOT_ENTRIES_MAX)
		return -E2BIG;
	v = realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	l->v = v;
	l->v[l->n++] = *e;
	memset(e, 0, sizeof(*e));
	return 0;
}

void entry_list_clear(struct entry_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		boot_entry_clear(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

const char *entry_source_name(enum entry_source s)
{
	switch (s) {
	case SOURCE_GRUB:
		return "grub";
	case SOURCE_BLS:
		return "bls";
	default:
		return "syslinux";
	}
}

int entry_number_parse(const char *s, size_t *ret)
{
	uint64_t v;
	int r = parse_unsigned(s, BOOT_ENTRIES_MAX - 1, &v);

	if (r < 0)
		return r;
	*ret = (size_t)v;
	return 0;
}
