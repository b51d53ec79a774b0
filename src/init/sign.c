/* SPDX-License-Identifier: GPL-2.0-or-later */
/* "Update checksums and sign /boot": the owner's key (a GnuPG home on a
 * USB key, standing in for an OpenPGP smartcard) is mounted only for this,
 * /boot is writable only while the manifest is written, and the rollback
 * counter advances so every earlier signed /boot is refused. */
#include "console.h"
#include "init.h"
#include "log.h"
#include "manifest-sign.h"
#include "strbuf.h"

#include <fcntl.h>
#include <inttypes.h>
#include <sys/mount.h>

/* gpg_sign() has stopped the agent by now; a moment's retry covers a
 * process still letting go of its files. */
static int unmount_key(void)
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

static int sign_mounted(struct init_state *s)
{
	struct manifest_sign_options o = { .gpg = { .homedir = INIT_KEY_DIR "/.gnupg" },
					   .fs = &s->boot_fs };
	struct manifest_sign_result res = { 0 };
	_cleanup_close_ int root = -1;
	int r = init_boot_writable(s, true);

	if (r < 0)
		return r;
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

int init_sign_boot(struct init_state *s)
{
	int r, u;

	s->have_tpm_facts = false; /* signing moves the counter: read it again after */
	if (!s->tpm || !s->boot_dev[0])
		return log_error_errno(ENODEV, "Signing needs %s.",
				       s->tpm ? "a /boot" : "the TPM (for the rollback counter)");
	if (s->boot_verified && !ui_confirm("/boot verifies as it is. Sign it again anyway?", false))
		return 0;
	r = init_mount_key(s);
	if (r < 0)
		return r;
	printf("Hashing every file in /boot and signing the manifest with the owner's key...\n");
	fflush(stdout);
	r = sign_mounted(s);
	sync();
	u = unmount_key();
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
