/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TPM's family and a TPM 1.2's facts, from the kernel's sysfs. */
#include "family.h"
#include "fileio.h"
#include "macro.h"
#include "strbuf.h"

#include <limits.h>
#include <stdio.h>

#define SYSFS_MAX 4096u

const char *tpm_major_name(enum tpm_major f)
{
	return f == TPM_MAJOR_1 ? "TPM 1.2" : "TPM 2.0";
}

int tpm_major_parse(const char *text, size_t len, enum tpm_major *ret)
{
	if (len == 2 && text[1] != '\n')
		return -EBADMSG;
	if (len < 1 || len > 2)
		return -EBADMSG;
	if (text[0] == '1')
		*ret = TPM_MAJOR_1;
	else if (text[0] == '2')
		*ret = TPM_MAJOR_2;
	else
		return -EBADMSG;
	return 0;
}

/* <classdir>/tpm0/<name> into a fresh buffer. */
static int read_attr(const char *classdir, const char *name, char **ret, size_t *ret_len)
{
	char path[PATH_MAX];
	int r = strfmt(path, sizeof(path), "%s/tpm0/%s", classdir, name);

	return r < 0 ? r : read_file_full(path, SYSFS_MAX, ret, ret_len);
}

int tpm_major_detect(const char *classdir, enum tpm_major *ret)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	int r = read_attr(classdir, "tpm_version_major", &text, &len);

	return r < 0 ? r : tpm_major_parse(text, len, ret);
}

/* The vendor ID's four bytes as text, trailing NULs and spaces dropped. */
static void vendor_text(uint32_t id, char ret[5])
{
	size_t n = 0;

	for (int shift = 24; shift >= 0; shift -= 8) {
		unsigned char c = (unsigned char)(id >> shift);
		ret[n++] = c >= 0x20 && c < 0x7f ? (char)c : '\0';
	}
	ret[4] = '\0';
	for (n = strlen(ret); n > 0 && ret[n - 1] == ' '; n--)
		ret[n - 1] = '\0';
}

int tpm_family_caps_parse(const char *text, size_t len, struct tpm_family_facts *ret)
{
	_cleanup_free_ char *copy = strndup(text, len);
	struct tpm_family_facts f = { .enabled = -1, .active = -1, .owned = -1 };
	bool have_vendor = false, have_version = false;
	unsigned vendor;

	if (!copy)
		return -ENOMEM;
	for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "Manufacturer: 0x%x", &vendor) == 1) {
			vendor_text(vendor, f.manufacturer);
			have_vendor = true;
		} else if (sscanf(line, "TCG version: %u.%u", &f.version_major, &f.version_minor) == 2)
			have_version = true;
		else
			(void)sscanf(line, "Firmware version: %u.%u", &f.firmware_major,
				     &f.firmware_minor);
	}
	if (!have_vendor || !have_version)
		return -EBADMSG;
	*ret = f;
	return 0;
}

/* A flag file ("0" or "1"): its value, or -1 when absent or unclear. */
static int read_flag(const char *classdir, const char *name)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;

	if (read_attr(classdir, name, &text, &len) < 0 || len < 1)
		return -1;
	return text[0] == '1' ? 1 : text[0] == '0' ? 0 : -1;
}

int tpm_family_facts_read(const char *classdir, struct tpm_family_facts *ret)
{
	_cleanup_free_ char *text = NULL;
	struct tpm_family_facts f;
	size_t len = 0;
	int r = read_attr(classdir, "caps", &text, &len);

	if (r >= 0)
		r = tpm_family_caps_parse(text, len, &f);
	if (r < 0)
		return r;
	f.enabled = read_flag(classdir, "enabled");
	f.active = read_flag(classdir, "active");
	f.owned = read_flag(classdir, "owned");
	*ret = f;
	return 0;
}
