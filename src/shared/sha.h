/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SHA-256 of buffers and files (OpenSSL, large reads), SHA-1 of buffers. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define SHA256_SIZE 32

#define SHA1_SIZE 20

int sha256_buf(const void *buf, size_t len, uint8_t out[SHA256_SIZE]);
/* SHA-1, for a TPM 1.2's PCRs and its event logs. */
int sha1_buf(const void *buf, size_t len, uint8_t out[SHA1_SIZE]);
/* Hashes the file a person named (symbolic links are followed). */
int sha256_file(const char *path, uint8_t out[SHA256_SIZE]);
int sha256_fd(int fd, uint8_t out[SHA256_SIZE]);
