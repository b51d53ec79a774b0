/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The grub.cfg commands that change what the menu holds: set, search,
 * load_env, source, blscfg, tests, and calls of script functions. */
#include "bls.h"
#include "bootpath.h"
#include "grub-ctx.h"
#include "grub-test.h"
#include "grub.h"
#include "grubenv.h"
#include "log.h"
#include "strbuf.h"

static int set_assignment(struct grub_ctx *c, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char name[128];
	int r;

	if (!eq || (size_t)(eq - arg) >= sizeof(name) ||
	    !grub_env_name_valid(arg, (size_t)(eq - arg)))
		return 1;
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	r = grub_env_set(&c->env, name, eq + 1);
	return r == -ENOMEM ? r : r < 0;
}

static int cmd_set(struct grub_ctx *c, char **argv)
{
	int status = 0;

	for (size_t i = 1; argv[i]; i++) {
		int r = set_assignment(c, argv[i]);
		if (r < 0)
			return r;
		status |= r;
	}
	return status;
}

static int cmd_unset(struct grub_ctx *c, char **argv)
{
	for (size_t i = 1; argv[i]; i++)
		grub_env_unset(&c->env, argv[i]);
	return 0;
}

/* search [--set[=VAR]] ... NAME: sets VAR (default root) to what is
 * searched for; the device itself is irrelevant, paths are in BOOTDIR. */
static int cmd_search(struct grub_ctx *c, char **argv)
{
	const char *var = NULL, *value = "";
	int r;

	for (size_t i = 1; argv[i]; i++) {
		if (startswith(argv[i], "--set="))
			var = argv[i] + 6;
		else if (streq(argv[i], "--set") || streq(argv[i], "-s"))
			var = "root";
		else if (argv[i][0] != '-')
			value = argv[i];
	}
	if (!streq(argv[0], "search") && argv[1] && argv[2])
		var = argv[2];
	if (!var || !grub_env_name_valid(var, strlen(var)))
		return 0;
	r = grub_env_set(&c->env, var, value);
	return r == -ENOMEM ? r : 0;
}

static int test_command(struct grub_ctx *c, char **argv)
{
	size_t n = strv_length(argv);

	if (streq(argv[0], "[")) {
		if (n < 2 || !streq(argv[n - 1], "]"))
			return 1;
		n--;
	}
	return !grub_test_eval(c->fs, argv + 1, n - 1);
}

static const char *option_value(char **argv, size_t *i, const char *opt)
{
	size_t len = strlen(opt);

	if (strncmp(argv[*i], opt, len) == 0 && argv[*i][len] == '=')
		return argv[*i] + len + 1;
	if (streq(argv[*i], opt) && argv[*i + 1])
		return argv[++*i];
	return NULL;
}

static int load_env_file(struct grub_ctx *c, const char *file, char **only)
{
	_cleanup_free_ char *path = NULL, *buf = NULL;
	size_t len = 0;
	int r = bootpath_resolve(c->fs, file, "/", &path);

	if (r >= 0)
		r = bootfs_read(c->fs, path, BOOTFS_MAX_CONFIG, &buf, &len);
	if (r >= 0)
		r = grubenv_parse(buf, len, &c->env, only);
	if (r < 0 && r != -ENOMEM)
		log_debug_errno(r, "load_env %s: %m", file);
	return r == -ENOMEM ? r : r < 0;
}

static int cmd_load_env(struct grub_ctx *c, char **argv)
{
	_cleanup_strv_ char **only = NULL;
	_cleanup_free_ char *deflt = NULL;
	const char *file = NULL, *v;
	int r;

	for (size_t i = 1; argv[i]; i++) {
		if ((v = option_value(argv, &i, "--file")) || (v = option_value(argv, &i, "-f")))
			file = v;
		else if (argv[i][0] != '-' && (r = strv_push_dup(&only, argv[i])) < 0)
			return r;
	}
	if (!file) {
		v = grub_env_get(&c->env, "prefix");
		if (asprintf(&deflt, "%s/grubenv", v ? v : "") < 0)
			return -ENOMEM;
		file = deflt;
	}
	return load_env_file(c, file, only);
}

static int cmd_source(struct grub_ctx *c, char **argv)
{
	_cleanup_free_ char *path = NULL;
	int r;

	if (!argv[1])
		return 1;
	if (c->source_depth >= GRUB_MAX_SOURCE_DEPTH || c->sources >= GRUB_MAX_SOURCES) {
		if (!c->warned_source++)
			log_warning("source %s: nested deeper than %d or more than %d files (a loop?); not read.",
				    argv[1], GRUB_MAX_SOURCE_DEPTH, GRUB_MAX_SOURCES);
		return 1;
	}
	r = bootpath_resolve(c->fs, argv[1], "/", &path);
	if (r < 0)
		return r == -ENOMEM ? r : (log_warning_errno(r, "source %s: %m", argv[1]), 1);
	c->source_depth++;
	c->sources++;
	r = grub_exec_file(c, path, 0);
	c->source_depth--;
	return r == -ENOMEM || r == -ELOOP ? r : r < 0;
}

static int cmd_blscfg(struct grub_ctx *c)
{
	static const char *const dirs[] = { "/loader/entries", "/boot/loader/entries" };
	const char *blsdir = grub_env_get(&c->env, "blsdir");
	_cleanup_free_ char *dir = NULL;
	int r = -ENOENT;

	if (c->entry)
		return 0;
	if (blsdir && *blsdir)
		r = bootpath_resolve_dir(c->fs, blsdir, &dir);
	for (size_t i = 0; r < 0 && i < ELEMENTSOF(dirs); i++)
		r = bootpath_resolve_dir(c->fs, dirs[i], &dir);
	if (r < 0)
		return log_warning("blscfg: no loader/entries directory in the boot directory."), 1;
	r = bls_load_dir(c->fs, dir, &c->env, c->out);
	return r == -ENOMEM ? r : r < 0;
}

/* Positional parameters $1..$9 and $# of a function call. */
struct positional {
	char *saved[10];
};

static const char *const posnames[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "#" };

static int set_or_unset(struct grub_ctx *c, const char *name, const char *value)
{
	if (value)
		return grub_env_set(&c->env, name, value);
	grub_env_unset(&c->env, name);
	return 0;
}

static int set_positional(struct grub_ctx *c, char **argv, struct positional *p)
{
	size_t argc = strv_length(argv);
	char count[24];
	int r = strfmt(count, sizeof(count), "%zu", argc - 1);

	for (size_t i = 0; r >= 0 && i < ELEMENTSOF(posnames); i++) {
		const char *old = grub_env_get(&c->env, posnames[i]);
		if (old && !(p->saved[i] = strdup(old)))
			return -ENOMEM;
		r = set_or_unset(c, posnames[i],
				 i == 9	      ? count :
				 i + 1 < argc ? argv[i + 1] :
						NULL);
	}
	return r;
}

static int restore_positional(struct grub_ctx *c, struct positional *p)
{
	int r = 0;

	for (size_t i = 0; i < ELEMENTSOF(posnames); i++) {
		if (r >= 0)
			r = set_or_unset(c, posnames[i], p->saved[i]);
		free(p->saved[i]);
	}
	return r;
}

static int call_function(struct grub_ctx *c, const struct grub_func *f, char **argv)
{
	struct positional p = { { 0 } };
	int r;

	if (c->call_depth >= GRUB_MAX_CALL_DEPTH) {
		if (!c->warned_call++)
			log_warning("function %s: calls nested deeper than %d; not run.", f->name,
				    GRUB_MAX_CALL_DEPTH);
		return 1;
	}
	c->call_depth++;
	r = set_positional(c, argv, &p);
	if (r >= 0)
		r = grub_exec_list(c, f->body);
	if (restore_positional(c, &p) < 0 && r >= 0)
		r = -ENOMEM;
	c->call_depth--;
	return r < 0 ? r : c->status;
}

static int run_other(struct grub_ctx *c, char **argv)
{
	const char *cmd = argv[0];

	for (size_t i = 0; i < c->n_funcs; i++)
		if (streq(c->funcs[i].name, cmd))
			return call_function(c, &c->funcs[i], argv);
	if (streq(cmd, "false"))
		return 1;
	/* Everything else (insmod, echo, terminal_output, loadfont, ...) is
	 * taken to succeed, as it normally does on the machine. */
	return 0;
}

int grub_cmd_run(struct grub_ctx *c, char **argv)
{
	const char *cmd = argv[0];
	int handled = 0, r;

	if (streq(cmd, "set"))
		return cmd_set(c, argv);
	/* "name=value" alone is an assignment too. */
	if (!argv[1] && strchr(cmd, '=') && cmd != strchr(cmd, '=') &&
	    grub_env_name_valid(cmd, (size_t)(strchr(cmd, '=') - cmd)))
		return set_assignment(c, cmd);
	if (streq(cmd, "unset"))
		return cmd_unset(c, argv);
	if (startswith(cmd, "search"))
		return cmd_search(c, argv);
	if (streq(cmd, "[") || streq(cmd, "test"))
		return test_command(c, argv);
	if (streq(cmd, "load_env"))
		return cmd_load_env(c, argv);
	if (streq(cmd, "source") || streq(cmd, "."))
		return cmd_source(c, argv);
	if (streq(cmd, "blscfg"))
		return cmd_blscfg(c);
	r = grub_cmd_entry(c, argv, &handled);
	return handled ? r : run_other(c, argv);
}
