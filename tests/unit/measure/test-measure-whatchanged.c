/* SPDX-License-Identifier: GPL-2.0-or-later */
/* "What changed": sealed events against this boot's, phrased per kind. */
#include "eventlog.h"
#include "events.h"
#include "harness.h"
#include "macro.h"
#include "measure-event.h"
#include "tcg.h"
#include "whatchanged.h"

static void add_owner_file(struct eventlog *log, const char *name, uint8_t content)
{
	add_event_filled(log, 7, MEASURE_USER_FILE_NAME, name, 0x11);
	add_event_filled(log, 7, MEASURE_USER_FILE, name, content);
}

/* Runs the diff on pcr and returns what it wrote (static buffer). */
static const char *diff(const struct eventlog *sealed, const struct eventlog *now, unsigned pcr,
			int want_lines)
{
	static char text[4096];
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ASSERT(f);
	ASSERT_EQ(whatchanged_pcr(sealed, now, pcr, f), want_lines);
	fclose(f);
	snprintf(text, sizeof(text), "%s", buf);
	free(buf);
	return text;
}

TEST(changed_file_and_new_module_named)
{
	_cleanup_eventlog_ struct eventlog sealed = { 0 }, now = { 0 };

	add_owner_file(&sealed, "heads/initrd/etc/config.user", 1);
	add_owner_file(&sealed, "heads/initrd/.gnupg/pubring.kbx", 2);
	add_event_filled(&sealed, 5, MEASURE_MODULE, "ehci_hcd", 3);
	add_owner_file(&now, "heads/initrd/etc/config.user", 9);
	add_owner_file(&now, "heads/initrd/.gnupg/pubring.kbx", 2);
	add_event_filled(&now, 5, MEASURE_MODULE, "ehci_hcd", 3);
	add_event_filled(&now, 5, MEASURE_MODULE_ARGS, "usbhid", 4);
	add_event_filled(&now, 5, MEASURE_MODULE, "usbhid", 5);
	ASSERT_STREQ(diff(&sealed, &now, 7, 1),
		     "PCR 7: owner file heads/initrd/etc/config.user changed\n");
	ASSERT_STREQ(diff(&sealed, &now, 5, 1),
		     "PCR 5: module usbhid loaded that was not loaded at sealing\n");
	ASSERT_STREQ(diff(&sealed, &now, 4, 0), "");
}

TEST(missing_and_added_owner_files)
{
	_cleanup_eventlog_ struct eventlog sealed = { 0 }, now = { 0 };

	add_owner_file(&sealed, "heads/initrd/a", 1);
	add_owner_file(&now, "heads/initrd/b", 1);
	ASSERT_STREQ(diff(&sealed, &now, 7, 2),
		     "PCR 7: owner file heads/initrd/b added that was not there at sealing\n"
		     "PCR 7: owner file heads/initrd/a from sealing is missing\n");
}

TEST(module_parameters_and_caps)
{
	_cleanup_eventlog_ struct eventlog sealed = { 0 }, now = { 0 };

	add_event_filled(&sealed, 5, MEASURE_MODULE_ARGS, "usbcore", 1);
	add_event_filled(&sealed, 5, MEASURE_MODULE, "usbcore", 2);
	add_event_filled(&now, 5, MEASURE_MODULE_ARGS, "usbcore", 7);
	add_event_filled(&now, 5, MEASURE_MODULE, "usbcore", 2);
	add_event_filled(&now, 4, MEASURE_BOOT_MODE, "recovery", 3);
	ASSERT_STREQ(diff(&sealed, &now, 5, 1),
		     "PCR 5: module usbcore loaded with different parameters\n");
	ASSERT_STREQ(diff(&sealed, &now, 4, 1),
		     "PCR 4: boot mode 'recovery' was set: the PCR is capped for this boot\n");
}

TEST(firmware_variable_change_named)
{
	_cleanup_eventlog_ struct eventlog sealed = { 0 }, now = { 0 };
	/* UEFI_VARIABLE_DATA: GUID, 2 chars, 1 byte of data, "SB" in UTF-16. */
	uint8_t var[37] = { 0 };
	struct event ev = { .pcr = 7,
			    .type = EV_EFI_VARIABLE_DRIVER_CONFIG,
			    .has_sha256 = 1,
			    .data = var,
			    .data_len = sizeof(var) };

	var[16] = 2, var[24] = 1, var[32] = 'S', var[34] = 'B', var[36] = 0;
	ASSERT_EQ(eventlog_add(&sealed, &ev), 0);
	var[36] = 1, ev.sha256[0] = 1;
	ASSERT_EQ(eventlog_add(&now, &ev), 0);
	ASSERT_STREQ(diff(&sealed, &now, 7, 1),
		     "PCR 7: firmware event EV_EFI_VARIABLE_DRIVER_CONFIG 'SB' changed\n");
}

TEST(repeated_events_matched_in_order)
{
	_cleanup_eventlog_ struct eventlog sealed = { 0 }, now = { 0 };

	add_event_filled(&sealed, 8, MEASURE_STRING, "x", 1);
	add_event_filled(&now, 8, MEASURE_STRING, "x", 1);
	add_event_filled(&now, 8, MEASURE_STRING, "x", 1);
	ASSERT_STREQ(diff(&sealed, &now, 8, 1),
		     "PCR 8: measurement 'x' that was not there at sealing\n");
}

TEST(long_differences_summarised)
{
	_cleanup_eventlog_ struct eventlog sealed = { 0 }, now = { 0 };
	char name[16];
	const char *out;

	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "m%d", i);
		add_event_filled(&now, 5, MEASURE_MODULE, name, 1);
	}
	out = diff(&sealed, &now, 5, 33);
	ASSERT(strstr(out, "PCR 5: module m31 loaded"));
	ASSERT(strstr(out, "PCR 5: more differences, not listed\n"));
	ASSERT(!strstr(out, "m32"));
}

/* Against another reference than a sealing (a golden boot), the lines say
 * that reference; a name holding the word is left as it is. */
TEST(another_reference_named)
{
	_cleanup_eventlog_ struct eventlog golden = { 0 }, now = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ASSERT(f);
	add_owner_file(&golden, "heads/initrd/sealing", 1);
	add_event_filled(&golden, 5, MEASURE_MODULE, "ehci_hcd", 3);
	add_owner_file(&now, "heads/initrd/b", 1);
	ASSERT_EQ(whatchanged_pcr_ref(&golden, &now, 7, "the golden boot", f), 2);
	ASSERT_EQ(whatchanged_pcr_ref(&golden, &now, 5, "the golden boot", f), 1);
	fclose(f);
	ASSERT_STREQ(buf,
		     "PCR 7: owner file heads/initrd/b added that was not there at the golden boot\n"
		     "PCR 7: owner file heads/initrd/sealing from the golden boot is missing\n"
		     "PCR 5: module ehci_hcd was loaded at the golden boot but not now\n");
	free(buf);
}
