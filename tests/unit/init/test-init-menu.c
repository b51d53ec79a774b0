/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What /init does with what a person types: the main menu's keys and the
 * boot menu's entry number. */
#include "harness.h"
#include "init.h"

#include <errno.h>

TEST(each_menu_key)
{
	ASSERT_EQ(init_menu_action('d'), INIT_MENU_DEFAULT_BOOT);
	ASSERT_EQ(init_menu_action('b'), INIT_MENU_BOOT_MENU);
	ASSERT_EQ(init_menu_action('s'), INIT_MENU_SIGN_BOOT);
	ASSERT_EQ(init_menu_action('k'), INIT_MENU_ENROL_DISK_KEY);
	ASSERT_EQ(init_menu_action('r'), INIT_MENU_REFRESH_TOTP);
	ASSERT_EQ(init_menu_action('t'), INIT_MENU_ENROL_TOTP);
	ASSERT_EQ(init_menu_action('x'), INIT_MENU_RECOVERY_SHELL);
	ASSERT_EQ(init_menu_action('p'), INIT_MENU_POWER_OFF);
	ASSERT_EQ(init_menu_action('a'), INIT_MENU_ATTEST);
	ASSERT_EQ(init_menu_action('o'), INIT_MENU_TPM_RESET);
	ASSERT_EQ(init_menu_action('f'), INIT_MENU_FLASH_UPDATE);
	ASSERT_EQ(init_menu_action('F'), INIT_MENU_FACTORY_RESET);
}

TEST(every_other_key_is_unknown)
{
	static const char keys[] = "dbskrtxpaofF";

	for (int c = 1; c < 256; c++)
		if (!strchr(keys, c))
			ASSERT_EQ(init_menu_action(c), INIT_MENU_UNKNOWN);
	/* keys are case-sensitive: 'D' does not boot */
	ASSERT_EQ(init_menu_action('D'), INIT_MENU_UNKNOWN);
	ASSERT_EQ(init_menu_action('P'), INIT_MENU_UNKNOWN);
}

TEST(empty_line_and_no_input)
{
	ASSERT_EQ(init_menu_action(0), INIT_MENU_EMPTY);
	ASSERT_EQ(init_menu_action(-EIO), INIT_MENU_NO_INPUT);
	ASSERT_EQ(init_menu_action(-1), INIT_MENU_NO_INPUT);
}

/* The attestation's nonce: hex as typed, or the clock's time for Enter. */
TEST(attest_nonce)
{
	uint8_t n[ATTEST_NONCE_MAX];
	size_t len = 0;

	ASSERT_EQ(init_attest_nonce("00ff1A", 0, n, &len), 0);
	ASSERT_EQ(len, 3);
	ASSERT(n[0] == 0 && n[1] == 0xff && n[2] == 0x1a);
	ASSERT_EQ(init_attest_nonce("", 0x0102030405060708ull, n, &len), 0);
	ASSERT_EQ(len, 8);
	ASSERT(n[0] == 1 && n[7] == 8);
	ASSERT_EQ(init_attest_nonce("abc", 0, n, &len), -EINVAL);
	ASSERT_EQ(init_attest_nonce("zz", 0, n, &len), -EINVAL);
	ASSERT_EQ(init_attest_nonce(" 00", 0, n, &len), -EINVAL);
	char big[2 * ATTEST_NONCE_MAX + 3];
	memset(big, '0', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ASSERT_EQ(init_attest_nonce(big, 0, n, &len), -EINVAL);
	big[2 * ATTEST_NONCE_MAX] = '\0';
	ASSERT_EQ(init_attest_nonce(big, 0, n, &len), 0);
	ASSERT_EQ(len, ATTEST_NONCE_MAX);
}

/* The index is written only for a chosen entry. */
#define UNTOUCHED ((size_t)0xdead)

static int choice(const char *line, size_t n, size_t *ret)
{
	*ret = UNTOUCHED;
	return init_boot_choice(line, n, ret);
}

TEST(valid_entry_numbers)
{
	size_t i;

	ASSERT_EQ(choice("0", 1, &i), INIT_BOOT_ENTRY);
	ASSERT_EQ(i, 0);
	ASSERT_EQ(choice("2", 3, &i), 1);
	ASSERT_EQ(i, 2);
	ASSERT_EQ(choice("11", 12, &i), 1);
	ASSERT_EQ(i, 11);
}

TEST(empty_line_goes_back)
{
	size_t i;

	ASSERT_EQ(choice("", 3, &i), 0);
	ASSERT_EQ(i, UNTOUCHED);
	ASSERT_EQ(choice("", 0, &i), 0);
	ASSERT_EQ(i, UNTOUCHED);
}

/* Never entry 0 (or any) for what is not a number. */
TEST(not_a_number_is_refused)
{
	static const char *const lines[] = { "abc", "q", "1x", "-1", " 1", "1 ", "+1", "0x1" };
	size_t i;

	for (size_t k = 0; k < sizeof(lines) / sizeof(lines[0]); k++) {
		ASSERT_EQ(choice(lines[k], 3, &i), -EINVAL);
		ASSERT_EQ(i, UNTOUCHED);
	}
}

TEST(out_of_range_is_refused)
{
	size_t i;

	ASSERT_EQ(choice("3", 3, &i), -ERANGE);
	ASSERT_EQ(i, UNTOUCHED);
	ASSERT_EQ(choice("0", 0, &i), -ERANGE);
	ASSERT_EQ(i, UNTOUCHED);
	ASSERT_EQ(choice("99999999999999999999999", 3, &i), -ERANGE);
	ASSERT_EQ(i, UNTOUCHED);
}

/* "dN" asks to sign /boot with entry N as the default: the same number
 * rules, and never a boot. */
TEST(make_default_choice)
{
	static const char *const bad[] = { "d", "D1", "dd1", "d 1", "d-1", "1d", "x1" };
	size_t i;

	ASSERT_EQ(choice("d0", 1, &i), INIT_MAKE_DEFAULT);
	ASSERT_EQ(i, 0);
	ASSERT_EQ(choice("d2", 3, &i), INIT_MAKE_DEFAULT);
	ASSERT_EQ(i, 2);
	ASSERT_EQ(choice("2", 3, &i), INIT_BOOT_ENTRY);
	ASSERT_EQ(i, 2);
	ASSERT_EQ(choice("d3", 3, &i), -ERANGE);
	ASSERT_EQ(i, UNTOUCHED);
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		ASSERT_EQ(choice(bad[k], 3, &i), -EINVAL);
		ASSERT_EQ(i, UNTOUCHED);
	}
}
