/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Differences between a manifest and a scanned tree, each kind named. */
#include "harness.h"
#include "manifest-compare.h"

static void add(struct manifest *m, const char *path, enum manifest_type type, uint64_t size,
		uint8_t fill, const char *target)
{
	struct manifest_entry e = { .path = strdup(path),
				    .type = type,
				    .size = size,
				    .mode = 0644,
				    .hashed = true,
				    .target = target ? strdup(target) : NULL };

	memset(e.sha256, fill, sizeof(e.sha256));
	if (manifest_add(m, &e) < 0)
		FAILF("add");
}

struct seen {
	char text[1024];
};

static void record(enum manifest_diff kind, const struct manifest_entry *want,
		   const struct manifest_entry *have, void *userdata)
{
	struct seen *s = userdata;
	size_t n = strlen(s->text);

	snprintf(s->text + n, sizeof(s->text) - n, "%s:%s;", manifest_diff_name(kind),
		 want ? want->path : have->path);
}

TEST(every_kind)
{
	_cleanup_manifest_ struct manifest *m = manifest_new(), *t = manifest_new();
	struct seen s = { "" };

	add(m, "changed", MANIFEST_FILE, 1, 1, NULL);
	add(m, "link", MANIFEST_SYMLINK, 0, 0, "a");
	add(m, "mode", MANIFEST_FILE, 1, 1, NULL);
	add(m, "removed", MANIFEST_FILE, 1, 1, NULL);
	add(m, "same", MANIFEST_FILE, 1, 1, NULL);
	add(m, "type", MANIFEST_FILE, 1, 1, NULL);
	add(t, "added", MANIFEST_FILE, 1, 1, NULL);
	add(t, "changed", MANIFEST_FILE, 1, 2, NULL);
	add(t, "link", MANIFEST_SYMLINK, 0, 0, "b");
	add(t, "mode", MANIFEST_FILE, 1, 1, NULL);
	t->entries[t->n_entries - 1].mode = 0600;
	add(t, "same", MANIFEST_FILE, 1, 1, NULL);
	add(t, "type", MANIFEST_SYMLINK, 0, 0, "x");
	ASSERT_EQ(manifest_compare(m, t, record, &s), 6);
	ASSERT_STREQ(s.text, "added:added;changed:changed;symlink retargeted:link;"
			     "permissions changed:mode;removed:removed;type changed:type;");
}

TEST(size_differs_without_hash)
{
	_cleanup_manifest_ struct manifest *m = manifest_new(), *t = manifest_new();

	add(m, "f", MANIFEST_FILE, 1, 1, NULL);
	add(t, "f", MANIFEST_FILE, 2, 1, NULL);
	t->entries[0].hashed = false;
	ASSERT_EQ(manifest_compare(m, t, NULL, NULL), 1);
}

TEST(empty_sides)
{
	_cleanup_manifest_ struct manifest *m = manifest_new(), *t = manifest_new();

	ASSERT_EQ(manifest_compare(m, t, NULL, NULL), 0);
	add(m, "f", MANIFEST_FILE, 1, 1, NULL);
	ASSERT_EQ(manifest_compare(m, t, NULL, NULL), 1);
	ASSERT_EQ(manifest_compare(t, m, NULL, NULL), 1);
}

/* An added directory (even empty) flips a grub.cfg "[ -d ]" test; a
 * directory's mode can matter too: both fail. A mount point's mode is
 * another file system's and is not compared. */
TEST(directories)
{
	_cleanup_manifest_ struct manifest *m = manifest_new(), *t = manifest_new();
	struct seen s = { "" };

	add(m, "efi", MANIFEST_DIRECTORY, 0, 0, NULL);
	m->entries[0].mountpoint = true;
	add(m, "grub", MANIFEST_DIRECTORY, 0, 0, NULL);
	add(m, "old", MANIFEST_DIRECTORY, 0, 0, NULL);
	add(m, "same", MANIFEST_DIRECTORY, 0, 0, NULL);
	add(t, "efi", MANIFEST_DIRECTORY, 0, 0, NULL);
	t->entries[0].mode = 0700;
	add(t, "grub", MANIFEST_DIRECTORY, 0, 0, NULL);
	t->entries[1].mode = 0777;
	add(t, "new", MANIFEST_DIRECTORY, 0, 0, NULL);
	add(t, "same", MANIFEST_DIRECTORY, 0, 0, NULL);
	ASSERT_EQ(manifest_compare(m, t, record, &s), 3);
	ASSERT_STREQ(s.text, "permissions changed:grub;added:new;removed:old;");
	ASSERT(manifest_diff_fails(DIFF_MODE));
	ASSERT(manifest_diff_fails(DIFF_ADDED));
}
