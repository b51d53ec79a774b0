/* SPDX-License-Identifier: GPL-2.0-or-later */
/* JSON and text output of boot entries. */
#include "entry-json.h"
#include "json.h"

static void json_field(FILE *out, const char *key, const char *value, int last)
{
	fprintf(out, "    \"%s\": ", key);
	json_write_string(out, value);
	fputs(last ? "\n" : ",\n", out);
}

static void json_initrds(FILE *out, char *const *v)
{
	fputs("    \"initrd\": [", out);
	for (size_t i = 0; v && v[i]; i++) {
		fputs(i ? ", " : "", out);
		json_write_string(out, v[i]);
	}
	fputs("],\n", out);
}

static void json_entry(FILE *out, const struct boot_entry *e, size_t index)
{
	int xen = e->kind == KIND_XEN;

	fprintf(out, "  {\n    \"index\": %zu,\n", index);
	json_field(out, "title", e->title, 0);
	json_field(out, "source", entry_source_name(e->source), 0);
	json_field(out, "kind", xen ? "xen" : "linux", 0);
	json_field(out, "kernel", e->kernel, 0);
	json_initrds(out, e->initrd);
	json_field(out, "cmdline", e->cmdline, !xen);
	if (xen) {
		json_field(out, "hypervisor", e->hypervisor, 0);
		json_field(out, "hypervisor_cmdline", e->hypervisor_cmdline, 1);
	}
	fputs("  }", out);
}

int entries_write_json(FILE *out, const struct entry_list *l)
{
	fputs("[", out);
	for (size_t i = 0; i < l->n; i++) {
		fputs(i ? ",\n" : "\n", out);
		json_entry(out, &l->v[i], i);
	}
	fputs(l->n ? "\n]\n" : "]\n", out);
	return ferror(out) ? -EIO : 0;
}

static void text_entry(FILE *out, const struct boot_entry *e, size_t index)
{
	fprintf(out, "%zu: %s [%s]\n", index, e->title, entry_source_name(e->source));
	if (e->kind == KIND_XEN)
		fprintf(out, "   xen     %s %s\n", e->hypervisor, e->hypervisor_cmdline);
	fprintf(out, "   kernel  %s\n", e->kernel);
	for (size_t i = 0; e->initrd && e->initrd[i]; i++)
		fprintf(out, "   initrd  %s\n", e->initrd[i]);
	fprintf(out, "   cmdline %s\n", e->cmdline);
}

int entries_write_text(FILE *out, const struct entry_list *l)
{
	if (l->n == 0)
		fputs("No boot entries found.\n", out);
	for (size_t i = 0; i < l->n; i++)
		text_entry(out, &l->v[i], i);
	return ferror(out) ? -EIO : 0;
}
