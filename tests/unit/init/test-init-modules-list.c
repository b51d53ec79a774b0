/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What /init's module list parser makes of a list: groups, "later" groups,
 * parameters, comments, and its limits. */
#include "harness.h"
#include "macro.h"
#include "modules.h"

#include <errno.h>

/* Parses text (copied: the parser writes into it) into a fresh list. */
static struct init_modules *parse(const char *text, int *ret)
{
	struct init_modules *p = calloc(1, sizeof(*p));

	ASSERT(p);
	p->list = strdup(text);
	ASSERT(p->list);
	*ret = init_modules_parse(p);
	return p;
}

static void list_free(struct init_modules *p)
{
	free(p->list);
	free(p);
}

TEST(groups_modules_and_parameters)
{
	static const char text[] = "# modules /boot needs first\n"
				   "/lib/modules/ahci.ko\n"
				   "\n"
				   "[storage]\n"
				   "/lib/modules/kernel/drivers/block/virtio_blk.ko.xz\n"
				   "/lib/modules/usb-storage.ko delay_use=0 quirks=abcd:1234:u\n"
				   "#/lib/modules/commented-out.ko\n"
				   "[input later]\n"
				   "usbhid.ko\n";
	int r;
	struct init_modules *p = parse(text, &r);

	ASSERT_EQ(r, 0);
	ASSERT_EQ(p->n, 3);

	ASSERT_STREQ(p->g[0].name, "modules");
	ASSERT(!p->g[0].later);
	ASSERT_EQ(p->g[0].n, 1);
	ASSERT_STREQ(p->g[0].m[0].path, "/lib/modules/ahci.ko");
	ASSERT_STREQ(p->g[0].m[0].params, "");
	ASSERT_STREQ(p->g[0].m[0].name, "ahci");

	ASSERT_STREQ(p->g[1].name, "storage");
	ASSERT(!p->g[1].later);
	ASSERT_EQ(p->g[1].n, 2);
	ASSERT_STREQ(p->g[1].m[0].path, "/lib/modules/kernel/drivers/block/virtio_blk.ko.xz");
	ASSERT_STREQ(p->g[1].m[0].params, "");
	ASSERT_STREQ(p->g[1].m[0].name, "virtio_blk");
	ASSERT_STREQ(p->g[1].m[1].path, "/lib/modules/usb-storage.ko");
	ASSERT_STREQ(p->g[1].m[1].params, "delay_use=0 quirks=abcd:1234:u");
	ASSERT_STREQ(p->g[1].m[1].name, "usb-storage");

	ASSERT_STREQ(p->g[2].name, "input");
	ASSERT(p->g[2].later);
	ASSERT_EQ(p->g[2].n, 1);
	ASSERT_STREQ(p->g[2].m[0].path, "usbhid.ko");
	ASSERT_STREQ(p->g[2].m[0].name, "usbhid");
	list_free(p);
}

TEST(later_only_as_the_second_word)
{
	int r;
	struct init_modules *p = parse("[later]\na.ko\n[net later]\nb.ko\n[usb]\nc.ko\n", &r);

	ASSERT_EQ(r, 0);
	ASSERT_EQ(p->n, 3);
	ASSERT_STREQ(p->g[0].name, "later");
	ASSERT(!p->g[0].later);
	ASSERT_STREQ(p->g[1].name, "net");
	ASSERT(p->g[1].later);
	ASSERT_STREQ(p->g[2].name, "usb");
	ASSERT(!p->g[2].later);
	list_free(p);
}

TEST(empty_and_comment_only_lists)
{
	int r;
	struct init_modules *p = parse("", &r);

	ASSERT_EQ(r, 0);
	ASSERT_EQ(p->n, 0);
	list_free(p);
	p = parse("# nothing to load\n\n#[group]\n", &r);
	ASSERT_EQ(r, 0);
	ASSERT_EQ(p->n, 0);
	list_free(p);
}

/* n group headers, each with one module; the text is freed by the caller. */
static char *groups_text(size_t n, bool leading_module)
{
	size_t cap = 64 + n * 32, len = 0;
	char *t = malloc(cap);

	ASSERT(t);
	t[0] = '\0';
	if (leading_module)
		len += (size_t)snprintf(t + len, cap - len, "first.ko\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(t + len, cap - len, "[g%zu]\nm%zu.ko\n", i, i);
	ASSERT(len < cap);
	return t;
}

TEST(at_most_16_groups)
{
	_cleanup_free_ char *sixteen = groups_text(GROUPS_MAX, false);
	_cleanup_free_ char *seventeen = groups_text(GROUPS_MAX + 1, false);
	_cleanup_free_ char *implicit = groups_text(GROUPS_MAX, true);
	int r;
	struct init_modules *p = parse(sixteen, &r);

	ASSERT_EQ(GROUPS_MAX, 16);
	ASSERT_EQ(r, 0);
	ASSERT_EQ(p->n, 16);
	ASSERT_STREQ(p->g[15].name, "g15");
	list_free(p);
	p = parse(seventeen, &r);
	ASSERT_EQ(r, -E2BIG);
	list_free(p);
	/* modules before any header make a group too */
	p = parse(implicit, &r);
	ASSERT_EQ(r, -E2BIG);
	list_free(p);
}

static char *modules_text(size_t n)
{
	size_t cap = 16 + n * 16, len = 0;
	char *t = malloc(cap);

	ASSERT(t);
	len += (size_t)snprintf(t, cap, "[big]\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(t + len, cap - len, "m%zu.ko\n", i);
	ASSERT(len < cap);
	return t;
}

TEST(at_most_64_modules_a_group)
{
	_cleanup_free_ char *full = modules_text(GROUP_MODULES_MAX);
	_cleanup_free_ char *over = modules_text(GROUP_MODULES_MAX + 1);
	int r;
	struct init_modules *p = parse(full, &r);

	ASSERT_EQ(GROUP_MODULES_MAX, 64);
	ASSERT_EQ(r, 0);
	ASSERT_EQ(p->g[0].n, 64);
	ASSERT_STREQ(p->g[0].m[63].path, "m63.ko");
	list_free(p);
	p = parse(over, &r);
	ASSERT_EQ(r, -E2BIG);
	list_free(p);
}

TEST(group_name_too_long)
{
	int r;
	struct init_modules *p = parse("[abcdefghijklmnopqrstuvwxyz01234]\na.ko\n", &r);

	ASSERT_EQ(r, 0); /* 31 bytes: fits */
	ASSERT_STREQ(p->g[0].name, "abcdefghijklmnopqrstuvwxyz01234");
	list_free(p);
	p = parse("[abcdefghijklmnopqrstuvwxyz012345]\na.ko\n", &r);
	ASSERT_EQ(r, -E2BIG);
	list_free(p);
}
