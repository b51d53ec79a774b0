/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PCR 2 and 7 events computed from a ROM image laid out as cbfstool and
 * coreboot's fmaptool lay it out: an FMAP, then the CBFS. */
#include "cbfs-fixture.h"
#include "cbfs.h"
#include "fmap.h"
#include "harness.h"
#include "macro.h"
#include "rom-predict.h"
#include "sha.h"
#include "tcg.h"

#include <stdint.h>

#define CBFS_START 0x400u
static uint8_t img[8192];

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_area(uint8_t *a, uint32_t off, uint32_t size, const char *name)
{
	put_le32(a, off);
	put_le32(a + 4, size);
	memcpy(a + 8, name, strlen(name));
}

/* FMAP at 0 with the areas FMAP (0, 0x100) and COREBOOT (the rest). */
static void put_fmap(void)
{
	memcpy(img, "__FMAP__", 8);
	img[8] = 1;
	memcpy(img + 18, "FLASH", 5);
	img[54] = 2;
	put_area(img + 56, 0, 0x100, "FMAP");
	put_area(img + 56 + 42, CBFS_START, sizeof(img) - CBFS_START, "COREBOOT");
}

static size_t put_file(size_t off, const char *name, uint32_t type, const char *data)
{
	return fixture_cbfs_put_file(img, off, name, type, data);
}

static void make_image(const char *payload)
{
	size_t off = CBFS_START;

	memset(img, 0xff, sizeof(img));
	memset(img, 0, CBFS_START);
	put_fmap();
	off = put_file(off, "fallback/romstage", 0x10, "romstage code");
	off = put_file(off, "fallback/payload", 0x20, payload);
	off = put_file(off, "heads/initrd/etc/config.user", CBFS_TYPE_RAW, "CONFIG_A=y\n");
	off = put_file(off, "heads/initrd/../escape", CBFS_TYPE_RAW, "x");
	off = put_file(off, "bootblock", 0x1, "bootblock code");
	put_file(off, "", CBFS_TYPE_NULL, "");
}

static const char *desc(const struct event *ev)
{
	return (const char *)ev->data;
}

static void assert_digest_of(const struct event *ev, const void *data, size_t len)
{
	uint8_t want[32];

	ASSERT_EQ(sha256_buf(data, len, want), 0);
	ASSERT(memcmp(ev->sha256, want, 32) == 0);
}

TEST(fmap_area_by_name)
{
	size_t off = 1, size = 1;

	make_image("payload");
	ASSERT_EQ(fmap_find_area(img, sizeof(img), "FMAP", &off, &size), 0);
	ASSERT_EQ(off, 0);
	ASSERT_EQ(size, 0x100);
	ASSERT_EQ(fmap_find_area(img, sizeof(img), "COREBOOT", &off, &size), 0);
	ASSERT_EQ(off, CBFS_START);
	ASSERT_EQ(fmap_find_area(img, sizeof(img), "RW_A", &off, &size), -ENOENT);
	put_area(img + 56, 0, sizeof(img) + 1, "FMAP");
	ASSERT_EQ(fmap_find_area(img, sizeof(img), "FMAP", &off, &size), -EBADMSG);
}

TEST(coreboot_events_as_it_measures_them)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	struct rom_template tpl;

	make_image("payload v1");
	rom_template_default(&tpl);
	ASSERT_EQ(rom_predict_events(img, sizeof(img), &tpl, 1u << ROM_PCR_COREBOOT, &log), 0);
	/* postcar and ramstage are not in this image: not measured. */
	ASSERT_EQ(log.count, 4);
	ASSERT_STREQ(desc(&log.events[0]), "FMAP: FMAP");
	assert_digest_of(&log.events[0], img, 0x100);
	ASSERT_STREQ(desc(&log.events[1]), "CBFS: bootblock");
	assert_digest_of(&log.events[1], "bootblock code", 14);
	ASSERT_STREQ(desc(&log.events[2]), "CBFS: fallback/romstage");
	ASSERT_STREQ(desc(&log.events[3]), "CBFS: fallback/payload");
	assert_digest_of(&log.events[3], "payload v1", 10);
	for (size_t i = 0; i < log.count; i++) {
		ASSERT_EQ(log.events[i].pcr, 2);
		ASSERT_EQ(log.events[i].type, EV_ACTION);
		ASSERT_EQ(log.events[i].data_len, ROM_EVENT_NAME_MAX);
		ASSERT_EQ(log.events[i].source, EVENT_FIRMWARE);
	}
}

TEST(owner_files_as_init_measures_them)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	struct rom_template tpl;

	make_image("payload v1");
	rom_template_default(&tpl);
	ASSERT_EQ(rom_predict_events(img, sizeof(img), &tpl, 1u << ROM_PCR_OWNER, &log), 0);
	/* The unsafe name is skipped, as /init skips it. */
	ASSERT_EQ(log.count, 2);
	ASSERT_EQ(log.events[0].pcr, 7);
	assert_digest_of(&log.events[0], "etc/config.user", 15);
	assert_digest_of(&log.events[1], "CONFIG_A=y\n", 11);
	ASSERT(strstr((const char *)log.events[1].data, "user-file heads/initrd/etc/config.user"));
}

TEST(another_payload_changes_pcr2_only)
{
	struct rom_template tpl;
	pcr_values base, a, b;

	memset(base, 0x5a, sizeof(base));
	rom_template_default(&tpl);
	make_image("payload v1");
	ASSERT_EQ(rom_predict_values(img, sizeof(img), &tpl, 0x85, (const uint8_t(*)[32])base, a,
				     NULL),
		  0);
	make_image("payload v2");
	ASSERT_EQ(rom_predict_values(img, sizeof(img), &tpl, 0x85, (const uint8_t(*)[32])base, b,
				     NULL),
		  0);
	ASSERT(memcmp(a[0], base[0], 32) == 0); /* not decided by the image */
	ASSERT(memcmp(a[2], b[2], 32) != 0);
	ASSERT(memcmp(a[7], b[7], 32) == 0);
}

TEST(boot_path_from_a_coreboot_log)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	struct rom_template tpl;
	char data[ROM_EVENT_NAME_MAX] = "CBFS: fallback/ramstage";
	struct event ev = { .pcr = 2,
			    .type = EV_ACTION,
			    .has_sha256 = 1,
			    .source = EVENT_FIRMWARE,
			    .data = (uint8_t *)data,
			    .data_len = sizeof(data) };

	ASSERT_EQ(rom_template_from_log(&log, &tpl), -ENOENT);
	ASSERT_EQ(eventlog_add(&log, &ev), 0);
	ASSERT_EQ(rom_template_from_log(&log, &tpl), 0);
	ASSERT_EQ(tpl.n, 1);
	ASSERT_STREQ(tpl.names[0], "CBFS: fallback/ramstage");
	/* An event no image can account for (e.g. a UEFI firmware's). */
	memcpy(data, "EFI something", 14);
	ASSERT_EQ(eventlog_add(&log, &ev), 0);
	ASSERT_EQ(rom_template_from_log(&log, &tpl), -EOPNOTSUPP);
}

TEST(not_a_cbfs_image)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	struct rom_template tpl;

	memset(img, 0, sizeof(img));
	rom_template_default(&tpl);
	ASSERT_EQ(rom_predict_events(img, sizeof(img), &tpl, ROM_PCRS, &log), -EBADMSG);
}
