/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Building the key-injection archive. */
#include "keyinject.h"
#include "parse.h"
#include "strbuf.h"

void crypttab_set_clear(struct crypttab_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].content);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int path_ok(const char *p)
{
	_cleanup_free_ char *copy = strdup(p);
	char *save = NULL;

	if (!copy || !*p)
		return 0;
	for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save))
		if (streq(c, "..") || streq(c, "."))
			return 0;
	return 1;
}

static struct crypttab_file *file_for(struct crypttab_set *s, const char *path)
{
	struct crypttab_file *v;

	for (size_t i = 0; i < s->n; i++)
		if (streq(s->v[i].path, path))
			return &s->v[i];
	if (s->n >= 64 || !(v = realloc(s->v, (s->n + 1) * sizeof(*v))))
		return NULL;
	s->v = v;
	v[s->n] = (struct crypttab_file){ .path = strdup(path), .content = strdup("") };
	if (!v[s->n].path || !v[s->n].content) {
		free(v[s->n].path);
		free(v[s->n].content);
		return NULL;
	}
	return &s->v[s->n++];
}

/* Appends one entry (without its newline) to the file at path. */
static int add_entry(struct crypttab_set *s, const char *path, const char *entry)
{
	struct crypttab_file *f;
	char *joined = NULL;

	while (*path == '/')
		path++;
	if (!path_ok(path))
		return -EINVAL;
	if (!(f = file_for(s, path)))
		return -ENOMEM;
	if (asprintf(&joined, "%s%s\n", f->content, entry) < 0)
		return -ENOMEM;
	free(f->content);
	f->content = joined;
	return 0;
}

static int add_line(struct crypttab_set *s, char *line)
{
	char *colon = strchr(line, ':');

	if (!colon)
		return -EINVAL;
	*colon = '\0';
	return add_entry(s, line, colon + 1);
}

bool luks_uuid_valid(const char *uuid)
{
	return uuid_valid(uuid);
}

int crypttab_add_luks(struct crypttab_set *s, const char *uuid)
{
	static const char *const files[] = { "etc/crypttab", "cryptroot/crypttab" };
	char entry[128];
	int r;

	if (!luks_uuid_valid(uuid))
		return -EINVAL;
	/* Cannot be cut short: the UUID's length is fixed. */
	(void)snprintf(entry, sizeof(entry), "luks-%s UUID=%s /secret.key luks,discard", uuid, uuid);
	for (size_t i = 0; i < ELEMENTSOF(files); i++)
		if ((r = add_entry(s, files[i], entry)) < 0)
			return r;
	return 0;
}

int crypttab_parse(const char *buf, size_t len, struct crypttab_set *ret)
{
	_cleanup_free_ char *copy = strndup(buf, len);
	struct crypttab_set s = { 0 };
	char *save = NULL;
	int r = copy ? 0 : -ENOMEM;

	for (char *l = copy ? strtok_r(copy, "\n", &save) : NULL; l && r >= 0;
	     l = strtok_r(NULL, "\n", &save))
		if (l[strspn(l, " \t")] != '#' && l[strspn(l, " \t\r")] != '\0')
			r = add_line(&s, l);
	if (r < 0) {
		crypttab_set_clear(&s);
		return r;
	}
	*ret = s;
	return 0;
}

/* Adds each parent directory of path ("etc" for "etc/crypttab"). */
static int add_parents(struct cpio *c, const char *path)
{
	_cleanup_free_ char *copy = strdup(path);
	int r;

	if (!copy)
		return -ENOMEM;
	for (char *slash = strchr(copy, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if ((r = cpio_add_dir(c, copy, 0755)) < 0)
			return r;
		*slash = '/';
	}
	return 0;
}

int keyinject_add_luks_volumes(const void *key, size_t keylen, const char *const *uuids, size_t n,
			       struct cpio *out)
{
	_cleanup_crypttab_set_ struct crypttab_set ct = { 0 };
	int r = n ? 0 : -EINVAL;

	for (size_t i = 0; r >= 0 && i < n; i++)
		r = crypttab_add_luks(&ct, uuids[i]);
	return r < 0 ? r : keyinject_add(key, keylen, &ct, out);
}

int keyinject_add_luks(const void *key, size_t keylen, const char *uuid, struct cpio *out)
{
	return keyinject_add_luks_volumes(key, keylen, &uuid, 1, out);
}

int keyinject_build_luks(const void *key, size_t keylen, const char *uuid, struct cpio *out)
{
	int r = keyinject_add_luks(key, keylen, uuid, out);

	return r < 0 ? r : cpio_finish(out);
}

int keyinject_add(const void *key, size_t keylen, const struct crypttab_set *ct, struct cpio *out)
{
	int r = cpio_add_file(out, "secret.key", 0400, key, keylen);

	for (size_t i = 0; r >= 0 && ct && i < ct->n; i++) {
		r = add_parents(out, ct->v[i].path);
		if (r >= 0)
			r = cpio_add_file(out, ct->v[i].path, 0644, ct->v[i].content,
					  strlen(ct->v[i].content));
	}
	return r;
}

int keyinject_build(const void *key, size_t keylen, const struct crypttab_set *ct, struct cpio *out)
{
	int r = keyinject_add(key, keylen, ct, out);

	return r < 0 ? r : cpio_finish(out);
}
