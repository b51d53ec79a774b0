/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /init: the payload's boot flow, run when `heads` is PID 1. */
#pragma once

#include "manifest-binding.h"
#include "manifest-sign.h"
#include "measure-event.h"
#include "primary-pin.h"
#include "quote.h"
#include "disk-key.h"
#include "entry-luks.h"
#include "secret.h"

#include "tpm.h"
#include "tpm12.h"

#include <stdbool.h>
#include <stdint.h>

#define INIT_RUNDIR "/run/heads"
#define INIT_EFI_DIR "/sys/firmware/efi" /* there when the firmware is EFI */
#define INIT_TPM_DEVICE "/dev/tpm0" /* the TPM itself, not the resource manager */
#define INIT_BOARD_CONF "/etc/heads/board.conf"
#define INIT_MODULES_LIST "/etc/heads/modules"
#define INIT_BOOT_DIR "/boot"
#define INIT_STATE_DIR "/boot/heads" /* sealed-state snapshots */
#define INIT_KEY_DIR "/media/owner-key" /* the signing key, mounted to sign */
#define INIT_KEYRING "/.gnupg/pubring.kbx" /* the owner's public keyring, from flash */
#define INIT_OWNER_STAGING "/heads/initrd" /* owner's files appended to the payload (UEFI) */

/* PCRs the payload extends (DESIGN section 3). */
#define PCR_BOOT_MODE 4
#define PCR_MODULES 5
#define PCR_OWNER_FILES 7

/* What the boot flow knows; passed to each step. */
struct init_state {
	struct tpm *tpm; /* NULL when the TPM cannot be reached or used: */
	struct tpm12 *tpm12; /* a TPM 1.2 (tpm is NULL then), or NULL */
	const char *no_tpm; /* why, for a person; NULL: the TPM cannot be reached */
	char board[64]; /* board name from the profile */
	char flash[128]; /* the boot flash's spec (flash.h), "" when the profile names none */
	bool owner_from_flash; /* owner's files: the boot flash (coreboot), else the payload */
	uint32_t totp_pcrs; /* PCRs the TOTP secret is sealed to */
	uint32_t disk_pcrs; /* PCRs the disk key is sealed to */
	bool pcr4_capped; /* a boot mode was recorded: nothing unseals now */
	bool owner_auth_given; /* the TPM owner passphrase was given in this boot */
	char boot_dev[64]; /* the OS's /boot partition, "" when none */
	struct manifest_fs boot_fs; /* its file system UUID and partition UUID */
	const char *boot_absent; /* why there is no /boot although one was signed */
	char luks_devs[DISK_VOLUMES_MAX][64]; /* the LUKS volumes found on the disks, */
	char luks_uuids[DISK_VOLUMES_MAX][DISK_UUID_SIZE]; /* and their LUKS UUIDs, */
	size_t luks_n; /* in the order found */
	struct disk_uuids disk_uuids; /* the LUKS volumes measured at unseal */
	bool boot_verified; /* /boot matched its signed manifest, */
	struct manifest *manifest; /* this one: the files loaded are checked against it */
	bool have_signed_pin; /* the verified manifest's TPM primary key, */
	uint8_t signed_pin[TPM_PRIMARY_HASH_SIZE]; /* which secrets may be sent to */
	bool tpm_unvouched; /* /boot is signed, but this TPM cannot vouch for it */
	char *default_entry; /* the signed default boot entry's title, or NULL */
	struct init_modules *modules; /* groups still loading */
	struct manifest_tpm_facts tpm_facts; /* the rollback counter and TPM identity, */
	bool have_tpm_facts; /* read ahead for the next /boot verification */
	double started; /* uptime when /init started */
	double waited; /* seconds spent waiting for the person */
	char totp_text[12]; /* the last code shown, */
	int64_t totp_period; /* for this TOTP period, */
	bool totp_reuse; /* which the next menu may show again */
};

/* Why there is no TPM to use, for a person. */
static inline const char *init_no_tpm(const struct init_state *s)
{
	return s->no_tpm ? s->no_tpm : "the TPM cannot be reached";
}

/* Finds which TPM the machine has (tpm/family.h); on a TPM 1.2 says what
 * it found and opens it (s->tpm12; s->no_tpm says why when it cannot be
 * reached). True on a TPM 1.2: s->tpm stays NULL. */
bool init_tpm12_found(struct init_state *s);
/* Sealing on a TPM 1.2 needs its SRK: a TPM without owner is owned with
 * the well-known owner secret (as a TPM 2.0 runs with an empty owner
 * authorization until one is set), and the person told so. */
int init_tpm12_own_at_first_use(struct init_state *s);
/* TPM commands this boot sent, to either kind of TPM. */
unsigned init_tpm_commands(void);
/* Closes whichever TPM is open (before the OS runs); says why in no_tpm. */
void init_tpm_close(struct init_state *s, const char *why);
/* The TCTI /init opens a TPM 2.0 with: $HEADS_TCTI, else the TPM's own
 * device, else the kernel's resource manager. */
const char *init_tpm_tcti(void);

/* Seconds since the kernel started. */
double init_now(void);

/* Seconds since /init started. */
double init_elapsed(const struct init_state *s);

/* True when this process should run the boot flow rather than a command:
 * it is PID 1, or was started under a name ending in "init". */
bool init_wanted(const char *argv0);

/* The boot flow. As PID 1 it never returns: failures fall back to the
 * menu, and the menu's last resort is a halt. */
int init_main(int argc, char **argv);

/* Mounts /dev, /proc, /sys and /run, makes the rundir, and makes sure
 * fds 0-2 are the console. */
int init_mount_api_filesystems(void);

/* Measures every module listed in INIT_MODULES_LIST ("PATH [PARAMS]" per
 * line, in groups headed "[NAME]" or "[NAME later]") into PCR 5, in the list's order, and
 * starts loading each group in the background. */
int init_modules_start(struct init_state *s);
/* The same with the list read from path (tests give their own). */
int init_modules_start_from(struct init_state *s, const char *path);
/* Waits until the named group is loaded; "": every group but those marked
 * "later" (wanted by menu actions only); NULL: every group, and then
 * returns how many modules failed to load, in all groups. */
int init_modules_wait(struct init_state *s, const char *group);
/* True while module groups were started and not yet waited for. */
bool init_modules_loading(const struct init_state *s);

/* Reads the owner's files (CBFS heads/initrd/...) from the boot flash, or
 * on the UEFI machine from the payload, measures each into PCR 7 and
 * writes it into the root file system. Never from a disk. */
int init_load_owner_files(struct init_state *s);

/* The one place the boot flow extends a PCR (the event log hooks in here):
 * digest into pcr, described by what. A missing TPM is not an error. */
int init_measure_digest(struct init_state *s, unsigned pcr, const uint8_t digest[32],
			enum measure_kind kind, const char *name);
int init_measure_buf(struct init_state *s, unsigned pcr, const void *buf, size_t len,
		     enum measure_kind kind, const char *name);

/* Caps PCR 4 with a boot mode ("recovery", "boot", "usb"). */
int init_cap_boot_mode(struct init_state *s, const char *mode);

/* TOTP at boot: shows the code, offers enrolment when none is enrolled. */
void init_totp_startup(struct init_state *s);
/* The offer when the TPM holds no TOTP secret. When this machine had one
 * (a TOTP enrolment's snapshot is in statedir, or /boot was signed for a
 * TPM that cannot vouch for it now), it says that the TPM was reset or
 * tampered with, and "no" is the default; on a new machine "yes" is. */
void init_totp_offer(struct init_state *s, const char *statedir);
/* True when this machine had a TOTP secret (the evidence above). */
bool init_totp_had_secret(const struct init_state *s, const char *statedir);
/* Prints the current code (or why there is none); 0 when shown. */
int init_totp_show(struct init_state *s);
/* The same, reusing the code the startup just showed while its period
 * lasts (the first menu comes right after it). */
int init_totp_show_again(struct init_state *s);
int init_totp_enroll(struct init_state *s);
/* The same on a TPM 1.2 (totp12.c): the code, with the sealed PCRs and
 * those that differ from the enrolment snapshot on -E_SEALED (0 when it
 * cannot tell); the enrolment, owning a new TPM first. */
int init_totp12_code(struct init_state *s, int64_t now, uint32_t *ret_code, uint32_t *ret_sealed,
		     uint32_t *ret_changed);
int init_totp12_enroll(struct init_state *s);

/* Before a secret is sent to the TPM: its primary key against the
 * verified manifest's pin, else the one kept in INIT_STATE_DIR; a changed
 * key is shown and needs a yes. 0 with the decision in ret, or -E_PRIMARY. */
int init_primary_pin(struct init_state *s, struct primary_pin *ret);
/* When the TPM has an owner authorization: asks the owner passphrase and
 * uses it for the enrolment or signing that follows. */
int init_owner_auth(struct init_state *s);
/* The menu's TPM reset: asks first, then a new owner passphrase twice. */
int init_tpm_reset(struct init_state *s);
/* The same on a TPM 1.2 (owner12.c), where the one above begins. */
int init_tpm12_reset(struct init_state *s);
/* The menu's factory reset (flow/factory-reset.h): asks first, then the
 * passphrases; reboots when done. */
int init_factory_reset(struct init_state *s);

/* On a TPM 1.2: SHA-256 of its SRK's public key against the same pins
 * (the decision in ret; the person is not asked here). */
int init_pin12_check(struct init_state *s, struct primary_pin *ret);

/* Once the secret is enrolled (with /boot writable): keeps a new pin. */
void init_primary_pin_keep(const struct primary_pin *p);

/* Finds the /boot partition (mounted read-only on INIT_BOOT_DIR) and
 * starts looking for the LUKS volumes, by content; init_luks_wait waits
 * until luks_devs and luks_uuids are filled in. */
int init_find_disks(struct init_state *s);
void init_luks_wait(void);
/* Finds /boot: once signed, only the file system its manifest pins; before
 * that the only candidate, or the one the person chooses. Mounts it
 * read-only on INIT_BOOT_DIR and says which it is and which were left. */
int init_find_boot(struct init_state *s);
/* Starts init_find_boot's scan of the disks (silent, no TPM) in a thread,
 * for when the disks are already there; init_find_boot takes its result. */
void init_boot_scan_start(void);
/* Calls fn for each block device (disks and partitions) in name order,
 * until fn returns non-zero. */
int init_for_each_block(int (*fn)(const char *dev, void *data), void *data);
/* Mounts dev (ext4 or vfat) on where. */
int init_mount_fs(const char *dev, const char *where, unsigned long flags);
/* Mounts a disk's file system on where: a candidate /boot read-only, the
 * owner's signing key writable; neither ever runs programs, honours
 * set-id bits or opens device nodes from the disk. */
int init_mount_boot_fs(const char *dev, const char *where);
int init_mount_key_fs(const char *dev, const char *where);
/* Remounts /boot read-write (rw) or back read-only. */
int init_boot_writable(struct init_state *s, bool rw);
/* Finds and mounts the owner's signing key on INIT_KEY_DIR. */
int init_mount_key(const struct init_state *s);
/* Unmounts it, once gpg has let go of it. */
int init_unmount_key(void);

/* Verifies /boot: signature, files, rollback counter; prints what failed
 * and what to do. Sets boot_verified, manifest and default_entry. */
int init_verify_boot(struct init_state *s);
/* Reads what the TPM says of the rollback counter and its identity ahead
 * of the next verification (the boot flow does it while disks probe). */
void init_read_tpm_facts(struct init_state *s);
/* On a TPM 1.2 (rollback12.c): its rollback counter and SRK pin, and
 * the binder with which signing advances that counter. */
void init_tpm12_facts(struct init_state *s, struct manifest_tpm_facts *ret);
const struct manifest_binder *init_sign12_binder(struct init_state *s);
/* Update checksums and sign /boot with the owner's key. Shows the
 * default entry it will sign (the current manifest's only when that
 * verifies) and asks first. */
int init_sign_boot(struct init_state *s);
/* The same with title as the signed default ("make default"). */
int init_make_default(struct init_state *s, const char *title);

/* The disk key: enrolment (asks the LUKS and the new passphrase), and
 * unsealing (up to three tries) into ret. -ENOENT when none is enrolled. */
int init_disk_enroll(struct init_state *s);
int init_disk_unseal(struct init_state *s, struct secret *ret);
/* On a TPM 1.2 (disk12.c): the enrolment's sealing step, and the unseal
 * init_disk_unseal begins with. */
int init_disk12_seal(struct init_state *s, const char *const *devs, size_t n, const char *luks,
		     const char *unlock);
int init_disk12_unseal(struct init_state *s, struct secret *ret);

/* The first good boot after a firmware update (states.c): the previous
 * firmware's state dropped from the disk key (just unsealed with pass)
 * and from the TOTP key (before the PCR 4 cap). */
struct disk_meta;
void init_drop_old_disk_state(struct init_state *s, const struct disk_meta *m,
			      const struct secret *key, const char *pass);
void init_drop_old_totp_state(struct init_state *s);

/* The menu's firmware update (update.c). */
int init_flash_update(struct init_state *s);
/* The LUKS UUIDs the unsealed key opens (ret: DISK_VOLUMES_MAX places):
 * the headers measured into PCR 6 by the unseal, never the TPM's record;
 * 0 before a successful unseal. */
size_t init_disk_volumes(const struct init_state *s, const char **ret);
/* The found LUKS device holding volume uuid, or NULL. */
const char *init_luks_device(const struct init_state *s, const char *uuid);
/* Every LUKS volume found, into v (DISK_VOLUMES_MAX places); their count. */
size_t init_luks_devices(const struct init_state *s, const char **v);
/* The found volumes the default entry's signed command line names
 * (rd.luks.uuid= and the like), into v; all of them when /boot is not
 * verified yet or the entry names none. -ENODEV when it names one no disk
 * holds. */
int init_volumes_to_enroll(struct init_state *s, const char **v, size_t *n);
/* The LUKS volumes the default entry's command line names, once /boot is
 * verified (-EAGAIN before; it is not verified for this). */
int init_default_luks(struct init_state *s, struct entry_luks *ret);

/* Default boot, and the menu of all entries; they return only when the
 * boot was refused or failed. */
void init_default_boot(struct init_state *s);
void init_boot_menu(struct init_state *s);
/* The boot menu's answer line for a list of n entries: INIT_BOOT_ENTRY
 * ("N": boot it) or INIT_MAKE_DEFAULT ("dN": sign /boot with it as the
 * default) with the entry's index in ret_index; 0 for an empty line (back
 * to the menu); -EINVAL when it is not a whole decimal number, with or
 * without one leading 'd' ("abc", "q", " 1", "d", "D1"), -ERANGE when
 * there is no entry with that number. */
enum { INIT_BOOT_ENTRY = 1, INIT_MAKE_DEFAULT = 2 };
int init_boot_choice(const char *line, size_t n, size_t *ret_index);

/* The verifier's nonce as typed (hex), or for an empty line the clock's
 * time now (8 bytes, big-endian). -EINVAL for anything else. */
int init_attest_nonce(const char *line, uint64_t now, uint8_t nonce[ATTEST_NONCE_MAX],
		      size_t *ret_len);
/* The menu's "Attest": a quote shown as numbered QR codes. */
int init_attest(struct init_state *s);

/* What an answer at the main menu asks for. */
enum init_menu_action {
	INIT_MENU_DEFAULT_BOOT, /* d */
	INIT_MENU_BOOT_MENU, /* b */
	INIT_MENU_SIGN_BOOT, /* s */
	INIT_MENU_ENROL_DISK_KEY, /* k */
	INIT_MENU_REFRESH_TOTP, /* r */
	INIT_MENU_ENROL_TOTP, /* t */
	INIT_MENU_RECOVERY_SHELL, /* x */
	INIT_MENU_POWER_OFF, /* p */
	INIT_MENU_ATTEST, /* a */
	INIT_MENU_TPM_RESET, /* o */
	INIT_MENU_FLASH_UPDATE, /* f */
	INIT_MENU_FACTORY_RESET, /* F */
	INIT_MENU_EMPTY, /* an empty line: ask again, without the menu */
	INIT_MENU_NO_INPUT, /* no console input at all */
	INIT_MENU_UNKNOWN, /* any other key */
};

/* The action for ui_choice's answer c (a key, 0 or negative). */
enum init_menu_action init_menu_action(int c);

/* The main menu loop; never returns. */
_Noreturn void init_menu(struct init_state *s);

/* Runs the recovery shell on the console and waits for it. */
int init_recovery_shell(struct init_state *s);

/* Powers off (or halts when that fails); never returns. */
_Noreturn void init_power_off(void);
