/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Signature and file stages of verification. The manifest is read once
 * into memory; gpgv checks those bytes and the parser reads the same. */
#include "manifest-verify.h"
#include "errors.h"
#include "gpgv.h"
#include "log.h"
#include "manifest-parse.h"
#include "manifest-tree.h"
#include "fileio.h"

#include <fcntl.h>
#include <pthread.h>

static int read_signed_files(int heads_fd, char **m, size_t *m_len, char **sig, size_t *sig_len,
			     char **staged, size_t *staged_len)
{
	int r = read_file_at(heads_fd, MANIFEST_NAME, MANIFEST_MAX_SIZE, m, m_len);

	if (r == -ENOENT)
		return log_error_errno(E_SIGNATURE,
				       "This /boot is not signed: it has no heads/manifest");
	if (r == -EFBIG)
		return log_error_errno(EBADMSG, "heads/manifest is larger than %u MiB: refused",
				       MANIFEST_MAX_SIZE >> 20);
	if (r < 0)
		return log_error_errno(r, "Cannot read heads/manifest: %m");
	r = read_file_at(heads_fd, MANIFEST_SIG_NAME, MANIFEST_SIG_MAX, sig, sig_len);
	if (r < 0 && r != -ENOENT && r != -EFBIG)
		return log_error_errno(r, "Cannot read heads/manifest.sig: %m");
	(void)read_file_at(heads_fd, MANIFEST_SIG_NEW_NAME, MANIFEST_SIG_MAX, staged, staged_len);
	if (!*sig && !*staged)
		return log_error_errno(E_SIGNATURE,
				       "BOOTDIR is not signed: heads/manifest has no signature heads/manifest.sig");
	return 0;
}

static int report_bad_signature(const struct gpgv_status *s, const char *keyring)
{
	enum gpgv_verdict v = gpgv_status_verdict(s);

	if (v == GPGV_UNKNOWN_KEY)
		return log_error_errno(E_SIGNATURE, "Signature check failed: %s %s (key %s)",
				       gpgv_verdict_text(v), keyring,
				       s->keyid[0] ? s->keyid : "unknown");
	if (s->uid[0])
		return log_error_errno(E_SIGNATURE, "Signature check failed: %s (key %s, \"%s\")",
				       gpgv_verdict_text(v), s->keyid, s->uid);
	return log_error_errno(E_SIGNATURE, "Signature check failed: %s", gpgv_verdict_text(v));
}

static int check_signatures(const char *keyring, const char *m, size_t m_len, const char *sig,
			    size_t sig_len, const char *staged, size_t staged_len,
			    struct manifest_signature *ret)
{
	struct gpgv_status first = { 0 };
	int r = 0;

	if (sig) {
		r = gpgv_verify(keyring, m, m_len, sig, sig_len, &first);
		if (r < 0)
			return r;
		if (gpgv_status_verdict(&first) == GPGV_GOOD) {
			ret->status = first;
			return 0;
		}
	}
	/* A signing cut off between its two renames leaves the new manifest
	 * with its signature still under the staging name. */
	if (staged) {
		r = gpgv_verify(keyring, m, m_len, staged, staged_len, &ret->status);
		if (r < 0)
			return r;
		if (gpgv_status_verdict(&ret->status) == GPGV_GOOD) {
			ret->staged = true;
			return 0;
		}
	}
	return report_bad_signature(sig ? &first : &ret->status, keyring);
}

static int parse_signed(const char *buf, size_t len, struct manifest **ret)
{
	struct manifest_parse_error err;
	int r = manifest_parse(buf, len, ret, &err);

	if (r == -EBADMSG)
		return log_error_errno(r, "heads/manifest is signed but malformed: line %zu: %s",
				       err.line, err.reason);
	return r < 0 ? log_error_errno(r, "Cannot parse heads/manifest: %m") : 0;
}

int manifest_verify_signature(int root_fd, const char *keyring, struct manifest **ret,
			      struct manifest_signature *ret_sig)
{
	_cleanup_free_ char *m = NULL, *sig = NULL, *staged = NULL;
	_cleanup_close_ int heads_fd = -1;
	size_t m_len = 0, sig_len = 0, staged_len = 0;
	int r = gpgv_keyring_check(keyring);

	*ret_sig = (struct manifest_signature){ 0 };
	if (r < 0)
		return r;
	heads_fd = openat(root_fd, MANIFEST_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (heads_fd < 0 && errno == ENOENT)
		return log_error_errno(E_SIGNATURE,
				       "This /boot is not signed: it has no heads/manifest");
	if (heads_fd < 0)
		return log_error_errno(errno, "Cannot open BOOTDIR/heads: %m");
	r = read_signed_files(heads_fd, &m, &m_len, &sig, &sig_len, &staged, &staged_len);
	if (r >= 0)
		r = check_signatures(keyring, m, m_len, sig, sig_len, staged, staged_len, ret_sig);
	if (r >= 0)
		r = parse_signed(m, m_len, ret);
	return r;
}

/* Only files the manifest lists with the same size are worth hashing. */
static bool want_hash(const char *path, uint64_t size, void *userdata)
{
	const struct manifest_entry *e = manifest_find(userdata, path);

	return e && e->type == MANIFEST_FILE && e->size == size;
}

struct manifest_scan {
	int root_fd;
	uint64_t keep_max;
	pthread_t thread;
	bool running;
	struct manifest *tree;
	int result;
};

static void *scan_thread(void *arg)
{
	struct manifest_scan *sc = arg;

	sc->result = manifest_tree_scan(sc->root_fd, NULL, NULL, sc->keep_max, &sc->tree);
	return NULL;
}

int manifest_scan_start(int root_fd, uint64_t keep_max, struct manifest_scan **ret)
{
	_cleanup_free_ struct manifest_scan *sc = calloc(1, sizeof(*sc));

	if (!sc)
		return -ENOMEM;
	sc->keep_max = keep_max;
	sc->root_fd = fcntl(root_fd, F_DUPFD_CLOEXEC, 3);
	if (sc->root_fd < 0)
		return negative_errno();
	sc->running = pthread_create(&sc->thread, NULL, scan_thread, sc) == 0;
	if (!sc->running)
		scan_thread(sc); /* no thread: scan here */
	*ret = TAKE_PTR(sc);
	return 0;
}

static void scan_wait(struct manifest_scan *sc)
{
	if (sc->running)
		(void)pthread_join(sc->thread, NULL);
	sc->running = false;
}

void manifest_scan_free(struct manifest_scan *sc)
{
	if (!sc)
		return;
	scan_wait(sc);
	manifest_free(sc->tree);
	close(sc->root_fd);
	free(sc);
}

/* The images read by the scan go to the verified manifest's entries whose
 * size and hash they match; the others are dropped with the scan. */
static void take_images(struct manifest *m, struct manifest *tree)
{
	for (size_t i = 0; i < m->n_entries; i++) {
		struct manifest_entry *want = &m->entries[i];
		struct manifest_entry *have =
			(struct manifest_entry *)manifest_find(tree, want->path);

		if (want->type != MANIFEST_FILE || !want->hashed || !have || !have->image ||
		    have->type != MANIFEST_FILE || !have->hashed || have->size != want->size ||
		    memcmp(have->sha256, want->sha256, SHA256_SIZE) != 0)
			continue;
		manifest_entry_drop_image(want);
		want->image = TAKE_PTR(have->image);
	}
}

int manifest_scan_finish(struct manifest_scan *sc, struct manifest *m, manifest_diff_fn fn,
			 void *userdata, size_t *ret_checked)
{
	size_t failures;
	int r;

	scan_wait(sc);
	r = sc->result;
	if (r >= 0) {
		failures = manifest_compare(m, sc->tree, fn, userdata);
		if (ret_checked)
			*ret_checked = m->n_entries;
		r = failures ? -E_DIFFERS : 0;
		if (!failures)
			take_images(m, sc->tree);
	}
	manifest_scan_free(sc);
	return r;
}

int manifest_verify_files(int root_fd, const struct manifest *m, manifest_diff_fn fn,
			  void *userdata, size_t *ret_checked)
{
	_cleanup_manifest_ struct manifest *tree = NULL;
	int r = manifest_tree_scan(root_fd, want_hash, (void *)m, 0, &tree);
	size_t failures;

	if (r < 0)
		return r;
	failures = manifest_compare(m, tree, fn, userdata);
	if (ret_checked)
		*ret_checked = m->n_entries;
	return failures ? -E_DIFFERS : 0;
}
