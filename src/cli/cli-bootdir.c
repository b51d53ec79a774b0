/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Verifying BOOTDIR and reading its signed entries, for the commands. */
#include "cli-bootdir.h"
#include "cli.h"
#include "errors.h"
#include "fileio.h"
#include "log.h"
#include "path-escape.h"
#include "verified-bootfs.h"

#include <fcntl.h>

int cli_bootdir_verify(const char *dir, const char *keyring, bool no_tpm, const char *doing,
		       struct boot_verification *v)
{
	_cleanup_close_ int root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_tpm_ struct tpm *t = NULL;
	struct boot_verify_options o = { .keyring = keyring, .skip_tpm = no_tpm };
	struct manifest_fs fs;
	int r;

	if (root < 0)
		return log_error_errno(errno, "Cannot open boot directory %s: %m", dir);
	r = cli_boot_fs(root, dir, &fs);
	if (r < 0)
		return r;
	o.fs = r > 0 ? &fs : NULL;
	if (!no_tpm && (r = tpm_open(tpm_tcti_choose(cli.tcti), &t)) < 0)
		return log_error_errno(r,
				       "Cannot check the rollback counter without the TPM (use --no-tpm to skip that check knowingly)");
	o.tpm = t;
	r = boot_verify(root, &o, v);
	for (size_t i = 0; i < v->n_diffs; i++) {
		boot_difference_print(stdout, "", &v->diffs[i]);
		putchar('\n');
	}
	fflush(stdout);
	if (r < 0)
		return log_error_errno(r, "%s does not verify (see 'heads verify'): not %s it.",
				       dir, doing);
	log_info("%s verified: signed by \"%s\".", dir, v->sig.status.uid);
	return 0;
}

int cli_bootdir_entries(const char *dir, struct bootdir *d, const struct manifest *m,
			const char *doing, struct entry_list *ret)
{
	_cleanup_free_ char *changed = NULL;
	int r = boot_discover_verified(d, m, ret, &changed);

	if (r != -E_DIFFERS)
		return r;
	fputs("changed: ", stdout);
	path_escape_write(stdout, changed);
	fputs(" (read again to list the entries)\n", stdout);
	fflush(stdout);
	return log_error_errno(r, "%s/%s is not the file verified: not %s.", dir, changed, doing);
}
