/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The initrd handed to kexec when it is not one file as it stands: the
 * entry's initrds one after another, each padded with zeros to 512 bytes
 * (the kernel needs each archive 4-byte aligned; dracut's last gzip member
 * is unpadded), then the key-injection archive. It is built in memory (a
 * sealed memfd, memimage.h), never in a file system, since it may hold
 * the disk key, and it is wiped when freed. */
#pragma once

#include "cpio.h"
#include "memimage.h"

#include <limits.h>
#include <stddef.h>

#define INITRD_ALIGN 512
/* The most kexec_file_load(2) reads from one file. */
#define INITRD_MAX ((size_t)INT_MAX)

size_t initrd_padded_size(size_t len);

/* Concatenates the n images, each padded, then extra (may be NULL), into a
 * new wipeable image, sealed. -EFBIG beyond INITRD_MAX. */
int initrd_combine(const struct memimage *parts, size_t n, const struct cpio *extra,
		   struct memimage *ret);
