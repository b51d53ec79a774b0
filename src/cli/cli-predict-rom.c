/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads tpm predict --rom IMAGE`: the PCR values a boot of a ROM image
 * gives, PCRs 2 and 7 computed from the image, the others from this
 * machine's clean-boot logs. */
#include "cli.h"
#include "fileio.h"
#include "log.h"
#include "logs.h"
#include "predict.h"
#include "replay.h"
#include "rom-predict.h"
#include "tpm.h"

#include <stdio.h>

/* The clean-boot values of the PCRs the image does not decide. */
static int machine_values(uint32_t mask, pcr_values ret)
{
	_cleanup_eventlog_ struct eventlog log = { 0 };
	_cleanup_tpm_ struct tpm *t = NULL;
	struct prediction pr;
	int r;

	memset(ret, 0, sizeof(pcr_values));
	if (!(mask & ~ROM_PCRS))
		return 0;
	r = logs_load(cli_firmware_log(), cli_rundir(), &log, NULL, NULL);
	if (r >= 0)
		r = tpm_open(tpm_tcti_choose(cli.tcti), &t);
	if (r >= 0)
		r = predict_pcrs(t, &log, mask & ~ROM_PCRS, REPLAY_WITHOUT_CAPS, &pr);
	if (r >= 0)
		memcpy(ret, pr.values, sizeof(pcr_values));
	return r;
}

static void print_json(uint32_t mask, const pcr_values values, const struct eventlog *events)
{
	printf("{\"pcrs\": ");
	cli_print_pcrs(mask, (const uint8_t(*)[32])values, 1);
	printf(", \"events\": [");
	for (size_t i = 0; i < events->count; i++)
		cli_event_json(&events->events[i], i == 0);
	printf("\n]}\n");
}

int cli_predict_rom(const char *rom, uint32_t mask, int json)
{
	_cleanup_eventlog_ struct eventlog events = { 0 };
	_cleanup_free_ char *img = NULL;
	struct rom_template tpl;
	pcr_values base, values;
	size_t len = 0;
	int r = read_file_follow(rom, ROM_IMAGE_MAX, &img, &len);

	if (r < 0)
		return log_error_errno(r, "Cannot read %s: %m", rom);
	(void)rom_template_for_machine(cli_firmware_log(), cli_rundir(), &tpl);
	r = machine_values(mask, base);
	if (r < 0)
		return r;
	r = rom_predict_values((const uint8_t *)img, len, &tpl, mask, base, values, &events);
	if (r == -EBADMSG)
		return log_error_errno(r,
				       "%s is not a coreboot image (no CBFS, or its FMAP lacks "
				       "an area coreboot measures)",
				       rom);
	if (r < 0)
		return log_error_errno(r, "Cannot predict the PCRs of %s: %m", rom);
	if (json)
		print_json(mask, values, &events);
	else
		cli_print_pcrs(mask, (const uint8_t(*)[32])values, 0);
	return 0;
}
