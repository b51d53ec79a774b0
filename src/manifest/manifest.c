/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The in-memory manifest: entries, ordering, path rules. */
#include "manifest.h"

#include <errno.h>

struct manifest *manifest_new(void)
{
	return calloc(1, sizeof(struct manifest));
}

void manifest_entry_drop_image(struct manifest_entry *e)
{
	if (!e->image)
		return;
	memimage_free(e->image);
	free(e->image);
	e->image = NULL;
}

void manifest_free(struct manifest *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_entries; i++) {
		free(m->entries[i].path);
		free(m->entries[i].target);
		manifest_entry_drop_image(&m->entries[i]);
	}
	free(m->entries);
	free(m->default_entry);
	free(m);
}

static int grow(struct manifest *m)
{
	size_t n = m->allocated ? m->allocated * 2 : 64;
	struct manifest_entry *e;

	if (m->n_entries >= MANIFEST_MAX_ENTRIES)
		return -E2BIG;
	e = reallocarray(m->entries, n, sizeof(*e));
	if (!e)
		return -ENOMEM;
	m->entries = e;
	m->allocated = n;
	return 0;
}

int manifest_add(struct manifest *m, struct manifest_entry *e)
{
	int r = m->n_entries < m->allocated ? 0 : grow(m);

	if (r < 0) {
		free(e->path);
		free(e->target);
		return r;
	}
	m->entries[m->n_entries++] = *e;
	e->path = e->target = NULL;
	e->image = NULL;
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct manifest_entry *x = a, *y = b;

	return strcmp(x->path, y->path);
}

void manifest_sort(struct manifest *m)
{
	if (m->n_entries > 1)
		qsort(m->entries, m->n_entries, sizeof(*m->entries), entry_cmp);
}

const struct manifest_entry *manifest_find(const struct manifest *m, const char *path)
{
	struct manifest_entry key = { .path = (char *)path };

	if (m->n_entries == 0)
		return NULL;
	return bsearch(&key, m->entries, m->n_entries, sizeof(key), entry_cmp);
}

static bool component_valid(const char *c, size_t len)
{
	if (len == 0 || len > MANIFEST_MAX_NAME)
		return false;
	if (len == 1 && c[0] == '.')
		return false;
	return !(len == 2 && c[0] == '.' && c[1] == '.');
}

bool manifest_path_valid(const char *path)
{
	size_t total = strlen(path);
	const char *p = path;

	if (total == 0 || total > MANIFEST_MAX_PATH)
		return false;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (!component_valid(p, len))
			return false;
		if (!slash)
			return true;
		p = slash + 1;
	}
}

static bool has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n > k && streq(name + n - k, suffix);
}

bool manifest_path_excluded(const char *path)
{
	static const char *const names[] = { MANIFEST_NAME, MANIFEST_SIG_NAME, MANIFEST_NEW_NAME,
					     MANIFEST_SIG_NEW_NAME };
	const char *name;

	if (!startswith(path, MANIFEST_DIR "/"))
		return false;
	name = path + strlen(MANIFEST_DIR "/");
	for (size_t i = 0; i < ELEMENTSOF(names); i++)
		if (streq(name, names[i]))
			return true;
	if (strchr(name, '/'))
		return false;
	/* Sealed-state snapshots (doc/eventlog.md) are rewritten by every
	 * enrolment and only ever shown as advice, never trusted. So are the
	 * lists of sealed states (*.branches: a changed list only makes the
	 * TPM refuse) and the TOTP secret's sealed copy (*.sealed: only the
	 * TPM's policy unseals it), which every enrolment, firmware update
	 * and first good boot after one rewrite (doc/firmware-update.md). */
	if (has_suffix(name, ".eventlog") || has_suffix(name, ".branches") ||
	    has_suffix(name, ".sealed"))
		return true;
	return startswith(name, MANIFEST_STAGING_PREFIX);
}

const char *manifest_type_name(enum manifest_type t)
{
	switch (t) {
	case MANIFEST_FILE:
		return "file";
	case MANIFEST_SYMLINK:
		return "symlink";
	case MANIFEST_DIRECTORY:
		return "directory";
	default:
		return "special file";
	}
}

bool manifest_fs_pinned(const struct manifest_fs *pin)
{
	return pin->uuid[0] != '\0';
}

bool manifest_fs_matches(const struct manifest_fs *pin, const struct manifest_fs *have)
{
	return streq(pin->uuid, have->uuid) && streq(pin->partuuid, have->partuuid);
}

bool manifest_fs_id_valid(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > MANIFEST_MAX_ID || streq(id, "-"))
		return false;
	for (size_t i = 0; i < n; i++)
		if (id[i] <= ' ' || id[i] > '~' || id[i] == '%')
			return false;
	return true;
}
