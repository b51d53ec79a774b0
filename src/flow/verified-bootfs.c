/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A bootfs that answers from the verified manifest (verified-bootfs.h). */
#include "verified-bootfs.h"
#include "discover.h"
#include "errors.h"
#include "sha.h"
#include "strbuf.h"

/* The manifest's entries below dir ("" for the top), as a range. */
static const struct manifest_entry *first_below(const struct manifest *m, const char *dir,
						size_t *ret_len)
{
	size_t len = strlen(dir);

	for (size_t i = 0; i < m->n_entries; i++)
		if (!len || (startswith(m->entries[i].path, dir) && m->entries[i].path[len] == '/')) {
			*ret_len = len ? len + 1 : 0;
			return &m->entries[i];
		}
	return NULL;
}

static const struct manifest_entry *file_entry(const struct manifest *m, const char *rel)
{
	const struct manifest_entry *e = manifest_find(m, rel);

	return e && e->type == MANIFEST_FILE && e->hashed ? e : NULL;
}

static bool matches(const struct manifest_entry *e, const char *buf, size_t len)
{
	uint8_t sha[SHA256_SIZE];

	return len == e->size && sha256_buf(buf, len, sha) >= 0 &&
	       memcmp(sha, e->sha256, SHA256_SIZE) == 0;
}

static int v_read(void *userdata, const char *path, size_t max, char **ret_buf, size_t *ret_len)
{
	struct verified_bootfs *v = userdata;
	const struct manifest_entry *e = file_entry(v->m, path + strspn(path, "/"));
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int r;

	if (!e)
		return -ENOENT;
	if (e->size > max)
		return -EFBIG;
	r = bootfs_read(&v->dir, path, (size_t)e->size, &buf, &len);
	if (r == -ENOENT || r == -ELOOP || r == -ENOTDIR || r == -EFBIG || r == -EISDIR ||
	    (r >= 0 && !matches(e, buf, len))) {
		if (!v->changed && !(v->changed = strdup(e->path)))
			return -ENOMEM;
		return -ENOENT;
	}
	if (r < 0)
		return r;
	*ret_buf = TAKE_PTR(buf);
	*ret_len = len;
	return 0;
}

static enum bootfs_type v_type(void *userdata, const char *path)
{
	struct verified_bootfs *v = userdata;
	const char *rel = path + strspn(path, "/");
	const struct manifest_entry *e = manifest_find(v->m, rel);
	size_t skip;

	if (e)
		return file_entry(v->m, rel) ? BOOTFS_FILE : BOOTFS_NONE;
	return !*rel || first_below(v->m, rel, &skip) ? BOOTFS_DIR : BOOTFS_NONE;
}

/* The entries below a directory are contiguous in the sorted manifest, and
 * so are those below each child: a name repeats only right after itself. */
static int v_list(void *userdata, const char *path, char ***ret_names)
{
	struct verified_bootfs *v = userdata;
	const char *rel = path + strspn(path, "/");
	_cleanup_strv_ char **names = NULL;
	const struct manifest_entry *e, *end = v->m->entries + v->m->n_entries;
	size_t skip = 0, n = 0;
	int r = 0;

	if (v_type(v, path) != BOOTFS_DIR)
		return -ENOTDIR;
	for (e = first_below(v->m, rel, &skip); r >= 0 && e && e < end; e++) {
		const char *name;
		size_t len;

		if (skip && (strncmp(e->path, rel, skip - 1) || e->path[skip - 1] != '/'))
			break;
		name = e->path + skip;
		len = strcspn(name, "/");
		if (n && strlen(names[n - 1]) == len && !strncmp(names[n - 1], name, len))
			continue;
		if ((r = strv_push(&names, strndup(name, len))) >= 0)
			n++;
	}
	if (r < 0)
		return r;
	*ret_names = TAKE_PTR(names);
	return 0;
}

static const struct bootfs_ops verified_ops = {
	.read = v_read,
	.type = v_type,
	.list = v_list,
};

void verified_bootfs_init(struct verified_bootfs *v, struct bootdir *d, const struct manifest *m,
			  struct bootfs *fs)
{
	*v = (struct verified_bootfs){ .m = m };
	bootfs_dir_init(&v->dir, d);
	fs->ops = &verified_ops;
	fs->userdata = v;
}

void verified_bootfs_clear(struct verified_bootfs *v)
{
	free(v->changed);
	v->changed = NULL;
}

int boot_discover_verified(struct bootdir *d, const struct manifest *m, struct entry_list *out,
			   char **ret_changed)
{
	struct verified_bootfs v;
	struct bootfs fs;
	int r;

	*ret_changed = NULL;
	if (!m) {
		bootfs_dir_init(&fs, d);
		return boot_discover(&fs, out);
	}
	verified_bootfs_init(&v, d, m, &fs);
	r = boot_discover(&fs, out);
	if (v.changed) {
		entry_list_clear(out);
		*ret_changed = TAKE_PTR(v.changed);
		r = -E_DIFFERS;
	}
	verified_bootfs_clear(&v);
	return r;
}
