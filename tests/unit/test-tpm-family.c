/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TPM's family and a TPM 1.2's facts, from sysfs files as the Linux
 * 6.1 driver writes them (here in a directory standing for /sys/class/tpm). */
#include "family.h"
#include "harness.h"
#include "macro.h"

#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>

/* What the kernel showed for swtpm 0.7.1 in TPM 1.2 mode (tpm0/caps). */
static const char swtpm_caps[] = "Manufacturer: 0x49424d00\n"
				 "TCG version: 1.2\n"
				 "Firmware version: 1.2\n";

static void put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "we");
	ASSERT(f);
	ASSERT(fputs(text, f) >= 0);
	ASSERT(fclose(f) == 0);
}

/* A class directory with tpm0 and tpm0/device. */
static char *fake_class(void)
{
	char tmpl[] = "/tmp/heads-test-XXXXXX", path[512];
	char *d = mkdtemp(tmpl);

	ASSERT(d);
	snprintf(path, sizeof(path), "%s/tpm0", d);
	ASSERT(mkdir(path, 0755) == 0);
	snprintf(path, sizeof(path), "%s/tpm0/device", d);
	ASSERT(mkdir(path, 0755) == 0);
	return strdup(d);
}

TEST(family_parse)
{
	enum tpm_major f = 0;

	ASSERT_EQ(tpm_major_parse("1\n", 2, &f), 0);
	ASSERT_EQ(f, TPM_MAJOR_1);
	ASSERT_EQ(tpm_major_parse("2\n", 2, &f), 0);
	ASSERT_EQ(f, TPM_MAJOR_2);
	ASSERT_EQ(tpm_major_parse("2", 1, &f), 0);
	ASSERT_EQ(f, TPM_MAJOR_2);
	ASSERT_STREQ(tpm_major_name(TPM_MAJOR_1), "TPM 1.2");
	ASSERT_STREQ(tpm_major_name(TPM_MAJOR_2), "TPM 2.0");
}

TEST(family_parse_refuses_other_text)
{
	static const char *const bad[] = { "", "3\n", "12", "1 ", "\n", "1\n\n", "x" };
	enum tpm_major f;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (tpm_major_parse(bad[i], strlen(bad[i]), &f) != -EBADMSG)
			FAILF("accepted \"%s\"", bad[i]);
}

TEST(family_detect_from_sysfs)
{
	_cleanup_(tmpdir_freep) char *dir = fake_class();
	enum tpm_major f = 0;

	put(dir, "tpm0/tpm_version_major", "1\n");
	ASSERT_EQ(tpm_major_detect(dir, &f), 0);
	ASSERT_EQ(f, TPM_MAJOR_1);
	put(dir, "tpm0/tpm_version_major", "2\n");
	ASSERT_EQ(tpm_major_detect(dir, &f), 0);
	ASSERT_EQ(f, TPM_MAJOR_2);
}

TEST(family_detect_without_tpm)
{
	_cleanup_(tmpdir_freep) char *dir = fake_class();
	enum tpm_major f = 0;

	ASSERT_EQ(tpm_major_detect(dir, &f), -ENOENT);
	ASSERT_EQ(tpm_major_detect("/nonexistent-class", &f), -ENOENT);
}

TEST(caps_of_swtpm)
{
	struct tpm_family_facts f;

	ASSERT_EQ(tpm_family_caps_parse(swtpm_caps, strlen(swtpm_caps), &f), 0);
	ASSERT_STREQ(f.manufacturer, "IBM");
	ASSERT_EQ(f.version_major, 1);
	ASSERT_EQ(f.version_minor, 2);
	ASSERT_EQ(f.firmware_major, 1);
	ASSERT_EQ(f.firmware_minor, 2);
	ASSERT_EQ(f.owned, -1);
}

TEST(caps_vendor_with_unprintable_bytes)
{
	static const char caps[] = "Manufacturer: 0x53544d20\nTCG version: 1.2\n";
	static const char odd[] = "Manufacturer: 0x01024142\nTCG version: 1.2\n";
	struct tpm_family_facts f;

	ASSERT_EQ(tpm_family_caps_parse(caps, strlen(caps), &f), 0);
	ASSERT_STREQ(f.manufacturer, "STM");
	ASSERT_EQ(tpm_family_caps_parse(odd, strlen(odd), &f), 0);
	ASSERT_STREQ(f.manufacturer, ""); /* a leading unprintable byte ends the text */
}

TEST(caps_incomplete_is_refused)
{
	static const char no_version[] = "Manufacturer: 0x49424d00\n";
	static const char no_vendor[] = "TCG version: 1.2\n";
	struct tpm_family_facts f;

	ASSERT_EQ(tpm_family_caps_parse(no_version, strlen(no_version), &f), -EBADMSG);
	ASSERT_EQ(tpm_family_caps_parse(no_vendor, strlen(no_vendor), &f), -EBADMSG);
	ASSERT_EQ(tpm_family_caps_parse("", 0, &f), -EBADMSG);
}

TEST(facts_read_with_flags)
{
	_cleanup_(tmpdir_freep) char *dir = fake_class();
	struct tpm_family_facts f;

	ASSERT_EQ(tpm_family_facts_read(dir, &f), -ENOENT);
	put(dir, "tpm0/caps", swtpm_caps);
	put(dir, "tpm0/enabled", "1\n");
	put(dir, "tpm0/active", "1\n");
	put(dir, "tpm0/owned", "0\n");
	ASSERT_EQ(tpm_family_facts_read(dir, &f), 0);
	ASSERT_STREQ(f.manufacturer, "IBM");
	ASSERT_EQ(f.enabled, 1);
	ASSERT_EQ(f.active, 1);
	ASSERT_EQ(f.owned, 0);
}
