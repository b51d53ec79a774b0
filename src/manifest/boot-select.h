/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which file system is /boot: the decision, from what each candidate
 * holds, before anything is verified. Once /boot is signed, its manifest
 * pins its file system (UUID and partition UUID), and only the candidate
 * that is the file system its own manifest pins is taken; a copy of /boot
 * elsewhere pins another one and is left alone. Pure: the caller probes
 * the devices and reads their manifests (unverified: the verification of
 * the chosen one checks the signature and the pin again). */
#pragma once

#include "manifest.h"

struct boot_candidate {
	const char *dev;
	struct manifest_fs id; /* what the device is */
	bool has_config; /* it holds a boot loader configuration */
	bool has_pin; /* its manifest pins a file system: */
	struct manifest_fs pin; /* this one */
};

enum boot_select {
	BOOT_SELECT_NONE, /* no candidate holds a boot configuration */
	BOOT_SELECT_PINNED, /* the one that is the file system its manifest pins */
	BOOT_SELECT_ONLY, /* nothing pinned, one candidate with a boot configuration */
	BOOT_SELECT_ASK, /* nothing pinned, several: the person chooses */
	BOOT_SELECT_PINNED_ABSENT, /* a manifest pins a file system no candidate is */
	BOOT_SELECT_AMBIGUOUS, /* several candidates are the pinned file system */
};

/* Decides among n candidates. ret_index: the chosen one (PINNED, ONLY),
 * the first whose manifest names the absent pin (PINNED_ABSENT), or the
 * first of the ambiguous ones (AMBIGUOUS). */
enum boot_select boot_select(const struct boot_candidate *c, size_t n, size_t *ret_index);

/* True when candidate c is the file system its own manifest pins. */
bool boot_candidate_self_pinned(const struct boot_candidate *c);
