/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A gzip-compressed image (Xen's xen.gz) unpacked in memory, as GRUB
 * unpacks it before loading. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* The most bytes an image unpacks to. */
#define GUNZIP_MAX ((size_t)256 << 20)

/* True when buf starts with the gzip magic. */
int is_gzip(const uint8_t *buf, size_t len);
/* Unpacks the (first) gzip member of buf into a new buffer (free()). -EBADMSG
 * for corrupt data, -EFBIG beyond GUNZIP_MAX. */
int gunzip(const uint8_t *buf, size_t len, uint8_t **ret, size_t *ret_len);
