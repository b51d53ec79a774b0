/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The grub.cfg commands that fill a menu entry: linux*, initrd*,
 * multiboot* (Xen) and module*. Outside an entry they do nothing. */
#include "grub-ctx.h"
#include "strbuf.h"

/* The kernel command line from the arguments, as GRUB builds it: an
 * argument holding a blank is put in double quotes, '"' and '\\' escaped. */
static char *join_cmdline(char **args)
{
	_cleanup_strbuf_ struct strbuf b = { 0 };
	int r = 0;

	for (size_t i = 0; r >= 0 && args[i]; i++) {
		int quote = strpbrk(args[i], " \t") != NULL;
		if (i)
			r = strbuf_putc(&b, ' ');
		if (r >= 0 && quote)
			r = strbuf_putc(&b, '"');
		for (const char *p = args[i]; r >= 0 && *p; p++)
			if (!((*p == '"' || *p == '\\') && (r = strbuf_putc(&b, '\\')) < 0))
				r = strbuf_putc(&b, *p);
		if (r >= 0 && quote)
			r = strbuf_putc(&b, '"');
	}
	return r < 0 ? NULL : strbuf_steal(&b);
}

/* 20_linux_xen passes "placeholder" where the image name would go; the
 * command line proper starts after it. */
static char *join_args(char **args)
{
	if (args[0] && streq(args[0], "placeholder"))
		args++;
	return join_cmdline(args);
}

static int replace(char **field, char *value)
{
	if (!value)
		return -ENOMEM;
	free(*field);
	*field = value;
	return 0;
}

/* Skips leading "--..." options (--nounzip, --type=..., --quirk-...). */
static char **skip_options(char **argv)
{
	while (*argv && startswith(*argv, "--"))
		argv++;
	return argv;
}

static int cmd_linux(struct boot_entry *e, char **argv)
{
	char **args = skip_options(argv + 1);
	int r;

	if (!args[0])
		return 1;
	if ((r = replace(&e->kernel, strdup(args[0]))) < 0)
		return r;
	return replace(&e->cmdline, join_cmdline(args + 1));
}

static int cmd_initrd(struct boot_entry *e, char **argv)
{
	int r;

	e->initrd = strv_free(e->initrd);
	for (size_t i = 1; argv[i]; i++)
		if (!startswith(argv[i], "--") && (r = strv_push_dup(&e->initrd, argv[i])) < 0)
			return r;
	return 0;
}

static int cmd_multiboot(struct grub_ctx *c, char **argv)
{
	struct boot_entry *e = c->entry;
	char **args = skip_options(argv + 1);
	int r;

	if (!args[0])
		return 1;
	e->kind = KIND_XEN;
	c->modules = 0;
	if ((r = replace(&e->hypervisor, strdup(args[0]))) < 0)
		return r;
	return replace(&e->hypervisor_cmdline, join_args(args + 1));
}

/* The first module is dom0's kernel, the others its initrds. */
static int cmd_module(struct grub_ctx *c, char **argv)
{
	struct boot_entry *e = c->entry;
	char **args = skip_options(argv + 1);
	int r;

	if (e->kind != KIND_XEN || !args[0])
		return 1;
	if (c->modules++ > 0)
		return strv_push_dup(&e->initrd, args[0]);
	if ((r = replace(&e->kernel, strdup(args[0]))) < 0)
		return r;
	return replace(&e->cmdline, join_args(args + 1));
}

static int is_one_of(const char *cmd, const char *const *names)
{
	for (; *names; names++)
		if (streq(cmd, *names))
			return 1;
	return 0;
}

int grub_cmd_entry(struct grub_ctx *c, char **argv, int *handled)
{
	static const char *const linux_cmds[] = { "linux", "linux16", "linuxefi", "linux32", NULL };
	static const char *const initrd_cmds[] = { "initrd", "initrd16", "initrdefi", "initrd32",
						   NULL };
	const char *cmd = argv[0];

	*handled = 1;
	if (is_one_of(cmd, linux_cmds))
		return c->entry ? cmd_linux(c->entry, argv) : 0;
	if (is_one_of(cmd, initrd_cmds))
		return c->entry ? cmd_initrd(c->entry, argv) : 0;
	if (streq(cmd, "multiboot") || streq(cmd, "multiboot2"))
		return c->entry ? cmd_multiboot(c, argv) : 0;
	if (streq(cmd, "module") || streq(cmd, "module2"))
		return c->entry ? cmd_module(c, argv) : 0;
	*handled = 0;
	return 0;
}
