/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The manifest parser and formatter: round trip, escaping, and refusal of
 * every kind of hostile input. */
#include "harness.h"
#include "manifest-format.h"
#include "manifest-parse.h"

#include <errno.h>

#define H64 "a0c936696eb7d5ee3192bf53b9d281cecbb40ca9db520de72cb95817ad92ac72"
#define PRIMARY "primary-key sha256:" H64 "\n"
#define FS_NONE "filesystem - -\n"
#define HEAD "heads-manifest 2\ncounter 7\n" PRIMARY FS_NONE "default-entry -\n"
#define UUID "0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9"
#define PARTUUID "7f3a1d2c-0e4b-4c5d-9e6f-a1b2c3d4e5f6"

static int parse(const char *text, struct manifest **m)
{
	struct manifest_parse_error err;

	return manifest_parse(text, strlen(text), m, &err);
}

static void refused(const char *text)
{
	struct manifest *m = NULL;
	int r = parse(text, &m);

	if (r != -EBADMSG)
		FAILF("accepted (r=%d): %s", r, text);
	ASSERT(m == NULL);
}

TEST(minimal_roundtrip)
{
	const char *text = HEAD "file a%20b 0644 3 " H64 "\nfile vmlinuz 0755 12 " H64
				"\nsymlink vmlinuz.old ../x%25y\nend 3\n";
	_cleanup_manifest_ struct manifest *m = NULL;
	_cleanup_free_ char *out = NULL;
	size_t len = 0;

	ASSERT_EQ(parse(text, &m), 0);
	ASSERT_EQ(m->counter, 7);
	ASSERT_EQ(m->n_entries, 3);
	ASSERT_STREQ(m->entries[0].path, "a b");
	ASSERT_EQ(m->entries[1].mode, 0755);
	ASSERT_EQ(m->entries[1].size, 12);
	ASSERT_STREQ(m->entries[2].target, "../x%y");
	ASSERT(m->default_entry == NULL);
	ASSERT_EQ(manifest_format(m, &out, &len), 0);
	ASSERT_EQ(len, strlen(text));
	ASSERT_STREQ(out, text);
}

TEST(default_entry_and_empty_list)
{
	const char *text = "heads-manifest 2\ncounter 0\n" PRIMARY FS_NONE
			   "default-entry Debian%20GNU/Linux\nend 0\n";
	_cleanup_manifest_ struct manifest *m = NULL;

	ASSERT_EQ(parse(text, &m), 0);
	ASSERT_STREQ(m->default_entry, "Debian GNU/Linux");
	ASSERT_EQ(m->n_entries, 0);
}

TEST(format_escapes_control_and_high_bytes)
{
	_cleanup_manifest_ struct manifest *m = manifest_new();
	_cleanup_manifest_ struct manifest *back = NULL;
	struct manifest_entry e = { .path = strdup("new\nline\xff"),
				    .type = MANIFEST_FILE,
				    .mode = 0644 };
	_cleanup_free_ char *out = NULL;
	size_t len = 0;

	ASSERT_EQ(manifest_add(m, &e), 0);
	ASSERT_EQ(manifest_format(m, &out, &len), 0);
	ASSERT(strstr(out, "file new%0Aline%FF 0644 0 ") != NULL);
	ASSERT_EQ(manifest_parse(out, len, &back, NULL), 0);
	ASSERT_STREQ(back->entries[0].path, "new\nline\xff");
}

TEST(hostile_paths)
{
	refused(HEAD "file ../etc/passwd 0644 1 " H64 "\nend 1\n");
	refused(HEAD "file /etc/passwd 0644 1 " H64 "\nend 1\n");
	refused(HEAD "file a/../../b 0644 1 " H64 "\nend 1\n");
	refused(HEAD "file a/./b 0644 1 " H64 "\nend 1\n");
	refused(HEAD "file a//b 0644 1 " H64 "\nend 1\n");
	refused(HEAD "file a/ 0644 1 " H64 "\nend 1\n");
	refused(HEAD "file .. 0644 1 " H64 "\nend 1\n");
	refused(HEAD "file %2E%2E 0644 1 " H64 "\nend 1\n"); /* non-canonical escape */
	refused(HEAD "file a%00b 0644 1 " H64 "\nend 1\n");
	refused(HEAD "file a%2 0644 1 " H64 "\nend 1\n");
	refused(HEAD "file a%zz 0644 1 " H64 "\nend 1\n");
	refused(HEAD "file heads/manifest 0644 1 " H64 "\nend 1\n");
	refused(HEAD "file heads/manifest.sig 0644 1 " H64 "\nend 1\n");
	refused(HEAD "symlink a \nend 1\n");
}

TEST(duplicates_and_order)
{
	refused(HEAD "file a 0644 1 " H64 "\nfile a 0644 1 " H64 "\nend 2\n");
	refused(HEAD "file b 0644 1 " H64 "\nfile a 0644 1 " H64 "\nend 2\n");
	refused(HEAD "file a 0644 1 " H64 "\nsymlink a x\nend 2\n");
}

TEST(absurd_numbers)
{
	refused(HEAD "file a 0644 1099511627777 " H64 "\nend 1\n");
	refused(HEAD "file a 0644 99999999999999999999999 " H64 "\nend 1\n");
	refused(HEAD "file a 0644 -1 " H64 "\nend 1\n");
	refused(HEAD "file a 0644 01 " H64 "\nend 1\n");
	refused(HEAD "file a 644 1 " H64 "\nend 1\n");
	refused(HEAD "file a 0844 1 " H64 "\nend 1\n");
	refused(HEAD "file a 0644 1 " H64 "0\nend 1\n");
	refused(HEAD
		"file a 0644 1 A0C936696EB7D5EE3192BF53B9D281CECBB40CA9DB520DE72CB95817AD92AC72\nend 1\n");
	refused("heads-manifest 2\ncounter 18446744073709551616\n" PRIMARY FS_NONE
		"default-entry -\nend 0\n");
}

TEST(structure)
{
	refused("");
	refused("heads-manifest 3\n");
	refused(HEAD "end 0"); /* no final newline */
	refused(HEAD "end 1\n"); /* wrong count */
	refused(HEAD "end 0\nfile a 0644 1 " H64 "\n"); /* data after end */
	refused(HEAD "file a 0644 1 " H64 "\n"); /* no end */
	refused(HEAD "file  a 0644 1 " H64 "\nend 1\n");
	refused(HEAD "file a 0644 1 " H64 " \nend 1\n");
	refused(HEAD "dir a\nend 1\n");
	refused(HEAD "end 0\r\n");
	refused("counter 7\nheads-manifest 2\n");
}

TEST(nul_byte_and_overlong_line)
{
	char buf[] = HEAD "file a 0644 1 " H64 "\nend 1\n";
	struct manifest *m = NULL;
	size_t n = MANIFEST_MAX_LINE + 200;
	_cleanup_free_ char *big = malloc(n + sizeof(HEAD) + 64);

	buf[strlen(HEAD) + 5] = '\0';
	ASSERT_EQ(manifest_parse(buf, sizeof(buf) - 1, &m, NULL), -EBADMSG);
	strcpy(big, HEAD "symlink ");
	memset(big + strlen(big), 'a', n);
	strcpy(big + strlen(HEAD) + 8 + n, " x\nend 1\n");
	ASSERT_EQ(manifest_parse(big, strlen(big), &m, NULL), -EBADMSG);
	ASSERT_EQ(manifest_parse(big, MANIFEST_MAX_SIZE + 1u, &m, NULL), -EBADMSG);
}

TEST(error_names_line)
{
	struct manifest_parse_error err;
	struct manifest *m = NULL;
	const char *text = HEAD "file ../x 0644 1 " H64 "\nend 1\n";

	ASSERT_EQ(manifest_parse(text, strlen(text), &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 6);
	ASSERT(strstr(err.reason, "..") != NULL);
}

TEST(path_rules)
{
	ASSERT(manifest_path_valid("a/b/c"));
	ASSERT(manifest_path_valid("..a/b.."));
	ASSERT(!manifest_path_valid(""));
	ASSERT(!manifest_path_valid("a/../b"));
	ASSERT(manifest_path_excluded("heads/manifest.sig.new"));
	ASSERT(manifest_path_excluded("heads/.staging-manifest-1234"));
	ASSERT(!manifest_path_excluded("heads/other"));
	ASSERT(!manifest_path_excluded("x/heads/manifest"));
}

TEST(directories_roundtrip)
{
	const char *text =
		"heads-manifest 2\ncounter 3\n" PRIMARY "filesystem " UUID " " PARTUUID
		"\ndefault-entry -\ndir efi -\ndir grub 0755\nfile grub/grub.cfg 0600 1 " H64
		"\ndir lost+found 0700\nend 4\n";
	_cleanup_manifest_ struct manifest *m = NULL;
	_cleanup_free_ char *out = NULL;
	size_t len = 0;

	ASSERT_EQ(parse(text, &m), 0);
	ASSERT_EQ(m->n_entries, 4);
	ASSERT_STREQ(m->fs.uuid, UUID);
	ASSERT_STREQ(m->fs.partuuid, PARTUUID);
	ASSERT(manifest_fs_pinned(&m->fs));
	ASSERT_EQ(m->entries[0].type, MANIFEST_DIRECTORY);
	ASSERT(m->entries[0].mountpoint);
	ASSERT_EQ(m->entries[1].type, MANIFEST_DIRECTORY);
	ASSERT(!m->entries[1].mountpoint);
	ASSERT_EQ(m->entries[1].mode, 0755);
	ASSERT_EQ(m->entries[2].mode, 0600);
	ASSERT_STREQ(m->entries[3].path, "lost+found");
	ASSERT_EQ(manifest_format(m, &out, &len), 0);
	ASSERT_STREQ(out, text);
}

TEST(filesystem_line)
{
	const char *fs_only = "heads-manifest 2\ncounter 3\n" PRIMARY "filesystem ABCD-1234 -\n"
			      "default-entry -\nend 0\n";
	_cleanup_manifest_ struct manifest *m = NULL;

	ASSERT_EQ(parse(fs_only, &m), 0);
	ASSERT_STREQ(m->fs.uuid, "ABCD-1234");
	ASSERT_STREQ(m->fs.partuuid, "");
	refused("heads-manifest 2\ncounter 3\n" PRIMARY "filesystem - " PARTUUID
		"\ndefault-entry -\nend 0\n");
	refused("heads-manifest 2\ncounter 3\n" PRIMARY "filesystem " UUID
		"\ndefault-entry -\nend 0\n");
	refused("heads-manifest 2\ncounter 3\n" PRIMARY "filesystem a%20b -\n"
		"default-entry -\nend 0\n");
	refused("heads-manifest 2\ncounter 3\n" PRIMARY "filesystem "
		"0123456789012345678901234567890123456789012345678901234567890123456789 -\n"
		"default-entry -\nend 0\n");
	refused("heads-manifest 2\ncounter 3\n" PRIMARY "default-entry -\nend 0\n");
}

TEST(directory_lines)
{
	refused(HEAD "dir a\nend 1\n");
	refused(HEAD "dir a 755\nend 1\n");
	refused(HEAD "dir a 0755 x\nend 1\n");
	refused(HEAD "dir a 0855\nend 1\n");
	refused(HEAD "dir a/ 0755\nend 1\n");
	refused(HEAD "dir .. 0755\nend 1\n");
	refused(HEAD "dir a 0755\ndir a 0755\nend 2\n");
	refused(HEAD "dir b 0755\ndir a 0755\nend 2\n");
	refused(HEAD "dir a 0755\nfile a 0644 1 " H64 "\nend 2\n");
	refused(HEAD "dir heads/manifest 0755\nend 1\n");
	refused(HEAD "dir a 0755\nend 0\n"); /* a directory counts in the end line */
}

TEST(version_1_refused_with_reason)
{
	struct manifest_parse_error err;
	struct manifest *m = NULL;
	const char *text = "heads-manifest 1\ncounter 7\n" PRIMARY "default-entry -\nend 0\n";

	ASSERT_EQ(manifest_parse(text, strlen(text), &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 1);
	ASSERT(strstr(err.reason, "format 1") != NULL);
	ASSERT(strstr(err.reason, "signed again") != NULL);
}

TEST(fs_pin_matches)
{
	struct manifest_fs pin = { UUID, PARTUUID }, same = { UUID, PARTUUID },
			   copy = { UUID, "00000000-0000-4000-8000-000000000001" },
			   other = { "ABCD-1234", PARTUUID }, none = { "", "" };

	ASSERT(manifest_fs_matches(&pin, &same));
	ASSERT(!manifest_fs_matches(&pin, &copy)); /* a dd copy: same file system UUID */
	ASSERT(!manifest_fs_matches(&pin, &other));
	ASSERT(!manifest_fs_matches(&pin, &none));
	ASSERT(!manifest_fs_pinned(&none));
	ASSERT(manifest_fs_id_valid(UUID));
	ASSERT(!manifest_fs_id_valid("-"));
	ASSERT(!manifest_fs_id_valid("a b"));
	ASSERT(!manifest_fs_id_valid(""));
}
