/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A TPM 1.2 reached over its raw command interface: a character device
 * (/dev/tpm0) or swtpm's TCP socket, chosen by a spec string in the style
 * of a TCTI ("device:/dev/tpm0", "swtpm:host=127.0.0.1,port=2321"). */
#pragma once

#include "macro.h"

#include <stddef.h>
#include <stdint.h>

#define TPM12_DEFAULT_SPEC "device:/dev/tpm0"
/* The largest command or response exchanged (TPM 1.2 buffers are 4 KiB). */
#define TPM12_BUFFER_MAX 4096

struct tpm12;

/* Sends one command and receives its response (at most size bytes). */
typedef int (*tpm12_transmit_fn)(struct tpm12 *t, const uint8_t *cmd, size_t len, uint8_t *resp,
				 size_t size, size_t *ret_len);
/* Fills buf with nonces; NULL means the system's random source. */
typedef int (*tpm12_random_fn)(uint8_t *buf, size_t len, void *userdata);
/* Sees every exchange, after it completed (recording, tracing). */
typedef void (*tpm12_observe_fn)(const uint8_t *cmd, size_t cmd_len, const uint8_t *resp,
				 size_t resp_len, void *userdata);

struct tpm12 {
	int fd; /* device or socket; -1 for a custom transmit */
	tpm12_transmit_fn transmit; /* NULL: write to and read from fd */
	void *transmit_userdata;
	tpm12_random_fn random;
	void *random_userdata;
	tpm12_observe_fn observe;
	void *observe_userdata;
	int started; /* TPM_Startup was sent, or found unneeded */
};

/* Connects to the TPM the spec names: "device[:PATH]" (default
 * /dev/tpm0) or "swtpm:[host=HOST,]port=PORT" (swtpm's server socket;
 * host defaults to 127.0.0.1). -EINVAL for a malformed spec. */
int tpm12_open(const char *spec, struct tpm12 **ret);

/* A TPM reached through a function of the caller's (tests replay
 * recorded exchanges that way). */
int tpm12_open_custom(tpm12_transmit_fn transmit, void *userdata, struct tpm12 **ret);

void tpm12_close(struct tpm12 *t);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct tpm12 *, tpm12_close);
#define _cleanup_tpm12_ _cleanup_(tpm12_closep)

/* One raw exchange: checks that the response is a whole TPM response
 * (its size field matches what arrived; -EBADMSG otherwise). */
int tpm12_transmit(struct tpm12 *t, const uint8_t *cmd, size_t len, uint8_t *resp, size_t size,
		   size_t *ret_len);

/* Fresh nonce bytes from the TPM's random source of this connection. */
int tpm12_random(struct tpm12 *t, uint8_t *buf, size_t len);

/* TPM 1.2 commands sent by this process so far. */
unsigned tpm12_command_count(void);
