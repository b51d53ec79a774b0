/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which TPM family the command talks to, decided by what the system or
 * the TPM reports, never by an option: the kernel gives a TPM 2.0 its
 * resource-manager device (/dev/tpmrmN) and a TPM 1.2 none; a socket or a
 * raw device is asked with one TPM 1.2 command. */
#include "cli.h"
#include "log.h"
#include "tpm.h"
#include "tpm12-cap.h"

#include <unistd.h>

static int probe(const char *spec, struct tpm12 **ret)
{
	_cleanup_tpm12_ struct tpm12 *t = NULL;
	enum tpm_family f;
	enum log_level saved = log_get_level();
	int r;

	/* An unreachable TPM is the TPM 2.0 path's to report. */
	log_set_level(LOG_NONE);
	r = tpm12_open(spec, &t);
	if (r >= 0)
		r = tpm12_family(t, &f);
	log_set_level(saved);
	if (r < 0 || f != TPM_FAMILY_1_2)
		return 0;
	*ret = TAKE_PTR(t);
	return 1;
}

int cli_tpm12_open(struct tpm12 **ret)
{
	const char *tcti = tpm_tcti_choose(cli.tcti);

	*ret = NULL;
	if (startswith(tcti, "device:/dev/tpmrm")) {
		/* No resource manager but a TPM: a TPM 1.2, nothing asked. */
		if (access(tcti + 7, F_OK) < 0 && streq(tcti, HEADS_DEFAULT_TCTI) &&
		    access("/dev/tpm0", F_OK) == 0)
			return tpm12_open("device:/dev/tpm0", ret) < 0 ? -ENODEV : 1;
		return 0;
	}
	if (startswith(tcti, "swtpm:") || startswith(tcti, "device:"))
		return probe(tcti, ret);
	return 0;
}
