/* SPDX-License-Identifier: GPL-2.0-or-later */
/* syslinux/extlinux scenarios. */
#include "harness.h"
#include "log.h"
#include "macro.h"
#include "memtree.h"
#include "strbuf.h"

static int load(const char *cfg, struct entry_list *l)
{
	struct memfs_file f = { "/extlinux.conf", cfg, strlen(cfg) };
	log_set_level(LOG_ERR);
	return discover_with(&f, 1, l);
}

TEST(syslinux_labels)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	ASSERT_EQ(load("default a\nAPPEND global=1\nlabel a\n  menu label ^First\n  kernel vmlinuz\n"
		       "  initrd initrd.img,initrd-2.img\nlabel b\n LINUX /vmlinuz-2\n APPEND initrd=/initrd-2.img x=1\n"
		       "LABEL c\nlinux vmlinuz\nappend -\n",
		       &l),
		  0);
	ASSERT_EQ(l.n, 3);
	ASSERT_STREQ(l.v[0].title, "First");
	ASSERT_STREQ(l.v[0].kernel, "/vmlinuz");
	ASSERT_EQ(strv_length(l.v[0].initrd), 2);
	ASSERT_STREQ(l.v[0].cmdline, "global=1");
	ASSERT_STREQ(l.v[1].title, "b");
	ASSERT_STREQ(l.v[1].initrd[0], "/initrd-2.img");
	ASSERT_STREQ(l.v[1].cmdline, "x=1");
	ASSERT_STREQ(l.v[2].cmdline, "");
	ASSERT_EQ(l.v[0].source, SOURCE_SYSLINUX);
}

TEST(syslinux_mboot_xen)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	ASSERT_EQ(load("LABEL xen\n KERNEL mboot.c32\n APPEND xen.gz dom0_mem=1G --- vmlinuz root=/dev/x --- initrd.img\n"
		       "LABEL bad\n KERNEL mboot.c32\n APPEND xen.gz only\n",
		       &l),
		  0);
	ASSERT_EQ(l.n, 1);
	ASSERT_EQ(l.v[0].kind, KIND_XEN);
	ASSERT_STREQ(l.v[0].hypervisor, "/xen.gz");
	ASSERT_STREQ(l.v[0].hypervisor_cmdline, "dom0_mem=1G");
	ASSERT_STREQ(l.v[0].kernel, "/vmlinuz");
	ASSERT_STREQ(l.v[0].cmdline, "root=/dev/x");
	ASSERT_STREQ(l.v[0].initrd[0], "/initrd.img");
}

TEST(syslinux_modules_help_text_and_missing_files_skipped)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	ASSERT_EQ(load("LABEL menu\n KERNEL vesamenu.c32\nTEXT HELP\nLABEL fake\n kernel vmlinuz\nENDTEXT\n"
		       "LABEL gone\n KERNEL /vmlinuz-9\nLABEL out\n KERNEL ../../etc/shadow\nLABEL ok\n KERNEL vmlinuz\n",
		       &l),
		  0);
	ASSERT_EQ(l.n, 1);
	ASSERT_STREQ(l.v[0].title, "ok");
}

TEST(syslinux_include_bounded)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	const struct memfs_file files[] = {
		F("/syslinux/syslinux.cfg", "INCLUDE more.cfg\nLABEL main\n KERNEL ../vmlinuz\n"),
		F("/syslinux/more.cfg", "MENU INCLUDE more.cfg\nLABEL inc\n KERNEL /vmlinuz-2\n"),
	};
	log_set_level(LOG_ERR);
	ASSERT_EQ(discover_with(files, ELEMENTSOF(files), &l), 0);
	ASSERT(l.n >= 2);
	ASSERT_STREQ(l.v[l.n - 1].title, "main");
	ASSERT_STREQ(l.v[l.n - 1].kernel, "/vmlinuz");
}

TEST(syslinux_enormous_file_refused)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	size_t n = BOOTFS_MAX_CONFIG + 1;
	char *big = malloc(n + 1);
	ASSERT(big);
	memset(big, 'x', n);
	big[n] = '\0';
	ASSERT_EQ(load(big, &l), -E2BIG);
	free(big);
}
