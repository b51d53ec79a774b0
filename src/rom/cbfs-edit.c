/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CBFS edits as cbfstool makes them. The entries form a chain: each
 * starts at the 64-byte boundary after the previous one's data (counted
 * from the region's start), up to the first place without a file header.
 * A header is 24 bytes (magic, len, type, attributes_offset, offset) and
 * the name, NUL-padded to a multiple of 4; free space is an entry of type
 * NULL with an empty name (a 28-byte header). */
#include "cbfs-edit.h"
#include "cbfs.h"
#include "macro.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "LARCHIVE"
#define HDR 24
#define NAME_ALIGN 4
#define EMPTY_HDR (HDR + NAME_ALIGN)
#define CBFS_HEADER_MAX 256

struct image {
	uint8_t *cbfs; /* the region's first byte */
	size_t size; /* the region's size */
};

struct entry {
	size_t off, hdr, len, next;
	uint32_t type;
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static size_t header_size(const char *name)
{
	return HDR + (strlen(name) + 1 + NAME_ALIGN - 1) / NAME_ALIGN * NAME_ALIGN;
}

static size_t align_up(size_t v)
{
	return (v + CBFS_ALIGNMENT - 1) / CBFS_ALIGNMENT * CBFS_ALIGNMENT;
}

static bool is_free(uint32_t type)
{
	return type == CBFS_TYPE_NULL || type == CBFS_TYPE_DELETED;
}

/* The entry at off: 1, or 0 where the chain ends, or -EBADMSG for a
 * header whose fields leave the region or whose name is unterminated. */
static int entry_at(const struct image *im, size_t off, struct entry *e)
{
	const uint8_t *h = im->cbfs + off;
	size_t attr, name_end;

	if (off > im->size || im->size - off < HDR || memcmp(h, MAGIC, 8) != 0)
		return 0;
	*e = (struct entry){
		.off = off, .len = be32(h + 8), .type = be32(h + 12), .hdr = be32(h + 20)
	};
	attr = be32(h + 16);
	if (e->hdr <= HDR || e->hdr > im->size - off || e->len > im->size - off - e->hdr)
		return -EBADMSG;
	if (attr && (attr <= HDR || attr > e->hdr))
		return -EBADMSG;
	name_end = attr ? attr : e->hdr;
	if (!memchr(h + HDR, '\0', name_end - HDR))
		return -EBADMSG;
	/* Past the region's end the chain ends: never beyond it (cbfstool
	 * regions are 64-byte multiples, where this changes nothing). */
	e->next = align_up(off + e->hdr + e->len);
	if (e->next > im->size)
		e->next = im->size;
	return 1;
}

static const char *entry_name(const struct image *im, const struct entry *e)
{
	return (const char *)im->cbfs + e->off + HDR;
}

/* Every header of the chain is sound, and there is at least one. */
static int check_chain(const struct image *im)
{
	struct entry e;
	size_t off = 0;
	int r, n = 0;

	while ((r = entry_at(im, off, &e)) > 0) {
		off = e.next;
		n++;
	}
	return r < 0 ? r : n ? 0 : -EBADMSG;
}

static int image_init(uint8_t *buf, size_t len, struct image *im)
{
	size_t start, end;

	cbfs_region(buf, len, &start, &end);
	*im = (struct image){ buf + start, end - start };
	return check_chain(im);
}

static int find(const struct image *im, const char *name, struct entry *ret)
{
	size_t off = 0;

	while (entry_at(im, off, ret) > 0) {
		if (!is_free(ret->type) && streq(entry_name(im, ret), name))
			return 0;
		off = ret->next;
	}
	return -ENOENT;
}

/* A header as cbfstool writes one: the 24 bytes, then the name zero-padded. */
static void put_header(const struct image *im, size_t off, uint32_t type, size_t len, const char *name)
{
	uint8_t *h = im->cbfs + off;
	size_t hdr = header_size(name);

	memcpy(h, MAGIC, 8);
	put_be32(h + 8, (uint32_t)len);
	put_be32(h + 12, type);
	put_be32(h + 16, 0);
	put_be32(h + 20, (uint32_t)hdr);
	memset(h + HDR, 0, hdr - HDR);
	memcpy(h + HDR, name, strlen(name));
}

/* Free space as cbfstool writes it: an empty entry of len bytes, its
 * data erased (0xff). */
static void put_free(const struct image *im, size_t off, size_t len)
{
	put_header(im, off, CBFS_TYPE_NULL, len, "");
	memset(im->cbfs + off + EMPTY_HDR, 0xff, len);
}

/* cbfstool's pass before an add and after a removal: each run of free or
 * deleted entries becomes one free entry, reaching up to the next file
 * (or the end of the chain). */
static int merge_free(const struct image *im)
{
	struct entry e, n;
	size_t off = 0, end;

	while (entry_at(im, off, &e) > 0) {
		if (is_free(e.type)) {
			n = e;
			end = e.next;
			while (entry_at(im, end, &n) > 0 && is_free(n.type))
				end = n.next;
			if (end - e.off < EMPTY_HDR)
				return -EBADMSG; /* no room for a free entry's header */
			put_free(im, e.off, end - e.off - EMPTY_HDR);
			e.next = end;
		}
		off = e.next;
	}
	return 0;
}

static int remove_entry(const struct image *im, const char *name)
{
	struct entry e;
	int r;

	if ((r = find(im, name, &e)) < 0)
		return r;
	put_be32(im->cbfs + e.off + 12, CBFS_TYPE_DELETED);
	return merge_free(im);
}

/* The file at the start of free entry e (whose space holds it), and a
 * free entry for what remains, if a header fits there. */
static void place(const struct image *im, const struct entry *e, const char *name,
		  const uint8_t *data, size_t data_len)
{
	size_t hdr = header_size(name), next = align_up(e->off + hdr + data_len), free_len;

	put_header(im, e->off, CBFS_TYPE_RAW, data_len, name);
	memcpy(im->cbfs + e->off + hdr, data, data_len);
	if (next >= e->next || e->next - next < EMPTY_HDR)
		return;
	free_len = e->next - next - EMPTY_HDR;
	/* cbfstool keeps the last 4 bytes of the region for the pointer to
	 * a legacy image's master header. */
	if (e->next > im->size - sizeof(int32_t)) {
		if (free_len < sizeof(int32_t))
			return;
		free_len -= sizeof(int32_t);
	}
	put_free(im, next, free_len);
}

static int add_entry(const struct image *im, const char *name, const uint8_t *data, size_t data_len)
{
	struct entry e;
	size_t off = 0;
	int r;

	if (find(im, name, &e) == 0)
		return -EEXIST;
	if (data_len > im->size)
		return -ENOSPC;
	if ((r = merge_free(im)) < 0)
		return r;
	for (; entry_at(im, off, &e) > 0; off = e.next) {
		if (e.type != CBFS_TYPE_NULL || e.off + header_size(name) + data_len > e.next)
			continue;
		place(im, &e, name, data, data_len);
		return 0;
	}
	return -ENOSPC;
}

/* cbfstool's limits: the header (24 bytes and the padded name) within
 * 256 bytes, no name starting with '[' (its listing's marker). */
static int check_name(const char *name)
{
	if (!*name || *name == '[')
		return -EINVAL;
	return header_size(name) > CBFS_HEADER_MAX ? -ENAMETOOLONG : 0;
}

enum op { OP_REMOVE, OP_ADD, OP_REPLACE };

static int apply(const struct image *im, enum op op, const struct cbfs_owner_file *f)
{
	int r = 0;

	if (op != OP_ADD)
		r = remove_entry(im, f->name);
	if (op == OP_REMOVE || (r < 0 && r != -ENOENT))
		return r;
	return add_entry(im, f->name, f->data, f->len);
}

/* Runs the edits on a copy, which replaces buf only when all succeed. */
static int edit_copy(uint8_t *buf, size_t len, enum op op, const struct cbfs_owner_file *files,
		     size_t n)
{
	_cleanup_free_ uint8_t *copy = malloc(len ? len : 1);
	struct image im;
	int r;

	for (size_t i = 0; i < n; i++)
		if ((r = check_name(files[i].name)) < 0)
			return r;
	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, len);
	if ((r = image_init(copy, len, &im)) < 0)
		return r;
	for (size_t i = 0; i < n; i++)
		if ((r = apply(&im, op, &files[i])) < 0)
			return r;
	memcpy(buf, copy, len);
	return 0;
}

int cbfs_remove(uint8_t *buf, size_t len, const char *name)
{
	struct cbfs_owner_file f = { name, NULL, 0 };

	return edit_copy(buf, len, OP_REMOVE, &f, 1);
}

int cbfs_add_raw(uint8_t *buf, size_t len, const char *name, const uint8_t *data, size_t data_len)
{
	struct cbfs_owner_file f = { name, data, data_len };

	return edit_copy(buf, len, OP_ADD, &f, 1);
}

int cbfs_replace_raw(uint8_t *buf, size_t len, const char *name, const uint8_t *data, size_t data_len)
{
	struct cbfs_owner_file f = { name, data, data_len };

	return edit_copy(buf, len, OP_REPLACE, &f, 1);
}

int cbfs_set_owner_files(uint8_t *buf, size_t len, const struct cbfs_owner_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!cbfs_owner_path(files[i].name))
			return -EINVAL;
	return edit_copy(buf, len, OP_REPLACE, files, n);
}
