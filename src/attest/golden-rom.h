/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A golden state computed from a ROM image: coreboot's PCR 2 events and
 * /init's PCR 7 events as a boot of the image measures them
 * (rom-predict.h), on top of a trusted attestation of the machine for the
 * PCRs the image does not decide. */
#pragma once

#include "attest-file.h"
#include "rom-predict.h"

/* ret: a golden file whose PCRs 2 and 7 and their events are img's. With
 * base (a trusted attestation or golden file; its logs must replay to its
 * PCRs, else -E_DIFFERS) the other PCRs and events are base's; without,
 * the golden file holds PCRs 2 and 7 alone (compare quotes of those). */
int attest_golden_from_rom(const struct attest_file *base, const uint8_t *img, size_t len,
			   const struct rom_template *tpl, struct attest_file *ret);
