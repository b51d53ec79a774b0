/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The disk unlock key on a TPM 1.2: sealed under the SRK to the PCRs and
 * the unlock passphrase, kept in the state directory. */
#include "cli-disk12.h"
#include "cli.h"
#include "disk-key12.h"
#include "errors.h"
#include "fileio.h"
#include "log.h"
#include "passphrase.h"

int cli_disk12_enroll(struct tpm12 *t, const char *const *devices, size_t n, uint32_t mask,
		      const char *luks, const char *unlock)
{
	int r = disk12_enroll(t, devices, n, cli_statedir(), cli_rundir(), mask, luks, unlock);

	if (r == -EINVAL && (!unlock || !*unlock))
		return log_error_errno(r, "The disk unlock passphrase must not be empty");
	if (r < 0)
		return log_error_errno(r, "The disk key was not enrolled: %m");
	return 0;
}

int cli_disk12_unseal(struct tpm12 *t, const char *const *devices, size_t n, const char *pass_file,
		      const char *out)
{
	_cleanup_secret_ struct secret key = { 0 };
	char pass[PASSPHRASE_MAX];
	int r = disk12_check_tries(t);

	/* Asked only when a try is possible, so nobody types for nothing. */
	if (r >= 0)
		r = passphrase_read(pass_file, "Disk unlock passphrase: ", 0, pass);
	if (r >= 0 && !*pass)
		r = log_error_errno(EINVAL, "No passphrase given; the TPM was not asked");
	if (r >= 0)
		r = disk12_unseal(t, devices, n, cli_statedir(), cli_rundir(), pass, &key);
	explicit_bzero(pass, sizeof(pass));
	if (r >= 0 && (r = write_file_atomic(out, key.buf, key.len, 0400)) < 0)
		log_error_errno(r, "Cannot write the disk key to %s: %m", out);
	if (r == -ENOENT)
		log_error("Enrol one first: heads disk enroll DEVICE");
	return r;
}
