/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The spec string naming a TPM 1.2: "device[:PATH]" or
 * "swtpm[:host=HOST,port=PORT]", parsed without touching anything. */
#pragma once

#include <stdbool.h>

struct tpm12_spec {
	bool socket; /* swtpm's TCP server; else a character device */
	char path[256]; /* the device */
	char host[256]; /* the socket's host */
	unsigned port;
};

/* -EINVAL for an unknown kind, an unknown or repeated key, a port out of
 * range or a value too long. */
int tpm12_spec_parse(const char *s, struct tpm12_spec *ret);
