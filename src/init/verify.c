/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Checking /boot against the owner's signed manifest: the signature with
 * gpgv against the keyring from the flash, every file, then the rollback
 * counter and the pinned TPM primary key. Each refusal says what failed
 * and what the owner can do about it. */
#include "exitcode.h"
#include "init.h"
#include "log.h"
#include "manifest-binding.h"
#include "manifest-verify.h"
#include "path-escape.h"

#include <fcntl.h>
#include <pthread.h>
#include <inttypes.h>

static void print_diff(enum manifest_diff kind, const struct manifest_entry *want,
		       const struct manifest_entry *have, void *userdata)
{
	const struct manifest_entry *e = want ? want : have;

	(void)userdata;
	if (kind == DIFF_MODE)
		return;
	printf("  %s: /boot/", manifest_diff_name(kind));
	path_escape_write(stdout, e->path);
	if (kind == DIFF_CHANGED && want->size != have->size)
		printf(" (size %" PRIu64 " -> %" PRIu64 ")", want->size, have->size);
	else if (kind == DIFF_CHANGED)
		printf(" (content differs)");
	putchar('\n');
}

static void explain(int r)
{
	if (r == -E_DIFFERS)
		printf("/boot CHANGED since it was signed (files listed above).\n"
		       "If you updated the OS yourself, check the list, then choose 'Update checksums\n"
		       "and sign /boot'. If you did not, treat this machine as tampered.\n");
	else if (r == -E_SIGNATURE)
		printf("/boot is NOT SIGNED by a key in the firmware's keyring.\n"
		       "Its manifest is unsigned, has a bad signature, or was signed by another key.\n"
		       "If you did not expect this, treat /boot as tampered; otherwise sign it with\n"
		       "your key ('Update checksums and sign /boot').\n");
	else if (r == -E_ROLLBACK)
		printf("ROLLBACK: this /boot is an older signed state than the TPM's counter records\n"
		       "(or belongs to another TPM). Someone restored an earlier /boot: treat it as\n"
		       "tampered, or sign the current /boot again if you restored it yourself.\n");
	else
		printf("/boot could not be verified (%s).\n", strerror(-r));
}

/* The signature stage, in a thread of its own: reading the manifest and
 * waiting for gpgv. */
struct signature_job {
	int root;
	struct manifest *m;
	struct manifest_signature sig;
	int r;
};

static void *signature_thread(void *arg)
{
	struct signature_job *j = arg;

	j->r = manifest_verify_signature(j->root, INIT_KEYRING, &j->m, &j->sig);
	return NULL;
}

void init_read_tpm_facts(struct init_state *s)
{
	if (!s->tpm)
		return;
	manifest_binding_read(s->tpm, &s->tpm_facts);
	tpm_session_end(s->tpm);
	s->have_tpm_facts = true;
}

/* What the TPM says of the rollback counter and its identity: read ahead
 * by the boot flow, or now, while gpgv runs and the files are hashed;
 * judged once the manifest is trusted. Each verification uses it once. */
static int read_tpm_facts(struct init_state *s, struct manifest_tpm_facts *ret)
{
	if (!s->tpm)
		return log_error_errno(ENODEV, "Without a TPM the rollback counter cannot be checked.");
	if (!s->have_tpm_facts)
		init_read_tpm_facts(s);
	*ret = s->tpm_facts;
	s->have_tpm_facts = false;
	return 0;
}

static int signature_and_tpm(struct init_state *s, struct signature_job *j,
			     struct manifest_tpm_facts *ret_facts)
{
	pthread_t thread;
	bool threaded = pthread_create(&thread, NULL, signature_thread, j) == 0;
	int r;

	if (!threaded)
		signature_thread(j);
	r = read_tpm_facts(s, ret_facts);
	if (threaded)
		(void)pthread_join(thread, NULL);
	return j->r < 0 ? j->r : r;
}

/* Signature, TPM binding, files: the three run side by side (gpgv, the
 * TPM's round trips, hashing), and are judged in that order. A
 * rolled-back or foreign state is refused as such, whatever its files. */
static int check(struct init_state *s, int root, struct manifest **ret)
{
	_cleanup_manifest_scan_ struct manifest_scan *scan = NULL;
	_cleanup_manifest_ struct manifest *m = NULL;
	struct signature_job j = { .root = root };
	struct manifest_tpm_facts facts;
	struct manifest_binding b;
	size_t n = 0;
	int r = manifest_scan_start(root, &scan);

	if (r < 0)
		return r;
	r = signature_and_tpm(s, &j, &facts);
	m = TAKE_PTR(j.m);
	if (r < 0)
		return r;
	printf("Signed by \"%s\" (key %s).\n", j.sig.status.uid, j.sig.status.fingerprint);
	fflush(stdout);
	r = manifest_binding_judge(m, &facts, &b);
	if (r < 0)
		return r;
	r = manifest_scan_finish(TAKE_PTR(scan), m, print_diff, NULL, &n);
	if (r < 0)
		return r;
	printf("All %zu files match; rollback counter %" PRIu64 " is current.\n", n, b.tpm_counter);
	*ret = TAKE_PTR(m);
	return 0;
}

int init_verify_boot(struct init_state *s)
{
	_cleanup_close_ int root = -1;
	struct manifest *m = NULL;
	int r;

	s->boot_verified = false;
	free(s->default_entry);
	s->default_entry = NULL;
	if (!s->boot_dev[0])
		return log_error_errno(ENODEV, "No /boot to verify.");
	printf("Verifying /boot against its signed manifest...\n");
	fflush(stdout);
	root = open(INIT_BOOT_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	r = root < 0 ? negative_errno() : check(s, root, &m);
	fflush(stdout);
	if (r < 0) {
		explain(r);
		return r;
	}
	if (m->default_entry)
		s->default_entry = strdup(m->default_entry);
	manifest_free(m);
	s->boot_verified = true;
	printf("/boot verified.\n");
	return 0;
}
