/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An open connection to the TPM: the ESAPI context, its TCTI, the primary
 * storage key and the salted session used for commands carrying secrets. */
#pragma once

#include "macro.h"

#include <stdbool.h>
#include <stdint.h>
#include <tss2/tss2_esys.h>

/* Fixed TPM handles owned by heads. */
#define HEADS_PRIMARY_HANDLE 0x81000001u
#define HEADS_TOTP_KEY_HANDLE_A 0x81000010u
#define HEADS_TOTP_KEY_HANDLE_B 0x81000011u
#define HEADS_NV_TOTP_META 0x01000010u
#define HEADS_DISK_KEY_HANDLE_A 0x81000020u
#define HEADS_DISK_KEY_HANDLE_B 0x81000021u
#define HEADS_NV_DISK_META 0x01000020u
#define HEADS_NV_ROLLBACK_COUNTER 0x01000030u /* NV counter for the signed /boot */
#define HEADS_AK_HANDLE 0x81000040u /* attestation key, under the endorsement key */
#define HEADS_NV_FAILURES 0x01000040u /* wrong unlock passphrases since the last success */

#define HEADS_DEFAULT_TCTI "device:/dev/tpmrm0"

struct tpm {
	ESYS_CONTEXT *esys;
	TSS2_TCTI_CONTEXT *tcti;
	ESYS_TR primary; /* ESYS_TR_NONE until tpm_primary_load() */
	ESYS_TR session; /* salted HMAC session, ESYS_TR_NONE until started */
	bool primary_verified; /* its public area was checked in this process */
	bool primary_pinned; /* it is the pinned one, or the owner accepted it */
	uint8_t pinned[32]; /* the hash primary_pinned was decided for */
	bool owner_auth; /* ESYS holds an owner authorization (owner.h) */
	/* Asked once, right before the first secret would go to the primary
	 * key, when nothing let it on yet (primary-pin.h): a flow that checks
	 * its own inputs first (the LUKS passphrase) decides after them. */
	int (*approve_primary)(struct tpm *t, void *userdata);
	void *approve_userdata;
};

/* The TCTI to use: the option, else $HEADS_TCTI, else the kernel's
 * resource manager device. */
const char *tpm_tcti_choose(const char *option);

int tpm_open(const char *tcti, struct tpm **ret);
void tpm_close(struct tpm *t);

/* TPM commands sent by this process so far. */
unsigned tpm_command_count(void);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct tpm *, tpm_close);
#define _cleanup_tpm_ _cleanup_(tpm_closep)

/* Makes sure the primary storage key (ECC P-256) is persistent at
 * HEADS_PRIMARY_HANDLE, creating it on first use, and loads its ESYS_TR. */
int tpm_primary_load(struct tpm *t);

/* Loads the primary key and checks that it was generated inside this TPM
 * (fixedTPM, fixedParent, sensitiveDataOrigin) with our template, so that
 * no one who knows its private part can read salted sessions. Costs one
 * more TPM command; done before any secret is sent. */
int tpm_primary_verify(struct tpm *t);

/* Starts (once) an HMAC session salted to the primary key, with AES-128-CFB
 * parameter encryption, and returns it in t->session. */
int tpm_session_start(struct tpm *t);
/* Ends that session. Through the kernel's resource manager every live
 * session costs two extra TPM commands (context load and save) for each
 * later command, so callers end it when a stretch of work is done. */
void tpm_session_end(struct tpm *t);

/* An HMAC session neither salted nor bound, for a hierarchy's
 * authorization when there is no primary key to salt to: the value never
 * crosses the bus, only HMACs keyed with it do. The caller flushes it. */
int tpm_hmac_session_plain(struct tpm *t, ESYS_TR *ret);

/* Starts a policy session salted to the primary key. */
int tpm_policy_session_start(struct tpm *t, ESYS_TR *ret);

enum {
	POLICY_AUTH_VALUE = 1 << 0, /* also PolicyAuthValue */
	POLICY_PLAIN = 1 << 1, /* neither salted nor encrypted */
};

/* A policy session that already satisfies PolicyPCR over the current
 * values of the PCRs in mask (and PolicyAuthValue when asked), set to end
 * with the command it authorises. It is salted to the primary key and
 * encrypts the response, unless POLICY_PLAIN: only for commands that carry
 * no secret and no authorization value either way. */
int tpm_policy_session_pcr(struct tpm *t, uint32_t mask, unsigned flags, ESYS_TR *ret);

/* The same for an object sealed to several states (branches.h): PolicyPCR
 * over the live values, then PolicyOR over every branch's digest. With
 * one branch it is tpm_policy_session_pcr. -E_SEALED when no branch has
 * the live values. */
struct pcr_branches;
int tpm_policy_session_branches(struct tpm *t, const struct pcr_branches *b, unsigned flags,
				ESYS_TR *ret);

/* Sets the attributes (TPMA_SESSION_*) a session carries on the next
 * command. */
int tpm_session_attrs(struct tpm *t, ESYS_TR session, TPMA_SESSION attrs);

/* Closes an ESYS_TR that the TPM already flushed (no TPM command). */
void tpm_tr_forget(struct tpm *t, ESYS_TR *tr);
/* Flushes a transient object or session from the TPM. */
void tpm_flush(struct tpm *t, ESYS_TR *tr);

/* An ESYS handle with the context it belongs to, released by cleanup: a
 * persistent object or NV index (tpm_handle_ref) is only forgotten by ESYS
 * (no TPM command), a transient object or session (tpm_handle_transient)
 * flushed from the TPM. TAKE_TR hands the handle on instead. */
struct tpm_handle {
	struct tpm *t;
	ESYS_TR tr;
	bool flush;
};
#define tpm_handle_ref(tpm) ((struct tpm_handle){ .t = (tpm), .tr = ESYS_TR_NONE })
#define tpm_handle_transient(tpm) \
	((struct tpm_handle){ .t = (tpm), .tr = ESYS_TR_NONE, .flush = true })
void tpm_handle_release(struct tpm_handle *h);
#define _cleanup_tpm_handle_ _cleanup_(tpm_handle_release)
#define TAKE_TR(h)                     \
	({                             \
		ESYS_TR _tr = (h).tr;  \
		(h).tr = ESYS_TR_NONE; \
		_tr;                   \
	})
