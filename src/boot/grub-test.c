/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Evaluating GRUB test expressions. */
#include "grub-test.h"
#include "bootpath.h"
#include "macro.h"

#include <stdlib.h>

struct texpr {
	const struct bootfs *fs;
	char *const *a;
	size_t n, i;
};

static int file_test(const struct bootfs *fs, const char *op, const char *path)
{
	_cleanup_free_ char *p = NULL, *buf = NULL;
	enum bootfs_type t;
	size_t len = 0;
	int r;

	if (bootpath_normalise(path, "/", &p) < 0)
		return 0;
	t = bootfs_type(fs, p);
	if (streq(op, "-e"))
		return t != BOOTFS_NONE;
	if (streq(op, "-d"))
		return t == BOOTFS_DIR;
	if (streq(op, "-f") || t != BOOTFS_FILE)
		return t == BOOTFS_FILE;
	r = bootfs_read(fs, p, BOOTFS_MAX_CONFIG, &buf, &len);
	return r == -EFBIG || (r >= 0 && len > 0);
}

static int int_compare(const char *a, const char *op, const char *b)
{
	long x = strtol(a, NULL, 10), y = strtol(b, NULL, 10);

	if (streq(op, "-eq"))
		return x == y;
	if (streq(op, "-ne"))
		return x != y;
	if (streq(op, "-lt"))
		return x < y;
	if (streq(op, "-le"))
		return x <= y;
	if (streq(op, "-gt"))
		return x > y;
	return x >= y;
}

static int is_binary(const char *op)
{
	static const char *const ops[] = { "=",	  "==",	 "!=",	"<",   ">",  "-eq",
					   "-ne", "-lt", "-le", "-gt", "-ge" };
	for (size_t i = 0; i < ELEMENTSOF(ops); i++)
		if (streq(op, ops[i]))
			return 1;
	return 0;
}

static int binary(const char *a, const char *op, const char *b)
{
	if (streq(op, "=") || streq(op, "=="))
		return streq(a, b);
	if (streq(op, "!="))
		return !streq(a, b);
	if (streq(op, "<"))
		return strcmp(a, b) < 0;
	if (streq(op, ">"))
		return strcmp(a, b) > 0;
	return int_compare(a, op, b);
}

static int is_unary(const char *op)
{
	return streq(op, "-z") || streq(op, "-n") || streq(op, "-e") || streq(op, "-f") ||
	       streq(op, "-d") || streq(op, "-s");
}

static int or_expr(struct texpr *t);

static int primary(struct texpr *t)
{
	char *const *a = t->a + t->i;
	size_t left = t->n - t->i;

	if (left == 0)
		return 0;
	if (streq(a[0], "(")) {
		t->i++;
		int v = or_expr(t);
		if (t->i < t->n && streq(t->a[t->i], ")"))
			t->i++;
		return v;
	}
	if (left >= 3 && is_binary(a[1])) {
		t->i += 3;
		return binary(a[0], a[1], a[2]);
	}
	if (left >= 2 && is_unary(a[0])) {
		t->i += 2;
		if (streq(a[0], "-z") || streq(a[0], "-n"))
			return (a[1][0] == '\0') == streq(a[0], "-z");
		return file_test(t->fs, a[0], a[1]);
	}
	t->i++;
	return a[0][0] != '\0';
}

static int not_expr(struct texpr *t)
{
	if (t->i < t->n && streq(t->a[t->i], "!")) {
		t->i++;
		return !not_expr(t);
	}
	return primary(t);
}

static int and_expr(struct texpr *t)
{
	int v = not_expr(t);

	while (t->i < t->n && streq(t->a[t->i], "-a")) {
		t->i++;
		v = not_expr(t) && v;
	}
	return v;
}

static int or_expr(struct texpr *t)
{
	int v = and_expr(t);

	while (t->i < t->n && streq(t->a[t->i], "-o")) {
		t->i++;
		v = and_expr(t) || v;
	}
	return v;
}

int grub_test_eval(const struct bootfs *fs, char *const *args, size_t n)
{
	struct texpr t = { .fs = fs, .a = args, .n = n };

	/* Bounds the recursion through "!" and "(". */
	if (n > 64)
		return 0;
	return or_expr(&t);
}
