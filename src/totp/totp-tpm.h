/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TOTP whose secret lives in the TPM as an HMAC key bound to PCRs: the TPM
 * computes each code, so the secret never leaves it after enrolment. */
#pragma once

#include "pcr.h"
#include "tpm.h"

#include <stdint.h>

#define TOTP_SECRET_SIZE 20
#define TOTP_DEFAULT_PCRS "0,1,2,3,4,7"

/* Non-secret record in TPM NV: which key slot holds the key, and its PCRs. */
struct totp_meta {
	uint8_t slot; /* 0 or 1 */
	uint32_t pcr_mask; /* the PCRs the key's policy covers */
};

int totp_meta_read(struct tpm *t, struct totp_meta *ret);

/* Imports secret as the new TOTP key bound to the PCRs in mask: to their
 * current values, or to `predicted` ones (e.g. the clean-boot values when
 * this boot was already capped). The new key is checked against a software
 * HOTP of the secret before the old one is removed, whenever the values
 * it is bound to are the current ones (a key bound to predicted values
 * cannot work in this boot); a crash at any point leaves one working key
 * recorded. */
int totp_tpm_enroll(struct tpm *t, const uint8_t secret[TOTP_SECRET_SIZE], uint32_t pcr_mask,
		    const pcr_values *predicted);

/* totp_tpm_enroll in two steps, so that the old key stays the live one
 * until the person has the new secret: stage makes, checks and persists
 * the new key in the free slot; commit makes it the live one. A crash in
 * between leaves the old key live (the staged one is replaced at the next
 * enrolment). */
struct totp_staged {
	int slot, old_slot; /* old_slot < 0: nothing was enrolled */
	uint32_t pcr_mask;
};
int totp_tpm_stage(struct tpm *t, const uint8_t secret[TOTP_SECRET_SIZE], uint32_t pcr_mask,
		   const pcr_values *predicted, struct totp_staged *ret);
int totp_tpm_commit(struct tpm *t, const struct totp_staged *st);

/* The 6-digit code for unix_time, computed by the TPM. -E_SEALED when the
 * PCRs differ from enrolment (ret_meta says which PCRs the policy covers),
 * -ENOENT when nothing is enrolled. A key sealed to several states has its
 * list in statedir (totp_branches_for_slot; NULL: one state). */
int totp_tpm_code(struct tpm *t, const char *statedir, int64_t unix_time, uint32_t *ret_code,
		  struct totp_meta *ret_meta);

/* <statedir>/totp-slotN.EXT: the files kept for the key in slot N:
 * "branches" (the states it is sealed to, when more than one) and
 * "sealed" (the sealed copy of its secret that resealing unseals). */
int totp_state_path(const char *statedir, int slot, const char *ext, char *buf, size_t size);

/* The states the key in slot is sealed to: its list, or one branch over
 * mask (the live values) when it has none. */
struct pcr_branches;
int totp_branches_for_slot(const char *statedir, int slot, uint32_t mask, struct pcr_branches *ret);

/* As totp_tpm_stage, for a key sealed to every state of b (PolicyOR),
 * checked against the secret when the live state is one of them. */
int totp_tpm_stage_branches(struct tpm *t, const uint8_t secret[TOTP_SECRET_SIZE],
			    const struct pcr_branches *b, struct totp_staged *ret);
