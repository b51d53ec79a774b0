/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Predictable "random" bytes for recording TPM 1.2 exchanges that a unit
 * test can replay byte for byte: call n fills the buffer with n*0x11+i.
 * Never used outside tests. */
#pragma once

#include <stddef.h>
#include <stdint.h>

static inline int fixed_nonces(uint8_t *buf, size_t len, void *userdata)
{
	unsigned *calls = userdata;

	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(*calls * 0x11u + i);
	(*calls)++;
	return 0;
}
