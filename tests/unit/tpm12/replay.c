/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Replaying recorded TPM 1.2 exchanges. */
#include "replay.h"
#include "harness.h"
#include "nonces.h"

#include <stdio.h>
#include <string.h>

static size_t unhex(const char *s, uint8_t *out, size_t size)
{
	size_t n = 0;
	unsigned v;

	while (s[0] && s[0] != '\n' && s[1]) {
		if (n >= size || sscanf(s, "%2x", &v) != 1)
			FAILF("bad hex in the recording");
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

void replay_load(struct replay *r, const char *name)
{
	char path[512], line[2 * TPM12_BUFFER_MAX + 8];
	FILE *f;

	memset(r, 0, sizeof(*r));
	snprintf(path, sizeof(path), "%s/%s.txt", TPM12_DATA, name);
	f = fopen(path, "re");
	if (!f)
		FAILF("cannot open %s", path);
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '>' && r->n < REPLAY_MAX) {
			r->ex[r->n].req_len = unhex(line + 2, r->ex[r->n].req, TPM12_BUFFER_MAX);
		} else if (line[0] == '<' && r->n < REPLAY_MAX) {
			r->ex[r->n].resp_len = unhex(line + 2, r->ex[r->n].resp, TPM12_BUFFER_MAX);
			r->n++;
		}
	}
	fclose(f);
	if (r->n == 0)
		FAILF("no exchange in %s", path);
}

static int replay_transmit(struct tpm12 *t, const uint8_t *cmd, size_t len, uint8_t *resp,
			   size_t size, size_t *ret_len)
{
	struct replay *r = t->transmit_userdata;
	size_t i = r->next++;

	if (i >= r->n)
		FAILF("command %zu was not in the recording", i);
	if (r->header_only ? len < 10 || memcmp(cmd, r->ex[i].req, 10) != 0 :
			     len != r->ex[i].req_len || memcmp(cmd, r->ex[i].req, len) != 0)
		FAILF("request %zu (%zu bytes) differs from the recorded one (%zu bytes)", i, len,
		      r->ex[i].req_len);
	if (r->ex[i].resp_len > size)
		FAILF("response %zu too large", i);
	memcpy(resp, r->ex[i].resp, r->ex[i].resp_len);
	*ret_len = r->ex[i].resp_len;
	return 0;
}

struct tpm12 *replay_open(struct replay *r)
{
	struct tpm12 *t = NULL;

	if (tpm12_open_custom(replay_transmit, r, &t) < 0)
		FAILF("tpm12_open_custom");
	t->random = fixed_nonces;
	t->random_userdata = &r->nonce_calls;
	return t;
}

void replay_done(const struct replay *r)
{
	if (r->next != r->n)
		FAILF("%zu of %zu recorded commands sent", r->next, r->n);
}

/* Every shorter last answer of the recording NAME, its size field made
 * to match so that it reaches the decoder: op must refuse each (and,
 * under ASan, never read past it). r is the storage the connection
 * replays from while op runs. */
void replay_cut_answers(struct replay *r, const char *name, int (*op)(struct tpm12 *t))
{
	struct replay full;

	replay_load(&full, name);
	for (size_t cut = 10; cut < full.ex[full.n - 1].resp_len; cut++) {
		_cleanup_tpm12_ struct tpm12 *t = NULL;
		size_t last;

		*r = full;
		last = r->n - 1;
		r->ex[last].resp_len = cut;
		r->ex[last].resp[2] = 0;
		r->ex[last].resp[3] = 0;
		r->ex[last].resp[4] = (uint8_t)(cut >> 8);
		r->ex[last].resp[5] = (uint8_t)cut;
		t = replay_open(r);
		if (op(t) >= 0)
			FAILF("%s: an answer cut to %zu bytes was accepted", name, cut);
	}
}
