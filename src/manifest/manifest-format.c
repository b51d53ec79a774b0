/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The manifest's text form: the exact inverse of manifest-parse.c. */
#include "manifest-format.h"
#include "hexdump.h"
#include "path-escape.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

static void format_id(FILE *f, const char *id)
{
	fputc(' ', f);
	fputs(id[0] ? id : "-", f);
}

static void format_header(FILE *f, const struct manifest *m)
{
	char hex[2 * SHA256_SIZE + 1];

	hex_encode(m->primary, SHA256_SIZE, hex);
	fprintf(f, "heads-manifest %d\ncounter %" PRIu64 "\nprimary-key sha256:%s\nfilesystem",
		MANIFEST_VERSION, m->counter, hex);
	format_id(f, m->fs.uuid);
	format_id(f, m->fs.partuuid);
	fputs("\ndefault-entry ", f);
	if (m->default_entry)
		path_escape_write(f, m->default_entry);
	else
		fputc('-', f);
	fputc('\n', f);
}

static void format_details(FILE *f, const struct manifest_entry *e)
{
	char hex[2 * SHA256_SIZE + 1];

	if (e->type == MANIFEST_FILE) {
		hex_encode(e->sha256, SHA256_SIZE, hex);
		fprintf(f, " %04o %" PRIu64 " %s\n", (unsigned)e->mode, e->size, hex);
	} else if (e->type == MANIFEST_DIRECTORY) {
		if (e->mountpoint)
			fputs(" -\n", f);
		else
			fprintf(f, " %04o\n", (unsigned)e->mode);
	} else {
		fputc(' ', f);
		path_escape_write(f, e->target);
		fputc('\n', f);
	}
}

static size_t format_entry(FILE *f, const struct manifest_entry *e)
{
	static const char *const keys[] = {
		[MANIFEST_FILE] = "file ", [MANIFEST_SYMLINK] = "symlink ", [MANIFEST_DIRECTORY] = "dir "
	};

	if (e->type != MANIFEST_FILE && e->type != MANIFEST_SYMLINK && e->type != MANIFEST_DIRECTORY)
		return 0;
	fputs(keys[e->type], f);
	path_escape_write(f, e->path);
	format_details(f, e);
	return 1;
}

int manifest_format(const struct manifest *m, char **ret_buf, size_t *ret_len)
{
	char *buf = NULL;
	size_t len = 0, n = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return -ENOMEM;
	format_header(f, m);
	for (size_t i = 0; i < m->n_entries; i++)
		n += format_entry(f, &m->entries[i]);
	fprintf(f, "end %zu\n", n);
	if (ferror(f) | fclose(f)) {
		free(buf);
		return -ENOMEM;
	}
	*ret_buf = buf;
	*ret_len = len;
	return 0;
}
