/* SPDX-License-Identifier: GPL-2.0-or-later */
/* BLS entries from a directory of the boot tree, into boot entries. */
#include "bls.h"
#include "entry-resolve.h"
#include "grub-word.h"
#include "log.h"
#include "strbuf.h"

/* Bounds the work on a directory stuffed with files. */
#define BLS_MAX_FILES 512

static int expand_options(const struct bls_entry *b, const struct grub_env *env, char **ret)
{
	_cleanup_grub_env_ struct grub_env empty = { 0 };
	int r = grub_expand_line(env ? env : &empty, b->options ? b->options : "", ret);

	if (r == -EINVAL)
		log_warning("BLS entry %s: unterminated quote in options; using them as written.",
			    b->filename);
	if (r == -EINVAL || r == -E2BIG)
		*ret = strdup(b->options);
	else if (r < 0)
		return r;
	return *ret ? 0 : -ENOMEM;
}

int bls_to_entry(const struct bls_entry *b, const struct grub_env *env, struct boot_entry *ret)
{
	struct boot_entry e = { .source = SOURCE_BLS, .kind = KIND_LINUX };
	const char *title = b->title ? b->title : b->version ? b->version : b->filename;
	int r = expand_options(b, env, &e.cmdline);

	if (r >= 0 && !(e.title = strdup(title ? title : "")))
		r = -ENOMEM;
	if (r >= 0 && !(e.kernel = strdup(b->linux_path)))
		r = -ENOMEM;
	for (size_t i = 0; r >= 0 && b->initrd && b->initrd[i]; i++)
		r = strv_push_dup(&e.initrd, b->initrd[i]);
	if (r < 0) {
		boot_entry_clear(&e);
		return r;
	}
	*ret = e;
	return 0;
}

static int is_conf(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && streq(name + n - 5, ".conf") && name[0] != '.';
}

static int read_one(const struct bootfs *fs, const char *dir, const char *name, struct bls_entry *ret)
{
	_cleanup_free_ char *path = NULL, *buf = NULL;
	size_t len = 0;
	int r;

	if (asprintf(&path, "%s/%s", streq(dir, "/") ? "" : dir, name) < 0)
		return -ENOMEM;
	r = bootfs_read(fs, path, BOOTFS_MAX_CONFIG, &buf, &len);
	if (r >= 0)
		r = bls_parse(buf, len, ret);
	if (r == -ENOMSG)
		log_info("BLS entry %s has no Linux kernel; skipped.", path);
	else if (r < 0 && r != -ENOMEM)
		log_warning_errno(r, "Skipping BLS entry %s: %m", path);
	if (r >= 0 && !(ret->filename = strdup(name))) {
		bls_entry_clear(ret);
		r = -ENOMEM;
	}
	return r;
}

struct bls_set {
	struct bls_entry *v;
	size_t n;
};

static void bls_set_clear(struct bls_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		bls_entry_clear(&s->v[i]);
	free(s->v);
}

static int cmp_entries(const void *a, const void *b)
{
	return bls_compare(a, b);
}

static int read_all(const struct bootfs *fs, const char *dir, char **names, struct bls_set *set)
{
	size_t total = strv_length(names);
	int r;

	if (!(set->v = calloc(total ? total : 1, sizeof(*set->v))))
		return -ENOMEM;
	for (size_t i = 0; i < total && set->n < BLS_MAX_FILES; i++) {
		if (!is_conf(names[i]))
			continue;
		r = read_one(fs, dir, names[i], &set->v[set->n]);
		if (r == -ENOMEM)
			return r;
		if (r >= 0)
			set->n++;
	}
	qsort(set->v, set->n, sizeof(*set->v), cmp_entries);
	return 0;
}

int bls_load_dir(const struct bootfs *fs, const char *dir, const struct grub_env *env,
		 struct entry_list *out)
{
	_cleanup_(bls_set_clear) struct bls_set set = { 0 };
	_cleanup_strv_ char **names = NULL;
	int r = bootfs_list_sorted(fs, dir, &names);

	if (r < 0)
		return r;
	if ((r = read_all(fs, dir, names, &set)) < 0)
		return r;
	for (size_t i = 0; i < set.n; i++) {
		struct boot_entry e = { 0 };
		if ((r = bls_to_entry(&set.v[i], env, &e)) < 0 ||
		    (r = entry_add_resolved(fs, out, &e, "/")) < 0)
			return r;
	}
	return 0;
}
