/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzzes what the TPM 1.2 library reads from the TPM and from files: the
 * input is given as the TPM's answer to each command that decodes one
 * (capability, PCR, EK, counter, NV), and parsed as a TCG 1.2 event log,
 * a sealed blob and the structures the TPM answers with. */
#include "disk12-record.h"
#include "log.h"
#include "tpm12-cap.h"
#include "tpm12-counter.h"
#include "tpm12-da.h"
#include "tpm12-eventlog.h"
#include "tpm12-nv.h"
#include "tpm12-pcr.h"
#include "tpm12-pubkey.h"
#include "tpm12-seal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	const uint8_t *p;
	size_t n;
};

static int answer(struct tpm12 *t, const uint8_t *cmd, size_t len, uint8_t *resp, size_t size,
		  size_t *ret_len)
{
	const struct input *in = t->transmit_userdata;

	(void)cmd, (void)len;
	if (in->n > size)
		return -EMSGSIZE;
	memcpy(resp, in->p, in->n);
	*ret_len = in->n;
	return 0;
}

static void commands(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct tpm12 *t = NULL;
	struct tpm12_version v;
	struct tpm12_pubkey k;
	uint8_t pcr[20], nv[16];
	uint32_t c;

	if (tpm12_open_custom(answer, &in, &t) < 0)
		return;
	t->started = 1;
	(void)tpm12_get_version(t, &v);
	(void)tpm12_pcr_read(t, 0, pcr);
	if (tpm12_read_pubek(t, &k) == 0 && k.modulus_len > 512)
		abort();
	(void)tpm12_counter_read(t, 0, &c);
	(void)tpm12_nv_read(t, 1, 0, nv, sizeof(nv));
	tpm12_close(t);
}

/* A record that parses encodes to the very same bytes. */
static void disk12_record_round_trip(const uint8_t *data, size_t size)
{
	static struct disk12_record rec;
	static uint8_t buf[DISK12_RECORD_MAX];
	size_t n = 0;

	if (disk12_record_parse(data, size, &rec) < 0)
		return;
	if (disk12_record_encode(&rec, buf, sizeof(buf), &n) < 0 || n != size ||
	    memcmp(buf, data, size) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t ids[TPM12_COUNTERS_MAX];
	size_t nids;

	tpm12_pcr_values values;
	struct tpm12_version v;
	struct tpm12_da d;
	uint32_t mask, c;

	log_set_level(LOG_NONE);
	commands(data, size);
	if (tpm12_eventlog_replay(data, size, values, &mask) == 0 && mask >> TPM12_PCR_COUNT)
		abort();
	(void)tpm12_sealed_pcrs(data, size, &mask);
	(void)tpm12_da_parse(data, size, &d);
	(void)tpm12_version_parse(data, size, &v);
	(void)tpm12_counter_value_parse(data, size, &c);
	(void)tpm12_handle_list_parse(data, size, ids, TPM12_COUNTERS_MAX, &nids);
	disk12_record_round_trip(data, size);
	return 0;
}
