/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Checking /boot against the owner's signed manifest with the library's
 * flow (boot-verify.h): the signature with gpgv against the keyring from
 * the flash, the rollback counter and the pinned TPM primary key, then
 * every file. Each refusal says what failed and what the owner can do
 * about it, in the words of this menu. */
#include "boot-verify.h"
#include "exitcode.h"
#include "init.h"
#include "log.h"

#include <fcntl.h>
#include <inttypes.h>

/* The files of /boot are read once, at verification, into sealed memory
 * that the boot then loads: up to this many bytes of them (a /boot with
 * several kernels and large initrds is partly read again at boot). */
#define KEEP_IMAGES (256ull << 20)

static void print_differences(const struct boot_verification *v)
{
	for (size_t i = 0; i < v->n_diffs; i++) {
		if (!manifest_diff_fails(v->diffs[i].kind))
			continue;
		printf("  ");
		boot_difference_print(stdout, "/boot/", &v->diffs[i]);
		putchar('\n');
	}
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
	else if (r == -E_OTHER_FS)
		printf("This /boot is NOT THE SIGNED ONE: its manifest pins another file system.\n"
		       "Treat it as a copy put in place of /boot, or sign it if you moved /boot\n"
		       "yourself ('Update checksums and sign /boot').\n");
	else if (r == -EBADMSG)
		printf("/boot's signed manifest cannot be used (see above). If it was signed by an\n"
		       "older version, check /boot and sign it again ('Update checksums and sign /boot').\n");
	else if (r == -E_ROLLBACK)
		printf("ROLLBACK: this /boot is an older signed state than the TPM's counter records\n"
		       "(or belongs to another TPM). Someone restored an earlier /boot: treat it as\n"
		       "tampered, or sign the current /boot again if you restored it yourself.\n");
	else
		printf("/boot could not be verified (%s).\n", strerror(-r));
}

void init_read_tpm_facts(struct init_state *s)
{
	if (s->tpm12) {
		init_tpm12_facts(s, &s->tpm_facts);
		s->have_tpm_facts = true;
		return;
	}
	if (!s->tpm)
		return;
	manifest_binding_read(s->tpm, &s->tpm_facts);
	tpm_session_end(s->tpm);
	s->have_tpm_facts = true;
}

/* The flow (boot-verify.h), with the TPM's facts read ahead by the boot
 * flow when it could; each verification uses them once. */
static int check(struct init_state *s, int root, struct manifest **ret)
{
	_cleanup_(boot_verification_clear) struct boot_verification v = { 0 };
	struct boot_verify_options o;
	int r;

	if (s->tpm12 && !s->have_tpm_facts)
		init_read_tpm_facts(s);
	o = (struct boot_verify_options){
		.keyring = INIT_KEYRING,
		.tpm = s->tpm,
		.facts = s->have_tpm_facts ? &s->tpm_facts : NULL,
		.fs = &s->boot_fs,
		.keep_images = KEEP_IMAGES,
	};
	r = boot_verify(root, &o, &v);

	s->have_tpm_facts = false;
	if (v.stage > BOOT_VERIFY_SIGNATURE)
		printf("Signed by \"%s\" (key %s).\n", v.sig.status.uid, v.sig.status.fingerprint);
	print_differences(&v);
	if (r < 0)
		return r;
	printf("All %zu files and directories match; rollback counter %" PRIu64 " is current.\n",
	       v.n_checked, v.binding.tpm_counter);
	if (!v.fs_checked)
		printf("Its manifest does not pin its file system: sign /boot again so that only\n"
		       "this disk is taken as /boot.\n");
	*ret = TAKE_PTR(v.manifest);
	return 0;
}

int init_verify_boot(struct init_state *s)
{
	_cleanup_close_ int root = -1;
	struct manifest *m = NULL;
	int r;

	s->boot_verified = false;
	s->have_signed_pin = false;
	manifest_free(s->manifest);
	s->manifest = NULL;
	free(s->default_entry);
	s->default_entry = NULL;
	if (!s->boot_dev[0])
		return log_error_errno(ENODEV, "No /boot to verify%s%s.", s->boot_absent ? ": " : "",
				       s->boot_absent ? s->boot_absent : "");
	printf("Verifying /boot against its signed manifest...\n");
	fflush(stdout);
	root = open(INIT_BOOT_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	r = root < 0 ? negative_errno() : check(s, root, &m);
	s->tpm_unvouched = r == -E_ROLLBACK;
	fflush(stdout);
	if (r < 0) {
		explain(r);
		return r;
	}
	if (m->default_entry)
		s->default_entry = strdup(m->default_entry);
	memcpy(s->signed_pin, m->primary, sizeof(s->signed_pin));
	s->have_signed_pin = true;
	s->manifest = m;
	s->boot_verified = true;
	printf("/boot verified.\n");
	return 0;
}
