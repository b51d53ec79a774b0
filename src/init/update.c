/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The firmware update from the menu: a ROM image and its SHA-256 (or a
 * signature beside it, IMAGE.sig), the words around the update flow
 * (fw-update.h). It runs before the boot-mode cap, so the TOTP key's
 * sealed copy and the disk key unseal to be resealed. */
#include "board.h"
#include "console.h"
#include "eventlog-file.h"
#include "fileio.h"
#include "flash.h"
#include "fw-update.h"
#include "hexdump.h"
#include "init.h"
#include "log.h"
#include "passphrase.h"
#include "rom-predict.h"
#include "sha.h"
#include "strbuf.h"

#include <inttypes.h>
#include <limits.h>

static int board_value(const char *key, char *buf, size_t size)
{
	_cleanup_free_ char *conf = NULL;
	size_t len = 0;
	int r = read_file_full(INIT_BOARD_CONF, 64u << 10, &conf, &len);

	return r < 0 ? r : board_get(conf, len, key, buf, size);
}

static int ask_line(const char *prompt, char *buf, size_t size)
{
	printf("%s", prompt);
	fflush(stdout);
	return ui_read_line(buf, size);
}

/* The image, and the SHA-256 typed or the signature IMAGE.sig. */
static int ask_image(struct update_request *req, char **img, char **sig, uint8_t sha[32])
{
	char path[PATH_MAX], line[128], sigpath[PATH_MAX + 8];
	int r = ask_line("Path of the new ROM image (e.g. on /boot): ", path, sizeof(path));

	if (r >= 0 && (r = read_file_follow(path, ROM_IMAGE_MAX, img, &req->len)) < 0)
		printf("Cannot read %s (%s).\n", path, strerror(-r));
	if (r >= 0)
		r = ask_line("Its SHA-256 (64 hex digits; empty: check PATH.sig instead): ", line,
			     sizeof(line));
	if (r < 0)
		return r;
	req->img = (uint8_t *)*img;
	if (line[0]) {
		if (strlen(line) != 64 || hex_decode(line, sha, 32) < 0)
			return printf("That is not a SHA-256.\n"), -EINVAL;
		req->sha256 = sha;
		return 0;
	}
	if (strfmt(sigpath, sizeof(sigpath), "%s.sig", path) < 0 ||
	    (r = read_file_follow(sigpath, 1u << 20, sig, &req->sig_len)) < 0)
		return printf("Cannot read %s.sig.\n", path), r < 0 ? r : -ENAMETOOLONG;
	req->sig = *sig;
	return 0;
}

static const char *const refusal_words[] = {
	[UPDATE_OK] = "",
	[UPDATE_WRONG_SIZE] = "it is not an image for this machine's flash (size)",
	[UPDATE_NOT_COREBOOT] = "it is not a coreboot image",
	[UPDATE_HASH_DIFFERS] = "its SHA-256 is not the one you typed",
	[UPDATE_NO_RELEASE_KEYS] = "your flash holds no release keys to check its signature with",
	[UPDATE_BAD_SIGNATURE] = "its signature does not verify",
	[UPDATE_OWNER_FILES_DIFFER] = "its owner files are not yours",
	[UPDATE_NEED_DISK] = "the disk key needs the encrypted disk",
};

static void say_result(int r, const struct update_result *res)
{
	if (r >= 0 && res->refusal == UPDATE_OK) {
		printf("The new firmware is written%s. The TOTP code and the disk key stay the same:\n"
		       "reboot into it; its first good boot drops the old firmware's state.\n"
		       "(%" PRIu64 " flash blocks written, %u TPM commands.)\n",
		       res->owner_carried ? " (with your owner files carried over)" : "",
		       res->blocks_written, res->tpm_commands);
		return;
	}
	if (r >= 0)
		printf("The image is refused: %s%s%s.\nNothing was written to the flash.\n",
		       refusal_words[res->refusal], res->detail[0] ? ": " : "", res->detail);
	else if (r == -ENODATA)
		printf("The update stopped: the TOTP key has no sealed copy to reseal it with (it\n"
		       "was enrolled by an older version). Nothing was written to the flash. Enrol\n"
		       "the TOTP secret again (t), then update.\n");
	else
		printf("The update stopped (%s). Nothing was written to the flash, unless it\n"
		       "says otherwise above.\n",
		       strerror(-r));
}

/* Resealing sends the secrets to the TPM: its primary key is checked
 * against the pin first, as for an enrolment. */
static int run(struct init_state *s, struct flash *f, struct update_request *req,
	       struct update_result *res)
{
	struct primary_pin pin;
	unsigned before = tpm_command_count();
	int r = init_primary_pin(s, &pin);

	if (r < 0 || (r = init_boot_writable(s, true)) < 0)
		return r;
	r = update_run(s->tpm, f, req, res);
	if (r >= 0 && res->refusal == UPDATE_OK)
		init_primary_pin_keep(&pin);
	(void)init_boot_writable(s, false);
	res->tpm_commands = tpm_command_count() - before;
	return r;
}

int init_flash_update(struct init_state *s)
{
	_cleanup_free_ char *img = NULL, *sig = NULL;
	_cleanup_flash_ struct flash *f = NULL;
	struct update_request req = { .rundir = INIT_RUNDIR,
				      .statedir = INIT_STATE_DIR,
				      .firmware_log = FIRMWARE_LOG_DEFAULT };
	struct update_result res = { 0 };
	char spec[FLASH_SPEC_MAX], size[32], pass[PASSPHRASE_MAX] = "";
	const char *disks[DISK_VOLUMES_MAX];
	uint8_t sha[32];
	int r = s->tpm ? board_value("flash", spec, sizeof(spec)) : -ENODEV;

	if (r < 0)
		return printf("No TPM or no flash chip in the board profile: no update.\n"), r;
	if (board_value("flash_size", size, sizeof(size)) >= 0)
		req.board_size = (size_t)strtoull(size, NULL, 10);
	r = ask_image(&req, &img, &sig, sha);
	if (r >= 0 && (r = flash_open(spec, &f)) < 0)
		printf("Cannot open the flash %s (%s).\n", spec, strerror(-r));
	req.disks = disks;
	req.n_disks = init_luks_devices(s, disks);
	if (r >= 0 && req.n_disks) {
		fflush(stdout);
		r = passphrase_read_fd(STDIN_FILENO,
				       "Disk unlock passphrase (to keep the disk key): ", 0, pass);
		req.passphrase = pass;
	}
	if (r >= 0)
		r = run(s, f, &req, &res);
	explicit_bzero(pass, sizeof(pass));
	say_result(r, &res);
	return r;
}
