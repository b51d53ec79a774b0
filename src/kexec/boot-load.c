/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Choosing the boot entry to load. */
#include "boot-load.h"
#include "log.h"
#include "macro.h"
#include "strbuf.h"

static size_t find_title(const struct entry_list *l, const char *title)
{
	for (size_t i = 0; title && *title && i < l->n; i++)
		if (streq(l->v[i].title, title))
			return i;
	if (title && *title)
		log_warning("The signed default entry \"%s\" is not in the boot menu; using the first entry.",
			    title);
	return 0;
}

int boot_pick_entry(const struct entry_list *l, const char *dir, long index, const char *dflt,
		    size_t *ret)
{
	size_t i;

	if (l->n == 0)
		return log_error_errno(-ENOENT, "No boot entries found in %s.", dir);
	i = index >= 0 ? (size_t)index : find_title(l, dflt);
	if (i >= l->n)
		return log_error_errno(-EINVAL, "There is no entry %zu: %s has %zu (0 to %zu).", i,
				       dir, l->n, l->n - 1);
	*ret = i;
	return 0;
}
