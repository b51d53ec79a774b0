/* SPDX-License-Identifier: GPL-2.0-or-later */
/* heads sign / heads verify on a TPM 1.2. */
#include "cli-manifest12.h"
#include "errors.h"
#include "log.h"
#include "passphrase.h"
#include "tpm12-own.h"
#include "tpm12-rollback.h"
#include "tpm12-srkpin.h"
#include "tpm12.h"

#include <string.h>

/* Increments that may take the counter to a manifest's value (one past
 * the TPM's, or two). */
#define ADVANCE_MAX 4

void cli_tpm12_facts(struct tpm12 *t, struct manifest_tpm_facts *ret)
{
	*ret = (struct manifest_tpm_facts){ 0 };
	ret->counter_r = tpm12_rollback_read(t, &ret->counter);
	ret->primary_r = tpm12_srk_pin(t, ret->primary);
}

/* One signing's state. */
static struct {
	struct tpm12 *t;
	const char *owner_file;
	uint8_t auth[20];
	bool asked;
} signing;

static int ask_owner(void)
{
	char pass[PASSPHRASE_MAX];
	int r = passphrase_read(NULL, "TPM owner passphrase: ", 0, pass);

	if (r >= 0)
		tpm12_auth_from_passphrase(pass, signing.auth);
	explicit_bzero(pass, sizeof(pass));
	signing.asked = true;
	return r;
}

/* Only creating the counter needs the owner. */
static int bump(uint64_t *ret)
{
	int r = tpm12_rollback_bump(signing.t, signing.auth, ret);

	if (r == -E_PASSPHRASE && !signing.asked) {
		log_notice(
			"The TPM 1.2 has an owner passphrase: creating the rollback counter needs it.");
		r = ask_owner();
		if (r >= 0)
			r = tpm12_rollback_bump(signing.t, signing.auth, ret);
	}
	if (r == -E_PASSPHRASE)
		return log_error_errno(r,
				       "Wrong TPM owner passphrase: the rollback counter was not created.");
	return r;
}

static int pin(void *userdata, uint8_t ret[SHA256_SIZE])
{
	(void)userdata;
	return tpm12_srk_pin(signing.t, ret);
}

static int counter(void *userdata, uint64_t *ret)
{
	int r = tpm12_rollback_read(signing.t, ret);

	(void)userdata;
	return r == -ENOENT ? bump(ret) : r;
}

static int advance(void *userdata, uint64_t target, uint64_t *ret)
{
	uint64_t v = 0;
	int r = tpm12_rollback_read(signing.t, &v);

	(void)userdata;
	for (unsigned i = 0; r >= 0 && v < target && i < ADVANCE_MAX; i++)
		r = bump(&v);
	if (r >= 0 && v < target)
		r = -EIO;
	if (r < 0)
		return log_error_errno(r, "Cannot advance the TPM 1.2's rollback counter: %m");
	*ret = v;
	return 0;
}

static int owner_auth(const char *file)
{
	char pass[PASSPHRASE_MAX];
	int r;

	tpm12_auth_from_passphrase(NULL, signing.auth);
	if (!file)
		return 0;
	r = passphrase_read(file, NULL, 0, pass);
	if (r >= 0)
		tpm12_auth_from_passphrase(pass, signing.auth);
	explicit_bzero(pass, sizeof(pass));
	signing.asked = true;
	return r;
}

static int settle_pin(struct tpm12 *t, const struct cli_pin_args *a)
{
	struct primary_pin p = { .state = PRIMARY_PIN_FIRST };
	char now[PRIMARY_PIN_TEXT_SIZE], kept[PRIMARY_PIN_TEXT_SIZE];
	int r = tpm12_srk_pin(t, p.presented);

	if (r < 0)
		return log_error_errno(r, "Cannot read the public key of the TPM 1.2's SRK: %m");
	if (a->have_given)
		memcpy(p.expected, a->given, sizeof(p.expected));
	r = a->have_given ? 0 : primary_pin_read(cli_statedir(), p.expected);
	if (r < 0 && r != -ENOENT)
		return log_error_errno(r, "Cannot read the kept pin in %s/%s: %m", cli_statedir(),
				       PRIMARY_PIN_FILE);
	if (r >= 0 && memcmp(p.expected, p.presented, sizeof(p.presented)) != 0 && !a->accept) {
		primary_pin_format(p.presented, now);
		primary_pin_format(p.expected, kept);
		return log_error_errno(E_PRIMARY,
				       "The TPM's storage root key is %s, not the pinned %s: nothing was signed.\n"
				       "After a TPM reset or replacement, --accept-new-primary pins the new one.",
				       now, kept);
	}
	return cli_pin_keep(&p);
}

int cli_sign12_binder(struct tpm12 *t, const struct cli_pin_args *a, struct manifest_binder *ret)
{
	int r;

	explicit_bzero(&signing, sizeof(signing));
	signing.t = t;
	r = owner_auth(a->owner_file);
	if (r >= 0)
		r = settle_pin(t, a);
	if (r < 0)
		return r;
	*ret = (struct manifest_binder){ pin, counter, advance, NULL };
	return 0;
}
