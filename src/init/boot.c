/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Booting the OS: verify /boot, unseal the disk key with the owner's
 * passphrase, cap PCR 4 with "boot" so nothing unseals after this point,
 * inject the key into the OS initrd and kexec the entry. */
#include "boot-load.h"
#include "bootfs-dir.h"
#include "console.h"
#include "discover.h"
#include "exitcode.h"
#include "init.h"
#include "keyinject.h"
#include "kexec.h"
#include "log.h"
#include "strbuf.h"
#include "tpm.h"

static int load_entries(struct bootdir **ret_dir, struct entry_list *ret)
{
	_cleanup_bootdir_ struct bootdir *d = NULL;
	struct bootfs fs;
	int r = bootdir_open(INIT_BOOT_DIR, &d);

	if (r < 0)
		return log_error_errno(r, "Cannot open /boot: %m");
	bootfs_dir_init(&fs, d);
	r = boot_discover(&fs, ret);
	if (r < 0)
		return r;
	*ret_dir = TAKE_PTR(d);
	return 0;
}

/* The archive with /secret.key and crypttab entries naming it, built as
 * data from a UUID whose form is checked. */
static int build_injection(struct init_state *s, const struct secret *key, struct cpio *out)
{
	_cleanup_crypttab_set_ struct crypttab_set ct = { 0 };
	char uuid[40];
	int r = init_disk_uuid(s, uuid, sizeof(uuid));

	if (r >= 0)
		r = crypttab_add_luks(&ct, uuid);
	if (r >= 0)
		r = keyinject_build(key->buf, key->len, &ct, out);
	return r;
}

static void say_without_key(int r)
{
	if (r == -ENOENT)
		printf("No disk key is enrolled: the OS will ask for its disk passphrase.\n");
	else
		printf("Booting WITHOUT the disk key: the OS will ask for its disk passphrase.\n");
}

static int cap_pcr4(struct init_state *s)
{
	int r = init_cap_boot_mode(s, "boot");

	if (r < 0 && s->tpm)
		return log_error_errno(r,
				       "Cannot record the boot mode in PCR 4; not booting, since secrets could still be unsealed by the OS.");
	return 0;
}

static void print_handover(const struct init_state *s, const struct boot_entry *e, bool key,
			   double load_time)
{
	printf("Booting %s%s (%.2f s since the kernel started, %.2f s in /init; %u TPM commands).\n",
	       e->title, key ? " with the disk key" : "", init_now(), init_elapsed(s),
	       tpm_command_count());
	printf("/init's own work: %.2f s (the rest was waiting for the person); loading the entry took %.2f s.\n",
	       init_elapsed(s) - s->waited, load_time);
	fflush(stdout);
}

/* Unseals, caps, loads and starts entry index (-1: the default). */
static int boot_entry(struct init_state *s, long index)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_bootdir_ struct bootdir *d = NULL;
	_cleanup_cpio_ struct cpio inj = { 0 };
	_cleanup_secret_ struct secret key = { 0 };
	size_t i = 0;
	double t0;
	int r = load_entries(&d, &l);

	if (r >= 0)
		r = boot_pick_entry(&l, INIT_BOOT_DIR, index, s->default_entry, &i);
	if (r < 0)
		return r;
	r = init_disk_unseal(s, &key);
	if (r < 0)
		say_without_key(r);
	else if ((r = build_injection(s, &key, &inj)) < 0)
		return log_error_errno(r, "Cannot build the disk key archive: %m");
	secret_free(&key);
	if ((r = cap_pcr4(s)) < 0)
		return r;
	t0 = init_now();
	r = boot_load_entry(d, &l.v[i], l.v[i].cmdline, &inj, INIT_RUNDIR);
	if (r < 0)
		return r;
	print_handover(s, &l.v[i], inj.len > 0, init_now() - t0);
	if (s->tpm)
		tpm_close(s->tpm);
	s->tpm = NULL;
	return kexec_execute();
}

static int verified(struct init_state *s)
{
	if (!s->boot_dev[0])
		return log_error_errno(ENODEV, "No /boot: nothing to boot%s%s.",
				       s->boot_absent ? ": " : "",
				       s->boot_absent ? s->boot_absent : "");
	if (s->boot_verified)
		return 0;
	return init_verify_boot(s);
}

void init_default_boot(struct init_state *s)
{
	int r = verified(s);

	if (r < 0) {
		printf("Refusing to boot: no secret was released. Back to the menu.\n");
		return;
	}
	r = boot_entry(s, -1);
	printf("The boot failed (%s).\n", strerror(-r));
}

int init_boot_choice(const char *line, size_t n, size_t *ret_index)
{
	size_t i = 0;
	int r;

	if (!line[0])
		return 0;
	r = entry_number_parse(line, &i);
	if (r < 0)
		return r;
	if (i >= n)
		return -ERANGE;
	*ret_index = i;
	return 1;
}

void init_boot_menu(struct init_state *s)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_bootdir_ struct bootdir *d = NULL;
	char line[16];
	size_t n = 0;
	int r;

	if (verified(s) < 0) {
		printf("Refusing to boot: no secret was released. Back to the menu.\n");
		return;
	}
	if (load_entries(&d, &l) < 0)
		return;
	for (size_t i = 0; i < l.n; i++)
		printf("  %zu) %s%s\n", i, l.v[i].title,
		       s->default_entry && streq(s->default_entry, l.v[i].title) ? " (default)" : "");
	printf("Entry to boot (empty: back): ");
	if (ui_read_line(line, sizeof(line)) < 0 || (r = init_boot_choice(line, l.n, &n)) == 0)
		return;
	if (r < 0) {
		printf("There is no entry %s.\n", line);
		return;
	}
	r = boot_entry(s, (long)n);
	printf("The boot failed (%s).\n", strerror(-r));
}
