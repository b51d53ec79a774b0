/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The syslinux/extlinux config parser. */
#include "syslinux.h"
#include "bootpath.h"
#include "entry-resolve.h"
#include "log.h"
#include "strbuf.h"

#include <ctype.h>
#include <strings.h>

struct sl_label {
	char *label, *title, *kernel, *append;
	char **initrd;
	int xen, skip;
};

struct sl_ctx {
	const struct bootfs *fs;
	struct entry_list *out;
	char *base;
	char *global_append;
	struct sl_label cur;
	int in_label, in_text;
	unsigned depth, includes;
	int warned;
};

static void label_clear(struct sl_label *l)
{
	free(l->label);
	free(l->title);
	free(l->kernel);
	free(l->append);
	strv_free(l->initrd);
	memset(l, 0, sizeof(*l));
}

static int split_words(const char *s, char ***ret)
{
	_cleanup_free_ char *copy = strdup(s);
	char *save = NULL;
	int r;

	if (!copy)
		return -ENOMEM;
	for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
		if ((r = strv_push_dup(ret, w)) < 0)
			return r;
	return 0;
}

static int add_initrds(char ***v, const char *list)
{
	_cleanup_free_ char *copy = strdup(list);
	char *save = NULL;
	int r;

	if (!copy)
		return -ENOMEM;
	for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save))
		if ((r = strv_push_dup(v, w)) < 0)
			return r;
	return 0;
}

/* APPEND words for Linux: initrd=a,b moves to the initrd list. */
static int linux_cmdline(struct boot_entry *e, const char *append)
{
	_cleanup_strv_ char **words = NULL, **keep = NULL;
	int r = split_words(append, &words);

	for (size_t i = 0; r >= 0 && words && words[i]; i++)
		r = startswith(words[i], "initrd=") ? add_initrds(&e->initrd, words[i] + 7) :
						      strv_push_dup(&keep, words[i]);
	if (r < 0)
		return r;
	e->cmdline = strv_join(keep, " ");
	return e->cmdline ? 0 : -ENOMEM;
}

/* Words from..(next "---") joined; *i ends after the separator. */
static char *take_part(char **words, size_t *i)
{
	_cleanup_strv_ char **part = NULL;

	for (; words[*i] && !streq(words[*i], "---"); (*i)++)
		if (strv_push_dup(&part, words[*i]) < 0)
			return NULL;
	if (words[*i])
		(*i)++;
	return strv_join(part, " ");
}

/* mboot.c32 APPEND: "xen.gz ARGS --- vmlinuz ARGS --- initrd ...". */
static int xen_parts(struct boot_entry *e, const char *append)
{
	_cleanup_strv_ char **words = NULL;
	size_t i = 0;
	int r = split_words(append, &words);

	if (r < 0 || !words)
		return r < 0 ? r : -EINVAL;
	e->hypervisor = strdup(words[i++]);
	e->hypervisor_cmdline = take_part(words, &i);
	if (!e->hypervisor || !e->hypervisor_cmdline)
		return -ENOMEM;
	if (!words[i])
		return -EINVAL;
	e->kernel = strdup(words[i++]);
	e->cmdline = take_part(words, &i);
	if (!e->kernel || !e->cmdline)
		return -ENOMEM;
	while (words[i] && r >= 0) {
		r = strv_push_dup(&e->initrd, words[i]);
		free(take_part(words, &i));
	}
	return r;
}

static int label_to_entry(struct sl_ctx *c, struct boot_entry *e)
{
	struct sl_label *l = &c->cur;
	const char *append = l->append ? l->append : c->global_append ? c->global_append : "";
	const char *title = l->title ? l->title : l->label;

	e->source = SOURCE_SYSLINUX;
	if (!(e->title = strdup(title ? title : "")))
		return -ENOMEM;
	if (l->xen) {
		e->kind = KIND_XEN;
		return xen_parts(e, append);
	}
	e->kind = KIND_LINUX;
	if (!(e->kernel = strdup(l->kernel)))
		return -ENOMEM;
	for (size_t i = 0; l->initrd && l->initrd[i]; i++)
		if (strv_push_dup(&e->initrd, l->initrd[i]) < 0)
			return -ENOMEM;
	return linux_cmdline(e, append);
}

static int finish_label(struct sl_ctx *c)
{
	struct boot_entry e = { 0 };
	int r = 0;

	if (c->in_label && c->cur.kernel && !c->cur.skip) {
		r = label_to_entry(c, &e);
		if (r == -EINVAL)
			log_warning("syslinux label '%s': mboot.c32 APPEND lacks a '---' kernel part; skipped.",
				    c->cur.label);
		r = r < 0 ? r : entry_add_resolved(c->fs, c->out, &e, c->base);
		boot_entry_clear(&e);
	}
	label_clear(&c->cur);
	c->in_label = 0;
	return r == -ENOMEM ? r : 0;
}

static int set_str(char **field, const char *value)
{
	char *v = strdup(value);

	if (!v)
		return -ENOMEM;
	free(*field);
	*field = v;
	return 0;
}

/* MENU LABEL text, without the '^' that marks a hotkey. */
static int set_title(struct sl_label *l, const char *value)
{
	_cleanup_strbuf_ struct strbuf b = { 0 };
	int r = 0;

	for (const char *p = value; *p && r >= 0; p++)
		if (*p != '^')
			r = strbuf_putc(&b, *p);
	return r < 0 ? r : set_str(&l->title, b.s ? b.s : "");
}

static int set_kernel(struct sl_label *l, const char *value)
{
	const char *base = strrchr(value, '/');
	size_t n = strlen(value);

	base = base ? base + 1 : value;
	l->xen = strcasecmp(base, "mboot.c32") == 0;
	/* Other COM32 modules (menus, chain loaders) load no Linux kernel. */
	l->skip = !l->xen && n > 4 && strcasecmp(value + n - 4, ".c32") == 0;
	return set_str(&l->kernel, value);
}

static int parse_buffer(struct sl_ctx *c, const char *buf, size_t len);

static int include_file(struct sl_ctx *c, const char *file)
{
	_cleanup_free_ char *path = NULL, *buf = NULL;
	size_t len = 0;
	int r;

	if (c->depth >= SYSLINUX_MAX_INCLUDE_DEPTH || c->includes >= SYSLINUX_MAX_INCLUDES) {
		if (!c->warned++)
			log_warning("INCLUDE %s: nested deeper than %d or more than %d files (a loop?); not read.",
				    file, SYSLINUX_MAX_INCLUDE_DEPTH, SYSLINUX_MAX_INCLUDES);
		return 0;
	}
	r = bootpath_resolve(c->fs, file, c->base, &path);
	if (r >= 0)
		r = bootfs_read(c->fs, path, BOOTFS_MAX_CONFIG, &buf, &len);
	if (r < 0)
		return r == -ENOMEM ? r : (log_warning_errno(r, "INCLUDE %s: %m", file), 0);
	c->depth++;
	c->includes++;
	r = parse_buffer(c, buf, len);
	c->depth--;
	return r;
}

static int label_keyword(struct sl_ctx *c, const char *kw, const char *value)
{
	if (strcasecmp(kw, "KERNEL") == 0 || strcasecmp(kw, "LINUX") == 0)
		return set_kernel(&c->cur, value);
	if (strcasecmp(kw, "INITRD") == 0)
		return add_initrds(&c->cur.initrd, value);
	return 0;
}

static int keyword(struct sl_ctx *c, const char *kw, const char *value)
{
	int r;

	if (strcasecmp(kw, "LABEL") == 0) {
		if ((r = finish_label(c)) < 0)
			return r;
		c->in_label = 1;
		return set_str(&c->cur.label, value);
	}
	if (strcasecmp(kw, "INCLUDE") == 0)
		return include_file(c, value);
	if (strcasecmp(kw, "APPEND") == 0) {
		const char *v = streq(value, "-") ? "" : value;
		return set_str(c->in_label ? &c->cur.append : &c->global_append, v);
	}
	if (strcasecmp(kw, "TEXT") == 0 && strncasecmp(value, "HELP", 4) == 0)
		c->in_text = 1;
	return c->in_label ? label_keyword(c, kw, value) : 0;
}

static int menu_keyword(struct sl_ctx *c, char *rest)
{
	char *value = rest + strcspn(rest, " \t");

	if (*value)
		*value++ = '\0';
	value += strspn(value, " \t");
	if (strcasecmp(rest, "LABEL") == 0 && c->in_label)
		return set_title(&c->cur, value);
	if (strcasecmp(rest, "INCLUDE") == 0)
		return include_file(c, value);
	return 0;
}

static int parse_line(struct sl_ctx *c, char *line)
{
	char *kw = line + strspn(line, " \t"), *value, *end;

	if (c->in_text) {
		c->in_text = strncasecmp(kw, "ENDTEXT", 7) != 0;
		return 0;
	}
	if (*kw == '#' || *kw == '\0')
		return 0;
	end = kw + strlen(kw);
	while (end > kw && isspace((unsigned char)end[-1]))
		*--end = '\0';
	value = kw + strcspn(kw, " \t");
	if (*value)
		*value++ = '\0';
	value += strspn(value, " \t");
	if (strcasecmp(kw, "MENU") == 0)
		return menu_keyword(c, value);
	return keyword(c, kw, value);
}

static int parse_buffer(struct sl_ctx *c, const char *buf, size_t len)
{
	_cleanup_free_ char *copy = strndup(buf, len);
	char *save = NULL;
	int r = 0;

	if (!copy)
		return -ENOMEM;
	for (char *l = strtok_r(copy, "\r\n", &save); l && r >= 0; l = strtok_r(NULL, "\r\n", &save))
		r = parse_line(c, l);
	return r;
}

int syslinux_load(const struct bootfs *fs, const char *path, struct entry_list *out)
{
	struct sl_ctx c = { .fs = fs, .out = out, .base = bootpath_dirname(path) };
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int r = c.base ? bootfs_read(fs, path, BOOTFS_MAX_CONFIG, &buf, &len) : -ENOMEM;

	if (r == -EFBIG)
		r = log_error_errno(-E2BIG, "%s is larger than %u bytes; refusing to parse it.",
				    path, BOOTFS_MAX_CONFIG);
	if (r >= 0)
		r = parse_buffer(&c, buf, len);
	if (r >= 0)
		r = finish_label(&c);
	label_clear(&c.cur);
	free(c.global_append);
	free(c.base);
	return r;
}
