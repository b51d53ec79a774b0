/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Booting the OS: verify /boot, read the entry's files once and check
 * them against the verified manifest, unseal the disk key with the
 * owner's passphrase, cap PCR 4 with "boot" so nothing unseals after this
 * point, hand the key and the event logs to the OS in an archive appended
 * to its initrd and kexec the entry. */
#include "boot-load.h"
#include "bootfs-dir.h"
#include "console.h"
#include "entry-hypervisor.h"
#include "errors.h"
#include "eventlog-file.h"
#include "exitcode.h"
#include "handover.h"
#include "hierarchy.h"
#include "init.h"
#include "keyinject.h"
#include "kexec.h"
#include "load-entry.h"
#include "log.h"
#include "logs.h"
#include "path-escape.h"
#include "strbuf.h"
#include "tpm.h"
#include "verified-bootfs.h"

#include <unistd.h>

static void say_config_changed(const char *changed)
{
	printf("  changed: /boot/");
	path_escape_write(stdout, changed);
	printf(" (read again to list the entries)\n"
	       "The boot configuration read now is NOT the one verified: /boot changed after it\n"
	       "was checked, or the disk answers differently when read again. Treat this\n"
	       "machine as tampered. Refusing to boot: no secret was released.\n");
}

/* The entries of /boot, from its signed configuration when /boot was
 * verified (a file read again that differs stops the boot). */
static int load_entries(struct init_state *s, struct bootdir **ret_dir, struct entry_list *ret)
{
	_cleanup_bootdir_ struct bootdir *d = NULL;
	_cleanup_free_ char *changed = NULL;
	int r = bootdir_open(INIT_BOOT_DIR, &d);

	if (r < 0)
		return log_error_errno(r, "Cannot open /boot: %m");
	r = boot_discover_verified(d, s->manifest, ret, &changed);
	if (r == -E_DIFFERS)
		say_config_changed(changed);
	if (r < 0)
		return r;
	*ret_dir = TAKE_PTR(d);
	return 0;
}

/* The key's files: /secret.key and one crypttab covering every volume it
 * opens, built as data from the UUIDs of the headers measured in this
 * boot. */
static int add_key(struct init_state *s, const struct secret *key, struct cpio *out)
{
	const char *uuids[DISK_VOLUMES_MAX];
	size_t n = init_disk_volumes(s, uuids);

	return n ? keyinject_add_luks_volumes(key->buf, key->len, uuids, n, out) : -ENOENT;
}

int init_default_luks(struct init_state *s, struct entry_luks *ret)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_bootdir_ struct bootdir *d = NULL;
	size_t i = 0;
	int r;

	if (!s->boot_verified || !s->manifest)
		return -EAGAIN;
	r = load_entries(s, &d, &l);
	if (r >= 0)
		r = boot_pick_entry(&l, INIT_BOOT_DIR, -1, s->default_entry, &i);
	return r < 0 ? r : entry_luks_parse(l.v[i].cmdline, ret);
}

/* The event logs, complete: read after the last extension of this boot
 * (the PCR 4 cap), so the OS replays them to the PCRs it finds. Without
 * them the boot goes on. */
static void add_logs(struct cpio *out)
{
	_cleanup_(logs_raw_free) struct logs_raw l = { 0 };
	int r = logs_read_raw(FIRMWARE_LOG_DEFAULT, INIT_RUNDIR, HANDOVER_LOG_MAX, &l);

	if (r >= 0)
		r = handover_add_logs(out, &(struct handover_logs){ .payload = l.payload,
								    .payload_len = l.payload_len,
								    .firmware = l.firmware,
								    .firmware_len = l.firmware_len });
	if (r < 0)
		printf("The event logs are not handed to the OS (%s): it cannot replay them.\n",
		       strerror(-r));
}

/* The archive appended to the OS initrd: the disk key's files when there
 * is a key, then the event logs; nothing at all when neither exists. */
static int build_archive(struct init_state *s, const struct secret *key, struct cpio *out)
{
	int r = key->len ? add_key(s, key, out) : 0;

	if (r < 0)
		return log_error_errno(r, "Cannot build the disk key archive: %m");
	add_logs(out);
	return out->len ? cpio_finish(out) : 0;
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

	if (r < 0 && (s->tpm || s->tpm12))
		return log_error_errno(r,
				       "Cannot record the boot mode in PCR 4; not booting, since secrets could still be unsealed by the OS.");
	return 0;
}

struct handover {
	struct init_state *s;
	double took; /* seconds spent in prepare_handover (the passphrase, the TPM) */
	bool key; /* the disk key is in the archive */
};

/* Unseals the disk key (asking its passphrase) into key; without a key
 * (key left empty) the boot goes on and the OS asks for its passphrase. */
static void unseal(struct init_state *s, struct secret *key)
{
	int r = init_disk_unseal(s, key);

	if (r < 0) {
		secret_free(key);
		say_without_key(r);
	}
}

/* The OS gets a TPM whose platform hierarchy is closed: it can neither
 * clear the TPM nor evict what the owner hierarchy holds (that needs the
 * owner passphrase). A failure does not stop the boot: it costs the owner
 * no secret, only the protection against a TPM clear. */
static void close_platform(struct init_state *s)
{
	int r = s->tpm ? tpm_platform_close(s->tpm) : 0;

	if (r < 0)
		printf("WARNING: the TPM's platform hierarchy stays open: the OS could clear the TPM.\n");
}

/* Called by the load flow once every file of the entry matched: the disk
 * key unsealed, PCR 4 capped so nothing unseals after this point, the
 * platform hierarchy closed, then the archive with the key and the logs,
 * which the cap completed. */
static int prepare_handover(void *userdata, struct cpio *out)
{
	_cleanup_secret_ struct secret key = { 0 };
	struct handover *h = userdata;
	double t0 = init_now();
	int r;

	unseal(h->s, &key);
	init_drop_old_totp_state(h->s);
	r = cap_pcr4(h->s);
	if (r >= 0) {
		close_platform(h->s);
		r = build_archive(h->s, &key, out);
	}
	h->key = r >= 0 && key.len;
	h->took += init_now() - t0;
	return r;
}

static void print_handover(const struct init_state *s, const struct boot_entry *e, bool key,
			   double load_time)
{
	printf("Booting %s%s (%.2f s since the kernel started, %.2f s in /init; %u TPM commands).\n",
	       e->title, key ? " with the disk key" : "", init_now(), init_elapsed(s),
	       init_tpm_commands());
	printf("/init's own work: %.2f s (the rest was waiting for the person); loading the entry took %.2f s.\n",
	       init_elapsed(s) - s->waited, load_time);
	fflush(stdout);
}

/* Why the load stopped, in the words of this menu. */
static void print_refusal(const struct load_entry_result *res, int r)
{
	if (r == -E_DIFFERS) {
		printf("  ");
		boot_difference_print(stdout, "/boot/", &res->diff);
		printf("\nThe %s read for booting is NOT the one verified: /boot changed after it was\n"
		       "checked, or the disk answers differently when read again. Treat this machine\n"
		       "as tampered. Refusing to boot: no secret was released.\n",
		       load_role_name(res->role));
	} else if (res->diff.path) {
		printf("Cannot read the %s /boot/", load_role_name(res->role));
		path_escape_write(stdout, res->diff.path);
		printf(" (%s).\n", strerror(-r));
	}
}

/* Without EFI (coreboot), our own loader starts Linux: the kernel then
 * does not hash the images again before starting them (linux-load.h).
 * With EFI, the kernel's loader hands the new kernel the EFI state. */
static bool own_loader(void)
{
	return access(INIT_EFI_DIR, F_OK) < 0;
}

/* Reads and checks the entry's files, unseals and caps, loads it. */
static int load(struct init_state *s, const struct bootdir *d, const struct boot_entry *e)
{
	_cleanup_(load_entry_result_clear) struct load_entry_result res = { 0 };
	struct handover h = { .s = s };
	struct load_entry_options o = { .dir = d,
					.entry = e,
					.cmdline = e->cmdline,
					.verified = s->manifest,
					.inject = prepare_handover,
					.userdata = &h,
					.own_loader = own_loader() };
	double t0 = init_now();
	int r = load_entry(&o, &res);

	if (r < 0) {
		print_refusal(&res, r);
		return r;
	}
	print_handover(s, e, h.key, init_now() - t0 - h.took);
	return 0;
}

/* Loads and starts entry index (-1: the default). */
static int boot_entry(struct init_state *s, long index)
{
	_cleanup_entry_list_ struct entry_list l = { 0 };
	_cleanup_bootdir_ struct bootdir *d = NULL;
	size_t i = 0;
	int r = load_entries(s, &d, &l);

	if (r >= 0)
		r = boot_pick_entry(&l, INIT_BOOT_DIR, index, s->default_entry, &i);
	if (r >= 0)
		r = load(s, d, &l.v[i]);
	if (r < 0)
		return r;
	init_tpm_close(s, "the TPM was closed for the OS");
	return kexec_execute();
}

/* After a refusal or a failed load or start: the flow wiped the disk key
 * and the initrd that held it, and kexec_execute dropped what it loaded. */
static void say_boot_failed(int r)
{
	if (r == -E_DIFFERS)
		printf("Back to the menu.\n");
	else
		printf("The boot failed (%s). The disk key, if it was unsealed, is wiped from memory.\n"
		       "Back to the menu.\n",
		       strerror(-r));
}

static int verified(struct init_state *s)
{
	if (!s->boot_dev[0])
		return log_error_errno(ENODEV, "No /boot: nothing to boot%s%s.",
				       s->boot_absent ? ": " : "",
				       s->boot_absent ? s->boot_absent : "");
	if (s->boot_verified && s->manifest)
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
	say_boot_failed(boot_entry(s, -1));
}

int init_boot_choice(const char *line, size_t n, size_t *ret_index)
{
	bool make_default = line[0] == 'd';
	size_t i = 0;
	int r;

	if (!line[0])
		return 0;
	r = entry_number_parse(line + make_default, &i);
	if (r < 0)
		return r;
	if (i >= n)
		return -ERANGE;
	*ret_index = i;
	return make_default ? INIT_MAKE_DEFAULT : INIT_BOOT_ENTRY;
}

/* "  N) TITLE [Xen 4.17] (default)": the hypervisor a Xen entry starts. */
static void print_menu_line(const struct init_state *s, const struct boot_entry *e, size_t i)
{
	char hv[256];

	if (entry_hypervisor_label(e, hv, sizeof(hv)) < 0)
		hv[0] = '\0';
	printf("  %zu) %s%s%s%s%s\n", i, e->title, *hv ? " [" : "", hv, *hv ? "]" : "",
	       s->default_entry && streq(s->default_entry, e->title) ? " (default)" : "");
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
	if ((r = load_entries(s, &d, &l)) < 0) {
		say_boot_failed(r);
		return;
	}
	for (size_t i = 0; i < l.n; i++)
		print_menu_line(s, &l.v[i], i);
	printf("Entry to boot, or dN to make entry N the default (empty: back): ");
	if (ui_read_line(line, sizeof(line)) < 0 || (r = init_boot_choice(line, l.n, &n)) == 0)
		return;
	if (r < 0) {
		printf("There is no entry %s.\n", line);
		return;
	}
	if (r == INIT_MAKE_DEFAULT) {
		(void)init_make_default(s, l.v[n].title);
		return;
	}
	say_boot_failed(boot_entry(s, (long)n));
}
