/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The grub.cfg interpreter: statements, menu entries, submenus, functions. */
#include "grub.h"
#include "bootpath.h"
#include "entry-resolve.h"
#include "grub-ctx.h"
#include "grub-word.h"
#include "log.h"
#include "strbuf.h"

static int define_function(struct grub_ctx *c, const struct grub_node *n)
{
	struct grub_func *f;
	char *name;

	for (size_t i = 0; i < c->n_funcs; i++)
		if (streq(c->funcs[i].name, n->words[0])) {
			c->funcs[i].body = n->body;
			return 0;
		}
	if (!(name = strdup(n->words[0])))
		return -ENOMEM;
	f = realloc(c->funcs, (c->n_funcs + 1) * sizeof(*f));
	if (!f) {
		free(name);
		return -ENOMEM;
	}
	c->funcs = f;
	c->funcs[c->n_funcs++] = (struct grub_func){ .name = name, .body = n->body };
	return 0;
}

/* The title: the first argument that is not an option (or its value). */
static const char *entry_title(char **args)
{
	static const char *const with_value[] = { "--class", "--users", "--hotkey", "--id" };

	for (size_t i = 0; args[i]; i++) {
		if (!startswith(args[i], "--"))
			return args[i];
		for (size_t k = 0; k < ELEMENTSOF(with_value); k++)
			if (streq(args[i], with_value[k]) && args[i + 1])
				i++;
	}
	return NULL;
}

/* Runs a block in a copy of the variables, as GRUB runs entries. */
static int exec_scoped(struct grub_ctx *c, const struct grub_node *body)
{
	_cleanup_grub_env_ struct grub_env saved = { 0 };
	int r = grub_env_copy(&c->env, &saved);

	if (r >= 0)
		r = grub_exec_list(c, body);
	grub_env_clear(&c->env);
	c->env = saved;
	saved = (struct grub_env){ 0 };
	return r;
}

static int run_menuentry(struct grub_ctx *c, const struct grub_node *n)
{
	_cleanup_strv_ char **args = NULL;
	struct boot_entry e = { .source = SOURCE_GRUB, .kind = KIND_LINUX };
	const char *title;
	int r;

	if (c->entry)
		return 0; /* GRUB defines nested entries only when booting the outer one */
	if ((r = grub_expand_words(&c->env, n->words, &args)) < 0)
		return r == -E2BIG ? 0 : r;
	if (!(title = entry_title(args)))
		return log_warning("grub.cfg line %u: menuentry without a title; skipped.", n->line),
		       0;
	if (!(e.title = strdup(title)))
		return -ENOMEM;
	c->entry = &e;
	c->modules = 0;
	r = exec_scoped(c, n->body);
	c->entry = NULL;
	c->status = 0;
	if (r >= 0 && e.kernel)
		return entry_add_resolved(c->fs, c->out, &e, "/");
	if (r >= 0)
		log_debug("grub menu entry '%s' loads no kernel; skipped.", e.title);
	boot_entry_clear(&e);
	return r;
}

static int exec_if(struct grub_ctx *c, const struct grub_node *n)
{
	int r;

	c->status = 0;
	if ((r = grub_exec_list(c, n->cond)) < 0)
		return r;
	if (c->status == 0)
		return grub_exec_list(c, n->body);
	c->status = 0;
	return grub_exec_list(c, n->other);
}

static int exec_command(struct grub_ctx *c, const struct grub_node *n)
{
	_cleanup_strv_ char **argv = NULL;
	int r = grub_expand_words(&c->env, n->words, &argv);

	if (r == -E2BIG) {
		log_warning("grub.cfg line %u: a command expands to too much text; ignored.",
			    n->line);
		c->status = 1;
		return 0;
	}
	if (r < 0)
		return r;
	if (!argv[0]) {
		c->status = 0;
		return 0;
	}
	r = grub_cmd_run(c, argv);
	if (r >= 0)
		c->status = r;
	return r < 0 ? r : 0;
}

static int exec_node(struct grub_ctx *c, const struct grub_node *n)
{
	if (++c->steps > GRUB_MAX_STEPS)
		return log_error_errno(-ELOOP,
				       "grub.cfg runs too many commands (a loop through functions or source?); giving up.");
	switch (n->type) {
	case GN_CMD:
		return exec_command(c, n);
	case GN_IF:
		return exec_if(c, n);
	case GN_MENUENTRY:
		return run_menuentry(c, n);
	case GN_SUBMENU:
		return c->entry ? 0 : exec_scoped(c, n->body);
	case GN_FUNCTION:
		return define_function(c, n);
	default:
		return 0; /* loops are not run */
	}
}

int grub_exec_list(struct grub_ctx *c, const struct grub_node *n)
{
	int r;

	for (; n; n = n->next)
		if ((r = exec_node(c, n)) < 0)
			return r;
	return 0;
}

static int keep_script(struct grub_ctx *c, struct grub_node *ast)
{
	struct grub_node **v = realloc(c->scripts, (c->n_scripts + 1) * sizeof(*v));

	if (!v) {
		grub_node_free(ast);
		return -ENOMEM;
	}
	c->scripts = v;
	c->scripts[c->n_scripts++] = ast;
	return 0;
}

static int read_config(const struct grub_ctx *c, const char *path, char **buf, size_t *len)
{
	int r = bootfs_read(c->fs, path, BOOTFS_MAX_CONFIG, buf, len);

	if (r == -EFBIG)
		return log_error_errno(-E2BIG, "%s is larger than %u bytes; refusing to parse it.",
				       path, BOOTFS_MAX_CONFIG);
	if (r < 0 && r != -ENOMEM)
		return log_warning_errno(r, "Cannot read %s: %m", path);
	return r;
}

int grub_exec_file(struct grub_ctx *c, const char *path, int top)
{
	_cleanup_free_ char *buf = NULL;
	struct grub_node *ast = NULL;
	unsigned line = 0;
	size_t len = 0;
	int r = read_config(c, path, &buf, &len);

	if (r < 0)
		return r;
	r = grub_parse(buf, len, &ast, &line);
	if (r < 0 && r != -ENOMEM)
		return log_full(top ? LOG_ERR : LOG_WARNING, -EINVAL, "%s:%u: %s; %s.", path, line,
				r == -E2BIG ? "blocks nested too deeply" :
					      "syntax error (unterminated quote or unbalanced block)",
				top ? "cannot read its boot entries" : "ignoring the file");
	if (r < 0)
		return r;
	if ((r = keep_script(c, ast)) < 0)
		return r;
	return grub_exec_list(c, ast);
}

static int set_defaults(struct grub_ctx *c, const char *path)
{
	static const char *const vars[][2] = {
		{ "grub_platform", "pc" },
		{ "grub_cpu", "i386" },
		{ "feature_menuentry_id", "y" },
		{ "feature_default_font_path", "y" },
		{ "feature_all_video_module", "y" },
		{ "feature_timeout_style", "y" },
		{ "feature_platform_search_hint", "y" },
		{ "feature_200_final", "y" },
	};
	_cleanup_free_ char *dir = bootpath_dirname(path);
	int r = dir ? 0 : -ENOMEM;

	for (size_t i = 0; r >= 0 && i < ELEMENTSOF(vars); i++)
		r = grub_env_set(&c->env, vars[i][0], vars[i][1]);
	if (r >= 0)
		r = grub_env_set(&c->env, "prefix", dir);
	if (r >= 0)
		r = grub_env_set(&c->env, "config_directory", dir);
	if (r >= 0)
		r = grub_env_set(&c->env, "config_file", path);
	return r;
}

static void ctx_clear(struct grub_ctx *c)
{
	grub_env_clear(&c->env);
	for (size_t i = 0; i < c->n_funcs; i++)
		free(c->funcs[i].name);
	free(c->funcs);
	for (size_t i = 0; i < c->n_scripts; i++)
		grub_node_free(c->scripts[i]);
	free(c->scripts);
}

int grub_load(const struct bootfs *fs, const char *path, struct entry_list *out)
{
	_cleanup_(ctx_clear) struct grub_ctx c = { .fs = fs, .out = out };
	int r = set_defaults(&c, path);

	if (r < 0)
		return r;
	r = grub_exec_file(&c, path, 1);
	/* A runaway config is malformed input, like one too large. */
	return r == -ELOOP ? -E2BIG : r;
}
