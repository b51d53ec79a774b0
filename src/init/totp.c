/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TOTP at boot: the code proves to the person that the measured state is
 * the one they enrolled; without a secret, enrolment is offered. */
#include "console.h"
#include "exitcode.h"
#include "hotp.h"
#include "init.h"
#include "log.h"
#include "pcr.h"
#include "qr.h"
#include "strbuf.h"
#include "eventlog-file.h"
#include "totp-seal.h"
#include "totp-tpm.h"
#include "snapshot.h"
#include "snapshot12.h"
#include "totp12.h"

#include <limits.h>

#include <time.h>

static void print_time(void)
{
	time_t now = time(NULL);
	struct tm tm;
	char buf[40];

	gmtime_r(&now, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S UTC", &tm);
	printf("%s  ", buf);
}

static void say_refused(const struct init_state *s, uint32_t sealed, uint32_t changed)
{
	char list[80], diff[80];

	pcr_list_format(sealed, list, sizeof(list));
	printf("TOTP: REFUSED\n"
	       "The TPM refused to compute the TOTP code: the measured state (PCRs %s)\n"
	       "differs from the one at enrolment.",
	       list);
	if (changed) {
		pcr_list_format(changed, diff, sizeof(diff));
		printf(" Changed since enrolment: PCR%s %s.", changed & (changed - 1) ? "s" : "",
		       diff);
	}
	printf("%s\n",
	       s->pcr4_capped ?
		       " A boot mode was recorded in PCR 4 in this boot,\nso no secret unseals until the next reboot." :
		       "\nIf you did not change the firmware, its files or settings, treat this\nmachine as tampered. Otherwise enrol a new TOTP secret.");
}

/* The code from whichever TPM the machine has. */
static int code_now(struct init_state *s, int64_t now, uint32_t *code, uint32_t *sealed,
		    uint32_t *changed)
{
	struct totp_meta meta = { 0 };
	int r;

	if (s->tpm12)
		return init_totp12_code(s, now, code, sealed, changed);
	r = totp_tpm_code(s->tpm, INIT_STATE_DIR, now, code, &meta);
	*sealed = meta.pcr_mask;
	*changed = 0;
	return r;
}

int init_totp_show(struct init_state *s)
{
	char text[OTP_MAX_DIGITS + 1];
	uint32_t code = 0, sealed = 0, changed = 0;
	int64_t now;
	int r;

	print_time();
	if (!s->tpm && !s->tpm12) {
		printf("TOTP: unavailable (%s)\n", init_no_tpm(s));
		return -ENODEV;
	}
	s->totp_reuse = false;
	now = (int64_t)time(NULL);
	r = code_now(s, now, &code, &sealed, &changed);
	if (r == -ENOENT) {
		printf("TOTP: no secret enrolled\n");
		return r;
	}
	if (r == -E_SEALED) {
		say_refused(s, sealed, changed);
		return r;
	}
	if (r < 0) {
		printf("TOTP: error (%s)\n", strerror(-r));
		return r;
	}
	otp_format(code, OTP_DIGITS, text);
	printf("TOTP: %s\n", text);
	r = strfmt(s->totp_text, sizeof(s->totp_text), "%s", text);
	if (r < 0)
		return r;
	s->totp_period = now / TOTP_STEP;
	return 0;
}

int init_totp_show_again(struct init_state *s)
{
	bool reuse = s->totp_reuse && s->totp_period == (int64_t)time(NULL) / TOTP_STEP;

	s->totp_reuse = false;
	if (!reuse)
		return init_totp_show(s);
	print_time();
	printf("TOTP: %s\n", s->totp_text);
	return 0;
}

static const struct seal_paths seal_paths = { FIRMWARE_LOG_DEFAULT, INIT_RUNDIR, INIT_STATE_DIR };

/* The new key becomes the live one (one NV write); /boot is writable for
 * the snapshot only. */
static int commit(struct init_state *s, const struct totp_seal_staged *st,
		  const struct primary_pin *pin)
{
	int w = init_boot_writable(s, true);
	int r = totp_seal_commit(s->tpm, st, &seal_paths);

	if (r >= 0)
		init_primary_pin_keep(pin);
	if (w >= 0)
		(void)init_boot_writable(s, false);
	return r;
}

/* Staging keeps the secret's sealed copy in the state directory, which a
 * firmware update needs to reseal the key: /boot is writable for it. */
static int stage(struct init_state *s, struct totp_seal_staged *st, struct secret *uri)
{
	int w = init_boot_writable(s, true);
	int r = totp_enroll_stage(s->tpm, s->board, s->totp_pcrs, &seal_paths, st, uri);

	if (w >= 0)
		(void)init_boot_writable(s, false);
	return r;
}

int init_totp_enroll(struct init_state *s)
{
	_cleanup_(totp_seal_staged_done) struct totp_seal_staged st = { 0 };
	_cleanup_secret_ struct secret uri = { 0 };
	struct primary_pin pin;
	char list[80];
	int r;

	if (s->tpm12)
		return init_totp12_enroll(s);
	if (!s->tpm)
		return log_error_errno(ENODEV, "A TOTP secret cannot be enrolled: %s.",
				       init_no_tpm(s));
	if (s->pcr4_capped)
		return log_error_errno(EPERM,
				       "A boot mode was recorded in PCR 4 in this boot: reboot, then enrol from the menu.");
	r = init_primary_pin(s, &pin);
	if (r < 0)
		return r;
	r = stage(s, &st, &uri);
	if (r < 0)
		return log_error_errno(r, "Enrolling a TOTP secret failed: %m");
	pcr_list_format(s->totp_pcrs, list, sizeof(list));
	printf("New TOTP secret, to be bound to PCRs %s. It is used from the moment you\n"
	       "press Enter; until then the previous one stays in use.\n"
	       "Scan this with your phone's authenticator app, or type the URI in:\n\n",
	       list);
	qr_print(stdout, (const char *)uri.buf);
	printf("%s\n\n", (const char *)uri.buf);
	ui_wait_enter("Press Enter once your phone shows the code. ");
	r = commit(s, &st, &pin);
	if (r < 0)
		return log_error_errno(r, "Enrolling a TOTP secret failed: %m");
	printf("TOTP secret enrolled, bound to PCRs %s.\n", list);
	return init_totp_show(s);
}

/* The snapshot is unsigned (an attacker can delete it), the TPM binding
 * of a signed /boot is not: a cleared or replaced TPM has no counter or
 * another primary key. Either one is enough. */
bool init_totp_had_secret(const struct init_state *s, const char *statedir)
{
	char path[PATH_MAX];

	if (s->tpm_unvouched)
		return true;
	if (s->tpm12)
		return snapshot12_path(statedir, TOTP12_SNAPSHOT_NAME, path, sizeof(path)) >= 0 &&
		       access(path, F_OK) == 0;
	return snapshot_path(statedir, "totp", path, sizeof(path)) >= 0 && access(path, F_OK) == 0;
}

void init_totp_offer(struct init_state *s, const char *statedir)
{
	if (!init_totp_had_secret(s, statedir)) {
		if (ui_confirm("No TOTP secret is enrolled in this TPM. Enrol one now?", true))
			(void)init_totp_enroll(s);
		return;
	}
	printf("WARNING: this machine had a TOTP secret, and the TPM no longer holds it.\n"
	       "The TPM was reset or tampered with (cleared, replaced, or its TOTP record\n"
	       "removed). Unless you reset it yourself, do not enrol a new secret: the code\n"
	       "would vouch for whatever runs now. Treat this machine as tampered.\n");
	if (ui_confirm("Enrol a new TOTP secret anyway?", false))
		(void)init_totp_enroll(s);
}

void init_totp_startup(struct init_state *s)
{
	int r = init_totp_show(s);

	/* Nothing is measured between here and the first menu. */
	s->totp_reuse = r == 0;
	if (r == -ENOENT)
		init_totp_offer(s, INIT_STATE_DIR);
}
