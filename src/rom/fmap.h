/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding a named area of a flash image's FMAP (flash map), e.g. the
 * "FMAP" area coreboot measures first. Takes a buffer; every offset is
 * checked against it. */
#pragma once

#include <stddef.h>

#define FMAP_NAME_MAX 32

/* The offset and size of the area called name in the first valid FMAP of
 * buf (searched at 64-byte steps, as flashrom and coreboot do). -ENOENT
 * when there is no FMAP or no such area, -EBADMSG when the area lies
 * outside buf. */
int fmap_find_area(const void *buf, size_t len, const char *name, size_t *ret_off, size_t *ret_size);
