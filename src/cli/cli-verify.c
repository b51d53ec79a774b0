/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads verify BOOTDIR --keyring FILE`: signature, counter, files (the
 * library's flow, boot-verify.h, as /init runs it). */
#include "boot-verify.h"
#include "cli-manifest12.h"
#include "cli.h"
#include "exitcode.h"
#include "json.h"
#include "log.h"
#include "tpm12.h"

#include <fcntl.h>
#include <inttypes.h>

static const char verify_help[] =
	"Usage: heads verify BOOTDIR --keyring FILE [--no-tpm] [--no-fs-pin] [--json]\n"
	"Checks BOOTDIR against its signed manifest: the signature of\n"
	"BOOTDIR/heads/manifest with gpgv against the keyring FILE only (a key that is\n"
	"expired, revoked or not in FILE is refused), then the file system the manifest\n"
	"pins (when it pins one, BOOTDIR must be the root of that file system), then the\n"
	"manifest's rollback counter and pinned primary key against the TPM, then every\n"
	"file, directory and symlink (each one added, removed, changed, of another type\n"
	"or with other permissions is named). /init checks in the same order.\n\n"
	"  --keyring FILE  binary OpenPGP keyring (gpg --export) with the owner's key\n"
	"  --no-tpm        skip the TPM checks (rollback counter, primary key)\n"
	"  --no-fs-pin     do not compare BOOTDIR's file system with the pinned one\n"
	"                  (e.g. a copy of /boot in a directory)\n"
	"  --json          print one JSON object (the same checks) instead of text\n" CLI_COMMON_HELP
	"\nExit codes: 0 verified, 2 unusable input (keyring, malformed manifest),\n"
	"4 files differ or BOOTDIR is not the pinned file system, 5 not signed or bad\n"
	"signature, 6 rollback or a different or\n"
	"reset TPM (counter missing, primary key not the pinned one), 1 other errors.\n";

enum { OPT_KEYRING = OPT_COMMON_LAST, OPT_NO_TPM, OPT_NO_FS_PIN, OPT_JSON };

struct verify_args {
	const char *keyring;
	bool no_tpm;
	bool no_fs_pin;
	bool json;
};

static int verify_option(int opt, const char *arg, void *data)
{
	struct verify_args *a = data;

	if (opt == OPT_KEYRING)
		a->keyring = arg;
	else if (opt == OPT_NO_TPM)
		a->no_tpm = true;
	else if (opt == OPT_NO_FS_PIN)
		a->no_fs_pin = true;
	else if (opt == OPT_JSON)
		a->json = true;
	else
		return EXIT_USAGE;
	return 0;
}

static void print_differences(const struct boot_verification *v)
{
	for (size_t i = 0; i < v->n_diffs; i++) {
		boot_difference_print(stdout, "", &v->diffs[i]);
		putchar('\n');
	}
}

static int open_tpm(const struct verify_args *a, struct tpm **ret)
{
	int r;

	*ret = NULL;
	if (a->no_tpm)
		return 0;
	r = tpm_open(tpm_tcti_choose(cli.tcti), ret);
	if (r < 0)
		return log_error_errno(r,
				       "Cannot check the rollback counter without the TPM (use --no-tpm to skip that check knowingly)");
	return 0;
}

/* What the command adds to the library's reasons: the options to use. */
static void advise(int r, const struct boot_verification *v)
{
	if (r == -E_DIFFERS)
		log_error("BOOTDIR differs from its signed manifest (differences listed above): refusing it. If you changed it yourself, check the list and sign it again (heads sign BOOTDIR).");
	else if (r == -E_ROLLBACK)
		log_error("If you restored, reset or replaced this yourself, check BOOTDIR and sign it again (heads sign BOOTDIR), which records a new counter; after a TPM reset or replacement, with --accept-new-primary.");
	else if (r == -E_OTHER_FS)
		log_error("BOOTDIR is not the /boot that was signed (a copy of it, or another file system): refusing it. To check a copy's files knowingly, use --no-fs-pin; if you moved /boot yourself, sign it again (heads sign BOOTDIR).");
	else if (r == -EBADMSG && v->stage == BOOT_VERIFY_SIGNATURE)
		log_error("If the manifest was written by an older version, check BOOTDIR and sign it again (heads sign BOOTDIR).");
	else if (r == -E_SIGNATURE && v->stage == BOOT_VERIFY_SIGNATURE)
		log_error("Sign BOOTDIR with the owner's key (heads sign BOOTDIR --key-home DIR), or give the keyring that holds its key (--keyring FILE).");
}

static void report(const struct verify_args *a, const struct boot_verification *v)
{
	printf("Good signature from \"%s\", key %s%s.\n", v->sig.status.uid,
	       v->sig.status.fingerprint,
	       v->sig.staged ? " (found as manifest.sig.new: a signing was cut off; sign again)" :
			       "");
	if (a->no_tpm)
		printf("--no-tpm: the rollback counter and the TPM primary key were NOT checked.\n");
	else
		printf("Rollback counter: manifest %" PRIu64 ", TPM %" PRIu64
		       "; TPM primary key matches.\n",
		       v->manifest->counter, v->binding.tpm_counter);
	if (v->fs_checked)
		printf("File system: UUID %s, partition UUID %s, as pinned.\n", v->pinned.uuid,
		       v->pinned.partuuid[0] ? v->pinned.partuuid : "none");
	else if (a->no_fs_pin && manifest_fs_pinned(&v->pinned))
		printf("--no-fs-pin: the file system was NOT compared with the pinned one.\n");
	else
		printf("The manifest pins no file system.\n");
	printf("All %zu files, directories and symlinks match the signed manifest.\n", v->n_checked);
}

static const char *const stage_names[] = {
	[BOOT_VERIFY_SIGNATURE] = "signature",
	[BOOT_VERIFY_FS] = "filesystem",
	[BOOT_VERIFY_TPM] = "tpm",
	[BOOT_VERIFY_FILES] = "files",
	[BOOT_VERIFY_DONE] = "done",
};

static void json_differences(const struct boot_verification *v)
{
	printf("  \"differences\": [");
	for (size_t i = 0; i < v->n_diffs; i++) {
		_cleanup_free_ char *line = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&line, &len);
		if (!f)
			continue;
		boot_difference_print(f, "", &v->diffs[i]);
		fclose(f);
		printf("%s\n    ", i ? "," : "");
		json_write_string(stdout, line);
	}
	printf("\n  ],\n");
}

/* The same facts as the text: what was checked, what refused it. */
static void print_json(const struct verify_args *a, const struct boot_verification *v, int r)
{
	bool signed_ok = v->stage > BOOT_VERIFY_SIGNATURE;

	printf("{\n  \"verified\": %s,\n  \"stage\": \"%s\",\n", r >= 0 ? "true" : "false",
	       stage_names[v->stage]);
	printf("  \"signature\": ");
	if (signed_ok) {
		printf("{\"uid\": ");
		json_write_string(stdout, v->sig.status.uid);
		printf(", \"fingerprint\": ");
		json_write_string(stdout, v->sig.status.fingerprint);
		printf(", \"staged\": %s},\n", v->sig.staged ? "true" : "false");
	} else
		printf("null,\n");
	if (v->tpm_checked && !a->no_tpm && v->manifest)
		printf("  \"rollback_counter\": {\"manifest\": %" PRIu64 ", \"tpm\": %" PRIu64 "},\n",
		       v->manifest->counter, v->binding.tpm_counter);
	else if (v->tpm_checked && !a->no_tpm)
		printf("  \"rollback_counter\": {\"manifest\": null, \"tpm\": %" PRIu64 "},\n",
		       v->binding.tpm_counter);
	else
		printf("  \"rollback_counter\": null,\n");
	printf("  \"filesystem_checked\": %s,\n", v->fs_checked ? "true" : "false");
	json_differences(v);
	printf("  \"checked\": %zu\n}\n", v->n_checked);
}

static int verify(const char *bootdir, const struct verify_args *a)
{
	_cleanup_close_ int root = open(bootdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_(boot_verification_clear) struct boot_verification v = { 0 };
	_cleanup_tpm_ struct tpm *t = NULL;
	_cleanup_tpm12_ struct tpm12 *t12 = NULL;
	struct manifest_tpm_facts facts;
	struct boot_verify_options o = { .keyring = a->keyring,
					 .skip_tpm = a->no_tpm,
					 .skip_fs_pin = a->no_fs_pin };
	struct manifest_fs fs;
	int r;

	if (root < 0)
		return log_error_errno(errno == ENOENT || errno == ENOTDIR ? EINVAL : errno,
				       "Cannot open BOOTDIR %s: %m", bootdir);
	r = a->no_fs_pin ? 0 : cli_boot_fs(root, bootdir, &fs);
	if (r < 0)
		return r;
	o.fs = r > 0 ? &fs : NULL;
	r = a->no_tpm ? 0 : cli_tpm12_open(&t12);
	if (r > 0) {
		cli_tpm12_facts(t12, &facts);
		o.facts = &facts;
	} else {
		r = r < 0 ? r : open_tpm(a, &t);
		if (r < 0)
			return r;
		o.tpm = t;
	}
	r = boot_verify(root, &o, &v);
	if (a->json) {
		print_json(a, &v, r);
		fflush(stdout);
		if (r < 0)
			advise(r, &v);
		return r;
	}
	print_differences(&v);
	fflush(stdout);
	if (r < 0) {
		advise(r, &v);
		return r;
	}
	report(a, &v);
	return 0;
}

int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = { { "keyring", required_argument, NULL, OPT_KEYRING },
					      { "no-tpm", no_argument, NULL, OPT_NO_TPM },
					      { "no-fs-pin", no_argument, NULL, OPT_NO_FS_PIN },
					      { "json", no_argument, NULL, OPT_JSON },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	struct verify_args a = { 0 };
	int r = cli_parse(argc, argv, "verify", verify_help, opts, CLI_COMMON_SHORT, verify_option,
			  &a);

	if (r >= 0)
		return r;
	if (optind == argc)
		return cli_usage_error("verify", "missing BOOTDIR");
	if (optind + 1 != argc)
		return cli_usage_error("verify", "unexpected argument '%s'", argv[optind + 1]);
	if (!a.keyring)
		return cli_usage_error("verify", "missing --keyring FILE");
	r = verify(argv[optind], &a);
	if (r >= 0 && !a.json)
		printf("%s verified.\n", argv[optind]);
	return exit_code_from_errno(r);
}
