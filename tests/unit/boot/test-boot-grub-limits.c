/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The bounds on the work one grub.cfg may cause (grub.h), each met exactly
 * and then passed by one, with generated configs: nested source, files
 * read by source, commands run, nested function calls. */
#include "grub.h"
#include "harness.h"
#include "log.h"
#include "macro.h"
#include "memtree.h"
#include "strbuf.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#define MAX_FILES 128

/* A tree of generated files (their paths and contents owned here). */
struct gentree {
	struct memfs_file files[MAX_FILES];
	char *owned[2 * MAX_FILES];
	size_t n, n_owned;
};

static char *own(struct gentree *t, char *s)
{
	ASSERT(s != NULL);
	ASSERT(t->n_owned < ELEMENTSOF(t->owned));
	t->owned[t->n_owned++] = s;
	return s;
}

static void add_file(struct gentree *t, char *path, char *data)
{
	ASSERT(t->n < MAX_FILES);
	t->files[t->n++] = (struct memfs_file){ own(t, path), own(t, data), strlen(data) };
}

static void gentree_clear(struct gentree *t)
{
	for (size_t i = 0; i < t->n_owned; i++)
		free(t->owned[i]);
	*t = (struct gentree){ .n = 0 };
}

__attribute__((format(printf, 1, 2))) static char *fmt(const char *f, ...)
{
	va_list ap;
	int r;

	char *s = NULL;
	va_start(ap, f);
	r = vasprintf(&s, f, ap);
	va_end(ap);
	ASSERT(r >= 0);
	return s;
}

static bool has_entry(const struct entry_list *l, const char *title)
{
	for (size_t i = 0; i < l->n; i++)
		if (streq(l->v[i].title, title))
			return true;
	return false;
}

static int discover_tree(struct gentree *t, struct entry_list *out)
{
	struct memfs m;
	struct bootfs fs;

	for (size_t i = 0; i < ELEMENTSOF(common_files); i++) {
		ASSERT(t->n < MAX_FILES);
		t->files[t->n++] = common_files[i];
	}
	m = (struct memfs){ t->files, t->n };
	bootfs_mem_init(&fs, &m);
	log_set_level(LOG_NONE);
	return boot_discover(&fs, out);
}

/* grub.cfg sources s1.cfg, which sources s2.cfg, ... down to depth files;
 * the deepest defines the entry "Deep". */
static void source_chain(int depth, bool *ret_deep)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	struct gentree t = { .n = 0 };

	add_file(&t, strdup("/grub/grub.cfg"),
		 strdup("source /grub/s1.cfg\nmenuentry Top { linux /vmlinuz; }\n"));
	for (int i = 1; i <= depth; i++)
		add_file(&t, fmt("/grub/s%d.cfg", i),
			 i < depth ? fmt("source /grub/s%d.cfg\n", i + 1) :
				     strdup("menuentry Deep { linux /vmlinuz; }\n"));
	ASSERT_EQ(discover_tree(&t, &l), 0);
	ASSERT(has_entry(&l, "Top"));
	*ret_deep = has_entry(&l, "Deep");
	gentree_clear(&t);
}

TEST(grub_source_depth_at_limit)
{
	bool deep = false;
	source_chain(GRUB_MAX_SOURCE_DEPTH, &deep);
	ASSERT(deep);
}

TEST(grub_source_depth_one_past_limit)
{
	bool deep = true;
	source_chain(GRUB_MAX_SOURCE_DEPTH + 1, &deep);
	ASSERT(!deep);
}

/* grub.cfg sources n files one after the other, each with one entry. */
static size_t source_many(int n)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_strbuf_ struct strbuf b = { 0 };
	struct gentree t = { .n = 0 };

	for (int i = 1; i <= n; i++) {
		char line[64];
		snprintf(line, sizeof(line), "source /grub/f%d.cfg\n", i);
		ASSERT_EQ(strbuf_puts(&b, line), 0);
		add_file(&t, fmt("/grub/f%d.cfg", i), fmt("menuentry E%d { linux /vmlinuz; }\n", i));
	}
	add_file(&t, strdup("/grub/grub.cfg"), strdup(b.s));
	ASSERT_EQ(discover_tree(&t, &l), 0);
	ASSERT(has_entry(&l, "E1"));
	size_t found = l.n;
	char last[16];
	snprintf(last, sizeof(last), "E%d", GRUB_MAX_SOURCES);
	ASSERT(has_entry(&l, last)); /* the last file within the bound is read */
	snprintf(last, sizeof(last), "E%d", GRUB_MAX_SOURCES + 1);
	ASSERT(!has_entry(&l, last)); /* the one past it is not */
	gentree_clear(&t);
	return found;
}

TEST(grub_sources_at_limit)
{
	ASSERT_EQ(source_many(GRUB_MAX_SOURCES), GRUB_MAX_SOURCES);
}

TEST(grub_sources_one_past_limit)
{
	ASSERT_EQ(source_many(GRUB_MAX_SOURCES + 1), GRUB_MAX_SOURCES);
}

/* One entry (two commands: menuentry and linux), then set commands up to
 * steps commands in all. */
static int run_steps(int steps, struct entry_list *l)
{
	_cleanup_strbuf_ struct strbuf b = { 0 };

	ASSERT_EQ(strbuf_puts(&b, "menuentry A { linux /vmlinuz; }\n"), 0);
	for (int i = 2; i < steps; i++)
		ASSERT_EQ(strbuf_puts(&b, "set a=b\n"), 0);
	log_set_level(LOG_NONE);
	return grub_with(b.s, l);
}

TEST(grub_commands_at_limit)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	ASSERT_EQ(run_steps(GRUB_MAX_STEPS, &l), 0);
	ASSERT_EQ(l.n, 1);
}

TEST(grub_commands_one_past_limit)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	ASSERT_EQ(run_steps(GRUB_MAX_STEPS + 1, &l), -E2BIG);
}

/* f1 calls f2 ... calls f<depth>, which defines the entry "Deep". */
static bool call_chain(int depth)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_strbuf_ struct strbuf b = { 0 };
	char line[96];

	for (int i = 1; i <= depth; i++) {
		if (i < depth)
			snprintf(line, sizeof(line), "function f%d { f%d; }\n", i, i + 1);
		else
			snprintf(line, sizeof(line),
				 "function f%d { menuentry Deep { linux /vmlinuz; }; }\n", i);
		ASSERT_EQ(strbuf_puts(&b, line), 0);
	}
	ASSERT_EQ(strbuf_puts(&b, "f1\nmenuentry Top { linux /vmlinuz; }\n"), 0);
	log_set_level(LOG_NONE);
	ASSERT_EQ(grub_with(b.s, &l), 0);
	ASSERT(has_entry(&l, "Top"));
	return has_entry(&l, "Deep");
}

TEST(grub_call_depth_at_limit)
{
	ASSERT(call_chain(GRUB_MAX_CALL_DEPTH));
}

TEST(grub_call_depth_one_past_limit)
{
	ASSERT(!call_chain(GRUB_MAX_CALL_DEPTH + 1));
}
