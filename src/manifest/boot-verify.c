/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The /boot verification flow (boot-verify.h). */
#include "boot-verify.h"
#include "errors.h"
#include "log.h"
#include "path-escape.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>

struct diff_list {
	struct boot_verification *v;
	int r;
};

static int dup_or_null(const char *s, char **ret)
{
	*ret = NULL;
	if (s && !(*ret = strdup(s)))
		return -ENOMEM;
	return 0;
}

static int diff_fill(struct boot_difference *d, enum manifest_diff kind,
		     const struct manifest_entry *want, const struct manifest_entry *have)
{
	const struct manifest_entry *e = want ? want : have;

	*d = (struct boot_difference){ .kind = kind };
	if (!e)
		return -EINVAL;
	if (want) {
		d->want_type = want->type;
		d->want_size = want->size;
		d->want_mode = want->mode;
	}
	if (have) {
		d->have_type = have->type;
		d->have_size = have->size;
		d->have_mode = have->mode;
	}
	if (dup_or_null(e->path, &d->path) < 0 ||
	    dup_or_null(want && want->type == MANIFEST_SYMLINK ? want->target : NULL,
			&d->want_target) < 0 ||
	    dup_or_null(have && have->type == MANIFEST_SYMLINK ? have->target : NULL,
			&d->have_target) < 0)
		return -ENOMEM;
	return 0;
}

static void diff_free(struct boot_difference *d)
{
	free(d->path);
	free(d->want_target);
	free(d->have_target);
}

static void collect(enum manifest_diff kind, const struct manifest_entry *want,
		    const struct manifest_entry *have, void *userdata)
{
	struct diff_list *l = userdata;
	struct boot_verification *v = l->v;
	struct boot_difference *n;

	if (l->r < 0)
		return;
	n = reallocarray(v->diffs, v->n_diffs + 1, sizeof(*n));
	if (!n) {
		l->r = -ENOMEM;
		return;
	}
	v->diffs = n;
	l->r = diff_fill(&n[v->n_diffs], kind, want, have);
	v->n_diffs++;
}

/* The signature stage, in a thread of its own: reading the manifest and
 * waiting for gpgv, while the caller's thread asks the TPM. */
struct signature_job {
	int root;
	const char *keyring;
	struct manifest *m;
	struct manifest_signature sig;
	int r;
};

static void *signature_thread(void *arg)
{
	struct signature_job *j = arg;

	j->r = manifest_verify_signature(j->root, j->keyring, &j->m, &j->sig);
	return NULL;
}

static void tpm_facts(const struct boot_verify_options *o, struct manifest_tpm_facts *ret)
{
	if (o->facts)
		*ret = *o->facts;
	else if (o->tpm)
		manifest_binding_read(o->tpm, ret);
}

static void signature_and_facts(const struct boot_verify_options *o, struct signature_job *j,
				struct manifest_tpm_facts *ret_facts)
{
	pthread_t thread;
	bool threaded = pthread_create(&thread, NULL, signature_thread, j) == 0;

	if (!threaded)
		signature_thread(j);
	if (!o->skip_tpm)
		tpm_facts(o, ret_facts);
	if (threaded)
		(void)pthread_join(thread, NULL);
}

static int tpm_stage(const struct boot_verify_options *o, const struct manifest *m,
		     const struct manifest_tpm_facts *f, struct boot_verification *v)
{
	if (o->skip_tpm)
		return 0;
	if (!o->tpm && !o->facts)
		return log_error_errno(ENODEV,
				       "Without a TPM the rollback counter cannot be checked.");
	v->tpm_checked = true;
	return manifest_binding_judge(m, f, &v->binding);
}

/* Which /boot: a pinned manifest verifies only on the file system it
 * was signed on, so a copy of /boot elsewhere is not it. */
static int fs_stage(const struct boot_verify_options *o, const struct manifest *m,
		    struct boot_verification *v)
{
	v->pinned = m->fs;
	if (!manifest_fs_pinned(&m->fs) || o->skip_fs_pin)
		return 0;
	v->fs_checked = true;
	if (!o->fs)
		return log_error_errno(E_OTHER_FS,
				       "The manifest pins a file system (UUID %s), but BOOTDIR is not the root of a file system on a block device.",
				       m->fs.uuid);
	if (!manifest_fs_matches(&m->fs, o->fs))
		return log_error_errno(E_OTHER_FS,
				       "BOOTDIR is not the file system its manifest pins: the manifest names UUID %s, partition UUID %s; BOOTDIR is UUID %s, partition UUID %s.",
				       m->fs.uuid, m->fs.partuuid[0] ? m->fs.partuuid : "none",
				       o->fs->uuid[0] ? o->fs->uuid : "none",
				       o->fs->partuuid[0] ? o->fs->partuuid : "none");
	return 0;
}

static int files_stage(struct manifest_scan *scan, struct manifest *m, struct boot_verification *v)
{
	struct diff_list l = { .v = v };
	int r = manifest_scan_finish(scan, m, collect, &l, &v->n_checked);

	return l.r < 0 ? l.r : r;
}

int boot_verify(int root_fd, const struct boot_verify_options *o, struct boot_verification *v)
{
	_cleanup_manifest_scan_ struct manifest_scan *scan = NULL;
	_cleanup_manifest_ struct manifest *m = NULL;
	struct signature_job j = { .root = root_fd, .keyring = o->keyring };
	struct manifest_tpm_facts facts = { .counter_r = -ENODEV, .primary_r = -ENODEV };
	int r;

	*v = (struct boot_verification){ .stage = BOOT_VERIFY_FILES };
	r = manifest_scan_start(root_fd, o->keep_images, &scan);
	if (r < 0)
		return r;
	v->stage = BOOT_VERIFY_SIGNATURE;
	signature_and_facts(o, &j, &facts);
	m = TAKE_PTR(j.m);
	if (j.r < 0)
		return j.r;
	v->sig = j.sig;
	v->stage = BOOT_VERIFY_FS;
	r = fs_stage(o, m, v);
	if (r < 0)
		return r;
	v->stage = BOOT_VERIFY_TPM;
	r = tpm_stage(o, m, &facts, v);
	if (r < 0)
		return r;
	v->stage = BOOT_VERIFY_FILES;
	r = files_stage(TAKE_PTR(scan), m, v);
	if (r < 0)
		return r;
	v->stage = BOOT_VERIFY_DONE;
	v->manifest = TAKE_PTR(m);
	return 0;
}

void boot_verification_clear(struct boot_verification *v)
{
	for (size_t i = 0; i < v->n_diffs; i++)
		diff_free(&v->diffs[i]);
	free(v->diffs);
	manifest_free(v->manifest);
	*v = (struct boot_verification){ 0 };
}

static void print_target(FILE *out, const char *t)
{
	if (t)
		path_escape_write(out, t);
	else
		fputs("?", out);
}

void boot_difference_print(FILE *out, const char *prefix, const struct boot_difference *d)
{
	fprintf(out, "%s: %s", manifest_diff_name(d->kind), prefix);
	path_escape_write(out, d->path);
	switch (d->kind) {
	case DIFF_ADDED:
		if (d->have_type != MANIFEST_FILE)
			fprintf(out, " (%s)", manifest_type_name(d->have_type));
		break;
	case DIFF_TYPE:
		fprintf(out, " (%s -> %s)", manifest_type_name(d->want_type),
			manifest_type_name(d->have_type));
		break;
	case DIFF_CHANGED:
		if (d->want_size != d->have_size)
			fprintf(out, " (size %" PRIu64 " -> %" PRIu64 ")", d->want_size,
				d->have_size);
		else
			fputs(" (content differs)", out);
		break;
	case DIFF_MODE:
		fprintf(out, " (%04o -> %04o)", (unsigned)d->want_mode, (unsigned)d->have_mode);
		break;
	case DIFF_TARGET:
		fputs(" (", out);
		print_target(out, d->want_target);
		fputs(" -> ", out);
		print_target(out, d->have_target);
		fputs(")", out);
		break;
	default:
		break;
	}
}
