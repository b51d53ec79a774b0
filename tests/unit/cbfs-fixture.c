/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cbfs-fixture.h"

#include <string.h>

#define FIXTURE_TYPE_NULL 0xffffffffu

void fixture_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

uint32_t fixture_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void fixture_cbfs_empty(uint8_t *img, size_t size)
{
	memset(img, 0xff, size);
	memcpy(img, "LARCHIVE", 8);
	fixture_put_be32(img + 8, (uint32_t)(size - 28 - 64)); /* cbfstool keeps 64 bytes back */
	fixture_put_be32(img + 12, FIXTURE_TYPE_NULL);
	fixture_put_be32(img + 16, 0);
	fixture_put_be32(img + 20, 28);
	memset(img + 24, 0, 4);
}

size_t fixture_cbfs_put_file(uint8_t *img, size_t off, const char *name, uint32_t type,
			     const char *data)
{
	size_t hdr = (24 + strlen(name) + 1 + 15) / 16 * 16, len = strlen(data);

	memcpy(img + off, "LARCHIVE", 8);
	fixture_put_be32(img + off + 8, (uint32_t)len);
	fixture_put_be32(img + off + 12, type);
	fixture_put_be32(img + off + 16, 0);
	fixture_put_be32(img + off + 20, (uint32_t)hdr);
	memset(img + off + 24, 0, hdr - 24);
	memcpy(img + off + 24, name, strlen(name));
	memcpy(img + off + hdr, data, len);
	return (off + hdr + len + 63) / 64 * 64;
}
