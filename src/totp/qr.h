/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QR codes drawn on a terminal with libqrencode. */
#pragma once

#include <stdio.h>

/* Draws text as a QR code using UTF-8 half blocks, two modules per
 * character cell, light modules drawn so it scans on a dark terminal.
 * The module buffer is wiped afterwards (the text may be a secret). */
int qr_print(FILE *out, const char *text);
