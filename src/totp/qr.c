/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Terminal QR rendering: each character cell shows two rows of modules. */
#include "qr.h"
#include "macro.h"

#include <qrencode.h>

#define QUIET_ZONE 2

static int dark(const QRcode *qr, int x, int y)
{
	if (x < 0 || y < 0 || x >= qr->width || y >= qr->width)
		return 0;
	return qr->data[y * qr->width + x] & 1;
}

static void print_row_pair(FILE *out, const QRcode *qr, int y)
{
	static const char *const cells[4] = { "\u2588", "\u2580", "\u2584", " " };

	for (int x = -QUIET_ZONE; x < qr->width + QUIET_ZONE; x++)
		fputs(cells[dark(qr, x, y) << 1 | dark(qr, x, y + 1)], out);
	fputc('\n', out);
}

int qr_print(FILE *out, const char *text)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);

	if (!qr)
		return negative_errno();
	for (int y = -QUIET_ZONE; y < qr->width + QUIET_ZONE; y += 2)
		print_row_pair(out, qr, y);
	explicit_bzero(qr->data, (size_t)qr->width * (size_t)qr->width);
	QRcode_free(qr);
	return 0;
}
