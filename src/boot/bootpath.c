/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Normalising and resolving config paths inside BOOTDIR. */
#include "bootpath.h"
#include "strbuf.h"

#define MAX_COMPONENTS 256

static const char *skip_device(const char *path)
{
	const char *close;

	if (path[0] != '(')
		return path;
	close = strchr(path, ')');
	return close ? close + 1 : path;
}

/* Pushes or pops one component of a path being normalised. */
static int step(char **parts, size_t *n, char *c)
{
	if (!*c || streq(c, "."))
		return 0;
	if (streq(c, "..")) {
		if (*n == 0)
			return -EXDEV;
		(*n)--;
		return 0;
	}
	if (*n >= MAX_COMPONENTS)
		return -ENAMETOOLONG;
	parts[(*n)++] = c;
	return 0;
}

static int split_into(char *s, char **parts, size_t *n)
{
	char *save = NULL;
	int r;

	for (char *c = strtok_r(s, "/", &save); c; c = strtok_r(NULL, "/", &save))
		if ((r = step(parts, n, c)) < 0)
			return r;
	return 0;
}

int bootpath_normalise(const char *path, const char *base, char **ret)
{
	const char *p = skip_device(path);
	_cleanup_free_ char *b = strdup(p[0] == '/' || !base ? "/" : base);
	_cleanup_free_ char *copy = strdup(p);
	_cleanup_strbuf_ struct strbuf out = { 0 };
	char *parts[MAX_COMPONENTS];
	size_t n = 0;
	int r;

	if (!b || !copy)
		return -ENOMEM;
	if ((r = split_into(b, parts, &n)) < 0 || (r = split_into(copy, parts, &n)) < 0)
		return r;
	for (size_t i = 0; i < n; i++)
		if ((r = strbuf_putc(&out, '/')) < 0 || (r = strbuf_puts(&out, parts[i])) < 0)
			return r;
	if (n == 0 && (r = strbuf_putc(&out, '/')) < 0)
		return r;
	*ret = strbuf_steal(&out);
	return *ret ? 0 : -ENOMEM;
}

static int resolve_typed(const struct bootfs *fs, const char *path, const char *base,
			 enum bootfs_type want, char **ret)
{
	_cleanup_free_ char *p = NULL;
	int r = bootpath_normalise(path, base, &p);

	if (r < 0)
		return r;
	if (bootfs_type(fs, p) == want) {
		*ret = TAKE_PTR(p);
		return 0;
	}
	if (startswith(p, "/boot/") && bootfs_type(fs, p + 5) == want) {
		*ret = strdup(p + 5);
		return *ret ? 0 : -ENOMEM;
	}
	return -ENOENT;
}

int bootpath_resolve(const struct bootfs *fs, const char *path, const char *base, char **ret)
{
	return resolve_typed(fs, path, base, BOOTFS_FILE, ret);
}

int bootpath_resolve_dir(const struct bootfs *fs, const char *path, char **ret)
{
	return resolve_typed(fs, path, "/", BOOTFS_DIR, ret);
}

char *bootpath_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash || slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}
