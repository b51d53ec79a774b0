/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SHA-256 through OpenSSL's EVP (uses SHA-NI/AVX2 where the CPU has them),
 * reading files in 1 MiB blocks. */
#include "sha.h"
#include "fileio.h"
#include "macro.h"

#include <fcntl.h>
#include <openssl/evp.h>

#define READ_BLOCK (1u << 20)

int sha256_buf(const void *buf, size_t len, uint8_t out[SHA256_SIZE])
{
	unsigned n = 0;

	return EVP_Digest(buf, len, out, &n, EVP_sha256(), NULL) ? 0 : -EIO;
}

int sha1_buf(const void *buf, size_t len, uint8_t out[SHA1_SIZE])
{
	unsigned n = 0;

	return EVP_Digest(buf, len, out, &n, EVP_sha1(), NULL) ? 0 : -EIO;
}

static void md_ctx_freep(EVP_MD_CTX **c)
{
	EVP_MD_CTX_free(*c);
}

int sha256_fd(int fd, uint8_t out[SHA256_SIZE])
{
	_cleanup_(md_ctx_freep) EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	_cleanup_free_ uint8_t *block = malloc(READ_BLOCK);

	if (!ctx || !block)
		return -ENOMEM;
	if (!EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
		return -EIO;
	for (;;) {
		ssize_t n = read_full(fd, block, READ_BLOCK);
		if (n < 0)
			return (int)n;
		if (n == 0)
			break;
		if (!EVP_DigestUpdate(ctx, block, (size_t)n))
			return -EIO;
	}
	return EVP_DigestFinal_ex(ctx, out, NULL) ? 0 : -EIO;
}

int sha256_file(const char *path, uint8_t out[SHA256_SIZE])
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return negative_errno();
	return sha256_fd(fd, out);
}
