/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One TPM 1.2 command: its header, parameters, authorization trailers
 * (tpm12-session.h), the exchange, and the response's header and
 * authorization checked before any of its parameters is read. */
#pragma once

#include "tpm12-marshal.h"
#include "tpm12.h"

#define TPM12_TAG_RQU_COMMAND 0x00C1u
#define TPM12_TAG_RQU_AUTH1 0x00C2u
#define TPM12_TAG_RQU_AUTH2 0x00C3u
#define TPM12_TAG_RSP_COMMAND 0x00C4u

#define TPM12_ORD_OIAP 0x0Au
#define TPM12_ORD_OSAP 0x0Bu
#define TPM12_ORD_TakeOwnership 0x0Du
#define TPM12_ORD_Extend 0x14u
#define TPM12_ORD_GetPubKey 0x21u
#define TPM12_ORD_SetCapability 0x3Fu
#define TPM12_ORD_PcrRead 0x15u
#define TPM12_ORD_Seal 0x17u
#define TPM12_ORD_Unseal 0x18u
#define TPM12_ORD_GetRandom 0x46u
#define TPM12_ORD_OwnerClear 0x5Bu
#define TPM12_ORD_ForceClear 0x5Du
#define TPM12_ORD_GetCapability 0x65u
#define TPM12_ORD_ReadPubek 0x7Cu
#define TPM12_ORD_OwnerReadInternalPub 0x81u
#define TPM12_ORD_Startup 0x99u
#define TPM12_ORD_FlushSpecific 0xBAu
#define TPM12_ORD_NV_DefineSpace 0xCCu
#define TPM12_ORD_NV_WriteValue 0xCDu
#define TPM12_ORD_NV_WriteValueAuth 0xCEu
#define TPM12_ORD_NV_ReadValue 0xCFu
#define TPM12_ORD_CreateCounter 0xDCu
#define TPM12_ORD_IncrementCounter 0xDDu
#define TPM12_ORD_ReadCounter 0xDEu
#define TPM12_ORD_ReleaseCounterOwner 0xE0u
#define TSC12_ORD_PhysicalPresence 0x4000000Au

#define TPM12_DIGEST_SIZE 20 /* SHA-1 */
/* Handle, nonceOdd, continueAuthSession and HMAC: one request trailer. */
#define TPM12_AUTH_SIZE 45
/* nonceEven, continueAuthSession and HMAC: one response trailer. */
#define TPM12_RESP_AUTH_SIZE 41

struct tpm12_session;

struct tpm12_cmd {
	struct tpm12_writer w;
	uint32_t ordinal;
	size_t hash_from; /* the first parameter the authorization covers */
};

/* Starts a command: tag, a size patched when it is sent, the ordinal.
 * The authorization covers every parameter from here on unless
 * tpm12_cmd_hash_from_here() moves the start (past a key handle). */
void tpm12_cmd_init(struct tpm12_cmd *c, uint16_t tag, uint32_t ordinal);
void tpm12_cmd_hash_from_here(struct tpm12_cmd *c);

struct tpm12_resp {
	uint8_t buf[TPM12_BUFFER_MAX];
	size_t len;
	uint32_t rc; /* the TPM_RESULT */
	struct tpm12_reader params; /* the output parameters, trailers excluded */
};

/* Appends an authorization trailer per session (fresh nonceOdd, HMAC over
 * the parameters), sends, and checks the response: its tag, its size, its
 * result (a TPM_RESULT becomes -errno through tpm12-result.h; resp->rc
 * keeps it) and each session's HMAC (-E_BUS when one does not verify: the
 * answer was not the TPM's). A TPM that was never started gets
 * TPM_Startup(ST_CLEAR) and the command again. */
int tpm12_cmd_run(struct tpm12 *t, struct tpm12_cmd *c, struct tpm12_session *const *sessions,
		  unsigned n, struct tpm12_resp *resp);

/* The same without sessions. */
int tpm12_cmd_send(struct tpm12 *t, struct tpm12_cmd *c, struct tpm12_resp *resp);

/* TPM_Startup(ST_CLEAR); a TPM already started is fine. */
int tpm12_startup(struct tpm12 *t);
