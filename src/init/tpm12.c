/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A TPM 1.2 at boot: which TPM the machine has is what the TPM reported
 * to the kernel's driver; on a TPM 1.2 /init says what it found and what
 * it cannot do with it yet, rather than failing on TPM 2.0 commands. */
#include "family.h"
#include "init.h"

static const char *flag(int v, const char *yes, const char *no)
{
	return v > 0 ? yes : v == 0 ? no : "";
}

/* "TPM: a TPM 1.2 (IBM, TCG version 1.2, firmware 1.2; enabled, active,
 * not owned)", as far as the kernel shows it. */
static void say_found(void)
{
	struct tpm_family_facts f;

	if (tpm_family_facts_read(TPM_SYSFS_CLASS, &f) < 0) {
		printf("TPM: a TPM 1.2\n");
		return;
	}
	printf("TPM: a TPM 1.2 (manufacturer %s, TCG version %u.%u, firmware %u.%u; %s, %s, %s)\n",
	       f.manufacturer[0] ? f.manufacturer : "unknown", f.version_major, f.version_minor,
	       f.firmware_major, f.firmware_minor, flag(f.enabled, "enabled", "disabled"),
	       flag(f.active, "active", "deactivated"), flag(f.owned, "owned", "not owned"));
}

bool init_tpm12_found(struct init_state *s)
{
	enum tpm_major major;

	if (tpm_major_detect(TPM_SYSFS_CLASS, &major) < 0 || major != TPM_MAJOR_1)
		return false;
	say_found();
	printf("This firmware cannot use a TPM 1.2 yet: it measures nothing into it, shows\n"
	       "no TOTP code, enrols and releases no disk key, keeps no rollback counter and\n"
	       "cannot attest. coreboot's own measurements (PCR 2, SHA-1) are in the TPM:\n"
	       "'heads log --replay' in the recovery shell checks them against its log.\n");
	s->tpm = NULL;
	s->no_tpm = "this firmware cannot use a TPM 1.2 yet";
	return true;
}
