/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Paths from configs into BOOTDIR: normalising, refusing escapes, /boot on
 * root, and the directory bootfs not following symbolic links. */
#include "bootfs-dir.h"
#include "bootfs-mem.h"
#include "bootpath.h"
#include "discover.h"
#include "harness.h"
#include "macro.h"

#include <fcntl.h>
#include <sys/stat.h>

static char *norm(const char *p, const char *base)
{
	char *out = NULL;
	int r = bootpath_normalise(p, base, &out);
	return r < 0 ? strdup(r == -EXDEV ? "EXDEV" : "ERR") : out;
}

TEST(path_normalise)
{
	_cleanup_free_ char *a = norm("/a//b/./c/../d", NULL),
			    *b = norm("(hd0,gpt2)/vmlinuz", NULL), *c = norm("vmlinuz", "/boot"),
			    *d = norm("/../x", NULL), *e = norm("../../x", "/boot"),
			    *f = norm("", NULL), *g = norm("($root)", NULL);
	ASSERT_STREQ(a, "/a/b/d");
	ASSERT_STREQ(b, "/vmlinuz");
	ASSERT_STREQ(c, "/boot/vmlinuz");
	ASSERT_STREQ(d, "EXDEV");
	ASSERT_STREQ(e, "EXDEV");
	ASSERT_STREQ(f, "/");
	ASSERT_STREQ(g, "/");
}

TEST(path_resolve_separate_and_on_root)
{
	static const struct memfs_file files[] = { { "/vmlinuz-1", "k", 1 },
						   { "/boot/vmlinuz-2", "k", 1 } };
	struct memfs m = { files, 2 };
	struct bootfs fs;
	_cleanup_free_ char *a = NULL, *b = NULL, *c = NULL;

	bootfs_mem_init(&fs, &m);
	ASSERT_EQ(bootpath_resolve(&fs, "/boot/vmlinuz-1", "/", &a), 0);
	ASSERT_STREQ(a, "/vmlinuz-1");
	ASSERT_EQ(bootpath_resolve(&fs, "/boot/vmlinuz-2", "/", &b), 0);
	ASSERT_STREQ(b, "/boot/vmlinuz-2");
	ASSERT_EQ(bootpath_resolve(&fs, "/vmlinuz-3", "/", &c), -ENOENT);
	ASSERT_EQ(bootpath_resolve(&fs, "/boot/../../vmlinuz-1", "/", &c), -EXDEV);
	ASSERT_EQ(bootpath_resolve(&fs, "/boot", "/", &c), -ENOENT);
}

TEST(bootdir_refuses_symlinks)
{
	char dir[] = "/tmp/heads-bootdir-XXXXXX", p[256];
	_cleanup_bootdir_ struct bootdir *d = NULL;
	char *buf = NULL;
	size_t len;
	struct bootfs fs;

	ASSERT(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/etc", dir);
	ASSERT_EQ(symlink("/etc", p), 0);
	snprintf(p, sizeof(p), "%s/vmlinuz", dir);
	ASSERT_EQ(symlink("/etc/passwd", p), 0);
	snprintf(p, sizeof(p), "%s/real", dir);
	int fd = open(p, O_CREAT | O_WRONLY, 0644);
	ASSERT(fd >= 0);
	ASSERT_EQ(write(fd, "data", 4), 4);
	close(fd);
	ASSERT_EQ(bootdir_open(dir, &d), 0);
	bootfs_dir_init(&fs, d);
	ASSERT_EQ(bootfs_type(&fs, "/etc/passwd"), BOOTFS_NONE);
	ASSERT_EQ(bootfs_type(&fs, "/vmlinuz"), BOOTFS_NONE);
	ASSERT(bootdir_open_file(d, "/vmlinuz") < 0);
	ASSERT_EQ(bootfs_type(&fs, "/real"), BOOTFS_FILE);
	ASSERT_EQ(bootfs_type(&fs, "/"), BOOTFS_DIR);
	ASSERT_EQ(bootfs_read(&fs, "/real", 100, &buf, &len), 0);
	ASSERT_STREQ(buf, "data");
	ASSERT_EQ(bootfs_read(&fs, "/real", 3, &buf, &len), -EFBIG);
	free(buf);
	snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	ASSERT_EQ(system(p), 0);
}

/* What /init takes for /boot: a file system holding a config that
 * boot_discover reads, from the same list of places. */
#define F(p, d)                     \
	{                           \
		p, d, sizeof(d) - 1 \
	}

static bool has_config(const struct memfs_file *files, size_t n)
{
	struct memfs m = { files, n };
	struct bootfs fs;

	bootfs_mem_init(&fs, &m);
	return boot_has_config(&fs);
}

TEST(boot_has_config_same_places_as_discovery)
{
	static const struct memfs_file grub2[] = { F("/grub2/grub.cfg", "menuentry x {}") };
	static const struct memfs_file rootfs[] = { F("/boot/grub/grub.cfg", "") };
	static const struct memfs_file bls[] = { F("/loader/entries/a.conf", "title a") };
	static const struct memfs_file ext[] = { F("/extlinux.conf", "LABEL a") };
	static const struct memfs_file sys[] = { F("/boot/syslinux/syslinux.cfg", "LABEL a") };
	static const struct memfs_file none[] = { F("/vmlinuz", "K"), F("/etc/crypttab", "") };

	ASSERT_EQ(has_config(grub2, 1), true);
	ASSERT_EQ(has_config(rootfs, 1), true);
	ASSERT_EQ(has_config(bls, 1), true);
	ASSERT_EQ(has_config(ext, 1), true);
	ASSERT_EQ(has_config(sys, 1), true);
	ASSERT_EQ(has_config(none, 2), false);
}
