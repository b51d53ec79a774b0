/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A TPM 1.2 at boot: which TPM the machine has is what the TPM reported
 * to the kernel's driver; on a TPM 1.2 /init opens it over its raw
 * command interface and each step that uses the TPM runs its 1.2 variant
 * (the *12.c files), never a TPM 2.0 command. */
#include "family.h"
#include "init.h"
#include "log.h"
#include "tpm12-own.h"
#include "tpm12-session.h"

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
	int r;

	if (tpm_major_detect(TPM_SYSFS_CLASS, &major) < 0 || major != TPM_MAJOR_1)
		return false;
	say_found();
	s->tpm = NULL;
	/* What the steps that need a TPM 2.0 (attestation) say. */
	s->no_tpm = "this needs a TPM 2.0, and the TPM is a TPM 1.2";
	r = tpm12_open(TPM12_DEFAULT_SPEC, &s->tpm12);
	if (r < 0) {
		s->tpm12 = NULL;
		s->no_tpm = "the TPM 1.2 cannot be reached";
		log_error_errno(r,
				"Cannot open the TPM 1.2 (" TPM12_DEFAULT_SPEC
				"): nothing is measured, and no TOTP code or disk key is available: %m");
	}
	return true;
}

unsigned init_tpm_commands(void)
{
	return tpm_command_count() + tpm12_command_count();
}

void init_tpm_close(struct init_state *s, const char *why)
{
	if (s->tpm)
		tpm_close(s->tpm);
	if (s->tpm12)
		tpm12_close(s->tpm12);
	s->tpm = NULL;
	s->tpm12 = NULL;
	s->no_tpm = why;
}

int init_tpm12_own_at_first_use(struct init_state *s)
{
	bool owned = false;
	int r = tpm12_owned(s->tpm12, &owned);

	if (r < 0 || owned)
		return r;
	r = tpm12_own(s->tpm12, tpm12_well_known_auth);
	if (r == -EEXIST)
		return 0;
	if (r < 0)
		return r;
	printf("The TPM 1.2 had no owner: it is owned now with the well-known owner secret.\n"
	       "Choose an owner passphrase with the menu's TPM reset.\n");
	return 0;
}
