/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A readable one-line description of an event: the text heads wrote, the
 * name of a UEFI variable, a firmware string, or the size of binary data. */
#pragma once

#include "eventlog.h"

#define EVENT_DESCRIPTION_MAX 256

/* Writes the description (printable ASCII only) into buf. */
void event_describe(const struct event *ev, char *buf, size_t size);

/* "EV_IPL", or "unknown (0x%08x)" for types the profile does not name. */
void event_type_format(uint32_t type, char *buf, size_t size);
