/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The signing protocol. Writes, each atomic and durable, in this order:
 *   1. heads/manifest.new          (counter C = TPM + 1, or + 2)
 *   2. heads/manifest.sig.new      (gpg's detached signature of it)
 *   3. rename manifest.new -> manifest
 *   4. rename manifest.sig.new -> manifest.sig
 *   5. advance the TPM counter to C
 * The verifier accepts manifest + manifest.sig, else manifest +
 * manifest.sig.new (a cut between 3 and 4), and C == TPM or C == TPM + 1
 * (a cut before 5). */
#include "manifest-sign.h"
#include "atomic-at.h"
#include "counter.h"
#include "log.h"
#include "manifest-format.h"
#include "manifest-parse.h"
#include "manifest-tree.h"
#include "primary-pin.h"
#include "fileio.h"
#include "rollback.h"
#include "subprocess.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

void manifest_sign_result_done(struct manifest_sign_result *r)
{
	manifest_default_done(&r->default_entry);
}

static int open_heads_dir(int root_fd)
{
	int fd;

	if (mkdirat(root_fd, MANIFEST_DIR, 0755) < 0 && errno != EEXIST)
		return log_error_errno(errno, "Cannot create BOOTDIR/" MANIFEST_DIR ": %m");
	fd = openat(root_fd, MANIFEST_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return log_error_errno(errno, "Cannot open BOOTDIR/" MANIFEST_DIR ": %m");
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return log_error_errno(EBUSY, "Another signing of this /boot is in progress");
	}
	return fd;
}

/* A manifest already on disk, unverified: only its counter is looked at
 * (a higher one only moves the new counter further on). NULL when absent
 * or unreadable. */
static struct manifest *load_unverified(int heads_fd, const char *name)
{
	_cleanup_free_ char *buf = NULL;
	struct manifest *m = NULL;
	size_t len = 0;

	if (read_file_at(heads_fd, name, MANIFEST_MAX_SIZE, &buf, &len) < 0)
		return NULL;
	if (manifest_parse(buf, len, &m, NULL) < 0)
		return NULL;
	return m;
}

static int check_tree(const struct manifest *tree, struct manifest_sign_result *res)
{
	for (size_t i = 0; i < tree->n_entries; i++) {
		const struct manifest_entry *e = &tree->entries[i];
		if (e->type == MANIFEST_OTHER)
			return log_error_errno(EINVAL,
					       "Cannot sign %s: it is a device, FIFO or socket, not a file",
					       e->path);
		res->n_files += e->type == MANIFEST_FILE;
		res->n_symlinks += e->type == MANIFEST_SYMLINK;
	}
	if (res->n_files + res->n_symlinks == 0)
		return log_error_errno(EINVAL,
				       "BOOTDIR holds no files: refusing to sign an empty directory (is /boot mounted?)");
	return 0;
}

/* The given default, else the current manifest's when it verifies
 * against the owner's keyring; before anything is written. */
static int choose_default(int root_fd, struct tpm *t, const struct manifest_sign_options *o,
			  struct manifest *m, struct manifest_default *ret)
{
	int r = o->set_default ? manifest_default_given(o->default_entry, ret) :
				 manifest_default_current(root_fd, t, o->keyring, ret);

	if (r < 0 || !ret->title)
		return r;
	m->default_entry = strdup(ret->title);
	return m->default_entry ? 0 : -ENOMEM;
}

/* Fills the TPM-bound fields: the hash of the primary key the front end
 * checked against its pin, and the new counter. */
static int pin_and_counter(struct tpm *t, const struct manifest_binder *b, uint8_t pin[SHA256_SIZE],
			   uint64_t *counter)
{
	int r = b ? b->pin(b->userdata, pin) : tpm_primary_pinned_hash(t, pin);

	if (r >= 0)
		r = b ? b->counter(b->userdata, counter) : tpm_counter_ensure(t, counter);
	return r;
}

static int bind_to_tpm(struct tpm *t, const struct manifest_binder *b, int heads_fd,
		       struct manifest *m, const struct manifest *current)
{
	_cleanup_manifest_ struct manifest *staged = load_unverified(heads_fd, MANIFEST_NEW_NAME);
	uint64_t seen[2], tpm_value = 0;
	size_t n = 0;
	int r = pin_and_counter(t, b, m->primary, &tpm_value);

	if (r < 0)
		return r;
	if (current)
		seen[n++] = current->counter;
	if (staged)
		seen[n++] = staged->counter;
	m->counter = rollback_next(tpm_value, seen, n);
	log_debug("TPM counter %llu, new manifest counter %llu", (unsigned long long)tpm_value,
		  (unsigned long long)m->counter);
	return 0;
}

static int write_signature(int heads_fd, const struct manifest_sign_options *o, const char *buf,
			   size_t len)
{
	char tmp[ATOMIC_TMP_MAX];
	_cleanup_close_ int data_fd = subprocess_memfd("manifest", buf, len);
	_cleanup_close_ int out_fd = atomic_create_at(heads_fd, MANIFEST_SIG_NEW_NAME, 0644, tmp);
	int r;

	if (data_fd < 0 || out_fd < 0)
		return log_error_errno(data_fd < 0 ? data_fd : out_fd,
				       "Cannot stage the signature: %m");
	r = o->signer ? o->signer(o->signer_data, data_fd, out_fd) :
			gpg_sign(&o->gpg, data_fd, out_fd);
	if (r >= 0 && lseek(out_fd, 0, SEEK_END) <= 0)
		r = log_error_errno(EIO, "gpg wrote an empty signature");
	if (r < 0) {
		(void)unlinkat(heads_fd, tmp, 0);
		return r;
	}
	return atomic_commit_at(heads_fd, out_fd, tmp, MANIFEST_SIG_NEW_NAME);
}

static int write_and_sign(int heads_fd, const struct manifest_sign_options *o, const char *buf,
			  size_t len)
{
	int r = atomic_write_at(heads_fd, MANIFEST_NEW_NAME, buf, len, 0644);

	if (r < 0)
		return log_error_errno(r, "Cannot write BOOTDIR/heads/" MANIFEST_NEW_NAME ": %m");
	r = write_signature(heads_fd, o, buf, len);
	if (r < 0) {
		(void)unlinkat(heads_fd, MANIFEST_NEW_NAME, 0);
		return r;
	}
	r = rename_sync_at(heads_fd, MANIFEST_NEW_NAME, MANIFEST_NAME);
	if (r >= 0)
		r = rename_sync_at(heads_fd, MANIFEST_SIG_NEW_NAME, MANIFEST_SIG_NAME);
	if (r < 0)
		return log_error_errno(r, "Cannot put the new manifest in place: %m");
	return 0;
}

static int build(int root_fd, int heads_fd, struct tpm *t, const struct manifest_sign_options *o,
		 struct manifest **ret, struct manifest_sign_result *res)
{
	_cleanup_manifest_ struct manifest *current = load_unverified(heads_fd, MANIFEST_NAME);
	_cleanup_manifest_ struct manifest *m = NULL;
	int r = manifest_tree_scan(root_fd, NULL, NULL, 0, &m);

	if (r >= 0)
		r = check_tree(m, res);
	if (r >= 0 && o->fs)
		m->fs = *o->fs;
	if (r >= 0)
		r = choose_default(root_fd, t, o, m, &res->default_entry);
	if (r >= 0)
		r = bind_to_tpm(t, o->binder, heads_fd, m, current);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(m);
	return 0;
}

int manifest_sign(int root_fd, struct tpm *t, const struct manifest_sign_options *o,
		  struct manifest_sign_result *ret)
{
	_cleanup_close_ int heads_fd = open_heads_dir(root_fd);
	_cleanup_manifest_ struct manifest *m = NULL;
	_cleanup_free_ char *buf = NULL;
	uint64_t final = 0;
	size_t len = 0;
	int r;

	if (heads_fd < 0)
		return heads_fd;
	*ret = (struct manifest_sign_result){ 0 };
	r = build(root_fd, heads_fd, t, o, &m, ret);
	if (r >= 0)
		r = manifest_format(m, &buf, &len);
	if (r >= 0)
		r = write_and_sign(heads_fd, o, buf, len);
	if (r >= 0)
		r = o->binder ? o->binder->advance(o->binder->userdata, m->counter, &final) :
				tpm_counter_advance(t, m->counter, &final);
	if (r < 0) {
		manifest_sign_result_done(ret);
		return r;
	}
	ret->counter = m->counter;
	return 0;
}
