/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CBFS images for unit tests, laid out byte for byte as coreboot's
 * cbfstool writes them. */
#pragma once

#include <stddef.h>
#include <stdint.h>

void fixture_put_be32(uint8_t *p, uint32_t v);
uint32_t fixture_be32(const uint8_t *p);

/* What "cbfstool create -m x86 -s SIZE" makes of img[0..size), less its
 * master header: one free entry covering the rest. */
void fixture_cbfs_empty(uint8_t *img, size_t size);

/* Writes a file entry (name, type, data) at img + off as cbfstool does;
 * returns the offset of the next entry (64-byte aligned). */
size_t fixture_cbfs_put_file(uint8_t *img, size_t off, const char *name, uint32_t type,
			     const char *data);
