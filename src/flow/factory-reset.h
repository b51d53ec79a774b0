/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The factory reset (re-ownership) of a machine, in one flow both front
 * ends run: check everything that can be checked while nothing has
 * changed; reset the TPM (owner passphrase); make the owner's signing key
 * (owner-key.h); write its public key into the running flash's CBFS as the
 * owner keyring, everything else in the image kept; sign /boot with it;
 * enrol a new TOTP secret and the disk key, sealed to the PCR values the
 * next boot will measure (PCR 7 from the owner files as they now are in
 * the flash, the others from this boot's logs). The front end then shows
 * the TOTP secret and reboots. Decisions and a structured result only:
 * the front ends choose the words (doc/factory-reset.md lists which steps
 * cannot be undone). */
#pragma once

#include "cbfs.h"
#include "manifest.h"
#include "owner-key.h"
#include "primary-pin.h"
#include "reset.h"
#include "seal-plan.h"
#include "secret.h"

/* The owner keyring /init trusts (installed as /.gnupg/pubring.kbx). */
#define FACTORY_RESET_KEYRING CBFS_OWNER_PREFIX ".gnupg/pubring.kbx"

enum factory_reset_step {
	FACTORY_RESET_CHECK, /* nothing was changed */
	FACTORY_RESET_TPM, /* the TPM was not reset (nothing was changed) */
	FACTORY_RESET_KEY, /* the TPM is reset; no key was made */
	FACTORY_RESET_FLASH, /* the key exists; the flash keeps the old keyring */
	FACTORY_RESET_SIGN, /* the flash holds the new keyring; /boot is not signed */
	FACTORY_RESET_TOTP, /* /boot is signed; no TOTP secret */
	FACTORY_RESET_DISK, /* TOTP enrolled; no disk key */
	FACTORY_RESET_DONE,
};

struct factory_reset_options {
	const char *owner_passphrase; /* the new TPM owner passphrase */
	struct owner_key *key; /* where the new signing key is made */
	const char *key_uid; /* its user id, "Name <mail>" */
	const char *key_passphrase; /* its passphrase ("" none) */
	const char *flash; /* the running flash (flash.h spec) */
	int boot_fd; /* BOOTDIR, open */
	const struct manifest_fs *boot_fs; /* its file system to pin, or NULL */
	const char *default_entry; /* the default boot entry to sign, or NULL */
	const char *totp_label; /* the account name in the phone's app */
	uint32_t totp_pcrs;
	const char *const *disks; /* the LUKS volumes to enrol the disk key */
	size_t n_disks; /* into; none: no disk key */
	const char *luks_passphrase; /* an existing passphrase of its */
	const char *unlock_passphrase; /* the new unlock passphrase */
	uint32_t disk_pcrs;
	struct seal_paths paths; /* logs and state directory (next is set here) */
};

struct factory_reset_result {
	enum factory_reset_step reached; /* the step that failed, or DONE */
	struct tpm_reset_result tpm;
	struct primary_pin pin; /* the new primary key, pinned */
	char key_id[GPG_FPR_SIZE]; /* the new signing key */
	char previous_home[PATH_MAX]; /* where the key disk's old home went, or "" */
	uint8_t pcr7[PCR_DIGEST_SIZE]; /* PCR 7 as the next boot will extend it */
	uint64_t counter; /* the rollback counter /boot was signed with */
	size_t n_files; /* files in the signed manifest */
	struct secret totp_uri; /* otpauth:// URI of the new secret, to show */
};

void factory_reset_result_done(struct factory_reset_result *r);

/* Runs the steps in order and stops at the first failure, returning its
 * -errno with ret->reached naming the step (e.g. tpm_reset's -EACCES for
 * an owned TPM whose platform hierarchy is closed, -E_PASSPHRASE for a
 * LUKS passphrase that does not open the disk, found before anything
 * changed). ret is filled as far as the flow got; done frees it. */
int factory_reset(struct tpm *t, const struct factory_reset_options *o,
		  struct factory_reset_result *ret);
