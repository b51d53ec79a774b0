/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Real distribution configs (tests/data/boot/NAME/tree) read through the
 * directory bootfs must give exactly NAME/expected.json. */
#include "bootfs-dir.h"
#include "discover.h"
#include "entry-json.h"
#include "fileio.h"
#include "harness.h"
#include "log.h"
#include "macro.h"

/* A copy of the corpus with the stand-in files under their real names
 * (tests/tools/boot-data), made once per test process. */
static const char *boot_data(void)
{
	static char dir[64];
	char cmd[1024];

	if (dir[0])
		return dir;
	snprintf(dir, sizeof(dir), "/tmp/heads-boot-data.XXXXXX");
	ASSERT(mkdtemp(dir) != NULL);
	snprintf(cmd, sizeof(cmd), "'%s' '%s' '%s'", BOOT_DATA_TOOL, BOOT_DATA_SRC, dir);
	ASSERT_EQ(system(cmd), 0);
	return dir;
}

static void remove_boot_data(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", boot_data());
	(void)!system(cmd);
}

static void check_case(const char *name)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_bootdir_ struct bootdir *d = NULL;
	_cleanup_free_ char *expected = NULL, *got = NULL;
	char tree[512], json[512];
	size_t len = 0, gotlen = 0;
	struct bootfs fs;
	FILE *f;

	snprintf(tree, sizeof(tree), "%s/%s/tree", boot_data(), name);
	snprintf(json, sizeof(json), "%s/%s/expected.json", boot_data(), name);
	ASSERT_EQ(bootdir_open(tree, &d), 0);
	bootfs_dir_init(&fs, d);
	log_set_level(LOG_ERR);
	ASSERT_EQ(boot_discover(&fs, &l), 0);
	ASSERT((f = open_memstream(&got, &gotlen)) != NULL);
	ASSERT_EQ(entries_write_json(f, &l), 0);
	fclose(f);
	ASSERT_EQ(read_file_full(json, 1 << 20, &expected, &len), 0);
	remove_boot_data();
	ASSERT_STREQ(got, expected);
}

TEST(corpus_debian12)
{
	check_case("debian12");
}
TEST(corpus_ubuntu2204)
{
	check_case("ubuntu2204");
}
TEST(corpus_ubuntu2204_rootfs)
{
	check_case("ubuntu2204-rootfs");
}
TEST(corpus_fedora38_blscfg)
{
	check_case("fedora38");
}
TEST(corpus_bls_rootfs)
{
	check_case("bls-rootfs");
}
TEST(corpus_qubes42)
{
	check_case("qubes42");
}
TEST(corpus_arch)
{
	check_case("arch");
}
TEST(corpus_alpine)
{
	check_case("alpine");
}
TEST(corpus_alpine_rootfs)
{
	check_case("alpine-rootfs");
}

/* Entries of the corpus tree NAME, parsed through the directory bootfs. */
static void discover_case(const char *name, struct entry_list *out)
{
	_cleanup_bootdir_ struct bootdir *d = NULL;
	char tree[512];
	struct bootfs fs;

	snprintf(tree, sizeof(tree), "%s/%s/tree", boot_data(), name);
	ASSERT_EQ(bootdir_open(tree, &d), 0);
	bootfs_dir_init(&fs, d);
	log_set_level(LOG_ERR);
	ASSERT_EQ(boot_discover(&fs, out), 0);
}

static void assert_under_boot(const char *rootfs_path, const char *part_path)
{
	ASSERT(rootfs_path && part_path);
	ASSERT(strncmp(rootfs_path, "/boot/", 6) == 0);
	ASSERT_STREQ(rootfs_path + 5, part_path);
}

/* A config parsed where /boot is a directory of the root file system
 * gives the entries it gives where /boot is its own partition, each path
 * under /boot: both trees are parsed here, not their expected files. */
static void check_rootfs_variant(const char *part, const char *rootfs)
{
	_cleanup_entry_list_ struct entry_list a = { 0 }, b = { 0 };

	discover_case(part, &a);
	discover_case(rootfs, &b);
	remove_boot_data();
	ASSERT(a.n > 0);
	ASSERT_EQ(b.n, a.n);
	for (size_t i = 0; i < a.n; i++) {
		const struct boot_entry *x = &a.v[i], *y = &b.v[i];
		size_t k = 0;

		ASSERT_STREQ(y->title, x->title);
		ASSERT_EQ(y->source, x->source);
		ASSERT_EQ(y->kind, x->kind);
		ASSERT_STREQ(y->cmdline ? y->cmdline : "", x->cmdline ? x->cmdline : "");
		assert_under_boot(y->kernel, x->kernel);
		for (; x->initrd && x->initrd[k]; k++)
			assert_under_boot(y->initrd ? y->initrd[k] : NULL, x->initrd[k]);
		ASSERT(!y->initrd || !y->initrd[k]);
		ASSERT_EQ(!y->hypervisor, !x->hypervisor);
		if (x->hypervisor)
			assert_under_boot(y->hypervisor, x->hypervisor);
	}
}

TEST(corpus_rootfs_variant_same_entries)
{
	check_rootfs_variant("ubuntu2204", "ubuntu2204-rootfs");
}
TEST(corpus_alpine_rootfs_variant_same_entries)
{
	check_rootfs_variant("alpine", "alpine-rootfs");
}
