/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading a CBFS (coreboot file system) image from a buffer: the flash
 * holds the payload and the owner's files under "heads/initrd/". */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CBFS_ALIGNMENT 64
#define CBFS_NAME_MAX 255
#define CBFS_TYPE_RAW 0x50u
#define CBFS_TYPE_NULL 0xffffffffu
#define CBFS_TYPE_DELETED 0x00000000u
#define CBFS_COMPRESS_NONE 0u

/* The prefix under which the owner's files live (as in the original). */
#define CBFS_OWNER_PREFIX "heads/initrd/"

struct cbfs_file {
	char name[CBFS_NAME_MAX + 1];
	uint32_t type;
	uint32_t compression; /* CBFS_COMPRESS_NONE unless an attribute says */
	const uint8_t *data; /* points into the image */
	size_t len; /* as stored (compressed size when compressed) */
};

/* Called for each file, in image order; returning non-zero stops the walk
 * and cbfs_walk returns that value. */
typedef int (*cbfs_visit_fn)(const struct cbfs_file *f, void *userdata);

/* Walks the CBFS in buf: the FMAP's "COREBOOT" region when the image has
 * an FMAP, else the whole buffer from offset 0. Empty and deleted entries
 * are skipped. Malformed headers end the walk with -EBADMSG; no CBFS file
 * at all gives -ENOENT. */
int cbfs_walk(const uint8_t *buf, size_t len, cbfs_visit_fn visit, void *userdata);

/* Says whether the walk over a file descriptor should read this file's
 * data (the data of files it does not want is never read). */
typedef bool (*cbfs_want_fn)(const char *name, void *userdata);

/* Header bytes read per entry by cbfs_walk_fd; longer headers are refused. */
#define CBFS_FD_HEADER_MAX 1024

/* The same walk over a device or file of len bytes, for images whose CBFS
 * starts at offset 0 (the legacy layout cbfstool makes without an FMAP):
 * only the headers and the data of wanted files are read, so a 32 MiB
 * flash costs a few small reads. f->data is a copy (valid during the visit)
 * for wanted files and NULL for the others; a wanted file larger than
 * max_data gives -EFBIG. -ENOENT when no CBFS file header is at offset 0
 * (use cbfs_walk on the whole image then); -EBADMSG for a malformed header;
 * -EIO when the device ends early. */
int cbfs_walk_fd(int fd, uint64_t len, size_t max_data, cbfs_want_fn want, cbfs_visit_fn visit,
		 void *userdata);

/* Reads len bytes at offset off of the image into buf: 0, or -errno
 * (-EIO when the image ends early). */
typedef int (*cbfs_read_fn)(void *ctx, void *buf, size_t len, uint64_t off);

/* The walk of cbfs_walk_fd over any reader (e.g. the boot flash's memory
 * window): every header and every wanted file's data is read once into
 * private memory, so an image that changes between reads cannot make what
 * is checked differ from what is used. */
int cbfs_walk_read(cbfs_read_fn read, void *ctx, uint64_t len, size_t max_data, cbfs_want_fn want,
		   cbfs_visit_fn visit, void *userdata);

/* For an owner file's CBFS name ("heads/initrd/etc/config.user"), the
 * path it is installed at, relative to / ("etc/config.user"). NULL when
 * name lacks the prefix or the path could leave / (absolute, or with an
 * empty, "." or ".." component). */
const char *cbfs_owner_path(const char *name);

/* The CBFS region of an image, [*ret_start, *ret_end): the FMAP's
 * "COREBOOT" area when the image has an FMAP, else the whole buffer. */
void cbfs_region(const uint8_t *buf, size_t len, size_t *ret_start, size_t *ret_end);

/* Finds the file called name; -ENOENT when absent. */
int cbfs_find(const uint8_t *buf, size_t len, const char *name, struct cbfs_file *ret);
