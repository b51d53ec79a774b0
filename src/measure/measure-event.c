/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Building and recognising heads' own events. */
#include "measure-event.h"
#include "macro.h"
#include "tcg.h"

#include <stdio.h>

#define PREFIX "heads "

static const char *const kind_names[MEASURE_KIND_MAX] = {
	[MEASURE_STRING] = "string",
	[MEASURE_FILE] = "file",
	[MEASURE_MODULE] = "module",
	[MEASURE_MODULE_ARGS] = "module-args",
	[MEASURE_USER_FILE_NAME] = "user-file-name",
	[MEASURE_USER_FILE] = "user-file",
	[MEASURE_LUKS_HEADER] = "luks-header",
	[MEASURE_BOOT_MODE] = "boot-mode",
};

const char *measure_kind_name(enum measure_kind kind)
{
	return kind < MEASURE_KIND_MAX ? kind_names[kind] : "?";
}

int measure_kind_from_name(const char *s, enum measure_kind *ret)
{
	for (unsigned k = 0; k < MEASURE_KIND_MAX; k++)
		if (streq(s, kind_names[k])) {
			*ret = (enum measure_kind)k;
			return 0;
		}
	return -EINVAL;
}

void measure_event_make(unsigned pcr, const uint8_t digest[32], enum measure_kind kind,
			const char *name, struct event *ev, char *databuf)
{
	int n = snprintf(databuf, MEASURE_DATA_MAX, PREFIX "%s %.*s", measure_kind_name(kind),
			 MEASURE_NAME_MAX, name);

	for (int i = 0; i < n; i++)
		if ((unsigned char)databuf[i] < 0x20 || (unsigned char)databuf[i] >= 0x7f)
			databuf[i] = '?';
	*ev = (struct event){ .pcr = pcr,
			      .type = EV_IPL,
			      .has_sha256 = 1,
			      .source = EVENT_PAYLOAD,
			      .data = (uint8_t *)databuf,
			      .data_len = (uint32_t)n };
	memcpy(ev->sha256, digest, 32);
}

int measure_event_parse(const struct event *ev, enum measure_kind *ret_kind,
			char ret_name[MEASURE_NAME_MAX + 1])
{
	const char *d = (const char *)ev->data;
	size_t len = ev->data_len, plen = strlen(PREFIX);

	if (ev->type != EV_IPL || len <= plen || len > MEASURE_DATA_MAX ||
	    memcmp(d, PREFIX, plen) != 0)
		return 0;
	for (unsigned k = 0; k < MEASURE_KIND_MAX; k++) {
		size_t klen = strlen(kind_names[k]);
		if (len < plen + klen + 1 || memcmp(d + plen, kind_names[k], klen) != 0 ||
		    d[plen + klen] != ' ')
			continue;
		len -= plen + klen + 1;
		if (len > MEASURE_NAME_MAX || memchr(d + plen + klen + 1, '\0', len))
			return 0;
		memcpy(ret_name, d + plen + klen + 1, len);
		ret_name[len] = '\0';
		*ret_kind = (enum measure_kind)k;
		return 1;
	}
	return 0;
}

int measure_event_is_cap(const struct event *ev)
{
	enum measure_kind kind;
	char name[MEASURE_NAME_MAX + 1];

	return measure_event_parse(ev, &kind, name) && kind == MEASURE_BOOT_MODE;
}
