/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The events heads itself measures: an EV_IPL event whose data is the
 * text "heads KIND NAME", so that tpm2_eventlog shows it as a string and
 * "what changed" can name the module, owner file or header concerned. */
#pragma once

#include "eventlog.h"

enum measure_kind {
	MEASURE_STRING, /* `heads tpm extend --string` */
	MEASURE_FILE, /* `heads tpm extend --file` */
	MEASURE_MODULE, /* a kernel module's file (PCR 5) */
	MEASURE_MODULE_ARGS, /* its parameters (PCR 5) */
	MEASURE_USER_FILE_NAME, /* an owner file's name (PCR 7) */
	MEASURE_USER_FILE, /* its content (PCR 7) */
	MEASURE_LUKS_HEADER, /* a LUKS header (PCR 6) */
	MEASURE_BOOT_MODE, /* the boot-mode cap (PCR 4) */
	MEASURE_KIND_MAX,
};

#define MEASURE_NAME_MAX 200
#define MEASURE_DATA_MAX (sizeof("heads ") + 16 + MEASURE_NAME_MAX)

const char *measure_kind_name(enum measure_kind kind);
/* -EINVAL for a name that is not a kind. */
int measure_kind_from_name(const char *s, enum measure_kind *ret);

/* Fills ev (data in databuf, MEASURE_DATA_MAX bytes) for an event of
 * ours. Names longer than MEASURE_NAME_MAX are cut; unprintable bytes
 * become '?'. */
void measure_event_make(unsigned pcr, const uint8_t digest[32], enum measure_kind kind,
			const char *name, struct event *ev, char *databuf);

/* 1 and the kind and name (NUL-terminated, at most MEASURE_NAME_MAX) if ev
 * is an event heads wrote, else 0. */
int measure_event_parse(const struct event *ev, enum measure_kind *ret_kind,
			char ret_name[MEASURE_NAME_MAX + 1]);

/* 1 if ev is one of heads' boot-mode caps. */
int measure_event_is_cap(const struct event *ev);
