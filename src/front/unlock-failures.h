/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The words both front ends print after a successful unlock when wrong
 * passphrases came before it (disk_failures_take). */
#pragma once

#include "disk-key.h"

#include <stdio.h>

/* Prints nothing when there were none. */
void unlock_failures_print(FILE *out, const struct disk_failures *f);
