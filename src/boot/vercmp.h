/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Version comparison as rpm does it (what Fedora's blscfg uses to order
 * BLS entries): digit runs compare numerically, letter runs as strings, a
 * digit run beats a letter run, "~" sorts before anything, other
 * characters only separate. */
#pragma once

/* <0, 0 or >0 like strcmp. */
int vercmp(const char *a, const char *b);
