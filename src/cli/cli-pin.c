/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --primary-key and --accept-new-primary, and what the command says about
 * the TPM primary key before it sends a secret. */
#include "cli-pin.h"
#include "da.h"
#include "errors.h"
#include "exitcode.h"
#include "log.h"
#include "owner.h"
#include "passphrase.h"

int cli_pin_option(int opt, const char *arg, const char *cmd, struct cli_pin_args *a)
{
	if (opt == OPT_OWNER_PASSPHRASE) {
		a->owner_file = arg;
		return 1;
	}
	if (opt == OPT_ACCEPT_PRIMARY) {
		a->accept = true;
		return 1;
	}
	if (opt != OPT_PRIMARY_KEY)
		return 0;
	if (primary_pin_parse(arg, a->given) < 0)
		return cli_usage_error(cmd, "invalid --primary-key '%s' (sha256: and 64 hex digits)",
				       arg);
	a->have_given = true;
	return 1;
}

static const char *source_name(const struct primary_pin *p)
{
	return p->source == PRIMARY_PIN_STATED ? "--primary-key" : PRIMARY_PIN_FILE;
}

static int refuse(const struct primary_pin *p, const char *want, const char *have, bool options)
{
	log_error("The TPM presents a primary key other than the pinned one:\n"
		  "  pinned (%s):%*s%s\n"
		  "  presented:%*s%s\n"
		  "Nothing secret was sent to the TPM.",
		  source_name(p), (int)(16 - strlen(source_name(p))), "", want, 12, "", have);
	if (options)
		log_error("If the TPM was reset or replaced, and you know this new key (read it where\n"
			  "nothing can sit between you and the TPM), run this again with\n"
			  "--primary-key %s, or with --accept-new-primary.",
			  have);
	log_error("Otherwise something between this computer and the TPM is impersonating it.");
	return -E_PRIMARY;
}

static int say(const struct primary_pin *p, const char *want, const char *have)
{
	switch (p->state) {
	case PRIMARY_PIN_FIRST:
		log_notice("No TPM primary key is pinned yet: pinning this TPM's key %s\n"
			   "in %s/%s (the next 'heads sign' records it in the signed manifest).",
			   have, cli_statedir(), PRIMARY_PIN_FILE);
		return 0;
	case PRIMARY_PIN_CHANGED:
		log_notice("Accepting the new TPM primary key %s in place of %s.", have, want);
		return 0;
	default:
		return 0;
	}
}

int cli_owner_auth(struct tpm *t, const char *file)
{
	char pass[PASSPHRASE_MAX];
	struct da_state s;
	int r = file ? 0 : tpm_da_read(t, &s);

	if (r < 0 || (!file && !s.owner_auth_set))
		return r;
	r = passphrase_read(file, "TPM owner passphrase: ", 0, pass);
	if (r >= 0)
		r = tpm_owner_passphrase_use(t, pass);
	explicit_bzero(pass, sizeof(pass));
	if (r < 0 && !file)
		log_error("The TPM is owned: give the owner passphrase (--owner-passphrase-file F, or at a terminal).");
	return r;
}

int cli_pin_settle(struct tpm *t, const struct cli_pin_args *a, struct primary_pin *ret)
{
	char want[PRIMARY_PIN_TEXT_SIZE] = "-", have[PRIMARY_PIN_TEXT_SIZE];
	struct primary_pin p;
	int r = a ? cli_owner_auth(t, a->owner_file) : 0;

	if (r < 0)
		return r;
	r = primary_pin_check(t, a && a->have_given ? a->given : NULL, PRIMARY_PIN_STATED,
			      cli_statedir(), &p);
	if (r < 0)
		return r;
	if (p.state != PRIMARY_PIN_FIRST)
		primary_pin_format(p.expected, want);
	primary_pin_format(p.presented, have);
	r = primary_pin_accept(t, &p, a && a->accept);
	if (r == -E_PRIMARY)
		return refuse(&p, want, have, a);
	/* Without the options the command only reads: it pins nothing. */
	if (r >= 0 && a)
		r = say(&p, want, have);
	if (r >= 0)
		*ret = p;
	return r;
}

int cli_pin_keep(const struct primary_pin *p)
{
	int r = primary_pin_keep(cli_statedir(), p);

	if (r < 0)
		return log_error_errno(r, "Cannot keep the TPM primary key's pin in %s/%s: %m",
				       cli_statedir(), PRIMARY_PIN_FILE);
	return 0;
}

static int approve(struct tpm *t, void *userdata)
{
	struct cli_pin_hook *h = userdata;
	int r = cli_pin_settle(t, h->args, &h->pin);

	h->decided = r >= 0;
	return r;
}

void cli_pin_hook_install(struct tpm *t, struct cli_pin_hook *h)
{
	t->approve_primary = approve;
	t->approve_userdata = h;
}
