/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Merge of two path-sorted lists into a list of named differences. */
#include "manifest-compare.h"

bool manifest_diff_fails(enum manifest_diff kind)
{
	(void)kind;
	return true;
}

const char *manifest_diff_name(enum manifest_diff kind)
{
	static const char *const names[] = {
		[DIFF_ADDED] = "added",	      [DIFF_REMOVED] = "removed",
		[DIFF_CHANGED] = "changed",   [DIFF_TARGET] = "symlink retargeted",
		[DIFF_TYPE] = "type changed", [DIFF_MODE] = "permissions changed",
	};

	return (size_t)kind < ELEMENTSOF(names) ? names[kind] : "differs";
}

static size_t report(enum manifest_diff kind, const struct manifest_entry *want,
		     const struct manifest_entry *have, manifest_diff_fn fn, void *userdata)
{
	if (fn)
		fn(kind, want, have, userdata);
	return manifest_diff_fails(kind) ? 1 : 0;
}

static bool content_differs(const struct manifest_entry *a, const struct manifest_entry *b)
{
	if (a->size != b->size || !b->hashed)
		return true;
	return memcmp(a->sha256, b->sha256, SHA256_SIZE) != 0;
}

/* A mount point's mode is another file system's: not compared. */
static bool mode_differs(const struct manifest_entry *a, const struct manifest_entry *b)
{
	if (a->type == MANIFEST_DIRECTORY && (a->mountpoint || b->mountpoint))
		return false;
	return a->mode != b->mode;
}

static size_t compare_pair(const struct manifest_entry *want, const struct manifest_entry *have,
			   manifest_diff_fn fn, void *userdata)
{
	if (want->type != have->type)
		return report(DIFF_TYPE, want, have, fn, userdata);
	if (want->type == MANIFEST_SYMLINK)
		return streq(want->target, have->target) ?
			       0 :
			       report(DIFF_TARGET, want, have, fn, userdata);
	if (want->type == MANIFEST_FILE && content_differs(want, have))
		return report(DIFF_CHANGED, want, have, fn, userdata);
	if (mode_differs(want, have))
		return report(DIFF_MODE, want, have, fn, userdata);
	return 0;
}

static size_t only_on_disk(const struct manifest_entry *have, manifest_diff_fn fn, void *userdata)
{
	return report(DIFF_ADDED, NULL, have, fn, userdata);
}

size_t manifest_compare(const struct manifest *signed_m, const struct manifest *tree,
			manifest_diff_fn fn, void *userdata)
{
	const struct manifest_entry *want = signed_m->entries, *have = tree->entries;
	const struct manifest_entry *want_end = want ? want + signed_m->n_entries : want;
	const struct manifest_entry *have_end = have ? have + tree->n_entries : have;
	size_t failures = 0;

	while (want < want_end && have < have_end) {
		int c = strcmp(want->path, have->path);

		if (c < 0)
			failures += report(DIFF_REMOVED, want++, NULL, fn, userdata);
		else if (c > 0)
			failures += only_on_disk(have++, fn, userdata);
		else
			failures += compare_pair(want++, have++, fn, userdata);
	}
	for (; want < want_end; want++)
		failures += report(DIFF_REMOVED, want, NULL, fn, userdata);
	for (; have < have_end; have++)
		failures += only_on_disk(have, fn, userdata);
	return failures;
}
