/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TPM 1.2 commands against exchanges recorded from swtpm in 1.2 mode
 * (tests/data/tpm12, see record.sh there): the library must send the
 * very requests the TPM accepted, HMACs and encrypted authorizations
 * included, and decode the TPM's answers, HMACs checked. A byte changed
 * in an answer fails its HMAC; a cut answer is refused, never overread. */
#include "errors.h"
#include "harness.h"
#include "replay.h"
#include "tpm12-cap.h"
#include "tpm12-counter.h"
#include "tpm12-da.h"
#include "tpm12-nv.h"
#include "tpm12-owner.h"
#include "tpm12-pcr.h"
#include "tpm12-pubkey.h"
#include "tpm12-seal.h"
#include "tpm12-session.h"

#include <string.h>

static const uint8_t D1[20] = { 1,  2,	3,  4,	5,  6,	7,  8,	9,  10,
				11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
static const char SECRET[] = "the sealed secret";

static void auth(const char *pass, uint8_t ret[20])
{
	tpm12_auth_from_bytes(pass, strlen(pass), ret);
}

static struct replay rp;

static struct tpm12 *open_recording(const char *name)
{
	replay_load(&rp, name);
	return replay_open(&rp);
}

TEST(startup_then_family)
{
	_cleanup_tpm12_ struct tpm12 *t = open_recording("startup-family");
	unsigned before = tpm12_command_count();
	enum tpm_family f = 0;

	ASSERT_EQ(tpm12_family(t, &f), 0);
	ASSERT_EQ(f, TPM_FAMILY_1_2);
	replay_done(&rp);
	ASSERT_EQ(tpm12_command_count() - before, 3); /* refused, Startup, again */
}

TEST(version)
{
	_cleanup_tpm12_ struct tpm12 *t = open_recording("version");
	struct tpm12_version v;

	ASSERT_EQ(tpm12_get_version(t, &v), 0);
	ASSERT_EQ(v.major, 1);
	ASSERT_EQ(v.minor, 2);
	ASSERT_STREQ(v.vendor, "IBM");
	replay_done(&rp);
}

TEST(pcr_extend_then_read)
{
	_cleanup_tpm12_ struct tpm12 *t = open_recording("pcr-extend");
	_cleanup_tpm12_ struct tpm12 *t2 = NULL;
	uint8_t zero[20] = { 0 }, want[20], got[20];

	tpm12_pcr_extend_value(zero, D1, want);
	ASSERT_EQ(tpm12_pcr_extend(t, 10, D1, got), 0);
	ASSERT(memcmp(got, want, 20) == 0);
	replay_done(&rp);
	t2 = open_recording("pcr-read");
	ASSERT_EQ(tpm12_pcr_read(t2, 10, got), 0);
	ASSERT(memcmp(got, want, 20) == 0);
	replay_done(&rp);
}

TEST(take_ownership)
{
	_cleanup_tpm12_ struct tpm12 *t = open_recording("take-ownership");
	uint8_t owner[20];

	/* RSA-OAEP padding is fresh each time: only the headers compare;
	 * the answer's HMAC, keyed with the new owner authorization, still
	 * has to verify. */
	rp.header_only = true;
	auth("owner pass", owner);
	ASSERT_EQ(tpm12_take_ownership(t, owner, tpm12_well_known_auth), 0);
	replay_done(&rp);
}

TEST(take_ownership_answer_under_another_auth_rejected)
{
	_cleanup_tpm12_ struct tpm12 *t = open_recording("take-ownership");
	uint8_t other[20];

	rp.header_only = true;
	auth("someone else", other);
	ASSERT_EQ(tpm12_take_ownership(t, other, tpm12_well_known_auth), -E_BUS);
}

TEST(srk_public_key)
{
	_cleanup_tpm12_ struct tpm12 *t = open_recording("srk-pub");
	struct tpm12_pubkey k;
	uint8_t owner[20];

	auth("owner pass", owner);
	ASSERT_EQ(tpm12_srk_pubkey(t, owner, &k), 0);
	ASSERT_EQ(k.modulus_len, 256);
	ASSERT_EQ(k.exponent, 65537);
	replay_done(&rp);
}

/* The tool's seal: PCRs 0 and 10 read, their composite, then Seal. */
static size_t seal_recorded(uint8_t *blob, size_t size)
{
	_cleanup_tpm12_ struct tpm12 *t = open_recording("seal");
	tpm12_pcr_values v = { { 0 } };
	uint8_t data[20], release[20];
	size_t n = 0;

	auth("data pass", data);
	ASSERT_EQ(tpm12_pcr_read_mask(t, (1u << 0) | (1u << 10), v), 0);
	tpm12_pcr_composite((1u << 0) | (1u << 10), v, release);
	ASSERT_EQ(tpm12_seal(t, tpm12_well_known_auth, (1u << 0) | (1u << 10), release, data,
			     SECRET, strlen(SECRET), blob, size, &n),
		  0);
	replay_done(&rp);
	return n;
}

TEST(seal)
{
	uint8_t blob[TPM12_SEALED_MAX];
	size_t n = seal_recorded(blob, sizeof(blob));
	uint32_t mask = 0;

	ASSERT_EQ(tpm12_sealed_check(blob, n), 0);
	ASSERT_EQ(tpm12_sealed_pcrs(blob, n, &mask), 0);
	ASSERT_EQ(mask, (1u << 0) | (1u << 10));
	ASSERT(memmem(blob, n, SECRET, strlen(SECRET)) == NULL);
}

static int unseal_recorded(const char *name, const char *pass, struct secret *ret)
{
	uint8_t blob[TPM12_SEALED_MAX], data[20];
	size_t n = seal_recorded(blob, sizeof(blob));
	_cleanup_tpm12_ struct tpm12 *t = open_recording(name);
	int r;

	auth(pass, data);
	r = tpm12_unseal(t, tpm12_well_known_auth, data, blob, n, ret);
	replay_done(&rp);
	return r;
}

TEST(unseal)
{
	_cleanup_secret_ struct secret s = { 0 };

	ASSERT_EQ(unseal_recorded("unseal", "data pass", &s), 0);
	ASSERT_EQ(s.len, strlen(SECRET));
	ASSERT(memcmp(s.buf, SECRET, s.len) == 0);
}

TEST(unseal_wrong_auth)
{
	_cleanup_secret_ struct secret s = { 0 };

	ASSERT_EQ(unseal_recorded("unseal-wrong-auth", "wrong pass", &s), -E_PASSPHRASE);
	ASSERT(s.buf == NULL);
}

TEST(unseal_wrong_pcr_state)
{
	_cleanup_secret_ struct secret s = { 0 };

	ASSERT_EQ(unseal_recorded("unseal-wrong-pcr", "data pass", &s), -E_SEALED);
	ASSERT(s.buf == NULL);
}

TEST(unseal_answer_changed_on_the_bus)
{
	_cleanup_secret_ struct secret s = { 0 };
	uint8_t blob[TPM12_SEALED_MAX], data[20];
	size_t n = seal_recorded(blob, sizeof(blob));
	_cleanup_tpm12_ struct tpm12 *t = open_recording("unseal");

	/* The first byte of the released secret, flipped: the HMAC of both
	 * sessions fails and nothing is released. */
	rp.ex[2].resp[14] ^= 0x01;
	auth("data pass", data);
	ASSERT_EQ(tpm12_unseal(t, tpm12_well_known_auth, data, blob, n, &s), -E_BUS);
	ASSERT(s.buf == NULL);
}

TEST(da_state)
{
	_cleanup_tpm12_ struct tpm12 *t = open_recording("da");
	struct tpm12_da d;

	ASSERT_EQ(tpm12_da_read(t, &d), 0);
	ASSERT(d.reported && !d.limited && !d.active);
	ASSERT_EQ(d.count, 1); /* the wrong authorization recorded before */
	ASSERT_EQ(d.threshold, 5);
	ASSERT_EQ(tpm12_da_tries_left(&d), 4);
	replay_done(&rp);
}

TEST(nv_define_write_read)
{
	_cleanup_tpm12_ struct tpm12 *t = open_recording("nv-define");
	_cleanup_tpm12_ struct tpm12 *t2 = NULL, *t3 = NULL;
	struct tpm12_nv_def d = { .index = 0x11000, .size = 32, .attributes = TPM12_NV_PER_OWNERWRITE };
	uint8_t owner[20], zero[20] = { 0 };
	char buf[13] = { 0 };

	auth("owner pass", owner);
	ASSERT_EQ(tpm12_nv_define(t, owner, &d, zero), 0);
	replay_done(&rp);
	t2 = open_recording("nv-write");
	ASSERT_EQ(tpm12_nv_write(t2, 0x11000, 0, "owner record", 12, TPM12_NV_AUTH_OWNER, owner), 0);
	replay_done(&rp);
	t3 = open_recording("nv-read");
	ASSERT_EQ(tpm12_nv_read(t3, 0x11000, 0, buf, 12), 0);
	ASSERT_STREQ(buf, "owner record");
	replay_done(&rp);
}

TEST(counter_create_increment_read)
{
	_cleanup_tpm12_ struct tpm12 *t = open_recording("counter-create");
	_cleanup_tpm12_ struct tpm12 *t2 = NULL, *t3 = NULL;
	uint8_t owner[20], cauth[20];
	uint32_t id = 99, v = 0;

	auth("owner pass", owner);
	auth("counter pass", cauth);
	ASSERT_EQ(tpm12_counter_create(t, owner, cauth, "HDS1", &id, &v), 0);
	ASSERT_EQ(id, 0);
	ASSERT_EQ(v, 1);
	replay_done(&rp);
	t2 = open_recording("counter-inc");
	ASSERT_EQ(tpm12_counter_increment(t2, id, cauth, &v), 0);
	ASSERT_EQ(v, 2);
	replay_done(&rp);
	t3 = open_recording("counter-read");
	ASSERT_EQ(tpm12_counter_read(t3, id, &v), 0);
	ASSERT_EQ(v, 2);
	replay_done(&rp);
}

TEST(owner_clear)
{
	_cleanup_tpm12_ struct tpm12 *t = open_recording("owner-clear");
	uint8_t owner[20];

	auth("owner pass", owner);
	ASSERT_EQ(tpm12_owner_clear(t, owner), 0);
	replay_done(&rp);
}

static int op_version(struct tpm12 *t)
{
	struct tpm12_version v;

	return tpm12_get_version(t, &v);
}

static int op_pcr_read(struct tpm12 *t)
{
	uint8_t v[20];

	return tpm12_pcr_read(t, 10, v);
}

static int op_da(struct tpm12 *t)
{
	struct tpm12_da d;

	return tpm12_da_read(t, &d);
}

static int op_srk_pub(struct tpm12 *t)
{
	struct tpm12_pubkey k;
	uint8_t owner[20];

	auth("owner pass", owner);
	return tpm12_srk_pubkey(t, owner, &k);
}

static int op_counter_read(struct tpm12 *t)
{
	uint32_t v;

	return tpm12_counter_read(t, 0, &v);
}

TEST(cut_answers_refused)
{
	replay_cut_answers(&rp, "version", op_version);
	replay_cut_answers(&rp, "pcr-read", op_pcr_read);
	replay_cut_answers(&rp, "da", op_da);
	replay_cut_answers(&rp, "srk-pub", op_srk_pub);
	replay_cut_answers(&rp, "counter-read", op_counter_read);
}

static int tpm2_answer(struct tpm12 *t, const uint8_t *cmd, size_t len, uint8_t *resp, size_t size,
		       size_t *ret_len)
{
	const uint8_t *answer = t->transmit_userdata;

	(void)cmd, (void)len, (void)size;
	memcpy(resp, answer, 10);
	*ret_len = 10;
	return 0;
}

TEST(family_of_a_tpm2)
{
	/* swtpm --tpm2 (libtpms 0.9), recorded: its own tag, TPM_RC_VALUE;
	 * and what the TPM 2.0 specification asks of a chip. */
	static const uint8_t libtpms[10] = { 0x80, 0x01, 0, 0, 0, 0x0a, 0, 0, 0, 0x84 };
	static const uint8_t chip[10] = { 0x00, 0xc4, 0, 0, 0, 0x0a, 0, 0, 0, 0x1e };
	const uint8_t *answers[] = { libtpms, chip };

	for (size_t i = 0; i < ELEMENTSOF(answers); i++) {
		_cleanup_tpm12_ struct tpm12 *t = NULL;
		enum tpm_family f = 0;

		ASSERT_EQ(tpm12_open_custom(tpm2_answer, (void *)answers[i], &t), 0);
		ASSERT_EQ(tpm12_family(t, &f), 0);
		ASSERT_EQ(f, TPM_FAMILY_2_0);
	}
}
