/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Enrolling the disk key the way both `heads disk enroll` and /init do:
 * PCR 6 predicted from the header, the other PCRs planned from the event
 * logs (clean-boot values when this boot is capped), and their events
 * kept as a snapshot to explain a later refusal. */
#pragma once

#include "disk-key.h"
#include "seal-plan.h"

/* PCR 6 is predicted from the header itself, so the snapshot and the
 * event-level explanation cover the other PCRs. */
#define DISK_SNAPSHOT_MASK(mask) ((mask) & ~(1u << DISK_PCR))

int disk_snapshot_path(const char *statedir, char *buf, size_t size);

int disk_enroll_planned(struct tpm *t, const char *const *devices, size_t n, const char *luks_pass,
			const char *unlock_pass, uint32_t mask, const struct seal_paths *p);
