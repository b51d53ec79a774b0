/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TPM primary key's pin on the command line: the options of the
 * commands that send secrets to the TPM, and the words around the
 * library's decision (primary-pin.h). */
#pragma once

#include "cli.h"
#include "primary-pin.h"

#include <stdbool.h>

struct cli_pin_args {
	bool have_given;
	uint8_t given[TPM_PRIMARY_HASH_SIZE]; /* --primary-key */
	bool accept; /* --accept-new-primary */
	const char *owner_file; /* --owner-passphrase-file */
};

enum { OPT_PRIMARY_KEY = OPT_COMMON_LAST + 0x10, OPT_ACCEPT_PRIMARY, OPT_OWNER_PASSPHRASE };

#define CLI_PIN_OPTIONS                                                                \
	{ "primary-key", required_argument, NULL, OPT_PRIMARY_KEY },                   \
		{ "accept-new-primary", no_argument, NULL, OPT_ACCEPT_PRIMARY },       \
	{                                                                              \
		"owner-passphrase-file", required_argument, NULL, OPT_OWNER_PASSPHRASE \
	}

#define CLI_PIN_HELP                                                                           \
	"  --primary-key sha256:HEX   the TPM primary key secrets may be sent to (default:\n"  \
	"                             the pin kept in STATEDIR/primary-key; none kept: this\n" \
	"                             TPM's key is pinned now)\n"                              \
	"  --accept-new-primary       accept a primary key other than the pinned one (after\n" \
	"                             a TPM reset or replacement) and pin it\n"                \
	"  --owner-passphrase-file F  the TPM owner passphrase, when the TPM has one (set\n"   \
	"                             by 'heads tpm reset'; default: ask at the terminal)\n"

/* Handles --primary-key and --accept-new-primary: 1 when opt was one, 0
 * when not, or the usage exit code for a malformed key. */
int cli_pin_option(int opt, const char *arg, const char *cmd, struct cli_pin_args *a);

/* When the TPM's owner hierarchy has an authorization value, reads the
 * owner passphrase (from file, else at the terminal) and uses it for the
 * commands that need it (NV indices, persistent objects). */
int cli_owner_auth(struct tpm *t, const char *file);

/* Checks the TPM's primary key against the pin before any secret is sent
 * (with a, first the owner passphrase as cli_owner_auth) and says what it
 * decided; ret: the decision, for cli_pin_keep. a: the
 * options, or NULL for a command without them (a changed key is refused). */
int cli_pin_settle(struct tpm *t, const struct cli_pin_args *a, struct primary_pin *ret);
/* Once the secret is enrolled: keeps a new pin in the state directory. */
int cli_pin_keep(const struct primary_pin *p);

/* The same decision taken when the flow is about to send its first secret
 * (t->approve_primary), after the flow's own checks: nothing is asked of
 * the TPM for a flow that stops before. */
struct cli_pin_hook {
	const struct cli_pin_args *args;
	struct primary_pin pin; /* the decision, once decided */
	bool decided;
};
void cli_pin_hook_install(struct tpm *t, struct cli_pin_hook *h);
