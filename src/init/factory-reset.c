/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The factory reset from the menu: the words around the flow
 * (flow/factory-reset.h). The new key is made in a new GnuPG home on the
 * owner's key disk; /boot is writable while the flow runs; the machine
 * reboots into its new owner's state when it is done. */
#include "console.h"
#include "errors.h"
#include "eventlog-file.h"
#include "factory-reset.h"
#include "init.h"
#include "log.h"
#include "passphrase.h"
#include "qr.h"

#include <fcntl.h>
#include <sys/reboot.h>

struct reset_secrets {
	char owner[PASSPHRASE_MAX], key[PASSPHRASE_MAX], luks[PASSPHRASE_MAX], unlock[PASSPHRASE_MAX];
};

static int ask(const char *prompt, int confirm, char *buf)
{
	fflush(stdout);
	return passphrase_read_fd(STDIN_FILENO, prompt, confirm, buf);
}

static int ask_secrets(const struct init_state *s, struct reset_secrets *p)
{
	int r = ask("New TPM owner passphrase: ", 1, p->owner);

	if (r >= 0)
		r = ask("Passphrase of the new signing key: ", 1, p->key);
	if (r >= 0 && s->luks_n)
		r = ask("Current LUKS passphrase of the disk: ", 0, p->luks);
	if (r >= 0 && s->luks_n)
		r = ask("New disk unlock passphrase: ", 1, p->unlock);
	return r;
}

static int can_reset(const struct init_state *s)
{
	if (!s->tpm || !s->boot_dev[0])
		return log_error_errno(ENODEV, "A factory reset needs %s.",
				       s->tpm ? "a /boot" : "the TPM");
	if (!s->owner_from_flash || !s->flash[0])
		return log_error_errno(ENODEV,
				       "This machine's owner files are not in a flash heads can "
				       "write: no factory reset here.");
	if (s->pcr4_capped)
		return log_error_errno(EPERM, "A boot mode was recorded in PCR 4 in this boot: reboot, "
					      "then reset from the menu.");
	return 0;
}

static const char *const after_failure[] = {
	[FACTORY_RESET_CHECK] = "Nothing was changed.",
	[FACTORY_RESET_TPM] = "Nothing was changed.",
	[FACTORY_RESET_KEY] = "The TPM was cleared and is owned (that cannot be undone); the flash\n"
			      "and /boot are as they were. Choose f again.",
	[FACTORY_RESET_FLASH] = "The TPM was cleared and the new key made; the flash still holds the\n"
				"old keyring. Choose f again.",
	[FACTORY_RESET_SIGN] = "The flash holds the new key, but /boot is not signed with it: sign it\n"
			       "(s), then enrol TOTP (t) and the disk key (k) after a reboot.",
	[FACTORY_RESET_TOTP] = "The flash holds the new key and /boot is signed; reboot, then enrol a\n"
			       "TOTP secret (t) and the disk key (k).",
	[FACTORY_RESET_DISK] = "The flash holds the new key, /boot is signed and TOTP enrolled;\n"
			       "reboot, then enrol the disk key (k).",
};

static void say_failure(int r, const struct factory_reset_result *res)
{
	if (r == -EACCES && res->reached == FACTORY_RESET_TPM)
		log_error("The TPM is owned and its platform hierarchy is closed: power off, and reset "
			  "it from this menu at the next boot.");
	else if (r == -E_PASSPHRASE && res->reached == FACTORY_RESET_CHECK)
		log_error("The LUKS passphrase does not open the disk.");
	else
		log_error_errno(r, "The factory reset stopped: %m");
	printf("%s\n", after_failure[res->reached]);
}

static void say_done(const struct factory_reset_result *res)
{
	printf("The TPM is owned now; new signing key %s, written into the boot flash.\n"
	       "/boot is signed with it (rollback counter %llu); TOTP secret and disk key are\n"
	       "sealed to the next boot.\n"
	       "Scan this with your phone's authenticator app, or type the URI in:\n\n",
	       res->key_id, (unsigned long long)res->counter);
	qr_print(stdout, (const char *)res->totp_uri.buf);
	printf("%s\n\n", (const char *)res->totp_uri.buf);
	ui_wait_enter("Press Enter once your phone shows the code, to reboot. ");
}

static void options(struct init_state *s, struct owner_key *key, const struct reset_secrets *p,
		    int boot_fd, const char *const *disks, size_t n_disks,
		    struct factory_reset_options *o)
{
	*o = (struct factory_reset_options){
		.owner_passphrase = p->owner,
		.key = key,
		.key_uid = "Owner <owner@heads>",
		.key_passphrase = p->key,
		.flash = s->flash,
		.boot_fd = boot_fd,
		.boot_fs = &s->boot_fs,
		.default_entry = s->boot_verified ? s->default_entry : NULL,
		.totp_label = s->board,
		.totp_pcrs = s->totp_pcrs,
		.disks = disks,
		.n_disks = n_disks,
		.luks_passphrase = p->luks,
		.unlock_passphrase = p->unlock,
		.disk_pcrs = s->disk_pcrs,
		.paths = { FIRMWARE_LOG_DEFAULT, INIT_RUNDIR, INIT_STATE_DIR, NULL },
	};
}

/* With the key disk mounted and /boot writable. */
static int run(struct init_state *s, const struct reset_secrets *p, struct factory_reset_result *res)
{
	_cleanup_close_ int root = open(INIT_BOOT_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	const char *disks[DISK_VOLUMES_MAX];
	struct factory_reset_options o;
	struct owner_key key;
	size_t n_disks = 0;
	int r = root < 0 ? log_error_errno(errno, "Cannot open /boot: %m") :
			   owner_key_gpg_init(&key, INIT_KEY_DIR "/.gnupg");

	if (r >= 0)
		r = init_volumes_to_enroll(s, disks, &n_disks);
	if (r < 0)
		return r;
	options(s, &key, p, root, disks, n_disks, &o);
	printf("Checking the flash, the event logs and the disk, then resetting...\n");
	fflush(stdout);
	r = factory_reset(s->tpm, &o, res);
	if (r < 0)
		say_failure(r, res);
	if (r < 0 && res->reached > FACTORY_RESET_TPM) {
		/* The TPM was cleared: its counter and primary key are new. */
		s->boot_verified = false;
		s->have_tpm_facts = false;
	}
	return r;
}

static int reset_mounted(struct init_state *s, const struct reset_secrets *p)
{
	_cleanup_(factory_reset_result_done) struct factory_reset_result res = { 0 };
	int w = init_boot_writable(s, true);
	int r = w < 0 ? log_error_errno(w, "Cannot make /boot writable: %m") : run(s, p, &res);

	if (w >= 0)
		(void)init_boot_writable(s, false);
	sync();
	if (init_unmount_key() < 0)
		log_warning("Cannot unmount the signing key.");
	if (r < 0)
		return r;
	say_done(&res);
	sync();
	reboot(RB_AUTOBOOT);
	return log_error_errno(errno, "Cannot reboot: %m");
}

int init_factory_reset(struct init_state *s)
{
	struct reset_secrets p = { 0 };
	int r = can_reset(s);

	if (r < 0)
		return r;
	printf("A factory reset makes you this machine's new owner: it clears the TPM (the\n"
	       "TOTP secret, the disk key and the rollback counter go), makes a new signing\n"
	       "key on your key disk (a GnuPG home there is kept beside it), writes its\n"
	       "public key into the boot flash, signs /boot, enrols a new TOTP secret%s\n"
	       "and reboots.\n",
	       s->luks_n ? " and disk key" : "");
	if (!ui_confirm("Factory reset this machine?", false))
		return 0;
	r = ask_secrets(s, &p);
	if (r >= 0)
		r = init_mount_key(s);
	if (r >= 0)
		r = reset_mounted(s, &p);
	explicit_bzero(&p, sizeof(p));
	return r;
}
