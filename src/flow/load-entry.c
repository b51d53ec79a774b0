/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loading the verified bytes of a boot entry (load-entry.h). */
#include "load-entry.h"
#include "errors.h"
#include "initrd.h"
#include "kexec.h"
#include "linux-load.h"
#include "load-xen.h"
#include "log.h"
#include "memimage.h"
#include "sha.h"
#include "strbuf.h"

#include <sys/stat.h>

/* One file of the entry and, once read, its bytes. */
struct staged {
	enum load_role role;
	const char *path; /* inside BOOTDIR, starting with "/" */
	struct memimage img;
};

struct stage_set {
	struct staged v[1 + LOAD_INITRDS_MAX + 1];
	size_t n;
};

static void stage_set_free(struct stage_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		memimage_free(&s->v[i].img);
	s->n = 0;
}

const char *load_role_name(enum load_role role)
{
	return role == LOAD_KERNEL ? "kernel" : role == LOAD_INITRD ? "initrd" : "hypervisor";
}

static int plan(const struct boot_entry *e, struct stage_set *s)
{
	size_t n = strv_length(e->initrd);

	if (n > LOAD_INITRDS_MAX)
		return log_error_errno(-E2BIG, "Too many initrds (%zu) in this entry.", n);
	s->v[s->n++] = (struct staged){ LOAD_KERNEL, e->kernel, MEMIMAGE_NONE };
	for (size_t i = 0; i < n; i++)
		s->v[s->n++] = (struct staged){ LOAD_INITRD, e->initrd[i], MEMIMAGE_NONE };
	if (e->kind == KIND_XEN)
		s->v[s->n++] = (struct staged){ LOAD_HYPERVISOR, e->hypervisor, MEMIMAGE_NONE };
	return 0;
}

/* An entry's path ("/vmlinuz") as the manifest lists it ("vmlinuz"). */
static const char *relative(const char *path)
{
	return path + strspn(path, "/");
}

static int differs(struct boot_difference *d, enum manifest_diff kind, enum manifest_type want,
		   enum manifest_type have)
{
	d->kind = kind;
	d->want_type = want;
	d->have_type = have;
	return -E_DIFFERS;
}

/* The manifest's record of path: a file, else the difference. */
static int expected(const struct manifest *m, const char *path, const struct manifest_entry **ret,
		    struct boot_difference *d)
{
	const struct manifest_entry *e = manifest_find(m, path);

	if (!e)
		return differs(d, DIFF_ADDED, MANIFEST_FILE, MANIFEST_FILE);
	if (e->type != MANIFEST_FILE || !e->hashed)
		return differs(d, DIFF_TYPE, e->type, MANIFEST_FILE);
	d->want_size = e->size;
	*ret = e;
	return 0;
}

/* Opens path without following symbolic links; a verified file that is
 * now missing or a link is a difference. */
static int open_file(const struct load_entry_options *o, const char *path, struct boot_difference *d)
{
	int fd = bootdir_open_file(o->dir, path);

	if (!o->verified || fd >= 0)
		return fd;
	if (fd == -ENOENT)
		return differs(d, DIFF_REMOVED, MANIFEST_FILE, MANIFEST_FILE);
	if (fd == -ELOOP || fd == -ENOTDIR)
		return differs(d, DIFF_TYPE, MANIFEST_FILE, MANIFEST_SYMLINK);
	return fd;
}

static int compare(const struct manifest_entry *want, const struct memimage *img,
		   struct boot_difference *d)
{
	uint8_t sha[SHA256_SIZE];
	int r;

	d->have_size = img->len;
	if (img->len == want->size) {
		if ((r = sha256_buf(img->map, img->len, sha)) < 0)
			return r;
		if (memcmp(sha, want->sha256, SHA256_SIZE) == 0)
			return 0;
	}
	return differs(d, DIFF_CHANGED, MANIFEST_FILE, MANIFEST_FILE);
}

/* Reads one file once into its sealed image; with a manifest, at most the
 * signed size, and checks those bytes. A file whose image the
 * verification kept (manifest_entry.image, bytes that matched the entry)
 * is not read again: the kernel gets that image. */
static int stage_one(const struct load_entry_options *o, struct staged *f, struct boot_difference *d)
{
	const struct manifest_entry *want = NULL;
	_cleanup_close_ int fd = -1;
	struct stat st;
	int r;

	if (o->verified && (r = expected(o->verified, relative(f->path), &want, d)) < 0)
		return r;
	if (want && want->image) {
		d->have_size = want->image->len;
		return memimage_dup(want->image, &f->img);
	}
	if ((fd = open_file(o, f->path, d)) < 0)
		return fd;
	r = memimage_read_fd(load_role_name(f->role), fd, want ? want->size : LOAD_FILE_MAX, &f->img);
	if (r == -EFBIG && want) {
		d->have_size = fstat(fd, &st) == 0 ? (uint64_t)st.st_size : want->size + 1;
		return differs(d, DIFF_CHANGED, MANIFEST_FILE, MANIFEST_FILE);
	}
	if (r < 0)
		return r;
	return want ? compare(want, &f->img, d) : 0;
}

static int stage_all(const struct load_entry_options *o, struct stage_set *s,
		     struct load_entry_result *ret)
{
	for (size_t i = 0; i < s->n; i++) {
		int r = stage_one(o, &s->v[i], &ret->diff);

		if (r < 0) {
			ret->role = s->v[i].role;
			ret->diff.path = strdup(relative(s->v[i].path));
			return ret->diff.path ? r : -ENOMEM;
		}
	}
	return 0;
}

/* How many initrds the set holds: a Xen entry's are its modules after
 * dom0's kernel, of which only the first is dom0's initrd. */
static size_t load_initrds(const struct stage_set *s)
{
	bool xen = s->v[s->n - 1].role == LOAD_HYPERVISOR;
	size_t n = s->n - 1 - xen;

	return xen && n > 1 ? 1 : n;
}

/* The initrd to hand over: none, the one file's own image, or the files
 * and the archive combined in *combined. The files' images are freed once
 * copied. */
static int initrd_fd(struct stage_set *s, const struct cpio *inj, struct memimage *combined,
		     int *ret_fd)
{
	struct memimage parts[LOAD_INITRDS_MAX];
	size_t n = load_initrds(s);
	int r;

	*ret_fd = n ? s->v[1].img.fd : -1;
	if (n <= 1 && !inj->len)
		return 0;
	for (size_t i = 0; i < n; i++)
		parts[i] = s->v[1 + i].img;
	if ((r = initrd_combine(parts, n, inj->len ? inj : NULL, combined)) < 0)
		return r;
	for (size_t i = 0; i < n; i++)
		memimage_free(&s->v[1 + i].img);
	*ret_fd = combined->fd;
	return 0;
}

static int ask_inject(const struct load_entry_options *o, struct cpio *inj,
		      struct load_entry_result *ret)
{
	if (!o->inject)
		return 0;
	ret->inject_called = true;
	return o->inject(o->userdata, inj);
}

/* The staged images as the Xen loader takes them: dom0's initrd is the
 * combined image when there is one. */
static int load_xen_staged(const struct load_entry_options *o, const struct stage_set *s,
			   const struct memimage *combined, struct load_entry_result *ret)
{
	struct load_xen_images im = { .kernel = &s->v[0].img, .hypervisor = &s->v[s->n - 1].img };

	for (size_t i = 1; i + 1 < s->n; i++)
		im.initrd[im.ninitrd++] = &s->v[i].img;
	if (combined->fd >= 0 && im.ninitrd)
		im.initrd[0] = combined;
	else if (combined->fd >= 0)
		im.initrd[im.ninitrd++] = combined;
	ret->hypervisor_size = im.hypervisor->len;
	return load_xen(o->entry, o->cmdline, &im);
}

static const char *not_own(int r)
{
	switch (r) {
	case -ENOEXEC:
		return "the kernel is not a bzImage";
	case -ENOTSUP:
		return "the kernel has no 64-bit entry";
	case -E2BIG:
		return "the command line is longer than the kernel takes";
	case -ENOSPC:
		return "the kernel and initrd do not fit in RAM below 4 GiB";
	case -ENOMEM:
		return "out of memory";
	default:
		return "the running kernel's boot parameters cannot be read";
	}
}

/* Our own loader when asked and it can, else the kernel's. */
static int load_linux(const struct load_entry_options *o, const struct memimage *kernel,
		      const struct memimage *initrd)
{
	struct linux_boot b = { .kernel = kernel->map,
				.kernel_len = kernel->len,
				.initrd = initrd ? initrd->map : NULL,
				.initrd_len = initrd ? initrd->len : 0,
				.cmdline = o->cmdline };
	struct linux_segments ls;
	int r;

	if (!o->own_loader)
		return kexec_load_fds(kernel->fd, initrd ? initrd->fd : -1, o->cmdline);
	r = linux_prepare(&b, &ls);
	if (r < 0) {
		log_notice("Loading with kexec_file_load: %s.", not_own(r));
		return kexec_load_fds(kernel->fd, initrd ? initrd->fd : -1, o->cmdline);
	}
	r = kexec_load_segments(ls.entry, ls.seg, ls.n);
	linux_segments_free(&ls);
	return r;
}

int load_entry(const struct load_entry_options *o, struct load_entry_result *ret)
{
	_cleanup_(stage_set_free) struct stage_set s = { .n = 0 };
	_cleanup_memimage_ struct memimage combined = MEMIMAGE_NONE;
	_cleanup_cpio_ struct cpio inj = { 0 };
	const struct memimage *initrd;
	int ifd = -1, r;

	*ret = (struct load_entry_result){ .role = LOAD_KERNEL };
	if ((r = plan(o->entry, &s)) < 0 || (r = stage_all(o, &s, ret)) < 0)
		return r;
	if ((r = ask_inject(o, &inj, ret)) < 0)
		return r;
	r = initrd_fd(&s, &inj, &combined, &ifd);
	ret->inject_size = inj.len;
	cpio_free(&inj);
	if (r < 0)
		return r;
	ret->kernel_size = s.v[0].img.len;
	ret->initrd_size = combined.fd >= 0 ? combined.len : load_initrds(&s) ? s.v[1].img.len : 0;
	if (o->entry->kind == KIND_XEN)
		return load_xen_staged(o, &s, &combined, ret);
	initrd = combined.fd >= 0 ? &combined : ifd >= 0 ? &s.v[1].img : NULL;
	return load_linux(o, &s.v[0].img, initrd);
}

void load_entry_result_clear(struct load_entry_result *r)
{
	free(r->diff.path);
	*r = (struct load_entry_result){ .role = LOAD_KERNEL };
}
