/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsing and ordering BLS type #1 entries. */
#include "bls.h"
#include "strbuf.h"
#include "vercmp.h"

void bls_entry_clear(struct bls_entry *e)
{
	free(e->filename);
	free(e->title);
	free(e->version);
	free(e->machine_id);
	free(e->sort_key);
	free(e->linux_path);
	free(e->options);
	strv_free(e->initrd);
	memset(e, 0, sizeof(*e));
}

static int set_once(char **field, const char *value)
{
	char *v = strdup(value);

	if (!v)
		return -ENOMEM;
	free(*field);
	*field = v;
	return 0;
}

static int append_options(char **field, const char *value)
{
	char *v = NULL;

	if (!*field)
		return set_once(field, value);
	if (asprintf(&v, "%s %s", *field, value) < 0)
		return -ENOMEM;
	free(*field);
	*field = v;
	return 0;
}

static int set_key(struct bls_entry *e, const char *key, const char *value)
{
	if (streq(key, "title"))
		return set_once(&e->title, value);
	if (streq(key, "version"))
		return set_once(&e->version, value);
	if (streq(key, "machine-id"))
		return set_once(&e->machine_id, value);
	if (streq(key, "sort-key"))
		return set_once(&e->sort_key, value);
	if (streq(key, "linux"))
		return set_once(&e->linux_path, value);
	if (streq(key, "options"))
		return append_options(&e->options, value);
	if (streq(key, "initrd"))
		return strv_push_dup(&e->initrd, value);
	return 0;
}

/* One "key value" line, already cut out and NUL-terminated. */
static int parse_line(struct bls_entry *e, char *line)
{
	char *key = line + strspn(line, " \t"), *value, *end;

	if (*key == '#' || *key == '\0')
		return 0;
	value = key + strcspn(key, " \t");
	if (*value)
		*value++ = '\0';
	value += strspn(value, " \t");
	end = value + strlen(value);
	while (end > value && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	return set_key(e, key, value);
}

int bls_parse(const char *buf, size_t len, struct bls_entry *ret)
{
	_cleanup_free_ char *copy = NULL;
	struct bls_entry e = { 0 };
	char *save = NULL;
	int r = 0;

	if (memchr(buf, '\0', len))
		return -EINVAL;
	if (!(copy = strndup(buf, len)))
		return -ENOMEM;
	for (char *l = strtok_r(copy, "\n", &save); l && r >= 0; l = strtok_r(NULL, "\n", &save))
		r = parse_line(&e, l);
	if (r >= 0 && !e.linux_path)
		r = -ENOMSG;
	if (r < 0) {
		bls_entry_clear(&e);
		return r;
	}
	*ret = e;
	return 0;
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

int bls_compare(const struct bls_entry *a, const struct bls_entry *b)
{
	int r;

	if (!a->sort_key != !b->sort_key)
		return a->sort_key ? -1 : 1;
	if (a->sort_key) {
		if ((r = cmp_str(a->sort_key, b->sort_key)) ||
		    (r = cmp_str(a->machine_id, b->machine_id)))
			return r;
		if (a->version && b->version && (r = vercmp(b->version, a->version)))
			return r;
	}
	return vercmp(b->filename ? b->filename : "", a->filename ? a->filename : "");
}
