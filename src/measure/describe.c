/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Descriptions of events, from the event data, never trusted as text. */
#include "describe.h"
#include "macro.h"
#include "strbuf.h"
#include "tcg.h"

#include <stdio.h>

void event_type_format(uint32_t type, char *buf, size_t size)
{
	const char *name = tcg_event_type_name(type);

	if (name)
		strfmt_cut(buf, size, "%s", name);
	else
		strfmt_cut(buf, size, "unknown (0x%08x)", type);
}

static int printable(uint8_t c)
{
	return c >= 0x20 && c < 0x7f;
}

/* Copies step-spaced bytes of data as text, '?' for anything unprintable. */
static void copy_text(const uint8_t *data, size_t n, size_t step, char *buf, size_t size)
{
	size_t o = 0;

	for (size_t k = 0; k < n && o + 1 < size; k++)
		buf[o++] = printable(data[k * step]) ? (char)data[k * step] : '?';
	buf[o] = '\0';
}

/* Text without its trailing NULs if every other byte is printable. */
static int ascii_len(const uint8_t *d, size_t len, size_t step, size_t *ret)
{
	while (len >= step && d[len - step] == 0 && (step == 1 || d[len - 1] == 0))
		len -= step;
	if (len == 0 || len % step)
		return 0;
	for (size_t i = 0; i < len; i += step)
		if (!printable(d[i]) || (step == 2 && d[i + 1] != 0))
			return 0;
	*ret = len / step;
	return 1;
}

static int is_variable_event(uint32_t type)
{
	return type == EV_EFI_VARIABLE_DRIVER_CONFIG || type == EV_EFI_VARIABLE_BOOT ||
	       type == EV_EFI_VARIABLE_BOOT2 || type == EV_EFI_VARIABLE_AUTHORITY;
}

/* UEFI_VARIABLE_DATA: GUID, name length (chars), data length, UTF-16 name. */
static int variable_name(const struct event *ev, char *buf, size_t size)
{
	uint64_t chars = 0;

	if (ev->data_len < 32)
		return 0;
	for (int i = 7; i >= 0; i--)
		chars = chars << 8 | ev->data[16 + i];
	if (chars == 0 || chars > (ev->data_len - 32) / 2)
		return 0;
	copy_text(ev->data + 32, (size_t)chars, 2, buf, size);
	return 1;
}

static int describe_text(const uint8_t *data, size_t len, char *buf, size_t size)
{
	size_t n;

	if (ascii_len(data, len, 1, &n))
		copy_text(data, n, 1, buf, size);
	else if (ascii_len(data, len, 2, &n))
		copy_text(data, n, 2, buf, size);
	else
		return 0;
	return 1;
}

/* TCG_PCClientTaggedEvent: tag, size, data (the kernel's EFI stub tags
 * its initrd and command line measurements this way). */
static int tagged_text(const struct event *ev, char *buf, size_t size)
{
	uint32_t len;

	if (ev->type != EV_EVENT_TAG || ev->data_len < 8)
		return 0;
	len = ev->data[4] | (uint32_t)ev->data[5] << 8 | (uint32_t)ev->data[6] << 16 |
	      (uint32_t)ev->data[7] << 24;
	return len == ev->data_len - 8 && describe_text(ev->data + 8, len, buf, size);
}

void event_describe(const struct event *ev, char *buf, size_t size)
{
	if (is_variable_event(ev->type) && variable_name(ev, buf, size))
		return;
	if (tagged_text(ev, buf, size) || describe_text(ev->data, ev->data_len, buf, size))
		return;
	strfmt_cut(buf, size, "(%u bytes of data)", ev->data_len);
}
