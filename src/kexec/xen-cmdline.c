/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Xen's and its modules' command lines (xen-cmdline.h). */
#include "xen-cmdline.h"
#include "cmdline.h"
#include "macro.h"
#include "strbuf.h"

#include <errno.h>
#include <string.h>

static int has_word(const char *args, const char *word)
{
	_cleanup_strv_ char **w = NULL;

	if (cmdline_split(args, &w) < 0)
		return -ENOMEM;
	for (size_t i = 0; w && w[i]; i++)
		if (streq(w[i], word))
			return 1;
	return 0;
}

static int join(const char *name, const char *args, const char *extra, char **ret)
{
	_cleanup_strbuf_ struct strbuf b = { 0 };
	int r;

	if ((r = strbuf_puts(&b, name)) < 0)
		return r;
	if (args && *args && ((r = strbuf_putc(&b, ' ')) < 0 || (r = strbuf_puts(&b, args)) < 0))
		return r;
	if (extra && ((r = strbuf_putc(&b, ' ')) < 0 || (r = strbuf_puts(&b, extra)) < 0))
		return r;
	if (b.len + 1 > XEN_CMDLINE_MAX)
		return -E2BIG;
	*ret = strbuf_steal(&b);
	return *ret ? 0 : -ENOMEM;
}

int mb2_cmdline(const char *name, const char *args, char **ret)
{
	return join(name, args, NULL, ret);
}

int xen_cmdline(const char *name, const char *args, char **ret)
{
	int r = has_word(args ? args : "", XEN_AFTER_KEXEC);

	if (r < 0)
		return r;
	return join(name, args, r ? NULL : XEN_AFTER_KEXEC, ret);
}
