/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The signed /boot's binding on a TPM 1.2: the rollback counter (the
 * monotonic counter "HDRB") and the SRK pin, read for verification and
 * advanced by signing, judged exactly as on a TPM 2.0. Only creating the
 * counter needs the owner: the well-known owner secret unless the owner
 * set a passphrase, asked then. */
#include "errors.h"
#include "init.h"
#include "log.h"
#include "passphrase.h"
#include "tpm12-own.h"
#include "tpm12-rollback.h"
#include "tpm12-srkpin.h"

#include <unistd.h>

/* Advancing the counter to a manifest's value takes at most this many
 * increments (rollback_next: one past the TPM's, or two). */
#define ADVANCE_MAX 4

void init_tpm12_facts(struct init_state *s, struct manifest_tpm_facts *ret)
{
	*ret = (struct manifest_tpm_facts){ 0 };
	ret->counter_r = tpm12_rollback_read(s->tpm12, &ret->counter);
	ret->primary_r = tpm12_srk_pin(s->tpm12, ret->primary);
}

/* One signing's state: the owner authorization in use. */
static struct {
	struct init_state *s;
	uint8_t auth[20];
	bool asked;
} signing;

static int ask_owner(void)
{
	char pass[PASSPHRASE_MAX];
	int r;

	printf("The TPM 1.2 has an owner passphrase: creating the rollback counter needs it.\n");
	fflush(stdout);
	r = passphrase_read_fd(STDIN_FILENO, "TPM owner passphrase: ", 0, pass);
	if (r >= 0)
		tpm12_auth_from_passphrase(pass, signing.auth);
	explicit_bzero(pass, sizeof(pass));
	signing.asked = true;
	return r;
}

static int bump(uint64_t *ret)
{
	int r = tpm12_rollback_bump(signing.s->tpm12, signing.auth, ret);

	if (r == -E_PASSPHRASE && !signing.asked) {
		r = ask_owner();
		if (r >= 0)
			r = tpm12_rollback_bump(signing.s->tpm12, signing.auth, ret);
	}
	if (r == -E_PASSPHRASE)
		return log_error_errno(r,
				       "Wrong TPM owner passphrase: the rollback counter was not created.");
	return r;
}

static int pin(void *userdata, uint8_t ret[SHA256_SIZE])
{
	(void)userdata;
	return tpm12_srk_pin(signing.s->tpm12, ret);
}

static int counter(void *userdata, uint64_t *ret)
{
	int r = tpm12_rollback_read(signing.s->tpm12, ret);

	(void)userdata;
	return r == -ENOENT ? bump(ret) : r;
}

static int advance(void *userdata, uint64_t target, uint64_t *ret)
{
	uint64_t v = 0;
	int r = tpm12_rollback_read(signing.s->tpm12, &v);

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

static const struct manifest_binder binder = { pin, counter, advance, NULL };

const struct manifest_binder *init_sign12_binder(struct init_state *s)
{
	explicit_bzero(&signing, sizeof(signing));
	signing.s = s;
	tpm12_auth_from_passphrase(NULL, signing.auth);
	return &binder;
}
