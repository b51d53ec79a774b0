/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The boot configuration read at boot is the one signed
 * (verified-bootfs.h), from the attacker's side: a grub.cfg changed after
 * verification (another command line for a signed kernel) stops the boot
 * naming it; a file added or a symbolic link put in place is not read. */
#include "errors.h"
#include "harness.h"
#include "sha.h"
#include "strbuf.h"
#include "verified-bootfs.h"

#include <fcntl.h>
#include <sys/stat.h>

#define GRUB "menuentry 'OS' {\n linux /vmlinuz ro\n initrd /initrd.img\n}\n"
#define GRUB_EVIL "menuentry 'OS' {\n linux /vmlinuz rw\n initrd /initrd.img\n}\n"

struct tree {
	char dir[64];
	struct bootdir *d;
	struct manifest *m;
};

static void put(struct tree *t, const char *name, const char *content)
{
	char path[256];
	int fd;

	ASSERT(strfmt(path, sizeof(path), "%s/%s", t->dir, name) > 0);
	for (char *slash = strchr(path + strlen(t->dir) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		ASSERT(mkdir(path, 0755) == 0 || errno == EEXIST);
		*slash = '/';
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ASSERT(fd >= 0);
	ASSERT_EQ(write(fd, content, strlen(content)), (ssize_t)strlen(content));
	close(fd);
}

/* Writes the file and lists it in the manifest as written. */
static void sign(struct tree *t, const char *name, const char *content)
{
	struct manifest_entry e = { .path = strdup(name),
				    .type = MANIFEST_FILE,
				    .hashed = true,
				    .mode = 0644,
				    .size = strlen(content) };

	put(t, name, content);
	ASSERT(e.path);
	ASSERT_EQ(sha256_buf(content, strlen(content), e.sha256), 0);
	ASSERT_EQ(manifest_add(t->m, &e), 0);
}

static void setup(struct tree *t)
{
	strcpy(t->dir, "/tmp/heads-test-vbootfs-XXXXXX");
	ASSERT(mkdtemp(t->dir));
	ASSERT((t->m = manifest_new()));
	sign(t, "vmlinuz", "kernel");
	sign(t, "initrd.img", "initrd");
}

static void done_signing(struct tree *t)
{
	manifest_sort(t->m);
	ASSERT_EQ(bootdir_open(t->dir, &t->d), 0);
}

static void teardown(struct tree *t)
{
	char cmd[128];

	bootdir_free(t->d);
	manifest_free(t->m);
	ASSERT(strfmt(cmd, sizeof(cmd), "rm -rf %s", t->dir) > 0);
	ASSERT_EQ(system(cmd), 0);
}

TEST(signed_config_discovered)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_free_ char *changed = NULL;
	struct tree t;

	setup(&t);
	sign(&t, "grub/grub.cfg", GRUB);
	done_signing(&t);
	ASSERT_EQ(boot_discover_verified(t.d, t.m, &l, &changed), 0);
	ASSERT_EQ(l.n, 1);
	ASSERT_STREQ(l.v[0].kernel, "/vmlinuz");
	ASSERT_STREQ(l.v[0].cmdline, "ro");
	ASSERT(!changed);
	teardown(&t);
}

/* Same size, another command line for the signed kernel. */
TEST(changed_grub_cfg_refused)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_free_ char *changed = NULL;
	struct tree t;

	setup(&t);
	sign(&t, "grub/grub.cfg", GRUB);
	done_signing(&t);
	put(&t, "grub/grub.cfg", GRUB_EVIL);
	ASSERT_EQ(boot_discover_verified(t.d, t.m, &l, &changed), -E_DIFFERS);
	ASSERT_STREQ(changed, "grub/grub.cfg");
	ASSERT_EQ(l.n, 0);
	/* Unverified, the same tree gives the changed line: the test can fail. */
	free(changed);
	ASSERT_EQ(boot_discover_verified(t.d, NULL, &l, &changed), 0);
	ASSERT_STREQ(l.v[0].cmdline, "rw");
	teardown(&t);
}

TEST(grub_cfg_replaced_by_symlink_refused)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_free_ char *changed = NULL;
	char path[128], copy[128];
	struct tree t;

	setup(&t);
	sign(&t, "grub/grub.cfg", GRUB);
	done_signing(&t);
	ASSERT(strfmt(path, sizeof(path), "%s/grub/grub.cfg", t.dir) > 0);
	ASSERT(strfmt(copy, sizeof(copy), "%s/grub/copy", t.dir) > 0);
	ASSERT_EQ(rename(path, copy), 0);
	ASSERT_EQ(symlink("copy", path), 0);
	ASSERT_EQ(boot_discover_verified(t.d, t.m, &l, &changed), -E_DIFFERS);
	ASSERT_STREQ(changed, "grub/grub.cfg");
	teardown(&t);
}

/* Files that appeared after signing are not there for the parsers: a
 * sourced file, a BLS entry. */
TEST(unsigned_files_not_read)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_free_ char *changed = NULL;
	struct tree t;

	setup(&t);
	sign(&t, "grub/grub.cfg", "source /custom.cfg\n" GRUB);
	done_signing(&t);
	put(&t, "custom.cfg", "menuentry 'Evil' {\n linux /vmlinuz init=/bin/sh\n}\n");
	ASSERT_EQ(boot_discover_verified(t.d, t.m, &l, &changed), 0);
	ASSERT_EQ(l.n, 1);
	ASSERT_STREQ(l.v[0].title, "OS");
	teardown(&t);
}

TEST(bls_entries_listed_from_the_manifest)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_free_ char *changed = NULL;
	struct tree t;

	setup(&t);
	sign(&t, "loader/entries/a.conf", "title A\nlinux /vmlinuz\noptions ro\n");
	done_signing(&t);
	put(&t, "loader/entries/b.conf", "title B\nlinux /vmlinuz\noptions init=/bin/sh\n");
	ASSERT_EQ(boot_discover_verified(t.d, t.m, &l, &changed), 0);
	ASSERT_EQ(l.n, 1);
	ASSERT_STREQ(l.v[0].title, "A");
	entry_list_clear(&l);
	ASSERT_EQ(boot_discover_verified(t.d, NULL, &l, &changed), 0);
	ASSERT_EQ(l.n, 2);
	teardown(&t);
}
