/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Boot entries as the JSON array of `heads entries --json` (DESIGN
 * section 10), and as a readable list. */
#pragma once

#include "entry.h"

#include <stdio.h>

int entries_write_json(FILE *out, const struct entry_list *l);
int entries_write_text(FILE *out, const struct entry_list *l);
