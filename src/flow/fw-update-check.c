/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The update's checks: the image's form, its authenticity, its owner
 * files. */
#include "cbfs-edit.h"
#include "cbfs.h"
#include "fileio.h"
#include "fw-update.h"
#include "gpgv.h"
#include "log.h"
#include "sha.h"
#include "strbuf.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define OWNER_MAX 64

static void refuse(struct update_result *r, enum update_refusal why, const char *detail)
{
	r->refusal = why;
	strfmt_cut(r->detail, sizeof(r->detail), "%s", detail ? detail : "");
}

static bool is_coreboot(const uint8_t *img, size_t len)
{
	struct cbfs_file f;

	return cbfs_find(img, len, "bootblock", &f) >= 0 &&
	       cbfs_find(img, len, "fallback/payload", &f) >= 0;
}

/* The owner files of an image, in image order (the order PCR 7 sees). */
struct owner_list {
	struct cbfs_owner_file f[OWNER_MAX];
	size_t n;
};

static int collect_owner(const struct cbfs_file *f, void *userdata)
{
	struct owner_list *l = userdata;

	if (!startswith(f->name, CBFS_OWNER_PREFIX))
		return 0;
	if (l->n == OWNER_MAX)
		return -E2BIG;
	/* f->name points into the walk's header copy: keep the image's. */
	l->f[l->n++] =
		(struct cbfs_owner_file){ .name = strdup(f->name), .data = f->data, .len = f->len };
	return l->f[l->n - 1].name ? 0 : -ENOMEM;
}

static void owner_list_free(struct owner_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free((char *)l->f[i].name);
	l->n = 0;
}

static int owner_files(const uint8_t *img, size_t len, struct owner_list *ret)
{
	int r = cbfs_walk(img, len, collect_owner, ret);

	return r == -ENOENT ? 0 : r;
}

/* The first owner file whose name, place or content differs, or NULL. */
static const char *first_difference(const struct owner_list *a, const struct owner_list *b)
{
	for (size_t i = 0; i < a->n || i < b->n; i++) {
		if (i >= a->n || i >= b->n)
			return i < a->n ? a->f[i].name : b->f[i].name;
		if (!streq(a->f[i].name, b->f[i].name))
			return b->f[i].name;
		if (a->f[i].len != b->f[i].len || memcmp(a->f[i].data, b->f[i].data, a->f[i].len))
			return b->f[i].name;
	}
	return NULL;
}

static int check_signature(const struct update_request *req, const struct owner_list *running,
			   struct update_result *ret)
{
	char keyring[PATH_MAX];
	struct gpgv_status st;
	enum gpgv_verdict v;
	const struct cbfs_owner_file *keys = NULL;
	int r;

	for (size_t i = 0; i < running->n; i++)
		if (streq(running->f[i].name, UPDATE_RELEASE_KEYS))
			keys = &running->f[i];
	if (!keys)
		return refuse(ret, UPDATE_NO_RELEASE_KEYS, UPDATE_RELEASE_KEYS), 0;
	if (strfmt(keyring, sizeof(keyring), "%s/release-keys.gpg", req->rundir) < 0)
		return -ENAMETOOLONG;
	if (mkdir(req->rundir, 0700) < 0 && errno != EEXIST)
		return log_error_errno(errno, "Cannot create %s: %m", req->rundir);
	r = write_file_atomic(keyring, keys->data, keys->len, 0600);
	if (r < 0)
		return log_error_errno(r, "Cannot write %s: %m", keyring);
	if (r >= 0)
		r = gpgv_verify(keyring, (const char *)req->img, req->len, req->sig, req->sig_len,
				&st);
	(void)unlink(keyring);
	if (r < 0)
		return log_error_errno(r, "Cannot run gpgv: %m");
	v = gpgv_status_verdict(&st);
	if (v != GPGV_GOOD)
		refuse(ret, UPDATE_BAD_SIGNATURE, gpgv_verdict_text(v));
	return 0;
}

static int check_authentic(const struct update_request *req, const struct owner_list *running,
			   struct update_result *ret)
{
	uint8_t digest[SHA256_SIZE];
	int r;

	if (req->sig)
		return check_signature(req, running, ret);
	r = sha256_buf(req->img, req->len, digest);
	if (r >= 0 && memcmp(digest, req->sha256, SHA256_SIZE) != 0)
		refuse(ret, UPDATE_HASH_DIFFERS, NULL);
	return r;
}

/* The image's owner files must be the running ones; an image without any
 * (a release build) gets the running ones. */
static int check_owner(struct update_request *req, const struct owner_list *running,
		       struct update_result *ret)
{
	_cleanup_(owner_list_free) struct owner_list mine = { .n = 0 };
	const char *differs;
	int r = owner_files(req->img, req->len, &mine);

	if (r < 0)
		return r;
	ret->owner_files = running->n;
	if (mine.n == 0 && running->n > 0) {
		r = cbfs_set_owner_files(req->img, req->len, running->f, running->n);
		ret->owner_carried = r >= 0;
		if (r == -ENOSPC)
			refuse(ret, UPDATE_WRONG_SIZE, "no room for the owner files");
		return r == -ENOSPC ? 0 : r;
	}
	differs = first_difference(running, &mine);
	if (differs)
		refuse(ret, UPDATE_OWNER_FILES_DIFFER, differs);
	return 0;
}

int update_check(struct update_request *req, const uint8_t *running, size_t running_len,
		 struct update_result *ret)
{
	_cleanup_(owner_list_free) struct owner_list now = { .n = 0 };
	int r;

	*ret = (struct update_result){ .refusal = UPDATE_OK };
	if (req->len != running_len || (req->board_size && req->len != req->board_size))
		return refuse(ret, UPDATE_WRONG_SIZE, NULL), 0;
	if (!is_coreboot(req->img, req->len))
		return refuse(ret, UPDATE_NOT_COREBOOT, NULL), 0;
	r = owner_files(running, running_len, &now);
	if (r >= 0)
		r = check_authentic(req, &now, ret);
	if (r >= 0 && ret->refusal == UPDATE_OK)
		r = check_owner(req, &now, ret);
	return r;
}
