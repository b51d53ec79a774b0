/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The PCR 7 events a boot makes from a firmware image's owner files
 * (CBFS heads/initrd/...), computed from the image itself: what the next
 * boot will measure once that image is in the flash. The same events, in
 * the same order, as /init's reading of the boot flash. */
#pragma once

#include "eventlog.h"

#include <stddef.h>
#include <stdint.h>

#define OWNER_EVENTS_PCR 7
#define OWNER_EVENTS_FILE_MAX (16u << 20) /* /init reads no larger owner file */

/* Appends to ret, for each uncompressed owner file of the CBFS in img (in
 * image order), the event of its path and the event of its content.
 * Files /init ignores (compressed, or with an unsafe name) are skipped.
 * -EBADMSG for a malformed CBFS, -EFBIG for an owner file /init would
 * refuse as too large. */
int owner_events_from_image(const uint8_t *img, size_t len, struct eventlog *ret);
