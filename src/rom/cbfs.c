/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CBFS parsing: an optional FMAP locates the CBFS region, then file
 * headers ("LARCHIVE", big-endian fields) are walked at 64-byte steps.
 * Every offset and length from the image is checked against the buffer. */
#include "cbfs.h"
#include "fileio.h"
#include "macro.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#define FILE_MAGIC "LARCHIVE"
#define FILE_HEADER_SIZE 24 /* magic, len, type, attributes_offset, offset */
#define FMAP_MAGIC "__FMAP__"
#define FMAP_HEADER_SIZE 56 /* magic, version, base, size, name[32], nareas */
#define FMAP_AREA_SIZE 42 /* offset, size, name[32], flags */
#define ATTR_COMPRESSION 0x42435a4cu
#define ATTR_HEADER_SIZE 8

struct region {
	size_t start, end;
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[1] << 8 | p[0]);
}

/* The COREBOOT area of an FMAP at off, if it is a valid one. */
static int fmap_region(const uint8_t *buf, size_t len, size_t off, struct region *ret)
{
	const uint8_t *h = buf + off;
	size_t n;

	if (len - off < FMAP_HEADER_SIZE)
		return -EBADMSG;
	n = le16(h + 54);
	if (n > (len - off - FMAP_HEADER_SIZE) / FMAP_AREA_SIZE)
		return -EBADMSG;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *a = h + FMAP_HEADER_SIZE + i * FMAP_AREA_SIZE;
		size_t start = le32(a), size = le32(a + 4);
		if (memcmp(a + 8, "COREBOOT", 9) != 0)
			continue;
		if (start > len || size > len - start)
			return -EBADMSG;
		*ret = (struct region){ start, start + size };
		return 0;
	}
	return -ENOENT;
}

/* FMAPs sit at a 64-byte boundary (flashrom and coreboot search the same way). */
static struct region find_region(const uint8_t *buf, size_t len)
{
	struct region r = { 0, len };

	for (size_t off = 0; len >= 8 && off <= len - 8; off += CBFS_ALIGNMENT)
		if (memcmp(buf + off, FMAP_MAGIC, 8) == 0 && fmap_region(buf, len, off, &r) == 0)
			return r;
	return (struct region){ 0, len };
}

void cbfs_region(const uint8_t *buf, size_t len, size_t *ret_start, size_t *ret_end)
{
	struct region r = find_region(buf, len);

	*ret_start = r.start;
	*ret_end = r.end;
}

static uint32_t find_compression(const uint8_t *h, size_t attr, size_t end)
{
	while (attr && end - attr >= ATTR_HEADER_SIZE) {
		uint32_t tag = be32(h + attr), alen = be32(h + attr + 4);
		if (alen < ATTR_HEADER_SIZE || alen > end - attr)
			break;
		if (tag == ATTR_COMPRESSION && alen >= ATTR_HEADER_SIZE + 4)
			return be32(h + attr + ATTR_HEADER_SIZE);
		attr += alen;
	}
	return CBFS_COMPRESS_NONE;
}

/* Parses the header at h: hlen bytes of it are at hand, avail bytes remain
 * in the region from h on. Sets *ret (data pointing past the header, which
 * is only valid when the caller holds the whole entry), the header's length
 * and the bytes the entry covers. -ENOBUFS when the header is longer than
 * hlen. */
static int parse_header(const uint8_t *h, size_t hlen, size_t avail, struct cbfs_file *ret,
			size_t *ret_hdr, size_t *ret_size)
{
	uint32_t flen = be32(h + 8), attr = be32(h + 16), off = be32(h + 20);
	size_t name_end = attr ? attr : off;

	if (off < FILE_HEADER_SIZE || off > avail || flen > avail - off)
		return -EBADMSG;
	if (attr && (attr < FILE_HEADER_SIZE || attr > off))
		return -EBADMSG;
	if (off > hlen)
		return -ENOBUFS;
	if (name_end - FILE_HEADER_SIZE > CBFS_NAME_MAX + 1)
		name_end = FILE_HEADER_SIZE + CBFS_NAME_MAX + 1;
	if (!memchr(h + FILE_HEADER_SIZE, '\0', name_end - FILE_HEADER_SIZE))
		return -EBADMSG;
	memset(ret, 0, sizeof(*ret));
	strcpy(ret->name, (const char *)h + FILE_HEADER_SIZE);
	ret->type = be32(h + 12);
	ret->compression = find_compression(h, attr, off);
	ret->data = h + off;
	ret->len = flen;
	*ret_hdr = off;
	*ret_size = (size_t)off + flen;
	return 0;
}

/* The next entry's offset: entries start at 64-byte steps. size <=
 * end - off, so this cannot overflow past end + 63. */
static size_t next_entry(size_t off, size_t size)
{
	return off + (size + CBFS_ALIGNMENT - 1) / CBFS_ALIGNMENT * CBFS_ALIGNMENT;
}

static bool visible(const struct cbfs_file *f)
{
	return f->type != CBFS_TYPE_NULL && f->type != CBFS_TYPE_DELETED;
}

int cbfs_walk(const uint8_t *buf, size_t len, cbfs_visit_fn visit, void *userdata)
{
	struct region reg = find_region(buf, len);
	struct cbfs_file f;
	size_t off = reg.start, hdr, size;
	int found = 0, r;

	while (off < reg.end && reg.end - off >= FILE_HEADER_SIZE) {
		if (memcmp(buf + off, FILE_MAGIC, 8) != 0) {
			off += CBFS_ALIGNMENT;
			continue;
		}
		r = parse_header(buf + off, reg.end - off, reg.end - off, &f, &hdr, &size);
		if (r < 0)
			return r;
		found = 1;
		if (visible(&f) && (r = visit(&f, userdata)))
			return r;
		off = next_entry(off, size);
	}
	return found ? 0 : -ENOENT;
}

struct walk_src {
	cbfs_read_fn read;
	void *ctx;
	uint64_t len;
	size_t max_data;
	cbfs_want_fn want;
	cbfs_visit_fn visit;
	void *userdata;
};

/* Reads the entry's data (only when wanted) and hands the file to visit. */
static int visit_read_entry(const struct walk_src *w, uint64_t data_off, struct cbfs_file *f)
{
	_cleanup_free_ uint8_t *data = NULL;
	int r;

	f->data = NULL;
	if (w->want && w->want(f->name, w->userdata)) {
		if (f->len > w->max_data)
			return -EFBIG;
		data = malloc(f->len ? f->len : 1);
		if (!data)
			return -ENOMEM;
		if ((r = w->read(w->ctx, data, f->len, data_off)) < 0)
			return r;
		f->data = data;
	}
	return w->visit(f, w->userdata);
}

static int walk_read(const struct walk_src *w)
{
	uint8_t h[CBFS_FD_HEADER_MAX];
	struct cbfs_file f;
	size_t hdr, size;
	uint64_t off = 0, len = w->len;
	int r;

	if (len < FILE_HEADER_SIZE || w->read(w->ctx, h, FILE_HEADER_SIZE, 0) < 0 ||
	    memcmp(h, FILE_MAGIC, 8) != 0)
		return -ENOENT;
	while (off < len && len - off >= FILE_HEADER_SIZE) {
		size_t n = len - off < sizeof(h) ? (size_t)(len - off) : sizeof(h);
		if ((r = w->read(w->ctx, h, n, off)) < 0)
			return r;
		if (memcmp(h, FILE_MAGIC, 8) != 0) {
			off += CBFS_ALIGNMENT;
			continue;
		}
		r = parse_header(h, n, (size_t)(len - off), &f, &hdr, &size);
		if (r == -ENOBUFS)
			r = -EBADMSG; /* no cbfstool writes headers this long */
		if (r < 0)
			return r;
		if (visible(&f) && (r = visit_read_entry(w, off + hdr, &f)))
			return r;
		off = next_entry(off, size);
	}
	return 0;
}

int cbfs_walk_read(cbfs_read_fn read, void *ctx, uint64_t len, size_t max_data, cbfs_want_fn want,
		   cbfs_visit_fn visit, void *userdata)
{
	struct walk_src w = { read, ctx, len, max_data, want, visit, userdata };

	return walk_read(&w);
}

static int read_fd(void *ctx, void *buf, size_t len, uint64_t off)
{
	return pread_exact(*(int *)ctx, buf, len, off);
}

int cbfs_walk_fd(int fd, uint64_t len, size_t max_data, cbfs_want_fn want, cbfs_visit_fn visit,
		 void *userdata)
{
	return cbfs_walk_read(read_fd, &fd, len, max_data, want, visit, userdata);
}

struct find_ctx {
	const char *name;
	struct cbfs_file *ret;
};

static int find_visit(const struct cbfs_file *f, void *userdata)
{
	struct find_ctx *c = userdata;

	if (!streq(f->name, c->name))
		return 0;
	*c->ret = *f;
	return 1;
}

int cbfs_find(const uint8_t *buf, size_t len, const char *name, struct cbfs_file *ret)
{
	struct find_ctx c = { name, ret };
	int r = cbfs_walk(buf, len, find_visit, &c);

	if (r < 0)
		return r;
	return r == 1 ? 0 : -ENOENT;
}

/* Each component non-empty and neither "." nor "..". */
static int path_is_safe(const char *p)
{
	if (!*p)
		return 0;
	for (;;) {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (!p[n])
			return 1;
		p += n + 1;
	}
}

const char *cbfs_owner_path(const char *name)
{
	const char *rel;

	if (!startswith(name, CBFS_OWNER_PREFIX))
		return NULL;
	rel = name + strlen(CBFS_OWNER_PREFIX);
	return path_is_safe(rel) ? rel : NULL;
}
