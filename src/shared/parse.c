/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Strict decimal numbers: strtoull alone accepts "", " 1", "-1" and "1x". */
#include "parse.h"
#include "macro.h"

int parse_unsigned(const char *s, uint64_t max, uint64_t *ret)
{
	char *end = NULL;
	unsigned long long v;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (!end || *end)
		return -EINVAL;
	if (errno == ERANGE || v > max)
		return -ERANGE;
	if (errno)
		return -EINVAL;
	*ret = v;
	return 0;
}
