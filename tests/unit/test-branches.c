/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Lists of sealed states: the PolicyOR they make, and the text file. */
#include "branches.h"
#include "harness.h"
#include "hexdump.h"
#include "macro.h"

#include <stdlib.h>

static void state(pcr_values v, uint8_t fill)
{
	memset(v, fill, sizeof(pcr_values));
}

static void two_states(struct pcr_branches *b)
{
	pcr_values v;

	*b = (struct pcr_branches){ .mask = (1u << 0) | (1u << 2) | (1u << 7) };
	state(v, 0x11);
	ASSERT_EQ(branches_add(b, (const uint8_t(*)[32])v), 0);
	state(v, 0x22);
	ASSERT_EQ(branches_add(b, (const uint8_t(*)[32])v), 0);
}

TEST(one_state_is_the_plain_pcr_policy)
{
	struct pcr_branches b = { .mask = 0xf };
	uint8_t want[32], got[32];
	pcr_values v;

	state(v, 0);
	ASSERT_EQ(branches_add(&b, (const uint8_t(*)[32])v), 0);
	policy_init(want);
	ASSERT_EQ(policy_pcr(want, 0xf, (const uint8_t(*)[32])v), 0);
	ASSERT_EQ(policy_auth_value(want), 0);
	ASSERT_EQ(branches_policy(&b, true, got), 0);
	ASSERT(memcmp(want, got, 32) == 0);
}

TEST(two_states_are_policy_or_of_their_branches)
{
	struct pcr_branches b;
	uint8_t d[2][32], want[32], got[32];

	two_states(&b);
	ASSERT_EQ(b.n, 2);
	ASSERT_EQ(branches_digest(&b, 0, false, d[0]), 0);
	ASSERT_EQ(branches_digest(&b, 1, false, d[1]), 0);
	ASSERT(memcmp(d[0], d[1], 32) != 0);
	ASSERT_EQ(policy_or(want, (const uint8_t(*)[32])d, 2), 0);
	ASSERT_EQ(branches_policy(&b, false, got), 0);
	ASSERT(memcmp(want, got, 32) == 0);
	/* The passphrase's branches differ from the TOTP key's. */
	ASSERT_EQ(branches_policy(&b, true, want), 0);
	ASSERT(memcmp(want, got, 32) != 0);
}

TEST(add_keeps_one_copy_and_at_most_eight)
{
	struct pcr_branches b = { .mask = 1 };
	pcr_values v;

	for (int i = 0; i < 8; i++) {
		state(v, (uint8_t)i);
		ASSERT_EQ(branches_add(&b, (const uint8_t(*)[32])v), 0);
		ASSERT_EQ(branches_add(&b, (const uint8_t(*)[32])v), 0);
	}
	ASSERT_EQ(b.n, 8);
	state(v, 0x55);
	ASSERT_EQ(branches_add(&b, (const uint8_t(*)[32])v), -E2BIG);
	state(v, 3);
	ASSERT_EQ(branches_find(&b, (const uint8_t(*)[32])v), 3);
	state(v, 0x55);
	ASSERT_EQ(branches_find(&b, (const uint8_t(*)[32])v), -ENOENT);
}

TEST(find_looks_at_the_mask_only)
{
	struct pcr_branches b;
	pcr_values v;

	two_states(&b);
	state(v, 0x22);
	memset(v[5], 0x99, 32); /* not in the mask */
	ASSERT_EQ(branches_find(&b, (const uint8_t(*)[32])v), 1);
}

TEST(text_round_trip)
{
	struct pcr_branches b, back;
	char *text = NULL;

	two_states(&b);
	ASSERT_EQ(branches_format(&b, &text), 0);
	ASSERT(startswith(text, "heads-branches 1\npcrs 0,2,7\nbranch\npcr 0 1111"));
	ASSERT_EQ(branches_parse(text, strlen(text), &back), 0);
	ASSERT_EQ(back.mask, b.mask);
	ASSERT_EQ(back.n, 2);
	ASSERT(memcmp(back.values[1][7], b.values[1][7], 32) == 0);
	free(text);
}

static int parse_edited(const char *from, const char *to)
{
	struct pcr_branches b, back;
	char *text = NULL, buf[4096];
	char *at;

	two_states(&b);
	ASSERT_EQ(branches_format(&b, &text), 0);
	at = strstr(text, from);
	ASSERT(at);
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	free(text);
	return branches_parse(buf, strlen(buf), &back);
}

TEST(parse_is_strict)
{
	ASSERT_EQ(parse_edited("heads-branches 1", "heads-branches 2"), -EBADMSG);
	ASSERT_EQ(parse_edited("pcrs 0,2,7", "pcrs 0,2"), -EBADMSG);
	ASSERT_EQ(parse_edited("pcr 2 ", "pcr 3 "), -EBADMSG);
	ASSERT_EQ(parse_edited("pcr 7 2222", "pcr 7 222"), -EBADMSG);
	ASSERT_EQ(parse_edited("pcr 7 2222", "pcr 7 zz22"), -EBADMSG);
	ASSERT_EQ(parse_edited("branch\npcr 0 2222", "brunch\npcr 0 2222"), -EBADMSG);
	ASSERT_EQ(parse_edited("pcrs 0,2,7\n", "pcrs 0,2,7\n"), 0);
	ASSERT_EQ(branches_parse("heads-branches 1\npcrs 1\n", 23, &(struct pcr_branches){ 0 }),
		  -EBADMSG);
	ASSERT_EQ(branches_parse("heads-branches 1\npcrs 1", 23, &(struct pcr_branches){ 0 }),
		  -EBADMSG);
}

TEST(parse_refuses_a_ninth_branch)
{
	struct pcr_branches b = { .mask = 1 }, back;
	char *text = NULL, buf[8192];
	pcr_values v;

	for (int i = 0; i < 8; i++) {
		state(v, (uint8_t)i);
		ASSERT_EQ(branches_add(&b, (const uint8_t(*)[32])v), 0);
	}
	ASSERT_EQ(branches_format(&b, &text), 0);
	snprintf(buf, sizeof(buf), "%sbranch\npcr 0 %064d\n", text, 0);
	free(text);
	ASSERT_EQ(branches_parse(buf, strlen(buf), &back), -EBADMSG);
}
