/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The events a boot of a given ROM image measures, computed from the
 * image: coreboot's into PCR 2 (the FMAP area, then each CBFS file it
 * loads, hashed as stored: coreboot 26.06's tspi_cbfs_measurement) and
 * /init's into PCR 7 (each owner file heads/initrd/PATH in image order:
 * PATH, then the content). Takes a buffer; never opens files. */
#pragma once

#include "eventlog.h"
#include "pcr.h"

#define ROM_PCR_COREBOOT 2
#define ROM_PCR_OWNER 7
#define ROM_PCRS ((1u << ROM_PCR_COREBOOT) | (1u << ROM_PCR_OWNER))

/* coreboot's event descriptions: "FMAP: AREA" or "CBFS: NAME", at most
 * 49 bytes (its log keeps 50 with the terminating NUL). */
#define ROM_EVENT_NAME_MAX 50
#define ROM_TEMPLATE_MAX 64

/* What coreboot measures into PCR 2, in order: the board's boot path.
 * Files the image lacks are not measured (coreboot finds nothing to
 * load). */
struct rom_template {
	char names[ROM_TEMPLATE_MAX][ROM_EVENT_NAME_MAX];
	size_t n;
};

/* The boot path of coreboot 26.06 on x86 with the bootblock in CBFS
 * (qemu-q35 and the laptops built the same way). */
void rom_template_default(struct rom_template *ret);

/* The boot path a running coreboot took: the descriptions of its PCR 2
 * events in log (firmware events only). -EOPNOTSUPP when one of them is
 * not an FMAP area or a CBFS file (it could not be computed from an
 * image); -ENOENT when log holds no PCR 2 event. */
int rom_template_from_log(const struct eventlog *log, struct rom_template *ret);

/* Appends to ret the events a boot of img would measure on the PCRs of
 * mask (ROM_PCR_COREBOOT and/or ROM_PCR_OWNER; others are ignored).
 * -EBADMSG when img is not a CBFS image, or an FMAP event names an area
 * the image lacks. */
int rom_predict_events(const uint8_t *img, size_t len, const struct rom_template *tpl,
		       uint32_t mask, struct eventlog *ret);

/* The PCR values a clean boot of img gives: base (the values of the PCRs
 * the image does not decide, e.g. this machine's clean-boot ones) with
 * the PCRs of ROM_PCRS & mask replayed from img's events, which are
 * appended to ret_events when it is not NULL. */
int rom_predict_values(const uint8_t *img, size_t len, const struct rom_template *tpl, uint32_t mask,
		       const pcr_values base, pcr_values ret, struct eventlog *ret_events);

/* The boot path of this machine's firmware: from its event log (found as
 * logs_load finds it) when that is coreboot's, else the default one.
 * Returns 1 when the log gave it, 0 for the default. */
int rom_template_for_machine(const char *firmware_log, const char *rundir, struct rom_template *ret);

/* The most a ROM image may take (the largest SPI flashes are 64 MiB). */
#define ROM_IMAGE_MAX (64u << 20)

/* The two states a firmware update must unseal in, over mask: this
 * machine's clean-boot values (from the logs as a seal plans them, or the
 * live ones when no log accounts for them) and a clean boot of img on
 * this machine (the same, PCRs 2 and 7 computed from img with this
 * machine's boot path). */
struct tpm;
int rom_update_states(struct tpm *t, const char *firmware_log, const char *rundir, const uint8_t *img,
		      size_t len, uint32_t mask, pcr_values ret_running, pcr_values ret_new);
