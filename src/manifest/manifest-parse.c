/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The manifest text parser: one line at a time, single-space separated
 * fields, header lines in a fixed order, entries strictly sorted (so no
 * duplicates), a final "end COUNT" line. */
#include "manifest-parse.h"
#include "hexdump.h"
#include "path-escape.h"

#include <errno.h>

#define MAX_FIELDS 6

struct field {
	const char *p;
	size_t len;
};

struct cursor {
	const char *buf;
	size_t len, pos, line;
	struct manifest_parse_error *err;
};

static int fail(struct cursor *c, const char *reason)
{
	c->err->line = c->line;
	c->err->reason = reason;
	return -EBADMSG;
}

/* The next line without its '\n'; every line must end with one. */
static int next_line(struct cursor *c, struct field *ret)
{
	const char *start = c->buf + c->pos;
	const char *nl = memchr(start, '\n', c->len - c->pos);

	c->line++;
	if (!nl)
		return fail(c, c->pos == c->len ? "unexpected end of file" :
						  "last line has no newline");
	if ((size_t)(nl - start) > MANIFEST_MAX_LINE)
		return fail(c, "line too long");
	ret->p = start;
	ret->len = (size_t)(nl - start);
	c->pos += ret->len + 1;
	return 0;
}

static int split(struct cursor *c, const struct field *line, struct field *f, size_t want)
{
	size_t n = 0, start = 0;

	for (size_t i = 0; i <= line->len; i++) {
		if (i < line->len && line->p[i] != ' ')
			continue;
		if (i == start)
			return fail(c, "empty field (extra space)");
		if (n == want)
			return fail(c, "too many fields");
		f[n++] = (struct field){ line->p + start, i - start };
		start = i + 1;
	}
	return n == want ? 0 : fail(c, "too few fields");
}

static bool field_is(const struct field *f, const char *s)
{
	return f->len == strlen(s) && memcmp(f->p, s, f->len) == 0;
}

static int parse_u64(const struct field *f, uint64_t max, uint64_t *ret)
{
	uint64_t v = 0;

	if (f->len == 0 || f->len > 20 || (f->p[0] == '0' && f->len > 1))
		return -EBADMSG;
	for (size_t i = 0; i < f->len; i++) {
		unsigned d = (unsigned)(f->p[i] - '0');
		if (d > 9 || v > (max - d) / 10)
			return -EBADMSG;
		v = v * 10 + d;
	}
	*ret = v;
	return 0;
}

static int parse_mode(const struct field *f, uint32_t *ret)
{
	uint32_t v = 0;

	if (f->len != 4)
		return -EBADMSG;
	for (size_t i = 0; i < 4; i++) {
		if (f->p[i] < '0' || f->p[i] > '7')
			return -EBADMSG;
		v = v * 8 + (uint32_t)(f->p[i] - '0');
	}
	*ret = v;
	return 0;
}

static int parse_sha256(const struct field *f, uint8_t out[SHA256_SIZE])
{
	char hex[2 * SHA256_SIZE + 1];

	if (f->len != 2 * SHA256_SIZE)
		return -EBADMSG;
	for (size_t i = 0; i < f->len; i++)
		if (!((f->p[i] >= '0' && f->p[i] <= '9') || (f->p[i] >= 'a' && f->p[i] <= 'f')))
			return -EBADMSG;
	memcpy(hex, f->p, f->len);
	hex[f->len] = '\0';
	return hex_decode(hex, out, SHA256_SIZE);
}

/* A path or symlink target: escaped, decoded, within the caps. */
static int parse_text(struct cursor *c, const struct field *f, char **ret)
{
	if (f->len > 3 * MANIFEST_MAX_PATH)
		return fail(c, "path too long");
	if (path_unescape(f->p, f->len, ret) < 0)
		return fail(c, "bad escape or character in a path");
	if (strlen(*ret) > MANIFEST_MAX_PATH || !**ret) {
		free(TAKE_PTR(*ret));
		return fail(c, "path empty or too long");
	}
	return 0;
}

static int expect_line(struct cursor *c, const char *key, struct field *f, size_t n)
{
	struct field line;
	int r = next_line(c, &line);

	if (r < 0)
		return r;
	r = split(c, &line, f, n);
	if (r < 0)
		return r;
	return field_is(&f[0], key) ? 0 : fail(c, "unexpected keyword");
}

static int parse_version(struct cursor *c)
{
	struct field f[2];
	int r = expect_line(c, "heads-manifest", f, 2);

	if (r < 0)
		return r;
	if (field_is(&f[1], "1"))
		return fail(c, "manifest format 1, from an older version, lists neither directories nor "
			       "the file system: it must be signed again");
	return field_is(&f[1], "2") ? 0 : fail(c, "unsupported manifest version");
}

/* One UUID field: "-" for none, else a bare identifier. */
static int parse_id(struct cursor *c, const struct field *f, char out[MANIFEST_MAX_ID + 1])
{
	out[0] = '\0';
	if (field_is(f, "-"))
		return 0;
	if (f->len > MANIFEST_MAX_ID)
		return fail(c, "file-system identifier too long");
	memcpy(out, f->p, f->len);
	out[f->len] = '\0';
	return manifest_fs_id_valid(out) ? 0 : fail(c, "bad file-system identifier");
}

static int parse_fs(struct cursor *c, struct manifest *m)
{
	struct field f[3];
	int r = expect_line(c, "filesystem", f, 3);

	if (r >= 0)
		r = parse_id(c, &f[1], m->fs.uuid);
	if (r >= 0)
		r = parse_id(c, &f[2], m->fs.partuuid);
	if (r >= 0 && !m->fs.uuid[0] && m->fs.partuuid[0])
		return fail(c, "a partition UUID without a file-system UUID");
	return r;
}

static int parse_header(struct cursor *c, struct manifest *m)
{
	struct field f[2];
	int r = parse_version(c);

	if (r >= 0)
		r = expect_line(c, "counter", f, 2);
	if (r < 0)
		return r;
	if (parse_u64(&f[1], UINT64_MAX, &m->counter) < 0)
		return fail(c, "bad counter value");
	r = expect_line(c, "primary-key", f, 2);
	if (r < 0)
		return r;
	if (f[1].len < 7 || memcmp(f[1].p, "sha256:", 7) != 0)
		return fail(c, "primary-key is not sha256:HEX");
	f[1].p += 7;
	f[1].len -= 7;
	if (parse_sha256(&f[1], m->primary) < 0)
		return fail(c, "bad primary-key hash");
	r = parse_fs(c, m);
	if (r >= 0)
		r = expect_line(c, "default-entry", f, 2);
	if (r < 0)
		return r;
	if (field_is(&f[1], "-"))
		return 0;
	return parse_text(c, &f[1], &m->default_entry);
}

static int parse_file(struct cursor *c, const struct field *f, struct manifest_entry *e)
{
	e->hashed = true;
	if (parse_mode(&f[2], &e->mode) < 0)
		return fail(c, "bad file mode");
	if (parse_u64(&f[3], MANIFEST_MAX_FILE_SIZE, &e->size) < 0)
		return fail(c, "bad or absurd file size");
	if (parse_sha256(&f[4], e->sha256) < 0)
		return fail(c, "bad SHA-256");
	return 0;
}

static int check_path(struct cursor *c, const struct manifest *m, const char *path)
{
	if (!manifest_path_valid(path))
		return fail(c, "path is absolute, has '.' or '..' components or empty components");
	if (manifest_path_excluded(path))
		return fail(c, "the manifest lists its own files");
	if (m->n_entries > 0 && strcmp(m->entries[m->n_entries - 1].path, path) >= 0)
		return fail(c, "paths duplicated or not in sorted order");
	return 0;
}

static int parse_dir(struct cursor *c, const struct field *f, struct manifest_entry *e)
{
	e->type = MANIFEST_DIRECTORY;
	if (field_is(&f[2], "-")) {
		e->mountpoint = true;
		return 0;
	}
	return parse_mode(&f[2], &e->mode) < 0 ? fail(c, "bad directory mode") : 0;
}

/* The line's kind and its number of fields; 0 for an unknown keyword. */
static size_t entry_fields(const struct field *line, enum manifest_type *ret)
{
	static const struct {
		const char *key;
		enum manifest_type type;
		size_t fields;
	} kinds[] = { { "file ", MANIFEST_FILE, 5 },
		      { "symlink ", MANIFEST_SYMLINK, 3 },
		      { "dir ", MANIFEST_DIRECTORY, 3 } };

	for (size_t i = 0; i < ELEMENTSOF(kinds); i++)
		if (line->len > strlen(kinds[i].key) &&
		    memcmp(line->p, kinds[i].key, strlen(kinds[i].key)) == 0) {
			*ret = kinds[i].type;
			return kinds[i].fields;
		}
	return 0;
}

static int parse_fields(struct cursor *c, const struct field *f, struct manifest_entry *e)
{
	if (e->type == MANIFEST_FILE)
		return parse_file(c, f, e);
	if (e->type == MANIFEST_DIRECTORY)
		return parse_dir(c, f, e);
	return parse_text(c, &f[2], &e->target);
}

static int parse_entry(struct cursor *c, struct manifest *m, const struct field *line)
{
	struct manifest_entry e = { 0 };
	struct field f[5];
	size_t n = entry_fields(line, &e.type);
	int r = n ? split(c, line, f, n) : fail(c, "unexpected keyword");

	if (r >= 0)
		r = parse_text(c, &f[1], &e.path);
	if (r >= 0)
		r = check_path(c, m, e.path);
	if (r >= 0)
		r = parse_fields(c, f, &e);
	if (r < 0) {
		free(e.path);
		free(e.target);
		return r;
	}
	r = manifest_add(m, &e);
	return r == -E2BIG ? fail(c, "too many entries") : r;
}

static int parse_end(struct cursor *c, const struct manifest *m, const struct field *line)
{
	struct field f[2];
	uint64_t n;
	int r = split(c, line, f, 2);

	if (r < 0)
		return r;
	if (parse_u64(&f[1], UINT64_MAX, &n) < 0 || n != m->n_entries)
		return fail(c, "entry count in the end line does not match");
	return c->pos == c->len ? 0 : fail(c, "data after the end line");
}

static int parse_body(struct cursor *c, struct manifest *m)
{
	for (;;) {
		struct field line;
		int r = next_line(c, &line);
		if (r < 0)
			return r;
		if (line.len >= 4 && memcmp(line.p, "end ", 4) == 0)
			return parse_end(c, m, &line);
		r = parse_entry(c, m, &line);
		if (r < 0)
			return r;
	}
}

int manifest_parse(const char *buf, size_t len, struct manifest **ret,
		   struct manifest_parse_error *err)
{
	_cleanup_manifest_ struct manifest *m = NULL;
	struct manifest_parse_error dummy;
	struct cursor c = { .buf = buf, .len = len, .err = err ? err : &dummy };
	int r;

	*c.err = (struct manifest_parse_error){ 0 };
	if (len > MANIFEST_MAX_SIZE)
		return fail(&c, "manifest too large");
	if (len > 0 && memchr(buf, '\0', len))
		return fail(&c, "NUL byte in the manifest");
	m = manifest_new();
	if (!m)
		return -ENOMEM;
	r = parse_header(&c, m);
	if (r >= 0)
		r = parse_body(&c, m);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(m);
	return 0;
}
