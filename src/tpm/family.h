/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which TPM this machine has, TPM 1.2 or TPM 2.0, as the kernel's driver
 * learned it from the TPM itself (sysfs): which command set runs is
 * decided by what the TPM answers, never by a setting. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TPM_SYSFS_CLASS "/sys/class/tpm"

enum tpm_major {
	TPM_MAJOR_1 = 1,
	TPM_MAJOR_2 = 2,
};

/* "TPM 1.2" or "TPM 2.0". */
const char *tpm_major_name(enum tpm_major f);

/* The major version from the text of tpm_version_major ("1" or "2", a newline
 * allowed); -EBADMSG for anything else. */
int tpm_major_parse(const char *text, size_t len, enum tpm_major *ret);

/* The major version of the kernel's first TPM (<classdir>/tpm0/tpm_version_major,
 * classdir normally TPM_SYSFS_CLASS). -ENOENT when the kernel has no TPM. */
int tpm_major_detect(const char *classdir, enum tpm_major *ret);

/* What a TPM 1.2 reported of itself to the kernel's driver
 * (TPM_GetCapability, in <classdir>/tpm0/caps) and its flags (enabled,
 * active, owned files beside it; the device/ names are links to them). */
struct tpm_family_facts {
	char manufacturer[5]; /* the vendor ID as text, e.g. "IBM" (swtpm) */
	unsigned version_major, version_minor; /* the TCG version: 1.2 */
	unsigned firmware_major, firmware_minor;
	int enabled, active, owned; /* 1, 0, or -1 when not reported */
};

/* Parses the caps file's text ("Manufacturer: 0x49424d00" and
 * "TCG version: 1.2" lines); -EBADMSG without both. */
int tpm_family_caps_parse(const char *text, size_t len, struct tpm_family_facts *ret);

/* Reads the caps and the enabled, active and owned flags of the kernel's
 * first TPM, a TPM 1.2. -ENOENT when it reports none. */
int tpm_family_facts_read(const char *classdir, struct tpm_family_facts *ret);
