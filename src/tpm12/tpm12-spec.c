/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsing "device:/dev/tpm0" and "swtpm:host=H,port=P". */
#include "tpm12-spec.h"
#include "macro.h"
#include "parse.h"
#include "strbuf.h"

#include <errno.h>
#include <string.h>

/* One "key=value" item of a swtpm spec, len bytes long. */
static int spec_item(const char *item, size_t len, struct tpm12_spec *s)
{
	char buf[300];
	const char *v;
	uint64_t port;

	if (len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, item, len);
	buf[len] = 0;
	v = strchr(buf, '=');
	if (!v)
		return -EINVAL;
	v++;
	if (startswith(buf, "host=") && *v)
		return strfmt(s->host, sizeof(s->host), "%s", v) < 0 ? -EINVAL : 0;
	if (!startswith(buf, "port=") || parse_unsigned(v, 65534, &port) < 0 || port == 0)
		return -EINVAL;
	s->port = (unsigned)port;
	return 0;
}

static int spec_swtpm(const char *args, struct tpm12_spec *s)
{
	const char *p = args;

	s->socket = true;
	strcpy(s->host, "127.0.0.1");
	s->port = 2321;
	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		int r = spec_item(p, len, s);

		if (r < 0)
			return r;
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

int tpm12_spec_parse(const char *str, struct tpm12_spec *ret)
{
	struct tpm12_spec s = { 0 };
	int r;

	if (streq(str, "device") || startswith(str, "device:")) {
		const char *path = str[6] == ':' ? str + 7 : "/dev/tpm0";

		if (!*path || strfmt(s.path, sizeof(s.path), "%s", path) < 0)
			return -EINVAL;
	} else if (streq(str, "swtpm") || startswith(str, "swtpm:")) {
		r = spec_swtpm(str[5] == ':' ? str + 6 : "", &s);
		if (r < 0)
			return r;
	} else
		return -EINVAL;
	*ret = s;
	return 0;
}
