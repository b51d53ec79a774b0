/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Ownership as the firmware takes it, the SRK pin and the rollback
 * counter, against exchanges recorded from swtpm in 1.2 mode
 * (tests/data/tpm12, record.sh there): the requests byte for byte, the
 * answers' HMACs checked, a cut answer refused. */
#include "errors.h"
#include "harness.h"
#include "replay.h"
#include "sha.h"
#include "tpm12-counter.h"
#include "tpm12-own.h"
#include "tpm12-rollback.h"
#include "tpm12-srkpin.h"

#include <string.h>

static struct replay rp;

static struct tpm12 *open_recording(const char *name)
{
	replay_load(&rp, name);
	return replay_open(&rp);
}

TEST(auth_from_passphrase)
{
	static const uint8_t zero[20] = { 0 };
	/* FIPS 180 SHA-1("abc") */
	static const uint8_t abc[20] = { 0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a, 0xba, 0x3e,
					 0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d };
	uint8_t a[20];

	memset(a, 0xff, sizeof(a));
	tpm12_auth_from_passphrase(NULL, a);
	ASSERT(memcmp(a, zero, 20) == 0);
	memset(a, 0xff, sizeof(a));
	tpm12_auth_from_passphrase("", a);
	ASSERT(memcmp(a, zero, 20) == 0);
	tpm12_auth_from_passphrase("abc", a);
	ASSERT(memcmp(a, abc, 20) == 0);
}

TEST(own_takes_ownership_and_allows_srk_read)
{
	_cleanup_tpm12_ struct tpm12 *t = open_recording("own");
	uint8_t owner[20];

	/* Fresh RSA-OAEP padding in TakeOwnership: headers compare; the
	 * answers' HMACs under the new owner authorization must verify. */
	rp.header_only = true;
	tpm12_auth_from_passphrase("owner pass", owner);
	ASSERT_EQ(tpm12_own(t, owner), 0);
	replay_done(&rp);
}

TEST(own_answer_under_another_owner_rejected)
{
	_cleanup_tpm12_ struct tpm12 *t = open_recording("own");
	uint8_t other[20];

	rp.header_only = true;
	tpm12_auth_from_passphrase("someone else", other);
	ASSERT_EQ(tpm12_own(t, other), -E_BUS);
}

/* The TPM_PUBKEY the recording's last answer carries: between the header
 * and the authorization trailer. */
static void recorded_pin(uint8_t ret[32])
{
	const size_t last = rp.n - 1;

	ASSERT_EQ(sha256_buf(rp.ex[last].resp + 10, rp.ex[last].resp_len - 10 - 41, ret), 0);
}

TEST(srk_pin_is_sha256_of_the_srk_pubkey)
{
	_cleanup_tpm12_ struct tpm12 *t = open_recording("srk-pin");
	uint8_t pin[32], want[32];

	ASSERT_EQ(tpm12_srk_pin(t, pin), 0);
	replay_done(&rp);
	recorded_pin(want);
	ASSERT(memcmp(pin, want, 32) == 0);
}

TEST(rollback_none_yet)
{
	_cleanup_tpm12_ struct tpm12 *t = open_recording("rollback-none");
	uint64_t v = 77;

	ASSERT_EQ(tpm12_rollback_read(t, &v), -ENOENT);
	ASSERT_EQ(v, 77);
	replay_done(&rp);
}

TEST(rollback_create_refused_without_the_owner)
{
	_cleanup_tpm12_ struct tpm12 *t = open_recording("rollback-create-wrong-owner");
	uint8_t other[20];
	uint64_t v = 77;

	tpm12_auth_from_passphrase("not the owner", other);
	ASSERT_EQ(tpm12_rollback_bump(t, other, &v), -E_PASSPHRASE);
	ASSERT_EQ(v, 77);
	replay_done(&rp);
}

TEST(rollback_created_read_bumped)
{
	_cleanup_tpm12_ struct tpm12 *t = open_recording("rollback-create");
	_cleanup_tpm12_ struct tpm12 *t2 = NULL, *t3 = NULL;
	uint8_t owner[20];
	uint64_t v = 0, created;

	tpm12_auth_from_passphrase("owner pass", owner);
	ASSERT_EQ(tpm12_rollback_bump(t, owner, &v), 0);
	replay_done(&rp);
	created = v;
	ASSERT(created > 0);
	t2 = open_recording("rollback-read");
	ASSERT_EQ(tpm12_rollback_read(t2, &v), 0);
	ASSERT_EQ(v, created);
	replay_done(&rp);
	t3 = open_recording("rollback-bump");
	ASSERT_EQ(tpm12_rollback_bump(t3, owner, &v), 0);
	ASSERT_EQ(v, created + 1);
	replay_done(&rp);
}

TEST(handle_list_parse)
{
	static const uint8_t two[] = { 0, 2, 0, 0, 0, 5, 0, 0, 0, 9 };
	static const uint8_t short_list[] = { 0, 2, 0, 0, 0, 5 };
	static const uint8_t long_list[] = { 0, 1, 0, 0, 0, 5, 0 };
	uint32_t ids[2];
	size_t n = 0;

	ASSERT_EQ(tpm12_handle_list_parse(two, sizeof(two), ids, 2, &n), 0);
	ASSERT_EQ(n, 2);
	ASSERT_EQ(ids[0], 5);
	ASSERT_EQ(ids[1], 9);
	ASSERT_EQ(tpm12_handle_list_parse(two, sizeof(two), ids, 1, &n), -ENOBUFS);
	ASSERT_EQ(tpm12_handle_list_parse(short_list, sizeof(short_list), ids, 2, &n), -EBADMSG);
	ASSERT_EQ(tpm12_handle_list_parse(long_list, sizeof(long_list), ids, 2, &n), -EBADMSG);
	ASSERT_EQ(tpm12_handle_list_parse(two, 1, ids, 2, &n), -EBADMSG);
}

static int op_srk_pin(struct tpm12 *t)
{
	uint8_t pin[32];

	return tpm12_srk_pin(t, pin);
}

static int op_rollback_read(struct tpm12 *t)
{
	uint64_t v;

	return tpm12_rollback_read(t, &v);
}

TEST(cut_answers_refused)
{
	replay_cut_answers(&rp, "srk-pin", op_srk_pin);
	replay_cut_answers(&rp, "rollback-read", op_rollback_read);
}
