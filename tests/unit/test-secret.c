/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Secrets are wiped by their full size, zero bytes included. */
#include "fileio.h"
#include "harness.h"
#include "macro.h"
#include "secret.h"

#include <fcntl.h>

static const unsigned char binary_key[8] = { 0x01, 0x00, 0x02, 0x03, 0x00, 0x00, 0xff, 0x7f };

static void assert_all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			FAILF("byte %zu is 0x%02x after the wipe", i, p[i]);
}

TEST(secret_binary_with_zero_bytes_wiped_whole)
{
	_cleanup_secret_ struct secret s = { 0 };
	ASSERT_EQ(secret_alloc(&s, 64), 0);
	/* The key, then stale bytes beyond len that must go too. */
	memset(s.buf, 0xa5, s.size);
	memcpy(s.buf, binary_key, sizeof(binary_key));
	s.len = sizeof(binary_key);
	secret_clear(&s);
	ASSERT_EQ(s.len, 0);
	ASSERT(s.buf != NULL);
	assert_all_zero(s.buf, s.size + 1);
}

TEST(secret_free_empties)
{
	struct secret s = { 0 };
	ASSERT_EQ(secret_alloc(&s, 16), 0);
	secret_free(&s);
	ASSERT(s.buf == NULL);
	ASSERT_EQ(s.size, 0);
	secret_free(&s); /* twice is harmless */
}

static char *key_file(const void *data, size_t len)
{
	char tmpl[] = "/tmp/heads-test-key-XXXXXX";
	int fd = mkstemp(tmpl);
	ASSERT(fd >= 0);
	ASSERT_EQ(write_all(fd, data, len), 0);
	close(fd);
	return strdup(tmpl);
}

TEST(secret_read_file_keeps_zero_bytes)
{
	_cleanup_free_ char *path = key_file(binary_key, sizeof(binary_key));
	_cleanup_secret_ struct secret s = { 0 };
	ASSERT_EQ(secret_read_file(path, 256, &s), 0);
	ASSERT_EQ(s.len, sizeof(binary_key));
	ASSERT(memcmp(s.buf, binary_key, sizeof(binary_key)) == 0);
	secret_clear(&s);
	assert_all_zero(s.buf, s.size + 1);
	unlink(path);
}

TEST(secret_read_file_too_big)
{
	_cleanup_free_ char *path = key_file(binary_key, sizeof(binary_key));
	_cleanup_secret_ struct secret s = { 0 };
	ASSERT_EQ(secret_read_file(path, 7, &s), -EFBIG);
	ASSERT(s.buf == NULL);
	unlink(path);
}
