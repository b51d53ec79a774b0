/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The menu's attestation: a quote for the verifier's nonce (or the
 * clock's time), shown as numbered QR codes one after another. */
#include "attest-file.h"
#include "attest-qr.h"
#include "console.h"
#include "errors.h"
#include "eventlog-file.h"
#include "hexdump.h"
#include "init.h"
#include "log.h"
#include "qr.h"
#include "quote.h"
#include "strbuf.h"

#include <time.h>

int init_attest_nonce(const char *line, uint64_t now, uint8_t nonce[ATTEST_NONCE_MAX], size_t *ret_len)
{
	size_t n = strlen(line);

	if (n == 0) {
		/* Big-endian, so that the hex a verifier sees reads as the time. */
		for (int i = 0; i < 8; i++)
			nonce[i] = (uint8_t)(now >> (56 - 8 * i));
		*ret_len = 8;
		return 0;
	}
	if (n % 2 || n / 2 > ATTEST_NONCE_MAX || hex_decode(line, nonce, n / 2) < 0)
		return -EINVAL;
	*ret_len = n / 2;
	return 0;
}

static int ask_nonce(uint8_t nonce[ATTEST_NONCE_MAX], size_t *ret_len)
{
	char line[2 * ATTEST_NONCE_MAX + 2], hex[2 * ATTEST_NONCE_MAX + 1];

	for (;;) {
		printf("Nonce from the verifier (hex; Enter: the clock's time): ");
		fflush(stdout);
		if (ui_read_line(line, sizeof(line)) < 0)
			return -EIO;
		if (init_attest_nonce(line, (uint64_t)time(NULL), nonce, ret_len) >= 0)
			break;
		printf("That is not a nonce: an even number of hex digits, at most %u bytes.\n",
		       ATTEST_NONCE_MAX);
	}
	hex_encode(nonce, *ret_len, hex);
	printf("Nonce: %s\n", hex);
	return 0;
}

static int show_pieces(const struct attest_file *f)
{
	_cleanup_free_ char *text = NULL;
	_cleanup_strv_ char **pieces = NULL;
	size_t len = 0, n;
	int r = attest_file_format(f, &text, &len);

	if (r >= 0)
		r = attest_qr_split(text, len, ATTEST_QR_CHUNK, &pieces);
	if (r < 0)
		return r;
	n = strv_length(pieces);
	for (size_t i = 0; i < n; i++) {
		printf("\nQR code %zu of %zu:\n%s\n", i + 1, n, pieces[i]);
		(void)qr_print(stdout, pieces[i]);
		ui_wait_enter(i + 1 < n ? "Scanned? Press Enter for the next code." :
					  "Scanned? Press Enter for the menu.");
	}
	return 0;
}

int init_attest(struct init_state *s)
{
	struct attest_file f = { 0 };
	uint8_t nonce[ATTEST_NONCE_MAX];
	struct quote_request req = {
		.nonce = nonce,
		.firmware_log = FIRMWARE_LOG_DEFAULT,
		.rundir = INIT_RUNDIR,
	};
	int r;

	if (!s->tpm) {
		printf("Nothing to attest with: %s.\n", init_no_tpm(s));
		return -ENODEV;
	}
	r = ask_nonce(nonce, &req.nonce_len);
	if (r >= 0)
		r = attest_quote(s->tpm, &req, &f);
	if (r == -E_PASSPHRASE) {
		/* An owned TPM: the AK is made persistent with the owner
		 * passphrase, asked once, when the key is first created. */
		printf("The attestation key is created once, with the TPM owner passphrase.\n");
		r = init_owner_auth(s);
		if (r >= 0)
			r = attest_quote(s->tpm, &req, &f);
	}
	if (r >= 0)
		r = show_pieces(&f);
	if (r < 0)
		printf("The TPM did not make a quote (%s); the verifier gets nothing this time.\n",
		       strerror(-r));
	attest_file_free(&f);
	return r;
}
