/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads verify BOOTDIR --keyring FILE`: signature, files, counter. */
#include "cli.h"
#include "exitcode.h"
#include "log.h"
#include "manifest-binding.h"
#include "manifest-verify.h"
#include "path-escape.h"

#include <fcntl.h>
#include <inttypes.h>

static const char verify_help[] =
	"Usage: heads verify BOOTDIR --keyring FILE [--no-tpm]\n"
	"Checks BOOTDIR against its signed manifest: the signature of\n"
	"BOOTDIR/heads/manifest with gpgv against the keyring FILE only (a key that is\n"
	"expired, revoked or not in FILE is refused), then every file and symlink (each\n"
	"one added, removed, changed or of another type is named), then the manifest's\n"
	"rollback counter and pinned primary key against the TPM.\n\n"
	"  --keyring FILE  binary OpenPGP keyring (gpg --export) with the owner's key\n"
	"  --no-tpm        skip the TPM checks (rollback counter, primary key)\n" CLI_COMMON_HELP
	"\nExit codes: 0 verified, 2 unusable input (keyring, malformed manifest),\n"
	"4 files differ, 5 not signed or bad signature, 6 rollback or a different or\n"
	"reset TPM (counter missing, primary key not the pinned one), 1 other errors.\n";

enum { OPT_KEYRING = OPT_COMMON_LAST, OPT_NO_TPM };

struct verify_args {
	const char *keyring;
	bool no_tpm;
};

static int verify_option(int opt, const char *arg, void *data)
{
	struct verify_args *a = data;

	if (opt == OPT_KEYRING)
		a->keyring = arg;
	else if (opt == OPT_NO_TPM)
		a->no_tpm = true;
	else
		return EXIT_USAGE;
	return 0;
}

/* Paths are printed escaped, so a file name cannot forge output lines. */
static void print_path(const char *label, const struct manifest_entry *e)
{
	printf("%s: ", label);
	path_escape_write(stdout, e->path);
}

static void print_target(const struct manifest_entry *e)
{
	path_escape_write(stdout, e->target);
}

static void print_diff(enum manifest_diff kind, const struct manifest_entry *want,
		       const struct manifest_entry *have, void *userdata)
{
	(void)userdata;
	print_path(manifest_diff_name(kind), want ? want : have);
	if (kind == DIFF_ADDED && have->type != MANIFEST_FILE)
		printf(" (%s)", manifest_type_name(have->type));
	else if (kind == DIFF_TYPE)
		printf(" (%s -> %s)", manifest_type_name(want->type), manifest_type_name(have->type));
	else if (kind == DIFF_CHANGED && want->size != have->size)
		printf(" (size %" PRIu64 " -> %" PRIu64 ")", want->size, have->size);
	else if (kind == DIFF_CHANGED)
		printf(" (content differs)");
	else if (kind == DIFF_MODE)
		printf(" (%04o -> %04o; recorded, not a failure)", (unsigned)want->mode, (unsigned)have->mode);
	if (kind == DIFF_TARGET) {
		printf(" (");
		print_target(want);
		printf(" -> ");
		print_target(have);
		printf(")");
	}
	putchar('\n');
}

static int check_files(struct manifest_scan *scan, const struct manifest *m)
{
	size_t n = 0;
	int r = manifest_scan_finish(scan, m, print_diff, NULL, &n);

	fflush(stdout);
	if (r == -E_DIFFERS)
		return log_error_errno(r, "BOOTDIR differs from its signed manifest (differences listed above): refusing it.");
	if (r < 0)
		return r;
	printf("All %zu files and symlinks match the signed manifest.\n", n);
	return 0;
}

static int check_tpm(const struct manifest *m)
{
	_cleanup_tpm_ struct tpm *t = NULL;
	struct manifest_binding b;
	int r = tpm_open(tpm_tcti_choose(cli.tcti), &t);

	if (r < 0)
		return log_error_errno(r, "Cannot check the rollback counter without the TPM (use --no-tpm to skip that check knowingly)");
	r = manifest_verify_binding(t, m, &b);
	if (r < 0)
		return r;
	printf("Rollback counter: manifest %" PRIu64 ", TPM %" PRIu64 "; TPM primary key matches.\n",
	       m->counter, b.tpm_counter);
	return 0;
}

static int verify(const char *bootdir, const struct verify_args *a)
{
	_cleanup_close_ int root = open(bootdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_manifest_scan_ struct manifest_scan *scan = NULL;
	_cleanup_manifest_ struct manifest *m = NULL;
	struct manifest_signature sig;
	int r;

	if (root < 0)
		return log_error_errno(errno == ENOENT || errno == ENOTDIR ? EINVAL : errno,
				       "Cannot open BOOTDIR %s: %m", bootdir);
	/* Files are hashed while gpgv checks the signature. */
	r = manifest_scan_start(root, &scan);
	if (r >= 0)
		r = manifest_verify_signature(root, a->keyring, &m, &sig);
	if (r < 0)
		return r;
	printf("Good signature from \"%s\", key %s%s.\n", sig.status.uid, sig.status.fingerprint,
	       sig.staged ? " (found as manifest.sig.new: a signing was cut off; sign again)" : "");
	r = check_files(TAKE_PTR(scan), m);
	if (r < 0)
		return r;
	if (a->no_tpm) {
		printf("--no-tpm: the rollback counter and the TPM primary key were NOT checked.\n");
		return 0;
	}
	return check_tpm(m);
}

int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = { { "keyring", required_argument, NULL, OPT_KEYRING },
					      { "no-tpm", no_argument, NULL, OPT_NO_TPM },
					      CLI_COMMON_OPTIONS, { 0 } };
	struct verify_args a = { 0 };
	int r = cli_parse(argc, argv, "verify", verify_help, opts, CLI_COMMON_SHORT, verify_option, &a);

	if (r >= 0)
		return r;
	if (optind == argc)
		return cli_usage_error("verify", "missing BOOTDIR");
	if (optind + 1 != argc)
		return cli_usage_error("verify", "unexpected argument '%s'", argv[optind + 1]);
	if (!a.keyring)
		return cli_usage_error("verify", "missing --keyring FILE");
	r = verify(argv[optind], &a);
	if (r >= 0)
		printf("%s verified.\n", argv[optind]);
	return exit_code_from_errno(r);
}
