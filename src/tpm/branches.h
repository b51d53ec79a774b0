/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A secret sealed to several measured states at once: one PolicyPCR
 * branch per state (each followed by PolicyAuthValue for the disk key),
 * joined by PolicyOR, so that the running firmware and an update already
 * written both unseal it. The list is not secret and kept as a text file
 * beside the snapshots: a changed list gives another PolicyOR digest than
 * the object's, so it can only make the TPM refuse. */
#pragma once

#include "pcr.h"
#include "policy.h"

#include <stdbool.h>
#include <stddef.h>

#define BRANCHES_MAX POLICY_OR_MAX
#define BRANCHES_FILE_MAX 65536

struct pcr_branches {
	uint32_t mask; /* the PCRs every branch covers */
	size_t n; /* 1 to BRANCHES_MAX */
	pcr_values values[BRANCHES_MAX];
};

/* The digest of branch i: PolicyPCR over mask with its values, then
 * PolicyAuthValue when auth_value. */
int branches_digest(const struct pcr_branches *b, size_t i, bool auth_value,
		    uint8_t ret[POLICY_DIGEST_SIZE]);

/* The policy of an object sealed to all branches: the one branch's digest
 * (the policy of a secret sealed to one state, as before), or PolicyOR
 * over them. */
int branches_policy(const struct pcr_branches *b, bool auth_value, uint8_t ret[POLICY_DIGEST_SIZE]);

/* Adds a state; one equal to a branch already there is not added twice.
 * -E2BIG beyond BRANCHES_MAX. */
int branches_add(struct pcr_branches *b, const pcr_values values);

/* The index of the branch equal to values on the mask, or -ENOENT. */
int branches_find(const struct pcr_branches *b, const pcr_values values);

/* The text form:
 *   heads-branches 1
 *   pcrs 0,1,2
 *   branch
 *   pcr 0 HEX (one line per PCR of the mask, ascending)
 * repeated per branch. parse takes a buffer and is strict (-EBADMSG). */
int branches_format(const struct pcr_branches *b, char **ret);
int branches_parse(const char *buf, size_t len, struct pcr_branches *ret);

/* The file: load gives -ENOENT when there is none; save writes it
 * atomically. */
int branches_load(const char *path, struct pcr_branches *ret);
int branches_save(const char *path, const struct pcr_branches *b);
