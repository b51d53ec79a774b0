/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Resealing the disk key to other measured states (a firmware update):
 * the key just unsealed with its passphrase is sealed again, with the
 * same passphrase, under PolicyOR over the states (each branch PolicyPCR
 * then PolicyAuthValue: the passphrase alone never suffices in any). */
#pragma once

#include "branches.h"
#include "disk-key.h"

/* Seals key to the states of b (b->mask must be m's), into the free slot,
 * with b's list kept in statedir when it has more than one state. */
int disk_reseal(struct tpm *t, const char *statedir, const struct disk_meta *m,
		const struct secret *key, const char *passphrase, const struct pcr_branches *b);

/* After a good unseal in one of several states: seals key to that state
 * alone. 0 when the key was sealed to one state already, 1 when others
 * were dropped, -E_SEALED when the live PCRs are none of the states. */
int disk_drop_other_states(struct tpm *t, const char *statedir, const struct disk_meta *m,
			   const struct secret *key, const char *passphrase);
