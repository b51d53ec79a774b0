/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads flash update IMAGE`: the words around the update flow
 * (fw-update.h). */
#include "board.h"
#include "cli-pin.h"
#include "cli.h"
#include "disk-key.h"
#include "errors.h"
#include "exitcode.h"
#include "fileio.h"
#include "fw-update.h"
#include "hexdump.h"
#include "init.h"
#include "log.h"
#include "passphrase.h"
#include "rom-predict.h"
#include "sha.h"

#include <inttypes.h>
#include <stdio.h>

static const char update_help[] =
	"Usage: heads flash update IMAGE (--sha256 HEX | --signature FILE) [--flash SPEC]\n"
	"                          [--disk DEVICE] [--passphrase-file F]\n"
	"Writes the coreboot image IMAGE to the boot flash without re-enrolment: checks\n"
	"it (the flash's size, a CBFS with a bootblock and a payload; its SHA-256 equal\n"
	"to HEX, or FILE a detached OpenPGP signature of it by a key in the owner file\n"
	"heads/initrd/etc/heads/release-keys.gpg of the running flash), keeps the\n"
	"running owner files (carried into an image without any; an image with other\n"
	"ones is refused), predicts PCRs 2 and 7 of the new image and seals the TOTP\n"
	"key and the disk key to both the running and the new firmware, then writes the\n"
	"flash. Nothing is written on any refusal. After the first good boot of the new\n"
	"firmware, /init drops the old firmware's state. Run it from the firmware's\n"
	"menu: the secrets unseal only before the boot-mode cap.\n\n"
	"  --sha256 HEX         the image's SHA-256, as the owner got it\n"
	"  --signature FILE     a detached OpenPGP signature of the image\n"
	"  --flash SPEC         the flash chip (default: the board profile's flash=)\n"
	"  --disk DEVICE        a LUKS volume the disk key opens (needed then; once per\n"
	"                       volume when it opens several)\n"
	"  --passphrase-file F  its unlock passphrase (default: asked)\n"
	"Exit status: 2 not an image for this flash, 5 wrong hash or signature, 4 other\n"
	"owner files, 3 the TPM refused (this boot is not a sealed state), 7 wrong\n"
	"passphrase.\n" CLI_COMMON_HELP;

enum { OPT_SHA = OPT_COMMON_LAST + 0x20, OPT_SIG, OPT_UFLASH, OPT_DISK, OPT_PASSFILE };

struct update_args {
	const char *sig_file, *spec, *pass_file;
	const char *disks[DISK_VOLUMES_MAX];
	size_t n_disks;
	bool have_sha;
	uint8_t sha[SHA256_SIZE];
};

static int update_option(int opt, const char *arg, void *data)
{
	struct update_args *a = data;

	if (opt == OPT_SHA) {
		if (strlen(arg) != 2 * SHA256_SIZE || hex_decode(arg, a->sha, SHA256_SIZE) < 0)
			return cli_usage_error("flash update", "--sha256 takes 64 hex digits");
		a->have_sha = true;
	} else if (opt == OPT_SIG)
		a->sig_file = arg;
	else if (opt == OPT_UFLASH)
		a->spec = arg;
	else if (opt == OPT_DISK)
		return cli_list_add("flash update", "--disk", a->disks, &a->n_disks,
				    DISK_VOLUMES_MAX, arg);
	else if (opt == OPT_PASSFILE)
		a->pass_file = arg;
	else
		return EXIT_USAGE;
	return 0;
}

static size_t board_size(void)
{
	_cleanup_free_ char *conf = NULL;
	char v[32];
	size_t len = 0;

	if (read_file_full(INIT_BOARD_CONF, 64u << 10, &conf, &len) < 0 ||
	    board_get(conf, len, "flash_size", v, sizeof(v)) < 0)
		return 0;
	return (size_t)strtoull(v, NULL, 10);
}

static int say_refusal(const struct update_result *res)
{
	static const char *const words[] = {
		[UPDATE_WRONG_SIZE] = "it is not an image for this flash (size)",
		[UPDATE_NOT_COREBOOT] =
			"it is not a coreboot image (no CBFS with a bootblock and a payload)",
		[UPDATE_HASH_DIFFERS] = "its SHA-256 is not the one given",
		[UPDATE_NO_RELEASE_KEYS] = "the flash holds no release keys to check a signature with",
		[UPDATE_BAD_SIGNATURE] = "its signature does not verify",
		[UPDATE_OWNER_FILES_DIFFER] = "its owner files differ from the running ones",
		[UPDATE_NEED_DISK] = "a disk key is enrolled: give --disk DEVICE to keep it",
	};
	static const int codes[] = {
		[UPDATE_WRONG_SIZE] = EXIT_USAGE,	 [UPDATE_NOT_COREBOOT] = EXIT_USAGE,
		[UPDATE_HASH_DIFFERS] = EXIT_SIGNATURE,	 [UPDATE_NO_RELEASE_KEYS] = EXIT_SIGNATURE,
		[UPDATE_BAD_SIGNATURE] = EXIT_SIGNATURE, [UPDATE_OWNER_FILES_DIFFER] = EXIT_DIFFERS,
		[UPDATE_NEED_DISK] = EXIT_USAGE,
	};

	log_error("The image is refused: %s%s%s. Nothing was written to the flash.",
		  words[res->refusal], res->detail[0] ? ": " : "", res->detail);
	return codes[res->refusal];
}

static void say_done(const struct update_result *res)
{
	if (res->owner_carried)
		printf("The running owner files (%zu) were carried into the image.\n",
		       res->owner_files);
	printf("TOTP key: %s. Disk key: %s.\n",
	       res->totp_resealed ? "sealed to the running and the new firmware" : "not enrolled",
	       res->disk_resealed ? "sealed to the running and the new firmware" : "not enrolled");
	printf("Flash written (%" PRIu64 " erase blocks changed) and read back. Reboot into the "
	       "new firmware; its first good boot drops the old firmware's state.\n",
	       res->blocks_written);
}

static int load_inputs(const char *image, const struct update_args *a, struct update_request *req,
		       char **img, char **sig)
{
	int r = read_file_follow(image, ROM_IMAGE_MAX, img, &req->len);

	if (r < 0)
		return log_error_errno(r, "Cannot read %s: %m", image);
	req->img = (uint8_t *)*img;
	if (a->sig_file && (r = read_file_follow(a->sig_file, 1u << 20, sig, &req->sig_len)) < 0)
		return log_error_errno(r, "Cannot read %s: %m", a->sig_file);
	req->sig = *sig;
	req->sha256 = a->have_sha ? a->sha : NULL;
	req->board_size = board_size();
	req->rundir = cli_rundir();
	req->statedir = cli_statedir();
	req->firmware_log = cli_firmware_log();
	req->disks = a->disks;
	req->n_disks = a->n_disks;
	return 0;
}

static int run(const char *image, const struct update_args *a, int *ret_exit)
{
	_cleanup_free_ char *img = NULL, *sig = NULL;
	_cleanup_flash_ struct flash *f = NULL;
	_cleanup_tpm_ struct tpm *t = NULL;
	struct update_request req = { 0 };
	struct update_result res;
	struct primary_pin pin;
	char pass[PASSPHRASE_MAX] = "";
	int r = load_inputs(image, a, &req, &img, &sig);

	if (r >= 0)
		r = cli_flash_open(a->spec, &f);
	if (r >= 0)
		r = tpm_open(tpm_tcti_choose(cli.tcti), &t);
	if (r >= 0)
		r = cli_pin_settle(t, NULL, &pin);
	if (r >= 0 && a->n_disks)
		r = passphrase_read(a->pass_file, "Disk unlock passphrase: ", 0, pass);
	req.passphrase = a->n_disks ? pass : NULL;
	if (r >= 0)
		r = update_run(t, f, &req, &res);
	explicit_bzero(pass, sizeof(pass));
	if (r >= 0 && res.refusal != UPDATE_OK)
		*ret_exit = say_refusal(&res);
	else if (r >= 0)
		say_done(&res);
	return r;
}

static int explain(int r)
{
	if (r == -E_SEALED)
		log_error("The TPM refused to release the secrets: this boot is not a state they are "
			  "sealed to, or a boot-mode cap was recorded (run the update from the "
			  "firmware's menu). Nothing was written to the flash.");
	else if (r == -ENODATA)
		log_error(
			"The TOTP key has no sealed copy to reseal it with (enrolled by an older "
			"version): enrol a new TOTP secret first. Nothing was written to the flash.");
	return r;
}

int cmd_flash_update(int argc, char **argv)
{
	static const struct option opts[] = { { "sha256", required_argument, NULL, OPT_SHA },
					      { "signature", required_argument, NULL, OPT_SIG },
					      { "flash", required_argument, NULL, OPT_UFLASH },
					      { "disk", required_argument, NULL, OPT_DISK },
					      { "passphrase-file", required_argument, NULL,
						OPT_PASSFILE },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	struct update_args a = { 0 };
	int code = EXIT_OK;
	int r = cli_parse(argc, argv, "flash update", update_help, opts, CLI_COMMON_SHORT,
			  update_option, &a);

	if (r >= 0)
		return r;
	if (optind + 1 != argc)
		return cli_usage_error("flash update", "give exactly one IMAGE");
	if (a.have_sha == !!a.sig_file)
		return cli_usage_error("flash update", "give --sha256 HEX or --signature FILE");
	r = run(argv[optind], &a, &code);
	return r < 0 ? exit_code_from_errno(explain(r)) : code;
}
