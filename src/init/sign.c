/* SPDX-License-Identifier: GPL-2.0-or-later */
/* "Update checksums and sign /boot": the owner's key (a GnuPG home on a
 * USB key, standing in for an OpenPGP smartcard) is mounted only for this,
 * /boot is writable only while the manifest is written, and the rollback
 * counter advances so every earlier signed /boot is refused. */
#include "console.h"
#include "errors.h"
#include "init.h"
#include "log.h"
#include "manifest-sign.h"
#include "strbuf.h"

#include <fcntl.h>
#include <inttypes.h>
#include <sys/mount.h>

/* gpg_sign() has stopped the agent by now; a moment's retry covers a
 * process still letting go of its files. */
int init_unmount_key(void)
{
	int r = 0;

	for (int i = 0; i < 20; i++) {
		if (umount(INIT_KEY_DIR) == 0)
			return 0;
		r = negative_errno();
		if (r != -EBUSY)
			break;
		usleep(100 * 1000);
	}
	return r;
}

/* The pin is kept before /boot is hashed, so the manifest covers it. */
static int sign_mounted(struct init_state *s, const char *default_entry, const struct primary_pin *pin)
{
	struct manifest_sign_options o = {
		.gpg = { .homedir = INIT_KEY_DIR "/.gnupg" },
		.default_entry = default_entry,
		.set_default = true,
		.fs = &s->boot_fs,
		.binder = s->tpm12 ? init_sign12_binder(s) : NULL,
	};
	struct manifest_sign_result res = { 0 };
	_cleanup_close_ int root = -1;
	int r = init_boot_writable(s, true);

	if (r < 0)
		return r;
	init_primary_pin_keep(pin);
	root = open(INIT_BOOT_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	r = root < 0 ? negative_errno() : manifest_sign(root, s->tpm, &o, &res);
	(void)init_boot_writable(s, false);
	if (r < 0)
		return r;
	printf("Signed %zu files in /boot; rollback counter is now %" PRIu64 ".\n", res.n_files,
	       res.counter);
	if (manifest_fs_pinned(&s->boot_fs))
		printf("/boot is pinned to %s (file system UUID %s, partition UUID %s).\n",
		       s->boot_dev, s->boot_fs.uuid,
		       s->boot_fs.partuuid[0] ? s->boot_fs.partuuid : "none");
	manifest_sign_result_done(&res);
	return 0;
}

/* Mounts the key, signs with this default, unmounts, verifies again. */
static int sign_with_default(struct init_state *s, const char *default_entry)
{
	struct primary_pin pin;
	int r, u;

	s->have_tpm_facts = false; /* signing moves the counter: read it again after */
	r = init_primary_pin(s, &pin);
	if (r < 0)
		return r;
	r = init_mount_key(s);
	if (r < 0)
		return r;
	printf("Hashing every file in /boot and signing the manifest with the owner's key...\n");
	fflush(stdout);
	r = sign_mounted(s, default_entry, &pin);
	sync();
	u = init_unmount_key();
	if (u < 0)
		log_warning_errno(u, "Cannot unmount the signing key: %m");
	else
		printf("Signing key unmounted.\n");
	if (r < 0)
		return log_error_errno(r, "/boot was not signed: %m");
	if (u >= 0)
		printf("You can remove the signing key now.\n");
	return init_verify_boot(s);
}

static int can_sign(const struct init_state *s)
{
	bool tpm = s->tpm || s->tpm12;

	if (!tpm || !s->boot_dev[0])
		return log_error_errno(ENODEV, "Signing needs %s.",
				       tpm ? "a /boot" : "the TPM (for the rollback counter)");
	return 0;
}

/* What the owner is shown before signing: the default that will be signed. */
static void print_default(const struct manifest_default *d)
{
	switch (d->source) {
	case MANIFEST_DEFAULT_GIVEN:
	case MANIFEST_DEFAULT_KEPT:
		printf("Default boot entry to sign: %s\n", d->title);
		break;
	case MANIFEST_DEFAULT_UNVERIFIED:
		printf("No default boot entry will be signed: the manifest on /boot does not verify\n"
		       "(%s), so the entry it names is not carried over.\n",
		       manifest_default_unverified_reason(d));
		break;
	default:
		printf("No default boot entry will be signed (the first entry boots by default).\n");
		break;
	}
	if (d->source != MANIFEST_DEFAULT_GIVEN)
		printf("To choose one: Boot menu, then 'dN' makes entry N the default.\n");
}

/* The default to sign: the current manifest's, kept only when it verifies
 * against the firmware's keyring and the TPM's counter. */
static int current_default(struct init_state *s, struct manifest_default *ret)
{
	_cleanup_close_ int root = open(INIT_BOOT_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct manifest_tpm_facts f;

	if (root < 0)
		return log_error_errno(errno, "Cannot open /boot: %m");
	if (!s->tpm12)
		return manifest_default_current(root, s->tpm, INIT_KEYRING, ret);
	init_tpm12_facts(s, &f);
	return manifest_default_current_facts(root, &f, INIT_KEYRING, ret);
}

int init_sign_boot(struct init_state *s)
{
	_cleanup_(manifest_default_done) struct manifest_default d = { 0 };
	int r = can_sign(s);

	if (r >= 0)
		r = current_default(s, &d);
	if (r < 0)
		return r;
	print_default(&d);
	if (s->boot_verified ? !ui_confirm("/boot verifies as it is. Sign it again anyway?", false) :
			       !ui_confirm("Sign /boot with this default?", true))
		return 0;
	return sign_with_default(s, d.title);
}

int init_make_default(struct init_state *s, const char *title)
{
	_cleanup_(manifest_default_done) struct manifest_default d = { 0 };
	int r = can_sign(s);

	if (r >= 0)
		r = manifest_default_given(title, &d);
	if (r < 0)
		return r;
	print_default(&d);
	if (!ui_confirm("Sign /boot with this default?", true))
		return 0;
	return sign_with_default(s, d.title);
}
