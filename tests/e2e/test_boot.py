# SPDX-License-Identifier: GPL-2.0-or-later
"""End-to-end tests: the payload booted in QEMU with swtpm, driven on its
serial console, on each emulated machine: "coreboot" (board qemu-q35:
coreboot as the firmware ROM, our own kernel and initramfs as its payload,
the owner's files in its CBFS), "ovmf" (board qemu-ovmf: UEFI firmware,
Debian's kernel, the owner's files appended to the payload) and
"coreboot-tpm12" (board qemu-q35-tpm12: the coreboot machine with a TPM 1.2,
SHA-1 PCRs and sealed blobs in /boot/heads: the happy path and the tamper
scenarios marked for it run there, checking 1.2 things where a test checks
TPM-2.0-only ones). Each test
starts from a fresh TPM and a fresh copy of the disk. Prints one
PASS/FAIL/SKIP line per test and machine, named e2e[MACHINE]:TEST, and a
closing "N passed, N failed" line. The machines' tests run side by
side, one process each (HEADS_E2E_JOBS=1 runs them in turn)."""
import fcntl
import hashlib
import io
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

from machine import ROOT, Machine, stop_all

BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build"))
IMAGE = os.path.join(BUILD, "image")
DISK = os.path.join(IMAGE, "disk.img")
BOOT_TIMEOUT = 120  # QEMU start to the first prompt, with room for a busy host
KEY = os.path.join(IMAGE, "owner-key.img")
OWNER = os.path.join(IMAGE, "owner")
SAMPLE_PASSPHRASE = "sample disk passphrase"
UNLOCK = "owner unlock passphrase"
BOOT_OFFSET = 1 << 20  # the /boot partition inside the disk image
DATA_OFFSET = (1 + 40 + 48) << 20  # the LUKS data volume inside it (image/build-disk)
LOCK = multiprocessing.get_context("fork").Lock()  # one test's lines at a time
STATE = {}  # the signed and enrolled machine, made once per run and machine
CODE = r"TOTP: (\d{6})\n"
URI = r"otpauth://totp/[^\s]*[?&]secret=([A-Z2-7]+)[^\s]*\n"


def board_get(board, key):
    with open(os.path.join(ROOT, "boards", board, "board.conf")) as f:
        for line in f:
            k, sep, v = line.strip().partition("=")
            if sep and k.strip() == key and not k.startswith("#"):
                return v.strip()
    return None


class Kind:
    """One emulated machine: its firmware, board profile and flash image.
    The coreboot machine's pieces come from tests/e2e/run (environment)."""

    def __init__(self, name, board, rom, initramfs, skip=None, by_default=True):
        self.name = name
        self.by_default = by_default  # runs the tests not marked for machines
        self.initramfs = initramfs
        self.board = board
        self.firmware = board_get(board, "firmware")
        self.rom = rom
        self.skip = skip  # why this machine's tests cannot run, or None
        self.totp_pcrs = board_get(board, "totp_pcrs")
        self.cmdline = board_get(board, "cmdline")
        self.tpm = board_get(board, "tpm") or "2.0"


COREBOOT_ROM = os.environ.get("HEADS_E2E_COREBOOT_ROM") or None
KINDS = {
    "coreboot": Kind("coreboot", "qemu-q35", COREBOOT_ROM, os.environ.get("HEADS_E2E_COREBOOT_INITRAMFS"),
                     None if COREBOOT_ROM else os.environ.get("HEADS_E2E_NO_COREBOOT", "no coreboot tree")),
    "ovmf": Kind("ovmf", "qemu-ovmf", os.path.join(IMAGE, "heads.rom"),
                 os.path.join(IMAGE, "initramfs.cpio.xz")),
    "coreboot-tpm12": Kind("coreboot-tpm12", "qemu-q35-tpm12", os.environ.get("HEADS_E2E_TPM12_ROM") or None,
                           None, None if os.environ.get("HEADS_E2E_TPM12_ROM")
                           else os.environ.get("HEADS_E2E_NO_TPM12", os.environ.get("HEADS_E2E_NO_COREBOOT",
                                                                               "no coreboot tree")),
                           by_default=False),
}


def image_tool(name, *args):
    """Runs an image/ script; returns its last line of output."""
    out = subprocess.run([os.path.join(ROOT, "image", name), *args], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    lines = out.strip().splitlines()
    return lines[-1] if lines else ""


def cbfstool(kind):
    """coreboot's own cbfstool for its ROM (Debian's is older), Debian's for
    the UEFI machine's plain CBFS image."""
    return os.environ.get("HEADS_E2E_CBFSTOOL", "cbfstool") if kind.firmware == "coreboot" else "cbfstool"


class Fail(Exception):
    pass


def check(cond, message):
    if not cond:
        raise Fail(message)


def kernel_release():
    dep = subprocess.run(["dpkg-query", "-W", "-f=${Depends}", "linux-image-amd64"],
                         capture_output=True, text=True, check=True).stdout
    return dep.split()[0][len("linux-image-"):]


def machines(*names):
    """Marks a test as meaningful on these machines only."""
    def mark(fn):
        fn.machines = names
        return fn
    return mark


def also_tpm12(fn):
    """Marks a test as run on the TPM 1.2 machine too, besides the machines
    that run every test."""
    fn.machines = tuple(k for k in KINDS if KINDS[k].by_default) + ("coreboot-tpm12",)
    return fn


# --- steps a person takes ----------------------------------------------------

def to_first_prompt(m):
    m.expect(r"Heads \S+ /init", BOOT_TIMEOUT)
    return m.expect(r"Enrol one now\? \[Y/n\] |Choice: ", 60).group(0)


def enrol_at_first_boot(m):
    """Answers the first boot's offer; returns the secret from the URI."""
    check(to_first_prompt(m).startswith(b"Enrol"), "the first boot did not offer TOTP enrolment")
    m.type("y")
    uri = m.expect(r"otpauth://totp/[^\s]*[?&]secret=([A-Z2-7]+)[^\s]*\n", 60)
    m.expect(r"Press Enter")
    m.type("")
    m.expect("Choice: ")
    return uri.group(1).decode()


def power_off(m):
    m.type("p")
    m.expect("Powering off")
    m.wait_off()


def oathtool(secret, t):
    return subprocess.run(["oathtool", "--totp", "-b", "-N", "@%d" % t, secret],
                          capture_output=True, text=True, check=True).stdout.strip()


def expect_refused(m, changed=None):
    """The TOTP code is refused; on a TPM 1.2 the refusal names the PCRs
    (changed) that differ from the enrolment snapshot."""
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    text = m.out.decode(errors="replace")
    check("TOTP: REFUSED" in text, "the TOTP code was not refused")
    check("differs from the one at enrolment" in text, "no explanation of the refusal")
    check(not re.search(CODE, text), "a TOTP code was shown despite the changed state")
    if changed:
        check("Changed since enrolment: PCR %s." % changed in text,
              "the refusal does not name PCR %s:\n%s" % (changed, text[-1500:]))



# --- the owner's first boot, and tampering ------------------------------------

def owner_passphrase(m, owner):
    """On a TPM owned with a reset, /init asks its owner passphrase first."""
    if owner:
        m.expect("TPM owner passphrase: ", 60)
        m.type(owner)


def enrol_disk_key(m, owner=None):
    m.type("k")
    owner_passphrase(m, owner)
    m.expect(r"Current LUKS passphrase (of the disk|\(the same for every volume\)): ", 60)
    m.type(SAMPLE_PASSPHRASE)
    m.expect("New disk unlock passphrase: ")
    m.type(UNLOCK)
    m.expect("Repeat it: ")
    m.type(UNLOCK)
    m.expect("Disk unlock key enrolled", 120)
    m.expect("Choice: ")


def sign_boot(m, owner=None):
    m.type("s")
    m.expect("No default boot entry will be signed", 60)
    m.expect(r"Sign /boot with this default\? \[Y/n\] ")
    m.type("y")
    owner_passphrase(m, owner)
    m.expect(r"Signed \d+ files in /boot", 120)
    m.expect("Signing key unmounted")
    m.expect("/boot verified")
    m.expect("Choice: ")


def new_machine(work, kind, **kw):
    return Machine(work, kind.rom, firmware=kind.firmware, tpm=kind.tpm, **kw)


def signed_state(work, kind, cpus=None):
    """The owner's first boot, done once per run, machine and CPU count
    (the firmware measures the processors): TOTP enrolled, disk key
    enrolled, /boot signed; the machine (TPM, variables, disk) is saved."""
    tag = kind.name if cpus is None else "%s-%d-cpus" % (kind.name, cpus)
    return saved_first_boot(work, kind, tag, disk=DISK, cpus=cpus)


def saved_first_boot(work, kind, tag, **machine):
    """The owner's first boot of a machine (new_machine's machine options)
    once per run under tag: TOTP enrolled, disk key enrolled, /boot
    signed; the machine (TPM, variables, disk) saved. Returns where."""
    if ("dir", tag) not in STATE:
        first = os.path.join(work, "first-boot-" + tag)
        os.makedirs(first)
        m = new_machine(first, kind, key=KEY, **machine)
        m.boot()
        STATE[("secret", tag)] = enrol_at_first_boot(m)
        enrol_disk_key(m)
        sign_boot(m)
        power_off(m)
        STATE[("dir", tag)] = os.path.join(BUILD, "e2e", "signed-state-" + tag)
        subprocess.run(["rm", "-rf", STATE[("dir", tag)]], check=True)
        m.save(STATE[("dir", tag)])
        m.remove()
    return STATE[("dir", tag)]


def secret_of(kind, cpus=None):
    return STATE[("secret", kind.name if cpus is None else "%s-%d-cpus" % (kind.name, cpus))]


def signed_machine(work, kind, key=False, cpus=None, extra_disk=None, first_disk=None):
    """A fresh copy of the signed and enrolled machine."""
    state = signed_state(work, kind, cpus)
    return new_machine(work, kind, state=state, key=KEY if key else None, cpus=cpus,
                       extra_disk=extra_disk, first_disk=first_disk)


def boot_fs(disk, *commands):
    """Changes /boot inside the disk image with debugfs (no mounting)."""
    for c in commands:
        subprocess.run(["debugfs", "-w", "-R", c, "%s?offset=%d" % (disk, BOOT_OFFSET)],
                       check=True, capture_output=True)


def replace_boot_file(work, disk, name, extra):
    path = os.path.join(work, "changed")
    subprocess.run(["debugfs", "-R", "dump /%s %s" % (name, path), "%s?offset=%d" % (disk, BOOT_OFFSET)],
                   check=True, capture_output=True)
    with open(path, "ab") as f:
        f.write(extra)
    boot_fs(disk, "rm /" + name, "write %s /%s" % (path, name))


def resign_as_mallory(work, disk, algo):
    """Mallory makes a key (algo) and signs the machine's /boot manifest
    with it, replacing the owner's signature; returns Mallory's GnuPG home."""
    home = os.path.join(work, "mallory")
    os.makedirs(home, mode=0o700)
    gpg = ["gpg", "--homedir", home, "--batch", "--quiet", "--passphrase", ""]
    subprocess.run(gpg + ["--quick-gen-key", "Mallory <m@example.org>", algo, "sign", "never"],
                   check=True, capture_output=True)
    manifest = os.path.join(work, "manifest")
    sig = os.path.join(work, "manifest.sig")
    subprocess.run(["debugfs", "-R", "dump /heads/manifest " + manifest,
                    "%s?offset=%d" % (disk, BOOT_OFFSET)], check=True, capture_output=True)
    subprocess.run(gpg + ["--armor", "--detach-sign", "-o", sig, manifest], check=True)
    subprocess.run(["gpgconf", "--homedir", home, "--kill", "gpg-agent"])
    boot_fs(disk, "rm /heads/manifest.sig", "write %s /heads/manifest.sig" % sig)
    return home


def expect_boot_refused(m, *messages):
    """Default boot from the menu is refused before any passphrase."""
    m.type("d")
    m.expect("Refusing to boot: no secret was released", 60)
    text = m.out.decode(errors="replace")
    for msg in messages:
        check(msg in text, "the console does not say %r" % msg)
    check("Disk unlock passphrase" not in text, "a disk passphrase was asked despite the refusal")
    m.expect("Choice: ")
    power_off(m)


def expect_os_asks_passphrase(m):
    """The OS, booted without a key, asks for its own LUKS passphrase."""
    m.expect("Enter passphrase for", 120)
    check(b"with the disk key" not in m.out, "the disk key was injected")
    m.type(SAMPLE_PASSPHRASE)
    m.expect("HEADS-SAMPLE-OS: root opened with passphrase")
    m.wait_off()


def coreboot_kernel():
    return image_tool("build-kernel", "qemu-q35")


def rom_with_payload(kind, work, initramfs, base=None):
    """A flash image like the machine's (or base), with this payload
    initramfs."""
    rom = os.path.join(work, "changed.rom")
    if kind.firmware == "coreboot":
        # What an attacker with a flash programmer does: the payload in
        # the ROM replaced, coreboot left as it is.
        subprocess.run(["cp", base or kind.rom, rom], check=True)
        tool = cbfstool(kind)
        subprocess.run([tool, rom, "remove", "-n", "fallback/payload"], check=True, capture_output=True)
        subprocess.run([tool, rom, "add-payload", "-f", coreboot_kernel(), "-I", initramfs,
                        "-C", kind.cmdline, "-n", "fallback/payload", "-c", "none"],
                       check=True, capture_output=True)
    else:
        image_tool("build-rom", rom, "--kernel", "/boot/vmlinuz-" + kernel_release(),
                   "--initramfs", initramfs, "--cmdline", kind.cmdline, "--owner", OWNER)
    return rom


def changed_payload(kind, work):
    initramfs = os.path.join(work, "initramfs.cpio.xz")
    extra = os.path.join(work, "extra")
    with open(extra, "w") as f:
        f.write("an extra file in the payload\n")
    image_tool("build-payload", os.path.join(BUILD, "heads"), initramfs, "--board", kind.board,
               "--extra", extra + ":etc/extra")
    return initramfs


def rom_with_owner_file(kind, work, name, content):
    """A copy of the machine's flash image with one owner file replaced, as
    cbfstool (or flashrom and an editor) would do it."""
    rom = os.path.join(work, "owner-changed.rom")
    path = os.path.join(work, "owner-file")
    subprocess.run(["cp", kind.rom, rom], check=True)
    with open(path, "wb") as f:
        f.write(content)
    tool = cbfstool(kind)
    subprocess.run([tool, rom, "remove", "-n", "heads/initrd/" + name], check=True, capture_output=True)
    subprocess.run([tool, rom, "add", "-f", path, "-n", "heads/initrd/" + name, "-t", "raw"],
                   check=True, capture_output=True)
    return rom


# --- the tests -----------------------------------------------------------------

def test_unsigned_boot_is_refused(work, kind):
    m = new_machine(work, kind, disk=DISK)
    m.boot()
    check(to_first_prompt(m).startswith(b"Enrol"), "no enrolment offered on a fresh TPM")
    m.type("n")
    m.expect("Choice: ")
    for item in ("d) Default boot", "r) Refresh TOTP", "b) Boot menu", "s) Update checksums and sign /boot",
                 "t) Enrol a new TOTP secret", "k) Enrol the disk unlock key",
                 "a) Attest (show a quote as QR codes)", "x) Exit to recovery shell", "p) Power off"):
        check(item.encode() in m.out, "menu item missing: " + item)
    expect_boot_refused(m, "/boot is NOT SIGNED")


def expect_menu_with_code(m, secret, which):
    """The boot named by which reaches the menu showing a TOTP code equal
    to oathtool's for secret, with /boot verified."""
    check(to_first_prompt(m) == b"Choice: ", "%s did not go to the menu" % which)
    now = int(time.time())
    shown = re.findall(CODE.encode(), m.out)
    check(shown, "no TOTP code shown at %s: %s" % (which, m.out.decode(errors="replace")[-1500:]))
    code = shown[-1].decode()
    check(code in {oathtool(secret, now + d) for d in (-60, -30, 0, 30)},
          "code %s at %s is not oathtool's for the enrolled secret" % (code, which))
    check(b"/boot verified." in m.out, "/boot was not verified at " + which)


@also_tpm12
def test_happy_path(work, kind):
    """Second boot of the signed machine: code equal to oathtool's, /boot
    verified, disk key unsealed and injected, the OS opens its root."""
    m = signed_machine(work, kind)
    secret = secret_of(kind)
    m.boot()
    expect_menu_with_code(m, secret, "the second boot")
    m.type("d")
    m.expect("Disk unlock passphrase")
    m.type(UNLOCK)
    m.expect(r"Booting .* with the disk key \(([\d.]+) s since the kernel started, ([\d.]+) s in /init; (\d+) TPM commands\)", 60)
    m.expect("HEADS-SAMPLE-OS: root verified by dm-verity against the signed root hash", 120)
    m.expect("HEADS-SAMPLE-OS: sample root file system")
    m.expect("HEADS-SAMPLE-OS: root opened with key-file")
    m.expect("HEADS-SAMPLE-OS: sample data volume")
    m.expect("HEADS-SAMPLE-OS: data volume opened with key-file")
    check(b"Enter passphrase for" not in m.out, "the OS asked for a passphrase despite the key")
    m.wait_off()


def data_volume_keyslot_area(work, disk):
    """Where the data volume's last keyslot area (the disk key's, enrolled
    after the passphrase's) starts inside the disk."""
    part = os.path.join(work, "data-header.img")
    subprocess.run(["dd", "if=" + disk, "of=" + part, "bs=1M", "skip=%d" % (DATA_OFFSET >> 20),
                    "count=16", "status=none"], check=True)
    dump = subprocess.run(["cryptsetup", "luksDump", "--dump-json-metadata", part],
                          capture_output=True, text=True, check=True).stdout
    slots = json.loads(dump)["keyslots"]
    check(len(slots) == 2, "the data volume has no keyslot for the disk key")
    return DATA_OFFSET + int(slots[max(slots, key=int)]["area"]["offset"])


def test_changed_data_volume_header_refuses_key(work, kind):
    """The second LUKS volume's header is measured into PCR 6 as well: a
    change in it (a keyslot rewritten) keeps the disk key sealed, named as
    a LUKS header change, and the OS gets no key."""
    m = signed_machine(work, kind)
    at = data_volume_keyslot_area(work, m.disk)
    with open(m.disk, "r+b") as f:
        f.seek(at + 100)
        b = f.read(1)
        f.seek(at + 100)
        f.write(bytes([b[0] ^ 0xff]))
    m.boot()
    to_first_prompt(m)
    m.type("d")
    m.expect("Disk unlock passphrase")
    m.type(UNLOCK)
    m.expect("The TPM refused to release the disk key", 60)
    m.expect(r"PCR 6 \(LUKS header\)")
    m.expect("Booting WITHOUT the disk key", 60)
    check(b"with the disk key" not in m.out, "the disk key was injected")
    m.expect("Enter passphrase for", 120)
    m.type(SAMPLE_PASSPHRASE)
    m.expect("HEADS-SAMPLE-OS: root opened with passphrase")
    m.expect("HEADS-SAMPLE-OS: data volume opened with passphrase")
    m.wait_off()


@also_tpm12
def test_changed_kernel_is_refused(work, kind):
    m = signed_machine(work, kind)
    replace_boot_file(work, m.disk, "vmlinuz-" + kernel_release(), b"evil")
    m.boot()
    to_first_prompt(m)
    expect_boot_refused(m, "changed: /boot/vmlinuz-" + kernel_release(), "/boot CHANGED since it was signed")


def test_changed_initrd_is_refused(work, kind):
    m = signed_machine(work, kind)
    replace_boot_file(work, m.disk, "initrd.img-" + kernel_release(), b"\0" * 512)
    m.boot()
    to_first_prompt(m)
    expect_boot_refused(m, "changed: /boot/initrd.img-" + kernel_release(), "/boot CHANGED since it was signed")


def test_added_file_is_refused(work, kind):
    m = signed_machine(work, kind)
    extra = os.path.join(work, "extra")
    with open(extra, "w") as f:
        f.write("not signed\n")
    boot_fs(m.disk, "write %s /grub/extra.cfg" % extra)
    m.boot()
    to_first_prompt(m)
    expect_boot_refused(m, "added: /boot/grub/extra.cfg", "/boot CHANGED since it was signed")


def test_manifest_signed_by_another_key_is_refused(work, kind):
    m = signed_machine(work, kind)
    resign_as_mallory(work, m.disk, "ed25519")
    m.boot()
    to_first_prompt(m)
    expect_boot_refused(m, "/boot is NOT SIGNED by a key in the firmware's keyring")


@also_tpm12
def test_rollback_is_refused(work, kind):
    """The owner signs again; the earlier signed /boot is then put back."""
    m = signed_machine(work, kind, key=True)
    old = os.path.join(work, "old-disk.img")
    subprocess.run(["cp", "--sparse=always", m.disk, old], check=True)
    m.boot()
    to_first_prompt(m)
    m.type("s")
    m.expect(r"Sign it again anyway\? \[y/N\] ")
    m.type("y")
    m.expect(r"rollback counter is now \d+", 120)
    m.expect("Choice: ")
    power_off(m)
    subprocess.run(["cp", "--sparse=always", old, m.disk], check=True)
    m.boot()
    to_first_prompt(m)
    expect_boot_refused(m, "ROLLBACK")


@also_tpm12
def test_wrong_passphrase_three_times_boots_without_key(work, kind):
    """At most three tries; fewer when one more failure would lock the TPM
    out (swtpm's default allows three failures in all)."""
    m = signed_machine(work, kind)
    m.boot()
    to_first_prompt(m)
    m.type("d")
    tries = 0
    while m.expect(r"Disk unlock passphrase \(|Booting WITHOUT the disk key", 60).group(0) != \
            b"Booting WITHOUT the disk key":
        tries += 1
        check(tries <= 3, "more than three passphrase tries")
        m.type("not the passphrase")
        m.expect("Wrong passphrase")
    check(tries >= 2, "only %d passphrase tries" % tries)
    check(tries == 3 or b"not trying, so it does not lock" in m.out,
          "fewer than three tries without a lockout warning")
    expect_os_asks_passphrase(m)


@also_tpm12
def test_changed_payload_refuses_totp(work, kind):
    """The payload (kernel + initramfs) in the flash changed: on coreboot
    PCR 2, on UEFI PCR 9 differs; the TOTP and the disk key are refused."""
    rom = rom_with_payload(kind, work, changed_payload(kind, work))
    m = signed_machine(work, kind)
    m.boot(rom=rom)
    expect_refused(m, "2" if kind.tpm == "1.2" else None)
    expect_boot_after_refusal(m)


@also_tpm12
def test_changed_owner_file_refuses_totp(work, kind):
    with open(os.path.join(OWNER, "etc", "config.user"), "rb") as f:
        config = f.read() + b"CONFIG_CHANGED=y\n"
    rom = rom_with_owner_file(kind, work, "etc/config.user", config)
    m = signed_machine(work, kind)
    m.boot(rom=rom)
    expect_refused(m, "7" if kind.tpm == "1.2" else None)
    expect_boot_after_refusal(m)


def expect_boot_after_refusal(m):
    """With the measured state changed, the disk key does not unseal
    either: the TPM refuses it, and the OS asks for its passphrase."""
    m.type("d")
    m.expect("Disk unlock passphrase")
    m.type(UNLOCK)
    m.expect("The TPM refused to release the disk key")
    m.expect("Booting WITHOUT the disk key")
    expect_os_asks_passphrase(m)


@also_tpm12
def test_recovery_shell_caps_pcr4(work, kind):
    m = signed_machine(work, kind)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    check(re.search(CODE.encode(), m.out), "no code shown before the shell")
    m.type("x")
    m.expect("no secret unseals until the next boot")
    m.expect("heads-recovery# ")
    m.type("heads totp show; echo \"show-exit=$?\"")
    m.expect(r"show-exit=3\n")
    m.expect("heads-recovery# ")
    m.type("echo -n '%s' >/run/p; heads disk unseal /dev/vda2 /dev/vda3 --out /run/k "
           "--passphrase-file /run/p; echo \"unseal-exit=$?\"; ls /run/k" % UNLOCK)
    m.expect(r"unseal-exit=3\n")
    m.expect("No such file")
    m.expect("heads-recovery# ")
    m.type("exit")
    m.expect("Choice: ")
    check(b"TOTP: REFUSED" in m.out[m.pos - 2000:], "the menu still shows a code after the shell")
    m.type("d")
    m.expect("will not release the\ndisk key")
    m.expect("Booting WITHOUT the disk key")
    expect_os_asks_passphrase(m)


def test_enrol_after_cap_gives_the_clean_boot_code(work, kind):
    """In the recovery shell PCR 4 is capped; a TOTP secret enrolled there
    is sealed to the clean-boot values that `heads tpm predict` computes
    from the event logs. The next, clean boot shows that secret's code:
    the prediction equals the PCR values of a real clean boot."""
    m = signed_machine(work, kind)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    m.type("x")
    m.expect("heads-recovery# ")
    m.type("heads tpm predict --pcrs %s --without-caps >/run/predicted; echo \"predict-exit=$?\"" % kind.totp_pcrs)
    m.expect(r"predict-exit=0\n")
    m.expect("heads-recovery# ")
    m.type("heads totp enroll --no-qr --pcrs %s; echo \"enroll-exit=$?\"" % kind.totp_pcrs)
    uri = m.expect(r"otpauth://totp/[^\s]*[?&]secret=([A-Z2-7]+)[^\s]*\n", 60)
    m.expect(r"enroll-exit=0\n")
    secret = uri.group(1).decode()
    m.expect("heads-recovery# ")
    m.type("heads totp show; echo \"show-exit=$?\"")
    m.expect(r"show-exit=3\n")
    m.expect("heads-recovery# ")
    m.type("exit")
    m.expect("Choice: ")
    power_off(m)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "the clean boot did not go to the menu")
    now = int(time.time())
    shown = re.findall(CODE.encode(), m.out)
    check(shown, "no TOTP code on the clean boot: the prediction was wrong")
    check(shown[-1].decode() in {oathtool(secret, now + d) for d in (-60, -30, 0, 30)},
          "the clean boot's code is not the one enrolled from the recovery shell")
    power_off(m)


@machines("ovmf")
def test_replaced_tpm_gets_no_secret_without_a_yes(work, kind):
    """The TPM is replaced (a new one, with a new primary key): the key
    pinned by the first enrolment and signed into /boot no longer matches.
    Both fingerprints are shown; the question defaults to no and nothing is
    sent; a yes enrols the secret to the new key."""
    m = signed_machine(work, kind)
    shutil.rmtree(os.path.join(m.dir, "tpm"))
    m.boot()
    m.expect(r"Heads \S+ /init", BOOT_TIMEOUT)
    m.expect("The TPM was reset or tampered with", 60)
    m.expect(r"Enrol a new TOTP secret anyway\? \[y/N\] ")
    m.type("y")
    m.expect("The TPM presents a primary key other than the pinned one", 60)
    pinned = m.expect(r"pinned \(/boot/heads/primary-key\): (sha256:[0-9a-f]{64})\r?\n").group(1)
    presented = m.expect(r"presented: (sha256:[0-9a-f]{64})\r?\n").group(1)
    check(pinned != presented, "the same fingerprint shown twice")
    m.expect(r"Send the secret to the presented key and pin it\? \[y/N\] ")
    m.type("")
    m.expect("Nothing was sent to the TPM")
    m.expect("Choice: ")
    check(b"otpauth://" not in m.out, "a secret was shown without a yes")
    m.type("t")
    m.expect(r"Replace the TOTP secret\? .*\[y/N\] ", 60)
    m.type("y")
    m.expect(r"Send the secret to the presented key and pin it\? \[y/N\] ", 60)
    m.type("y")
    m.expect(r"otpauth://totp/[^\s]*[?&]secret=[A-Z2-7]+", 60)
    m.expect("Press Enter")
    m.type("")
    m.expect("TOTP secret enrolled", 60)
    m.expect("Choice: ")
    power_off(m)


def sample_os_files(work):
    kver = kernel_release()
    boot = os.path.join(work, "boot.img")
    subprocess.run(["dd", "if=" + DISK, "of=" + boot, "bs=1M", "skip=1", "count=40",
                    "status=none"], check=True)
    files = {}
    for name in ("vmlinuz", "initrd.img"):
        files[name] = os.path.join(work, name)
        subprocess.run(["debugfs", "-R", "dump /%s-%s %s" % (name, kver, files[name]), boot],
                       check=True, capture_output=True)
    grub = subprocess.run(["debugfs", "-R", "cat /grub/grub.cfg", boot],
                          check=True, capture_output=True, text=True).stdout
    # The signed entry's dm-verity words: the OS mounts its root only so.
    words = re.search(r"roothash=\S+ systemd\.verity_root_options=\S+", grub)
    check(words, "the sample OS's entry has no root hash")
    files["verity"] = words.group(0)
    return files


ROOT_OFFSET = (1 + 40) << 20  # the LUKS root volume inside the disk image
ROOT_DATA = 8 << 20  # its data segment (encrypting in place put it there)


def change_root_fs(disk, block):
    """One byte of the root file system's block changed underneath the
    encryption, as anything writing to the disk would change it."""
    with open(disk, "r+b") as f:
        at = ROOT_OFFSET + ROOT_DATA + block * 4096 + 1234
        f.seek(at)
        b = f.read(1)
        f.seek(at)
        f.write(bytes([b[0] ^ 0x5a]))


def test_os_refuses_changed_root_fs(work, kind):
    """A root file system changed on the disk (one byte, as malware
    persisting itself would change it): the disk key still opens the
    volume, but the OS checks it against the signed root hash and refuses
    to mount it, saying so."""
    m = signed_machine(work, kind)
    change_root_fs(m.disk, 300)
    m.boot()
    to_first_prompt(m)
    m.type("d")
    m.expect("Disk unlock passphrase")
    m.type(UNLOCK)
    m.expect(r"Booting .* with the disk key", 60)
    m.expect("HEADS-SAMPLE-OS: root REFUSED: it does not match the signed root hash", 120)
    m.wait_off()
    check(b"HEADS-SAMPLE-OS: sample root file system" not in m.out, "the OS used the changed root")
    check(b"root verified by dm-verity" not in m.out, "the changed root passed dm-verity")


def test_verity_check_in_payload_names_changed_block(work, kind):
    """Before booting, the owner checks the root in the recovery shell
    against the root hash of the signed entry: the unchanged root matches,
    the changed block is named."""
    m = signed_machine(work, kind)
    f = sample_os_files(work)
    offset = re.search(r"hash-offset=(\d+)", f["verity"]).group(1)
    change_root_fs(m.disk, 300)
    m.boot()
    to_first_prompt(m)
    m.type("x")
    m.expect("heads-recovery# ")
    m.type("echo -n '%s' >/run/p; heads verity check /dev/vda2 --luks-key-file /run/p "
           "--hash-offset %s --entry 0 /boot --keyring /.gnupg/pubring.kbx; "
           "echo \"check-exit=$?\"" % (SAMPLE_PASSPHRASE, offset))
    m.expect(r"check-exit=(\d+)\n", 120)
    text = m.out.decode(errors="replace")
    check("Root hash from entry 0" in text, "the root hash was not taken from the signed entry")
    check(re.search(r"/dev/vda2 differs from the root hash: data block 300 \(byte offset 1228800", text),
          "the changed block was not named")
    check(text.count("check-exit=4") == 1, "verity check did not exit 4")
    m.expect("heads-recovery# ")
    m.type("poweroff -f")
    m.wait_off()


@machines("ovmf")
def test_sample_os_asks_passphrase(work, kind):
    f = sample_os_files(work)
    m = Machine(work, None, DISK)
    m.boot(kernel=f["vmlinuz"], initrd=f["initrd.img"], append="console=ttyS0 quiet " + f["verity"])
    m.expect("Enter passphrase for", BOOT_TIMEOUT)
    m.type(SAMPLE_PASSPHRASE)
    m.expect("HEADS-SAMPLE-OS: sample root file system")
    m.expect("HEADS-SAMPLE-OS: root opened with passphrase")
    # One passphrase, asked once, opens the data volume too.
    m.expect("HEADS-SAMPLE-OS: sample data volume")
    m.expect("HEADS-SAMPLE-OS: data volume opened with passphrase")
    check(m.out.count(b"Enter passphrase for") == 1, "the passphrase was asked more than once")
    m.wait_off()


@machines("ovmf")
def test_sample_os_opens_root_with_injected_key(work, kind):
    """The firmware's key injection: a cpio with /secret.key and a crypttab
    naming it, appended to the OS initrd."""
    f = sample_os_files(work)
    stage = os.path.join(work, "inject")
    os.makedirs(os.path.join(stage, "etc"))
    with open(os.path.join(stage, "secret.key"), "w") as k:
        k.write(SAMPLE_PASSPHRASE)
    with open(os.path.join(stage, "etc", "crypttab"), "w") as c:
        c.write("root UUID=5a3e1b2c-7d4f-4e8a-9b6c-0d1e2f3a4b5c /secret.key luks\n")
    cpio = subprocess.run("find . -mindepth 1 | sort | cpio -o -H newc -R 0:0 --quiet",
                          shell=True, cwd=stage, capture_output=True, check=True).stdout
    initrd = os.path.join(work, "initrd-with-key")
    with open(f["initrd.img"], "rb") as src, open(initrd, "wb") as dst:
        data = src.read()
        dst.write(data + b"\0" * (-len(data) % 512) + cpio)
    m = Machine(work, None, DISK)
    m.boot(kernel=f["vmlinuz"], initrd=initrd, append="console=ttyS0 quiet " + f["verity"])
    m.expect("HEADS-SAMPLE-OS: root opened with key-file", BOOT_TIMEOUT)
    check(b"Enter passphrase" not in m.out, "the OS asked for a passphrase despite the key")
    m.wait_off()


@machines("ovmf")
def test_payload_build_is_reproducible(work, kind):
    """A second build of the payload, at a later time and to another path,
    gives the bytes of the one these tests boot."""
    out = os.path.join(work, "initramfs.cpio.xz")
    image_tool("build-payload", os.path.join(BUILD, "heads"), out)
    with open(out, "rb") as a, open(kind.initramfs, "rb") as b:
        check(a.read() == b.read(), "a second build of the payload differs from the first")


def cbfs_file_extent(kind, rom, name):
    """(start, end) of a CBFS file's header and data in the flash image."""
    tool = cbfstool(kind)
    layout = subprocess.run([tool, rom, "layout", "-w"], check=True, capture_output=True,
                            text=True).stdout
    region = int(re.search(r"'COREBOOT' \(CBFS, size \d+, offset (\d+)\)", layout).group(1))
    listing = subprocess.run([tool, rom, "print"], check=True, capture_output=True, text=True).stdout
    for line in listing.splitlines():
        f = re.match(r"(\S+)\s+(0x[0-9a-f]+)\s+\S.*?\s(\d+)\s", line)  # a type may be two words
        if f and f.group(1) == name:
            return region + int(f.group(2), 16), region + int(f.group(2), 16) + 1024 + int(f.group(3))
    raise Fail("no %s in the flash image" % name)


def changed_stage_rom(kind, work):
    """A copy of the machine's flash with one byte of coreboot's romstage
    changed in place (a letter of its start-up banner), as an attacker with
    a flash programmer would do it: the stage still runs, the payload is
    the same."""
    rom = os.path.join(work, "stage-changed.rom")
    subprocess.run(["cp", kind.rom, rom], check=True)
    start, end = cbfs_file_extent(kind, rom, "fallback/romstage")
    with open(rom, "r+b") as f:
        f.seek(start)
        at = f.read(end - start).find(b"romstage starting")
        check(at >= 0, "no start-up banner in coreboot's romstage")
        f.seek(start + at + len("romstage "))
        f.write(b"S")
    return rom


@machines("coreboot")
def test_changed_coreboot_stage_refuses_totp(work, kind):
    """coreboot's romstage changed in the flash, the payload the same:
    PCR 2 differs, the TOTP and the disk key are refused."""
    rom = changed_stage_rom(kind, work)
    m = signed_machine(work, kind)
    m.boot(rom=rom)
    expect_refused(m)
    expect_boot_after_refusal(m)


def stranger_stick(work, disk):
    """A small disk holding a CBFS with Mallory's keyring (as heads/initrd/
    owner files), and the machine's /boot manifest signed by Mallory."""
    home = resign_as_mallory(work, disk, "rsa3072")
    stick = os.path.join(work, "stick.img")
    subprocess.run(["cbfstool", stick, "create", "-m", "x86", "-s", "4M"], check=True, capture_output=True)
    subprocess.run(["cbfstool", stick, "add", "-f", os.path.join(home, "pubring.kbx"),
                    "-n", "heads/initrd/.gnupg/pubring.kbx", "-t", "raw"], check=True, capture_output=True)
    return stick


@machines("coreboot")
def test_flash_written_by_the_payload_survives_power_cycle(work, kind):
    """The payload reads its flash chip through the kernel's flash driver
    (`heads flash read` equals the ROM file byte for byte) and writes an
    owner file into it (`heads flash set-owner-file`): the chip then holds
    what cbfstool would have made of the ROM, and after a power cycle the
    firmware runs it: the new file is listed and installed, and measured
    into PCR 7, so the TOTP is refused as for any changed owner file."""
    with open(kind.rom, "rb") as f:
        want = hashlib.sha256(f.read()).hexdigest()
    m = signed_machine(work, kind)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    m.type("x")
    m.expect("heads-recovery# ")
    m.type("heads flash read /run/flash.rom; echo \"read-exit=$?\"; sha256sum /run/flash.rom")
    m.expect(r"read-exit=0\n")
    got = m.expect(r"([0-9a-f]{64})  /run/flash.rom").group(1).decode()
    check(got == want, "the flash read in the payload differs from the ROM file")
    m.expect("heads-recovery# ")
    m.type("cp /etc/config.user /run/c; echo CONFIG_FLASHED=y >>/run/c; "
           "heads flash set-owner-file etc/config.user /run/c; echo \"write-exit=$?\"")
    m.expect(r"write-exit=0\n", 120)
    m.expect("heads-recovery# ")
    m.type("exit")
    m.expect("Choice: ")
    power_off(m)
    # On the host: the machine's chip is the ROM as cbfstool edits it.
    with open(os.path.join(OWNER, "etc", "config.user"), "rb") as f:
        config = f.read() + b"CONFIG_FLASHED=y\n"
    edited = rom_with_owner_file(kind, work, "etc/config.user", config)
    with open(edited, "rb") as a, open(os.path.join(m.dir, "flash.rom"), "rb") as b:
        check(a.read() == b.read(), "the written flash differs from cbfstool's edit of the ROM")
    m.boot(keep_flash=True)
    expect_refused(m)
    m.type("x")
    m.expect("heads-recovery# ")
    m.type("grep -c CONFIG_FLASHED=y /etc/config.user; heads flash list | grep config.user")
    m.expect(r"\n1\r?\n")
    m.expect(r"heads/initrd/etc/config.user\s+raw\s+%d " % len(config))
    m.expect("heads-recovery# ")
    m.type("exit")
    m.expect("Choice: ")
    power_off(m)


NEW_OWNER = "new owner passphrase"
NEW_KEY = "new signing key passphrase"
NEW_UNLOCK = "new unlock passphrase"


def factory_reset_from_menu(m):
    """The menu's factory reset, every passphrase typed; returns the new
    key's fingerprint and the new TOTP secret. The machine reboots (here:
    stops, as QEMU runs with -no-reboot)."""
    m.type("F")
    m.expect(r"Factory reset this machine\? \[y/N\] ", 30)
    m.type("y")
    for prompt, answer in (("New TPM owner passphrase: ", NEW_OWNER), ("Repeat it: ", NEW_OWNER),
                           ("Passphrase of the new signing key: ", NEW_KEY), ("Repeat it: ", NEW_KEY),
                           ("Current LUKS passphrase of the disk: ", SAMPLE_PASSPHRASE),
                           ("New disk unlock passphrase: ", NEW_UNLOCK), ("Repeat it: ", NEW_UNLOCK)):
        m.expect(prompt, 60)
        m.type(answer)
    fpr = m.expect(r"new signing key ([0-9A-F]{40}), written into the boot flash", 600).group(1)
    secret = m.expect(URI, 60).group(1).decode()
    m.expect("Press Enter once your phone shows the code, to reboot.", 30)
    m.type("")
    m.wait_off(60)
    return fpr.decode(), secret


def resign_as_old_owner(work, disk):
    """The previous owner (the demo owner whose key the machine was signed
    with) signs the current manifest again, replacing the new signature."""
    home = os.path.join(work, "old-owner")
    shutil.copytree(os.path.join(IMAGE, "owner-gnupg"), home,
                    ignore=shutil.ignore_patterns("S.*", "*.lock"))
    os.chmod(home, 0o700)
    manifest, sig = os.path.join(work, "manifest"), os.path.join(work, "manifest.sig")
    subprocess.run(["debugfs", "-R", "dump /heads/manifest " + manifest,
                    "%s?offset=%d" % (disk, BOOT_OFFSET)], check=True, capture_output=True)
    subprocess.run(["gpg", "--homedir", home, "--batch", "--quiet", "--passphrase", "", "--armor",
                    "--detach-sign", "-o", sig, manifest], check=True)
    subprocess.run(["gpgconf", "--homedir", home, "--kill", "gpg-agent"])
    boot_fs(disk, "rm /heads/manifest.sig", "write %s /heads/manifest.sig" % sig)


def expect_good_boot(m, after, secret, passphrase):
    """The boot after a change to the firmware (its name in after) as its
    owner sees it: the menu with a TOTP code equal to oathtool's for
    secret, /boot verified, and the disk key (unsealed with passphrase)
    opening the OS's root."""
    expect_menu_with_code(m, secret, "the boot after " + after)
    m.type("d")
    m.expect("Disk unlock passphrase")
    m.type(passphrase)
    m.expect(r"Booting .* with the disk key", 120)
    m.expect("HEADS-SAMPLE-OS: root opened with key-file", 120)
    m.wait_off()


@machines("coreboot")
def test_factory_reset_from_the_menu(work, kind):
    """A used machine (TOTP, disk key, /boot signed by its owner) is reset
    from the menu: the next boot (from the flash the payload wrote) shows a
    TOTP code equal to oathtool's for the new secret, verifies /boot with
    the new key and unseals the disk key with the new passphrase; the old
    owner's signature is then refused."""
    m = signed_machine(work, kind, key=True)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    fpr, secret = factory_reset_from_menu(m)
    m.boot(keep_flash=True)
    expect_good_boot(m, "the reset", secret, NEW_UNLOCK)
    rom = os.path.join(m.dir, "flash.rom")
    keyring = os.path.join(work, "keyring.gpg")
    subprocess.run([cbfstool(kind), rom, "extract", "-n", "heads/initrd/.gnupg/pubring.kbx", "-f", keyring],
                   check=True, capture_output=True)
    listed = subprocess.run(["gpg", "--with-colons", "--show-keys", keyring], capture_output=True,
                            text=True, check=True).stdout
    check(re.findall(r"^fpr:+([0-9A-F]+):", listed, re.M) == [fpr], "the flash's keyring is not the new key alone")
    resign_as_old_owner(work, m.disk)
    m.boot(keep_flash=True)
    to_first_prompt(m)
    expect_boot_refused(m, "/boot is NOT SIGNED by a key in the firmware's keyring")


def release_rom(kind, work, initramfs):
    """A newer build of the machine's firmware as a release ships it: the
    same coreboot, another payload, and no owner files (the update carries
    the running ones in)."""
    rom = rom_with_payload(kind, work, initramfs)
    tool = cbfstool(kind)
    listing = subprocess.run([tool, rom, "print"], check=True, capture_output=True, text=True).stdout
    for name in re.findall(r"^(heads/initrd/\S+)", listing, re.M):
        subprocess.run([tool, rom, "remove", "-n", name], check=True, capture_output=True)
    release = os.path.join(work, "release.rom")
    os.rename(rom, release)
    return release


def sha256_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def menu_update(m, path, sha=""):
    """The menu's firmware update of the image at path (in the payload),
    with its SHA-256 typed (empty: path.sig is checked); the disk
    passphrase typed. Returns once the update's result starts: wait for
    the menu's next "Choice: " before reading the whole of it."""
    m.type("f")
    m.expect(r"Path of the new ROM image \(e\.g\. on /boot\): ", 30)
    m.type(path)
    m.expect(r"Its SHA-256 \(64 hex digits; empty: check PATH\.sig instead\): ", 60)
    m.type(sha)
    m.expect(r"Disk unlock passphrase \(to keep the disk key\): ", 30)
    m.type(UNLOCK)
    m.expect(r"The new firmware is written|The image is refused|The update stopped", 900)


def branch_lists(disk):
    """{name: number of states} of the lists of states in /boot/heads."""
    ls = subprocess.run(["debugfs", "-R", "ls /heads", "%s?offset=%d" % (disk, BOOT_OFFSET)],
                        check=True, capture_output=True, text=True).stdout
    lists = {}
    for name in sorted(set(re.findall(r"(\S+\.branches)", ls))):
        text = subprocess.run(["debugfs", "-R", "cat /heads/" + name, "%s?offset=%d" % (disk, BOOT_OFFSET)],
                              check=True, capture_output=True, text=True).stdout
        lists[name] = len(re.findall(r"^branch$", text, re.M))
    return lists


def cbfs_data(kind, rom, name):
    """A CBFS file's data as stored (its header gives length and place)."""
    start, _ = cbfs_file_extent(kind, rom, name)
    with open(rom, "rb") as f:
        f.seek(start)
        header = f.read(24)
        check(header[:8] == b"LARCHIVE", "no CBFS header at %s in %s" % (name, rom))
        f.seek(start + int.from_bytes(header[20:24], "big"))
        return f.read(int.from_bytes(header[8:12], "big"))


@machines("coreboot")
def test_firmware_update_keeps_totp_and_disk_key(work, kind):
    """A used machine (TOTP and disk key enrolled, /boot signed) is updated
    from the menu to a release build with a newer payload (no owner files:
    the running ones are carried over), its SHA-256 typed. After a power
    cycle the flash runs the new payload; the TOTP code is oathtool's for
    the original secret, the disk key unseals and the OS opens its root;
    that good boot drops the old state (no list left: one state each), the
    old ROM booted again gets neither the TOTP code nor the disk key."""
    new = release_rom(kind, work, changed_payload(kind, work))
    m = signed_machine(work, kind)
    boot_fs(m.disk, "write %s /new.rom" % new)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    menu_update(m, "/boot/new.rom", sha256_of(new))
    # The whole result is on the console once the menu asks again.
    m.expect("Choice: ")
    check(b"The new firmware is written (with your owner files carried over)" in m.out,
          "the update did not write the image with the owner files carried over")
    power_off(m)
    lists = branch_lists(m.disk)
    boot_fs(m.disk, "rm /new.rom")
    flash = os.path.join(m.dir, "flash.rom")
    check(cbfs_data(kind, flash, "fallback/payload") == cbfs_data(kind, new, "fallback/payload"),
          "the flash does not hold the new payload")
    check(cbfs_data(kind, flash, "fallback/payload") != cbfs_data(kind, kind.rom, "fallback/payload"),
          "the new payload is the old one")
    m.boot(keep_flash=True)
    expect_good_boot(m, "the update", secret_of(kind), UNLOCK)
    for what in ("TOTP key", "disk key"):
        check(("The %s is now sealed to this firmware alone" % what).encode() in m.out,
              "the first good boot did not drop the old state of the " + what)
    dropped = branch_lists(m.disk)
    check(lists and set(lists.values()) == {2}, "the update did not seal to two states: %r" % lists)
    check(dropped == {}, "a list of states is left (one state has none): %r" % dropped)
    m.boot(rom=kind.rom)
    expect_refused(m)
    expect_boot_after_refusal(m)


def gpg_key(work, name):
    """A new signing key in its own GnuPG home; returns the gpg command."""
    home = os.path.join(work, name)
    os.makedirs(home, mode=0o700)
    gpg = ["gpg", "--homedir", home, "--batch", "--quiet", "--passphrase", ""]
    subprocess.run(gpg + ["--quick-gen-key", "%s <%s@example.org>" % (name, name), "ed25519", "sign",
                          "never"], check=True, capture_output=True)
    return gpg


def rom_with_release_keys(kind, work, gpg):
    """The machine's flash image with a release keyring (gpg's public key)
    among its owner files."""
    rom = os.path.join(work, "with-release-keys.rom")
    keys = os.path.join(work, "release-keys.gpg")
    subprocess.run(gpg + ["--export", "-o", keys], check=True)
    subprocess.run(["cp", kind.rom, rom], check=True)
    subprocess.run([cbfstool(kind), rom, "add", "-f", keys, "-n", "heads/initrd/etc/heads/release-keys.gpg",
                    "-t", "raw"], check=True, capture_output=True)
    return rom


def expect_update_refused(m, path, sha, why):
    menu_update(m, path, sha)
    m.expect("Choice: ")
    text = m.out.decode(errors="replace").rpartition("Path of the new ROM image")[2]
    check("The image is refused: " + why in text, "not refused with %r:\n%s" % (why, text[-1500:]))
    check("Nothing was written to the flash." in text, "the refusal does not say the flash is unchanged")


@machines("coreboot")
def test_firmware_update_on_an_owned_tpm(work, kind):
    """On a TPM owned with a reset (as after a factory reset), the menu's
    update asks the owner passphrase for the reseal; the first good boot
    of the new firmware asks it again to drop the previous firmware's
    state, and after that boot no list of states is left."""
    owner = "owner of this TPM"
    new = release_rom(kind, work, changed_payload(kind, work))
    m = new_machine(work, kind, disk=DISK, key=KEY)
    boot_fs(m.disk, "write %s /new.rom" % new)
    m.boot()
    check(to_first_prompt(m).startswith(b"Enrol"), "no enrolment offered on a fresh TPM")
    m.type("n")
    m.expect("Choice: ")
    reset_tpm_from_menu(m, owner)
    secret = enrol_totp_from_menu(m, owner)
    enrol_disk_key(m, owner)
    sign_boot(m, owner)
    m.type("f")
    m.expect(r"Path of the new ROM image \(e\.g\. on /boot\): ", 30)
    m.type("/boot/new.rom")
    m.expect(r"Its SHA-256 \(64 hex digits; empty: check PATH\.sig instead\): ", 60)
    m.type(sha256_of(new))
    m.expect(r"Disk unlock passphrase \(to keep the disk key\): ", 30)
    m.type(UNLOCK)
    owner_passphrase(m, owner)
    m.expect(r"The new firmware is written|The image is refused|The update stopped", 900)
    m.expect("Choice: ")
    check(b"The new firmware is written" in m.out, "the update on an owned TPM did not write the flash")
    power_off(m)
    check(set(branch_lists(m.disk).values()) == {2}, "the update did not seal to two states")
    m.boot(keep_flash=True)
    expect_menu_with_code(m, secret, "the boot after the update")
    m.type("d")
    m.expect("Disk unlock passphrase")
    m.type(UNLOCK)
    m.expect(r"TPM owner passphrase \(empty: at the next boot\): ", 120)
    m.type(owner)
    m.expect(r"Booting .* with the disk key", 120)
    m.expect("HEADS-SAMPLE-OS: root opened with key-file", 120)
    m.wait_off()
    for what in ("TOTP key", "disk key"):
        check(("The %s is now sealed to this firmware alone" % what).encode() in m.out,
              "the first good boot did not drop the old state of the " + what)
    check(branch_lists(m.disk) == {}, "a list of states is left after the good boot")


@machines("coreboot")
def test_firmware_update_refusals_write_nothing(work, kind):
    """From the menu of a machine whose flash holds a release keyring, three
    images are refused, each with its reason: one whose owner file differs
    from the running one (its SHA-256 right), a newer payload with a SHA-256
    that is not its own, and the same image signed by a key that is not a
    release key. The flash read back on the host after power off is what
    the machine booted, byte for byte, and no secret was resealed (no list
    of states on /boot)."""
    release = gpg_key(work, "release")
    running = rom_with_release_keys(kind, work, release)
    with open(os.path.join(OWNER, "etc", "config.user"), "rb") as f:
        config = f.read() + b"CONFIG_CHANGED_ELSEWHERE=y\n"
    owner_changed = os.path.join(work, "owner.rom")
    shutil.copy(running, owner_changed)
    tool = cbfstool(kind)
    path = os.path.join(work, "config.user")
    with open(path, "wb") as f:
        f.write(config)
    subprocess.run([tool, owner_changed, "remove", "-n", "heads/initrd/etc/config.user"], check=True,
                   capture_output=True)
    subprocess.run([tool, owner_changed, "add", "-f", path, "-n", "heads/initrd/etc/config.user", "-t", "raw"],
                   check=True, capture_output=True)
    newer = rom_with_payload(kind, work, changed_payload(kind, work), base=running)
    mallory = gpg_key(work, "mallory")
    sig = newer + ".sig"
    subprocess.run(mallory + ["--detach-sign", "-o", sig, newer], check=True)
    subprocess.run(mallory[:3] + ["--verify", sig, newer], check=True, capture_output=True)
    m = signed_machine(work, kind)
    flash = os.path.join(m.dir, "flash.rom")
    # /boot has room for one image at a time: two boots.
    boot_fs(m.disk, "write %s /new.rom" % newer, "write %s /new.rom.sig" % sig)
    m.boot(rom=running)
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    expect_update_refused(m, "/boot/new.rom", sha256_of(running), "its SHA-256 is not the one you typed")
    expect_update_refused(m, "/boot/new.rom", "", "its signature does not verify")
    power_off(m)
    with open(running, "rb") as a, open(flash, "rb") as b:
        check(a.read() == b.read(), "the flash changed despite the refusals")
    boot_fs(m.disk, "rm /new.rom", "rm /new.rom.sig", "write %s /owner.rom" % owner_changed)
    m.boot(keep_flash=True)
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    expect_update_refused(m, "/boot/owner.rom", sha256_of(owner_changed),
                          "its owner files are not yours: heads/initrd/etc/config.user")
    power_off(m)
    with open(running, "rb") as a, open(flash, "rb") as b:
        check(a.read() == b.read(), "the flash changed despite the refusal of the owner file")
    check(branch_lists(m.disk) == {}, "a secret was resealed: %r" % branch_lists(m.disk))


def test_keyring_on_another_disk_is_ignored(work, kind):
    """A stick with a CBFS holding another keyring, and /boot signed by that
    key: the owner's files come from the firmware only, so /boot shows NOT
    VERIFIED and no secret is released."""
    state = signed_state(work, kind)
    disk = os.path.join(work, "disk-for-stick.img")
    subprocess.run(["cp", "--sparse=always", os.path.join(state, "disk.img"), disk], check=True)
    stick = stranger_stick(work, disk)
    m = signed_machine(work, kind, extra_disk=stick)
    subprocess.run(["cp", "--sparse=always", disk, m.disk], check=True)
    m.boot()
    to_first_prompt(m)
    check(m.out.count(b"Loaded .gnupg/pubring.kbx") == 1, "the keyring was loaded more than once")
    expect_boot_refused(m, "/boot is NOT SIGNED by a key in the firmware's keyring")


def test_log_replay_matches_every_pcr(work, kind):
    """In the payload, the firmware's and the payload's logs replay to the
    TPM's PCRs; on coreboot that includes PCR 2 (its stages and payload)."""
    m = signed_machine(work, kind)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    m.type("x")
    m.expect("heads-recovery# ")
    m.type("heads log; heads log --replay; echo \"replay-exit=$?\"")
    m.expect(r"replay-exit=(\d+)\n", 60)
    text = m.out.decode(errors="replace")
    check("replay-exit=0" in text, "the logs do not replay to the TPM:\n" + text[-2500:])
    check(re.search(r"All \d+ PCRs in the logs match the TPM", text), "no replay summary")
    if kind.name == "coreboot":
        check("# firmware log: coreboot's, in memory (CBMEM)" in text, "coreboot's log was not read from CBMEM")
        check("PCR 2: matches the TPM" in text, "PCR 2 was not replayed")
        check("fallback/payload" in text, "the log does not name coreboot's payload")
    m.expect("heads-recovery# ")
    m.type("poweroff -f")
    m.wait_off()


def sample_os_disk(script, tpm2_tools=False):
    """A sample OS disk with `heads` in its initrd and script on its root as
    /etc/heads-sample-run: the OS runs it after its marker, prints its
    output and "HEADS-SAMPLE-RUN: exit N", then powers off. Built once per
    script and sample OS build (under BUILD/image/, the machines side by
    side take turns); a machine boots its own copy. tpm2_tools: Debian's
    tpm2-tools in the initrd too."""
    extra = ["--tpm2-tools"] if tpm2_tools else []
    name = script + "".join("\0" + e for e in extra)
    disk = os.path.join(IMAGE, "disk-run-%s.img" % hashlib.sha256(name.encode()).hexdigest()[:16])
    with open(os.path.join(IMAGE, ".disk-run.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(disk) and os.path.getmtime(disk) >= os.path.getmtime(DISK):
            return disk
        with open(disk + ".run", "w") as f:
            f.write(script)
        subprocess.run([os.path.join(ROOT, "image", "build-disk"), disk + ".new",
                        "--heads", os.path.join(BUILD, "heads"), "--run", disk + ".run"] + extra,
                       check=True, capture_output=True)
        os.rename(disk + ".new", disk)
    return disk


def sample_os_run(m, opened, timeout=120):
    """The booted OS's run: what the script printed, and its exit status."""
    start = m.expect("HEADS-SAMPLE-OS: root opened with " + opened, timeout).end()
    end = m.expect(r"HEADS-SAMPLE-RUN: exit (\d+)\n", 60)
    m.wait_off()
    return m.out[start:end.start()].decode(errors="replace"), int(end.group(1))


OS_NONCE = "0a11ce5eed0f05"


def quote_commands(nonce):
    """Shell commands that make a quote for nonce and print it with the AK,
    between markers the typed command itself does not contain."""
    return ("mkdir -p /tmp && heads attest quote --nonce %s --out /tmp/quote >/dev/null && "
            "heads attest enroll --out /tmp/ak.pem >/dev/null && echo QUOTE-''BEGIN && "
            "cat /tmp/quote /tmp/ak.pem && echo QUOTE-''END; echo \"quote-exit=$?\"\n" % nonce)


def read_quote(text, work, name):
    """The quote file and AK PEM that quote_commands printed, written to
    work as NAME.quote and NAME.pem."""
    q = re.search(r"QUOTE-BEGIN\n(heads-attest 1\n.*?)(-----BEGIN PUBLIC KEY-----\n.*?"
                  r"-----END PUBLIC KEY-----\n)QUOTE-END", text.replace("\r", ""), re.S)
    check(q, "no quote printed:\n" + text[-2000:])
    paths = os.path.join(work, name + ".quote"), os.path.join(work, name + ".pem")
    for path, part in zip(paths, q.groups()):
        with open(path, "w") as f:
            f.write(part)
    return paths


def attest(*args):
    return subprocess.run([os.path.join(BUILD, "heads"), "attest"] + list(args),
                          capture_output=True, text=True)


def other_ak(work):
    """The public key of an AK the verifier never enrolled."""
    path = os.path.join(work, "other-ak.pem")
    key = subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout"],
                         check=True, capture_output=True).stdout
    pub = subprocess.run(["openssl", "ec", "-pubout"], input=key, check=True, capture_output=True)
    with open(path, "wb") as f:
        f.write(pub.stdout)
    return path


def check_os_quote(work, quote, ak, nonce):
    """A verifier's checks of a quote made in the booted OS: heads and
    tpm2_checkquote accept it; an old nonce and another AK are refused."""
    r = attest("verify", quote, "--nonce", nonce, "--ak", ak)
    check(r.returncode == 0, "the OS's quote does not verify (exit %d): %s%s"
          % (r.returncode, r.stdout[-2000:], r.stderr))
    parts = os.path.join(work, "parts")
    r = attest("extract", quote, parts)
    check(r.returncode == 0, "cannot extract the quote: " + r.stderr)
    r = subprocess.run(["tpm2_checkquote", "-u", os.path.join(parts, "ak.pem"), "-m",
                        os.path.join(parts, "quote.msg"), "-s", os.path.join(parts, "quote.sig"),
                        "-f", os.path.join(parts, "pcrs.tpm2"), "-g", "sha256", "-q", nonce],
                       capture_output=True, text=True)
    check(r.returncode == 0, "tpm2_checkquote refuses the OS's quote: " + r.stderr)
    r = attest("verify", quote, "--nonce", "5eed" + os.urandom(8).hex(), "--ak", ak)
    check(r.returncode == 6, "a replayed quote (old nonce) was not refused (exit %d)" % r.returncode)
    r = attest("verify", quote, "--nonce", nonce, "--ak", other_ak(work))
    check(r.returncode == 5, "a quote checked with another AK was not refused (exit %d)" % r.returncode)


def test_os_replays_logs_and_attests(work, kind):
    """The payload hands its event log and the firmware's to the OS inside
    the archive appended to the OS initrd, read after its last extension
    (the PCR 4 cap): in the booted OS, `heads log --replay` finds them where
    it looks by default and every PCR 0-7 (and 9 on UEFI) matches the TPM.
    A quote made there, carrying those logs, verifies on the host with
    `heads attest verify` and `tpm2_checkquote`; an old nonce and another
    AK are refused."""
    disk = sample_os_disk("heads log --replay --pcrs 0-7; echo \"replay-exit=$?\"\n"
                          + quote_commands(OS_NONCE))
    m = new_machine(work, kind, disk=disk, key=KEY)
    m.boot()
    check(to_first_prompt(m).startswith(b"Enrol"), "no enrolment offered on a fresh TPM")
    m.type("n")
    m.expect("Choice: ")
    enrol_disk_key(m)
    sign_boot(m)
    m.type("d")
    m.expect("Disk unlock passphrase")
    m.type(UNLOCK)
    m.expect(r"Booting .* with the disk key", 60)
    text, status = sample_os_run(m, "key-file")
    check("# firmware log: /run/heads/firmware-eventlog (handed over by the payload)" in text,
          "the OS did not read the firmware's log handed over:\n" + text[-2500:])
    check("# payload log: /run/heads/eventlog\n" in text, "the OS did not read the payload's log")
    check(re.search(r"payload +PCR 4 .* heads boot-mode boot\r?\n", text),
          "the handed-over log ends before the PCR 4 cap")
    for p in list(range(8)) + ([9] if kind.name == "ovmf" else []):
        check("PCR %d: matches the TPM" % p in text, "PCR %d does not replay in the OS:\n%s" % (p, text[-2500:]))
    check(re.search(r"All \d+ PCRs in the logs match the TPM\.", text), "no replay summary in the OS")
    check("DIFFERS" not in text, "a PCR differs in the OS")
    check("replay-exit=0" in text, "heads log --replay failed in the OS")
    check(status == 0, "the quote failed in the OS:\n" + text[-2500:])
    check_os_quote(work, *read_quote(text, work, "os"), OS_NONCE)


def shell_quote(m, work, name):
    """A quote made in the recovery shell for a fresh nonce, read off the
    console; the machine is powered off after it."""
    nonce = "5eed" + os.urandom(8).hex()
    m.type("x")
    m.expect("heads-recovery# ")
    m.type(quote_commands(nonce).rstrip("\n"))
    status = m.expect(r"quote-exit=(\d+)\n", 120)
    text = m.out.decode(errors="replace")
    check(status.group(1) == b"0", "the quote failed in the shell:\n" + text[-2000:])
    m.expect("heads-recovery# ")
    m.type("poweroff -f")
    m.wait_off()
    return read_quote(text, work, name) + (nonce,)


def shell_log_and_pcrs(m):
    """From the menu: the recovery shell's `heads log --json` (parsed) and
    PCRs 2 and 7 as the TPM has them; the machine is powered off after."""
    m.type("x")
    m.expect("heads-recovery# ")
    m.type('echo LOG""-BEGIN; heads log --json; heads tpm pcrs --pcrs 2,7; echo LOG""-END')
    m.expect(r"\nLOG-END\r?\n", 60)
    text = m.out.decode(errors="replace").replace("\r", "")
    body = text.rpartition("\nLOG-BEGIN\n")[2].rpartition("\nLOG-END\n")[0]
    log_text, _, pcr_text = body.rpartition("\n}\n")
    m.expect("heads-recovery# ")
    m.type("poweroff -f")
    m.wait_off()
    pcrs = dict(line.split(": ") for line in pcr_text.strip().splitlines())
    return json.loads(log_text + "\n}"), pcrs


def predicted_from_rom(rom):
    r = subprocess.run([os.path.join(BUILD, "heads"), "tpm", "predict", "--rom", rom, "--json"],
                       capture_output=True, text=True)
    check(r.returncode == 0, "heads tpm predict --rom failed: " + r.stderr)
    return json.loads(r.stdout)


def check_prediction(log, pcrs, predicted, what):
    """The PCR 2 and 7 events of the real boot, and the TPM's values, are the
    predicted ones."""
    key = lambda e: (e["pcr"], e["sha256"], e["description"])
    real = [key(e) for e in log["events"] if e["pcr"] in (2, 7) and not e["description"].startswith("heads boot-mode")]
    want = [key(e) for e in predicted["events"]]
    check(real == want, "%s: the boot's PCR 2/7 events differ from the prediction:\nboot: %s\npredicted: %s"
          % (what, real, want))
    for p in predicted["pcrs"]:
        check(pcrs.get(str(p["pcr"])) == p["sha256"], "%s: PCR %d is %s in the TPM, predicted %s"
              % (what, p["pcr"], pcrs.get(str(p["pcr"])), p["sha256"]))


@machines("coreboot")
def test_rom_prediction_matches_the_boot(work, kind):
    """PCRs 2 and 7 computed on the host from a ROM image (heads tpm predict
    --rom) are what coreboot and /init measure when the machine boots that
    image: every event, in order, and the TPM's values; for the machine's
    ROM and for one with another payload, whose prediction differs only in
    coreboot's payload event."""
    m = new_machine(work, kind, disk=DISK)
    m.boot()
    check(to_first_prompt(m).startswith(b"Enrol"), "no enrolment offered on a fresh TPM")
    m.type("n")
    m.expect("Choice: ")
    log, pcrs = shell_log_and_pcrs(m)
    good = predicted_from_rom(kind.rom)
    check_prediction(log, pcrs, good, "the machine's ROM")
    rom = rom_with_payload(kind, work, changed_payload(kind, work))
    changed = predicted_from_rom(rom)
    differ = [a["description"] for a, b in zip(good["events"], changed["events"]) if a != b]
    check(differ == ["CBFS: fallback/payload"], "the changed payload's prediction differs in %s" % differ)
    m = new_machine(work, kind, disk=DISK)
    m.boot(rom=rom)
    check(to_first_prompt(m).startswith(b"Enrol"), "no enrolment offered on a fresh TPM")
    m.type("n")
    m.expect("Choice: ")
    log, pcrs = shell_log_and_pcrs(m)
    check_prediction(log, pcrs, changed, "the ROM with another payload")


@machines("coreboot")
def test_golden_state_from_a_rom(work, kind):
    """A golden state computed from the firmware image (heads attest golden
    --rom) matches a quote of the machine booted from it; the golden state
    of an image with another payload does not, and the verifier names
    coreboot's payload event."""
    m = signed_machine(work, kind)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    good, ak, nonce = shell_quote(m, work, "good")
    golden = os.path.join(work, "golden")
    r = attest("golden", "--rom", kind.rom, "--from", good, "--out", golden)
    check(r.returncode == 0, "no golden state from the ROM: %s%s" % (r.stdout, r.stderr))
    r = attest("verify", good, "--nonce", nonce, "--ak", ak, "--golden", golden)
    check(r.returncode == 0, "the quote fails the golden state of its own ROM: " + r.stdout[-2000:])
    rom = rom_with_payload(kind, work, changed_payload(kind, work))
    r = attest("golden", "--rom", rom, "--from", good, "--out", golden)
    check(r.returncode == 0, "no golden state from the changed ROM: %s%s" % (r.stdout, r.stderr))
    r = attest("verify", good, "--nonce", nonce, "--ak", ak, "--golden", golden)
    check(r.returncode == 3, "the quote passed the golden state of another payload (exit %d): %s"
          % (r.returncode, r.stdout[-2000:]))
    pcr2 = r.stdout.partition("Golden state: DIFFERS on PCR 2:")[2]
    check("fallback/payload" in pcr2, "the payload's event is not named:\n" + r.stdout[-2000:])


@machines("coreboot")
def test_changed_payload_fails_the_golden_state(work, kind):
    """A verifier holds the golden state of the machine's firmware (from a
    quote it trusts). The payload in the flash is changed: that machine's
    quote still verifies as a quote, but against the golden state it fails
    and the verifier names coreboot's event for the payload."""
    m = signed_machine(work, kind)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    good, ak, nonce = shell_quote(m, work, "good")
    golden = os.path.join(work, "golden")
    r = attest("golden", "--from", good, "--out", golden)
    check(r.returncode == 0, "no golden state from the good quote: %s%s" % (r.stdout, r.stderr))
    r = attest("verify", good, "--nonce", nonce, "--ak", ak, "--golden", golden)
    check(r.returncode == 0, "the good quote fails its own golden state: " + r.stdout[-2000:])
    m = signed_machine(work, kind)
    m.boot(rom=rom_with_payload(kind, work, changed_payload(kind, work)))
    expect_refused(m)
    changed, ak2, nonce = shell_quote(m, work, "changed")
    r = attest("verify", changed, "--nonce", nonce, "--ak", ak2, "--golden", golden)
    check(r.returncode == 3, "the changed payload's quote passed the golden state (exit %d): %s"
          % (r.returncode, r.stdout[-2000:]))
    pcr2 = r.stdout.partition("Golden state: DIFFERS on PCR 2:")[2]
    check("fallback/payload" in pcr2, "the payload's event is not named:\n" + r.stdout[-2000:])


def test_attest_from_the_menu_verifies(work, kind):
    """The menu's attestation, read off the console piece by piece as a
    verifier scans its QR codes, verifies on the host with the AK enrolled
    from the recovery shell: signature, nonce, and the firmware's and the
    payload's events against the quoted PCRs (on coreboot, PCR 2's stages)."""
    m = signed_machine(work, kind)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    m.type("a")
    m.expect("Nonce from the verifier")
    nonce = "c0ffee" + os.urandom(4).hex()
    m.type(nonce)
    pieces = []
    while True:
        p = m.expect(r"QR code (\d+) of (\d+):\n(HEADSQ\S+)\n", 120)
        pieces.append(p.group(3).decode())
        m.expect("Press Enter")
        m.type("")
        if p.group(1) == p.group(2):
            break
    m.expect("Choice: ")
    m.type("x")
    m.expect("heads-recovery# ")
    m.type("heads attest enroll --out /tmp/ak.pem && cat /tmp/ak.pem")
    ak = m.expect(r"-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n", 60)
    m.expect("heads-recovery# ")
    m.type("poweroff -f")
    m.wait_off()
    with open(os.path.join(work, "ak.pem"), "wb") as f:
        f.write(ak.group(0))
    with open(os.path.join(work, "pieces"), "w") as f:
        f.write("".join(p + "\n" for p in reversed(pieces)))
    r = subprocess.run([os.path.join(BUILD, "heads"), "attest", "verify", "--json",
                        "--from-qr", os.path.join(work, "pieces"), "--nonce", nonce,
                        "--ak", os.path.join(work, "ak.pem")], capture_output=True, text=True)
    check(r.returncode == 0, "the attestation does not verify (exit %d): %s%s"
          % (r.returncode, r.stdout[-2000:], r.stderr))
    v = json.loads(r.stdout)
    check(v["verified"] and v["log"], "not verified: %s" % r.stdout[-2000:])
    payload = [e["description"] for e in v["events"] if e["source"] == "payload"]
    check(any(d.startswith("heads user-file") for d in payload), "no owner file in the payload's log")
    if kind.name == "coreboot":
        firmware = [e for e in v["events"] if e["source"] == "firmware"]
        check(any(e["pcr"] == 2 and "fallback/payload" in e["description"] for e in firmware),
              "coreboot's log does not name its payload")


# --- power cuts ------------------------------------------------------------------
# The machine is killed (QEMU with SIGKILL: what the guest had not written
# out is lost) while /init signs /boot or replaces the TOTP secret, at a
# point read from the console; then every boot after it must verify /boot
# and show the code of a secret the owner was given. Points given as a
# number are that fraction of the same operation's time, measured just
# before in the same boot, after the operation's last message (signing
# takes 1.5 to 2 s, staging a TOTP key 0.4 s). Each is measured twice and
# the shorter time taken, and no cut is planned past half of it: the
# host's load changes during a run (other tests, builds: an operation took
# from 0.7 to 2 s), and a cut planned from a slow run must still come
# before a faster one ends.

SIGN_CUTS = ("at-start", 0.15, 0.3, 0.45)
TOTP_CUTS = ("at-question", "at-answer", 0.3, "at-uri", "at-enter")


def cut(m, point, measured, done):
    """Waits for the point, cuts the power, and checks that the operation
    had not finished: its completion message (done) was not printed."""
    if isinstance(point, float):
        time.sleep(point * measured)
    start = m.pos
    m.power_cut()
    print("    cut %s (the same operation took %.2f s before it)" % (
        "at %.2f s" % (point * measured) if isinstance(point, float) else point, measured))
    check(not re.search(done.encode(), m.out[start:]),
          "the cut came after the operation finished: %r was printed" % done)


def sign_again(m):
    """Signs the already verified /boot again; returns the seconds from
    the start of the signing to its result."""
    m.type("s")
    m.expect(r"Sign it again anyway\? \[y/N\] ")
    m.type("y")
    m.expect("Hashing every file in /boot")
    started = time.monotonic()
    m.expect(r"Signed \d+ files in /boot", 120)
    took = time.monotonic() - started
    m.expect("Signing key unmounted")
    m.expect("/boot verified")
    m.expect("Choice: ")
    return took


def replace_totp(m):
    """Replaces the TOTP secret from the menu; returns the new secret and
    the seconds from the answer to the new secret's URI (the new key is
    made and staged, the old one still live)."""
    m.type("t")
    m.expect(r"Replace the TOTP secret\? .*\[y/N\] ")
    m.type("y")
    m.expect(r"y\n")
    started = time.monotonic()
    uri = m.expect(URI, 60)
    took = time.monotonic() - started
    m.expect("Press Enter")
    m.type("")
    m.expect("TOTP secret enrolled")
    m.expect(CODE)
    m.expect("Choice: ")
    return uri.group(1).decode(), took


def expect_sound_boot(m, secrets):
    """A boot after a power cut: /boot verifies and the code is that of one
    of these secrets (those the owner was shown); prints what it showed."""
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "the boot after the power cut did not go to the menu")
    now = int(time.time())
    text = m.out.decode(errors="replace")
    check("/boot verified." in text, "/boot does not verify after the power cut")
    shown = re.findall(CODE, text)
    check(shown, "no TOTP code after the power cut")
    whose = [i for i, s in enumerate(secrets)
             if shown[-1] in {oathtool(s, now + d) for d in (-60, -30, 0, 30)}]
    check(whose, "code %s is not that of a secret the owner has" % shown[-1])
    counter = [line.strip() for line in text[text.rfind("Verifying /boot"):].splitlines()
               if "counter" in line]
    print("    boot %d: /boot verified (%s); TOTP code of the %s secret" % (
        m.boots, "; ".join(counter), ("old", "new")[whose[0]]))


def powercut_sign(work, kind, point):
    m = signed_machine(work, kind, key=True)
    secret = secret_of(kind)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    took = min(sign_again(m), sign_again(m))
    m.type("s")
    m.expect(r"Sign it again anyway\? \[y/N\] ")
    m.type("y")
    m.expect("Hashing every file in /boot")
    cut(m, point, took, r"Signed \d+ files")
    expect_sound_boot(m, [secret])
    sign_again(m)  # and signing still works
    power_off(m)
    expect_sound_boot(m, [secret])
    power_off(m)


def powercut_totp(work, kind, point):
    """Until Enter is pressed after the new URI, the old secret stays the
    live one; after it, the owner has both."""
    m = signed_machine(work, kind)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    _, first = replace_totp(m)
    old, took = replace_totp(m)
    took = min(first, took)
    given = [old]
    m.type("t")
    m.expect(r"Replace the TOTP secret\? .*\[y/N\] ")
    done = "otpauth://"
    if point != "at-question":
        m.type("y")
        m.expect(r"y\n")  # the machine has the answer
    if point in ("at-uri", "at-enter"):
        new = m.expect(URI, 60).group(1).decode()
        m.expect("Press Enter")
        done = "TOTP secret enrolled"
    if point == "at-enter":
        given.append(new)
        m.type("")
        m.expect(r"shows the code\. \n")  # the machine has the Enter
    cut(m, point, took, done)
    expect_sound_boot(m, given)
    power_off(m)
    expect_sound_boot(m, given)
    power_off(m)


def power_cut_tests():
    for i, point in enumerate(SIGN_CUTS, 1):
        fn = lambda work, kind, point=point: powercut_sign(work, kind, point)
        fn.__doc__ = "Power cut while /init signs /boot: %s" % point
        globals()["test_powercut_sign_%d" % i] = machines("coreboot")(fn)
    for i, point in enumerate(TOTP_CUTS, 1):
        fn = lambda work, kind, point=point: powercut_totp(work, kind, point)
        fn.__doc__ = "Power cut while /init replaces the TOTP secret: %s" % point
        globals()["test_powercut_totp_%d" % i] = machines("coreboot")(fn)


power_cut_tests()


# --- the recovery shell's aftermath, and "make default" ---------------------------
# What the shell leaves behind does not outlive it: a background process
# is stopped when it exits, and a /boot changed from it is verified again,
# and refused, before the next boot. A default boot entry is chosen in the
# boot menu ('dN') and signed, and the next signing keeps it (the manifest
# it comes from verifies).

@machines("coreboot")
def test_recovery_shell_leaves_nothing_behind(work, kind):
    m = signed_machine(work, kind)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    check(b"/boot verified." in m.out, "/boot was not verified before the shell")
    m.type("x")
    m.expect("heads-recovery# ")
    m.type("sleep 100000 & echo \"bg=$!\"")
    pid = m.expect(r"bg=(\d+)\n").group(1).decode()
    m.expect("heads-recovery# ")
    m.type("mount -o remount,rw /boot && echo 'menuentry \"x\" {}' >>/boot/grub/grub.cfg; "
           "echo \"tamper-exit=$?\"")
    m.expect(r"tamper-exit=0\n")
    m.expect("heads-recovery# ")
    m.type("exit")
    m.expect("Stopped 1 process left running by the shell.")
    m.expect("/boot will be verified again before it boots.")
    m.expect("Choice: ")
    check(b"/boot: NOT VERIFIED" in m.out[max(0, m.pos - 2000):], "the menu still says /boot is verified")
    m.type("x")
    m.expect("heads-recovery# ")
    m.type("kill -0 %s; echo \"alive=$?\"" % pid)
    m.expect(r"alive=1\n")
    m.expect("heads-recovery# ")
    m.type("exit")
    m.expect("Choice: ")
    expect_boot_refused(m, "changed: /boot/grub/grub.cfg", "/boot CHANGED since it was signed")


@machines("coreboot")
def test_make_default_from_boot_menu(work, kind):
    m = signed_machine(work, kind, key=True)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    m.type("b")
    m.expect(r"Entry to boot, or dN to make entry N the default \(empty: back\): ")
    m.type("d2")
    title = m.expect(r"Default boot entry to sign: ([^\n]+)\n").group(1).decode()
    check("recovery mode" in title, "entry 2 is not the recovery-mode entry: %r" % title)
    m.expect(r"Sign /boot with this default\? \[Y/n\] ")
    m.type("y")
    m.expect(r"Signed \d+ files in /boot", 120)
    m.expect("/boot verified")
    m.expect("Choice: ")
    # Signing again keeps the default of the verified manifest, and says so.
    m.type("s")
    m.expect("Default boot entry to sign: " + re.escape(title))
    m.expect(r"Sign it again anyway\? \[y/N\] ")
    m.type("n")
    m.expect("Choice: ")
    m.type("b")
    m.expect(r"2\) " + re.escape(title) + r" \(default\)")
    m.expect(r"\(empty: back\): ")
    m.type("")
    m.expect("Choice: ")
    m.type("d")
    m.expect("Disk unlock passphrase")
    m.type(UNLOCK)
    m.expect("Booting " + re.escape(title) + " with the disk key", 60)


# --- which /boot: the file-system pin ----------------------------------------------
# The signed manifest pins /boot's file system (its UUID and its GPT
# partition UUID). A stick holding a dd copy of /boot (the same file
# system, UUID included, on a partition of its own) attached so that it
# sorts first by name (/dev/vda) is not used; without the pin /init would
# take the first disk with a boot configuration.

COPY_MARK = "heads-copy-was-read"
LABEL = r'(?:label "[^"]*", )?'


def boot_copy(work, disk):
    """A disk image with a GPT and one partition holding a byte-for-byte
    copy of disk's /boot partition, then changed as an attacker would
    (grub.cfg edited, a directory added): if /init read it, it would say
    so; if it booted it, the mark would be on the console."""
    table = json.loads(subprocess.run(["sfdisk", "-J", disk], check=True, capture_output=True,
                                      text=True).stdout)["partitiontable"]
    boot = table["partitions"][0]
    check(boot["start"] * 512 == BOOT_OFFSET, "the /boot partition is not where the tests expect it")
    copy = os.path.join(work, "boot-copy.img")
    with open(copy, "wb") as f:
        f.truncate(BOOT_OFFSET + boot["size"] * 512 + (1 << 20))
    subprocess.run(["sfdisk", "-q", copy], input="label: gpt\nstart=2048, size=%d, type=L\n" % boot["size"],
                   text=True, check=True, capture_output=True)
    subprocess.run(["dd", "if=" + disk, "of=" + copy, "bs=1M", "iflag=skip_bytes,count_bytes",
                    "oflag=seek_bytes", "conv=notrunc,sparse", "skip=%d" % BOOT_OFFSET,
                    "seek=%d" % BOOT_OFFSET, "count=%d" % (boot["size"] * 512)],
                   check=True, capture_output=True)
    replace_boot_file(work, copy, "grub/grub.cfg", ("\n# %s\n" % COPY_MARK).encode())
    boot_fs(copy, "mkdir /" + COPY_MARK)
    return copy


def boot_lines(text):
    """The devices /init names as /boot and as not used, with their UUIDs."""
    used = re.search(r"/boot is (/dev/\w+) \(ext4, %sUUID (\S+), partition UUID (\S+)\), "
                     r"the file system its signed manifest pins" % LABEL, text)
    left = re.findall(r"Not used as /boot: (/dev/\w+) \(ext4, %sUUID (\S+), partition UUID (\S+)\): "
                      r"not the pinned file system" % LABEL, text)
    return used, left


def test_copy_of_boot_sorting_first_is_not_used(work, kind):
    """A dd copy of the signed /boot on a disk that sorts first: /init
    names the pinned /boot it uses and the copy it leaves; the copy's
    changes are never read; TOTP and the boot with the disk key work."""
    state = signed_state(work, kind)
    copy = boot_copy(work, os.path.join(state, "disk.img"))
    m = signed_machine(work, kind, first_disk=copy)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    text = m.out.decode(errors="replace")
    used, left = boot_lines(text)
    check(used and used.group(1) == "/dev/vdb1", "/init did not use the pinned /boot on vdb1:\n" + text[-2500:])
    check([d for d, _, _ in left] == ["/dev/vda1"], "/init did not say it left the copy on vda1")
    check(left[0][1] == used.group(2), "the copy does not have the same file-system UUID (not a dd copy)")
    check(left[0][2] != used.group(3), "the copy is on the same partition UUID")
    check("/boot verified." in text, "/boot was not verified")
    for word in ("changed:", "added:", COPY_MARK):
        check(word not in text, "the copy was read: %r on the console" % word)
    now = int(time.time())
    shown = re.findall(CODE, text)
    check(shown and shown[-1] in {oathtool(secret_of(kind), now + d) for d in (-60, -30, 0, 30)},
          "no TOTP code of the enrolled secret")
    m.type("d")
    m.expect("Disk unlock passphrase")
    m.type(UNLOCK)
    m.expect(r"Booting .* with the disk key", 60)
    m.expect("HEADS-SAMPLE-OS: root opened with key-file", 120)
    check(COPY_MARK.encode() not in m.out, "the copy's grub.cfg was booted")
    m.wait_off()


def test_boot_refused_when_pinned_boot_is_absent(work, kind):
    """Only the copy is there (the machine's own disk taken out): /init says
    the signed /boot is not present and boots nothing; the firmware is
    unchanged, so the TOTP code still shows."""
    state = signed_state(work, kind)
    copy = boot_copy(work, os.path.join(state, "disk.img"))
    m = signed_machine(work, kind)
    subprocess.run(["cp", "--sparse=always", copy, m.disk], check=True)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    text = m.out.decode(errors="replace")
    check("The signed /boot is NOT PRESENT" in text, "/init did not say the signed /boot is absent")
    check(re.search(r"/dev/vda1 \(ext4, %sUUID \S+, partition UUID \S+\) holds a copy of its manifest\s+"
                    r"and is NOT used" % LABEL, text), "/init did not name the copy it leaves")
    check("/boot: NOT PRESENT" in text, "the menu does not say /boot is not present")
    check(re.search(CODE, text), "no TOTP code")
    for word in ("/boot verified", "changed:", "added:"):
        check(word not in text, "the copy was read: %r on the console" % word)
    expect_boot_refused(m, "the pinned file system is not present")


@machines("coreboot")
def test_before_signing_the_person_chooses_boot(work, kind):
    """Before the first signing nothing is pinned: with two disks holding a
    boot configuration, /init lists both and takes the one the person
    names, not the first by name."""
    copy = boot_copy(work, DISK)
    m = new_machine(work, kind, disk=DISK, first_disk=copy)
    m.boot()
    m.expect(r"Heads \S+ /init", BOOT_TIMEOUT)
    m.expect(r"Which one is this machine's /boot\? \[1-2\] ", 60)
    text = m.out.decode(errors="replace")
    check(re.search(r"1\) /dev/vda1 \(ext4, %sUUID \S+, partition UUID \S+\)" % LABEL, text), "vda1 not listed")
    check(re.search(r"2\) /dev/vdb1 \(ext4, %sUUID \S+, partition UUID \S+\)" % LABEL, text), "vdb1 not listed")
    m.type("2")
    m.expect(r"/boot is /dev/vdb1 .*not pinned yet: signing pins it")
    m.expect(r"Enrol one now\? \[Y/n\] ", 60)
    m.type("n")
    m.expect("Choice: ")
    check(COPY_MARK.encode() not in m.out, "the copy was read")
    # The chosen disk is the only one mounted: the other candidate was let
    # go once /boot was chosen, and nothing of the scan stays mounted.
    m.type("x")
    m.expect("heads-recovery# ")
    start = m.pos
    m.type("grep -E '^/dev/vd|boot-candidates' /proc/mounts; echo \"mounts-end=$?\"")
    m.expect(r"mounts-end=\d")
    mounts = m.out[start:m.pos].decode(errors="replace")
    check(re.search(r"^/dev/vdb1 /boot ext4 ro,", mounts, re.M), "/boot is not vdb1, read-only:\n" + mounts)
    check(not re.search(r"^/dev/vda1 ", mounts, re.M), "the candidate not chosen stays mounted:\n" + mounts)
    check(not re.search(r"^\S+ /run/boot-candidates", mounts, re.M), "a scan mount is left:\n" + mounts)
    m.type("exit")
    m.expect("Choice: ")
    power_off(m)

# --- a missing TOTP secret --------------------------------------------------------
# A machine that had a TOTP secret and finds none: /init does not invite the
# person to enrol a secret for a machine someone else reset.

def test_cleared_tpm_enrolment_defaults_to_no(work, kind):
    """The signed machine's TPM cleared (its state gone, as after a TPM
    clear or a swapped chip): /init says the TPM was reset or tampered
    with, Enter declines the enrolment, and nothing boots with secrets."""
    m = signed_machine(work, kind)
    shutil.rmtree(os.path.join(m.dir, "tpm"))
    m.boot()
    m.expect(r"Heads \S+ /init", BOOT_TIMEOUT)
    m.expect(r"Enrol a new TOTP secret anyway\? \[y/N\] ", 60)
    text = m.out.decode(errors="replace")
    check("TOTP: no secret enrolled" in text, "the missing secret was not said")
    check("The TPM was reset or tampered with" in text, "/init did not say the TPM was reset or tampered with")
    check("Enrol one now?" not in text, "enrolment was offered as on a new machine")
    m.type("")
    m.expect("Choice: ")
    check(b"otpauth://" not in m.out, "Enter enrolled a new secret")
    expect_boot_refused(m, "ROLLBACK")


@machines("coreboot")
def test_guessing_across_boots_is_reported(work, kind):
    """The owner resets the TPM from the menu (owner passphrase), enrols
    the disk key and signs /boot. Someone then tries three passphrases at
    the next boot and boots on without the key; at the boot after that,
    the owner's right passphrase is met with how many wrong ones came
    before and when, then the OS opens its root with the key."""
    owner = "owner of this TPM"
    m = new_machine(work, kind, disk=DISK, key=KEY)
    m.boot()
    check(to_first_prompt(m).startswith(b"Enrol"), "no enrolment offered on a fresh TPM")
    m.type("n")
    m.expect("Choice: ")
    check(b"o) Reset the TPM and set its owner passphrase" in m.out, "no TPM reset in the menu")
    m.type("o")
    m.expect(r"Reset the TPM\? \[y/N\] ")
    m.type("y")
    m.expect("New TPM owner passphrase: ")
    m.type(owner)
    m.expect("Repeat it: ")
    m.type(owner)
    reset = m.expect(r"The TPM was cleared and is owned now \((\d+) TPM commands\)", 120)
    print("TPM commands of the reset: %s" % reset.group(1).decode())
    m.expect("Choice: ")
    enrol_disk_key(m, owner)
    sign_boot(m, owner)
    power_off(m)

    # The guesser: three wrong passphrases, then on without the key.
    m.boot()
    to_first_prompt(m)
    m.type("n")
    m.expect("Choice: ")
    m.type("d")
    for _ in range(3):
        m.expect(r"Disk unlock passphrase \(", 60)
        m.type("a guess")
        m.expect("Wrong passphrase")
    expect_os_asks_passphrase(m)

    # The owner, at the next boot.
    m.boot()
    to_first_prompt(m)
    m.type("n")
    m.expect("Choice: ")
    m.type("d")
    m.expect(r"Disk unlock passphrase \(", 60)
    m.type(UNLOCK)
    # coreboot leaves the platform hierarchy open to the payload: the reset
    # made the firmware's record, which has the dates.
    said = m.expect(r"WARNING: 3 wrong passphrases since the last successful unlock: "
                    r"the first on \d{4}-\d\d-\d\d \d\d:\d\d UTC, the last on ", 60)
    print("the owner is told: %s" % said.group(0).decode())
    m.expect("someone tried to guess your passphrase")
    hand = m.expect(r"with the disk key \(.*; (\d+) TPM commands\)", 60)
    print("TPM commands at the handover: %s" % hand.group(1).decode())
    m.expect("HEADS-SAMPLE-OS: root opened with key-file", 120)
    m.wait_off()


# The booted OS as an attacker with root and Debian's tpm2-tools: each
# attempt on heads' TPM state prints "ATTEMPT NAME: exit=N RC" (RC the
# response code tpm2-tools names, or "none"), then its error line.
OS_TPM_ATTACKS = r"""export TPM2TOOLS_TCTI=device:/dev/tpmrm0
mkdir -p /tmp && head -c 32 /dev/zero >/tmp/zero
# What the payload left loaded in the TPM, seen past the resource manager
# (which shows each user only its own handles).
for kind in transient loaded-session saved-session; do
	left=$(tpm2_getcap -T device:/dev/tpm0 handles-$kind) || left="(cannot read: exit $?)"
	echo "LEFT $kind:" $left
done
attempt() {
	name=$1
	shift
	out=$("$@" 2>&1)
	rc=$?
	err=$(printf '%s\n' "$out" | grep -m 1 -E '^ERROR: *(Esys|Tss2_Sys)_[A-Za-z_]*\(0x')
	code=$(printf '%s\n' "$err" | sed -n 's/^ERROR: *[A-Za-z0-9_]*(\(0x[0-9A-Fa-f]*\)).*/\1/p')
	if [ -z "$code" ]; then # tpm2_nvincrement names it in the TSS's log only
		err=$(printf '%s\n' "$out" | grep -m 1 'Esys Finish ErrorCode (0x')
		code=$(printf '%s\n' "$err" | sed -n 's/.*ErrorCode (0x0*\([0-9A-Fa-f]*\)).*/\1/p' | tr a-f A-F)
		code=${code:+0x$code}
	fi
	echo "ATTEMPT $name: exit=$rc ${code:-none}"
	echo "  $err"
}
state() {
	tpm2_getcap properties-variable | grep -E '^ *(ownerAuthSet|lockoutAuthSet|phEnable|inLockout):' |
		sed -e 's/^ */STATE /' -e 's/: */: /'
	persistent=$(tpm2_getcap handles-persistent)
	nv=$(tpm2_getcap handles-nv-index)
	for h in 0x81000001 0x81000010 0x81000011 0x81000020 0x81000021; do
		case $persistent in *$h*) echo "STATE object $h" ;; esac
	done
	for i in 0x01000010 0x01000020 0x01000030 0x01000040; do
		# tpm2_getcap writes these without the leading zero.
		case $nv in *"${i#0x0}"*) echo "STATE index $i" ;; esac
	done
}
initial=$(state)
echo "$initial"
attempt clear-platform tpm2_clear -c p
attempt clearcontrol-platform tpm2_clearcontrol -C p s
for h in $(echo "$initial" | sed -n 's/^STATE object //p'); do
	attempt "evict-owner-$h" tpm2_evictcontrol -C o -c "$h"
	attempt "evict-platform-$h" tpm2_evictcontrol -C p -c "$h"
done
for i in $(echo "$initial" | sed -n 's/^STATE index //p'); do
	attempt "nvundefine-owner-$i" tpm2_nvundefine -C o "$i"
	attempt "nvundefine-platform-$i" tpm2_nvundefine -C p "$i"
done
attempt nvincrement-owner tpm2_nvincrement -C o 0x01000030
attempt nvincrement-platform tpm2_nvincrement -C p 0x01000030
attempt nvincrement-index tpm2_nvincrement 0x01000030
attempt nvwrite-record-platform tpm2_nvwrite -C p -i /tmp/zero 0x01000040
attempt nvwrite-record-index tpm2_nvwrite -i /tmp/zero 0x01000040
attempt clear-lockout tpm2_clear -c l
attempt clearcontrol-lockout tpm2_clearcontrol -C l s
attempt dictionarylockout-clear tpm2_dictionarylockout --clear-lockout
echo AFTER
state
"""


def os_attempts(text):
    """The OS's attempts on the TPM as {name: (exit, response code)}, and
    the state lines printed before and after them."""
    text = text.replace("\r", "")
    before, _, after = text.partition("AFTER\n")
    tried = {n: (int(e), c) for n, e, c in re.findall(r"^ATTEMPT (\S+): exit=(\d+) (\S+)$", before, re.M)}
    states = [set(re.findall(r"^STATE (.*)$", part, re.M)) for part in (before, after)]
    return tried, states


# tpm2-tools' response codes: a disabled hierarchy (handle 1), a wrong
# authorization of a hierarchy outside DA protection (session 1), of the
# lockout hierarchy (session 1), the lockout hierarchy locked after that.
RC_HIERARCHY, RC_BAD_AUTH, RC_AUTH_FAIL, RC_LOCKOUT = "0x185", "0x9A2", "0x98E", "0x921"
RC_AUTH_UNAVAILABLE = "0x12F"  # the index takes no authorization of its own for writes


def exit_of(rc):
    return 3 if rc == RC_AUTH_FAIL else 1


def check_os_attempts(text, first):
    """The payload left no object or session in the TPM. Every attempt
    failed with the TPM's reason, and nothing of heads' state went away. The first lockout attempt of all meets the wrong
    authorization; the TPM then refuses the lockout hierarchy for a day
    (lockoutRecovery), across reboots."""
    tried, (before, after) = os_attempts(text)
    left = re.findall(r"^LEFT (\S+):(.*)$", text.replace("\r", ""), re.M)
    check(len(left) == 3 and all(not handles.strip() for _, handles in left),
          "the payload left handles loaded in the TPM for the OS: %s" % left)
    check_refusals(text, tried, before, first)
    check(before == after, "the OS changed the TPM: before %s, after %s" % (sorted(before), sorted(after)))
    for s in ("ownerAuthSet: 1", "lockoutAuthSet: 1", "phEnable: 0", "inLockout: 0",
              "object 0x81000001", "index 0x01000030", "index 0x01000040"):
        check(s in before, "the OS does not see %r: %s" % (s, sorted(before)))
    for o in ("TOTP key", ("0x81000010", "0x81000011")), ("disk key", ("0x81000020", "0x81000021")):
        check(any("object " + h in before for h in o[1]), "no %s in the TPM: %s" % (o[0], sorted(before)))
    print("%d attempts from the OS, each refused: %s" % (len(tried), ", ".join(
        "%s %s" % (n, tried[n][1]) for n in sorted(tried))))


def check_refusals(text, tried, before, first):
    """Each attempt made, refused with the expected exit status and
    response code."""
    lockout = RC_AUTH_FAIL if first else RC_LOCKOUT
    want = {"clear-platform": RC_HIERARCHY, "clearcontrol-platform": RC_HIERARCHY,
            "nvincrement-owner": RC_BAD_AUTH, "nvincrement-platform": RC_HIERARCHY,
            "nvincrement-index": RC_AUTH_UNAVAILABLE, "nvwrite-record-platform": RC_HIERARCHY,
            "nvwrite-record-index": RC_AUTH_UNAVAILABLE,
            "clear-lockout": lockout, "clearcontrol-lockout": RC_LOCKOUT,
            "dictionarylockout-clear": RC_LOCKOUT}
    for s in before:
        kind, _, h = s.partition(" ")
        if kind == "object":
            want.update({"evict-owner-" + h: RC_BAD_AUTH, "evict-platform-" + h: RC_HIERARCHY})
        elif kind == "index":
            want.update({"nvundefine-owner-" + h: RC_BAD_AUTH, "nvundefine-platform-" + h: RC_HIERARCHY})
    check(not set(tried) - set(want), "unexpected attempts: %s" % sorted(set(tried) - set(want)))
    # tpm2-tools exits 3 on an authorization that the TPM counted as a
    # DA failure, 1 on any other refusal.
    wrong = ["%s: %s (expected exit %d, %s)" % (n, "exit %d, %s" % tried[n] if n in tried else "not tried",
                                                 exit_of(c), c)
             for n, c in sorted(want.items()) if tried.get(n) != (exit_of(c), c)]
    check(not wrong, "from the OS:\n  " + "\n  ".join(wrong) + "\n" + text[-4000:])


def enrol_totp_from_menu(m, owner):
    """Enrols a TOTP secret from the menu on an owned TPM; returns it."""
    m.type("t")
    m.expect(r"Replace the TOTP secret\? .*\[y/N\] ")
    m.type("y")
    got = m.expect("TPM owner passphrase: |" + URI, 60)
    if got.group(0).startswith(b"TPM owner"):
        m.type(owner)
        got = m.expect(URI, 60)
    m.expect("Press Enter")
    m.type("")
    m.expect("TOTP secret enrolled", 60)
    m.expect("Choice: ")
    return got.group(1).decode()


def reset_tpm_from_menu(m, owner):
    m.type("o")
    m.expect(r"Reset the TPM\? \[y/N\] ")
    m.type("y")
    m.expect("New TPM owner passphrase: ")
    m.type(owner)
    m.expect("Repeat it: ")
    m.type(owner)
    m.expect(r"The TPM was cleared and is owned now", 120)
    m.expect("Choice: ")


@machines("coreboot")
def test_os_cannot_clear_the_tpm_or_evict_our_objects(work, kind):
    """The owner resets the TPM from the menu (owner passphrase), enrols
    TOTP and the disk key and signs /boot, then boots the OS. There, root
    with tpm2-tools tries to clear the TPM (platform and lockout, and
    ClearControl), evict the primary, TOTP and disk keys (owner with an
    empty authorization, platform), undefine heads' NV indices, increment
    the rollback counter, rewrite the record of wrong passphrases and
    reset the DA counter: each is refused with the TPM's reason and the
    objects and indices are all still there. Back in the payload the TOTP
    code equals oathtool's and the disk key unseals; the OS's second try
    meets the lockout hierarchy locked."""
    owner = "owner of this TPM"
    m = new_machine(work, kind, disk=sample_os_disk(OS_TPM_ATTACKS, tpm2_tools=True), key=KEY)
    m.boot()
    check(to_first_prompt(m).startswith(b"Enrol"), "no enrolment offered on a fresh TPM")
    m.type("n")
    m.expect("Choice: ")
    reset_tpm_from_menu(m, owner)
    secret = enrol_totp_from_menu(m, owner)
    enrol_disk_key(m, owner)
    sign_boot(m, owner)
    for first in (True, False):
        if not first:
            m.boot()
            expect_menu_with_code(m, secret, "the boot after the OS's attempts")
        m.type("d")
        m.expect("Disk unlock passphrase")
        m.type(UNLOCK)
        m.expect(r"Booting .* with the disk key", 60)
        text, status = sample_os_run(m, "key-file")
        check(status == 0, "the attempts' script failed in the OS:\n" + text[-3000:])
        check_os_attempts(text, first)


# --- the TPM 1.2 machine ---------------------------------------------------------

@machines("coreboot-tpm12")
def test_tpm12_found_and_owned_at_first_use(work, kind):
    """coreboot with a new TPM 1.2 boots to /init, which says it found a
    TPM 1.2 (as the TPM reported itself to the kernel) and never tries TPM
    2.0 commands on it; the first boot's TOTP enrolment owns the TPM with
    the well-known owner secret, seals the secret to its SHA-1 PCRs, and
    the code it then shows is oathtool's for the secret of the URI."""
    m = new_machine(work, kind, disk=DISK)
    m.boot()
    secret = enrol_at_first_boot(m)
    text = m.out.decode(errors="replace")
    check(re.search(r"TPM: a TPM 1\.2 \(manufacturer IBM, TCG version 1\.2, firmware \d+\.\d+; "
                    r"enabled, active, not owned\)\n", text), "/init did not say it found a new TPM 1.2")
    check("TOTP: no secret enrolled" in text, "/init did not say no TOTP secret was enrolled")
    check("TCTI" not in text and "No TPM" not in text and "cannot use a TPM 1.2" not in text,
          "/init did not use the TPM 1.2 as one:\n" + text[-2500:])
    check("The TPM 1.2 had no owner: it is owned now with the well-known owner secret" in text,
          "the TPM was not owned at first use:\n" + text[-2500:])
    check(re.search(r"New TOTP secret, bound to PCRs 0,1,2,3,4,7 \(SHA-1, TPM 1\.2\)", text),
          "the secret was not bound to the board's PCRs")
    shown = re.findall(CODE, text)
    now = int(time.time())
    check(shown and shown[-1] in {oathtool(secret, now + d) for d in (-60, -30, 0, 30)},
          "the code after enrolment is not oathtool's for the enrolled secret")
    check("/boot is NOT SIGNED" in text, "/boot was not checked")
    power_off(m)


@machines("coreboot-tpm12")
def test_tpm12_log_replays_every_pcr(work, kind):
    """In the payload, coreboot's TCG 1.2 log (CBMEM) and the payload's own
    (eventlog12: owner files in PCR 7, the recovery cap in PCR 4) replay to
    every SHA-1 PCR of the TPM 1.2 the boot can have touched (0-16 and 23;
    17-22 belong to a dynamic launch)."""
    m = signed_machine(work, kind)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    m.type("x")
    m.expect("no secret unseals until the next boot")
    m.expect("heads-recovery# ", 30)
    m.type("heads log; heads log --replay --pcrs 0-16,23; echo \"replay-exit=$?\"")
    m.expect(r"replay-exit=(\d+)\n", 60)
    text = m.out.decode(errors="replace")
    check("# firmware log: coreboot's, in memory (CBMEM)" in text, "coreboot's log was not read from CBMEM")
    check("# payload log: /run/heads/eventlog12" in text, "the payload's TCG 1.2 log was not read")
    check(re.search(r"firmware +PCR 2 +EV_ACTION +[0-9a-f]{40} .*fallback/payload", text),
          "the log does not list coreboot's payload with its SHA-1 digest:\n" + text[-2500:])
    check(re.search(r"payload +PCR 7 +\S+ +[0-9a-f]{40} .*config\.user", text),
          "the payload's log does not list the owner's files in PCR 7:\n" + text[-2500:])
    check(re.search(r"payload +PCR 4 +\S+ +[0-9a-f]{40} .*recovery", text),
          "the payload's log does not list the recovery cap in PCR 4:\n" + text[-2500:])
    for p in list(range(17)) + [23]:
        check("PCR %d: matches the TPM (SHA-1)" % p in text, "PCR %d was not replayed:\n%s" % (p, text[-2500:]))
    check("All 18 PCRs in the logs match the TPM" in text, "no replay summary of the 18 PCRs")
    check("replay-exit=0" in text, "the logs do not replay to the TPM 1.2:\n" + text[-2500:])
    print("    " + "\n    ".join(dict.fromkeys(re.findall(r"(?:firmware|payload) +PCR \d+ .*", text))))
    m.expect("heads-recovery# ")
    m.type("poweroff -f")
    m.wait_off()



# --- runner ----------------------------------------------------------------------

# --- Xen: the Qubes-shaped disk ----------------------------------------------

QUBES_XEN = "xen-4.17-amd64.gz"
QUBES_GRUB = "grub2/grub.cfg"


def qubes_disk():
    """The Qubes-shaped sample OS disk (image/build-qubes-disk), built once
    per build of its script (under BUILD/image/); each machine boots its
    own copy."""
    disk = os.path.join(IMAGE, "qubes-disk.img")
    inputs = [os.path.join(ROOT, "image", "build-qubes-disk"),
              os.path.join(ROOT, "image", "sample-os", "qubes-init"),
              os.path.join(ROOT, "image", "sample-os", "qubes-grub.cfg.in")]
    with open(os.path.join(IMAGE, ".qubes-disk.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(disk) and all(os.path.getmtime(disk) >= os.path.getmtime(i) for i in inputs):
            return disk
        subprocess.run([inputs[0], disk + ".new"], check=True, capture_output=True)
        os.rename(disk + ".new", disk)
    return disk


def qubes_signed_machine(work, kind):
    """A fresh copy of the Qubes machine after the owner's first boot (TOTP
    and disk key enrolled, /boot signed), made once per run; and the
    TOTP secret."""
    tag = "qubes-" + kind.name
    saved_first_boot(work, kind, tag, disk=qubes_disk())
    return new_machine(work, kind, state=STATE[("dir", tag)]), STATE[("secret", tag)]


def qubes_xen_files(disk):
    ls = subprocess.run(["debugfs", "-R", "ls -p /", "%s?offset=%d" % (disk, BOOT_OFFSET)],
                        check=True, capture_output=True, text=True).stdout
    names = [line.split("/")[5] for line in ls.splitlines() if line.count("/") >= 6]
    xen = [n for n in names if n.startswith("xen") and n.endswith(".gz")]
    kernel = [n for n in names if n.startswith("vmlinuz")]
    check(xen and kernel, "the Qubes disk's /boot has no Xen or no dom0 kernel: %s" % names)
    return xen[0], kernel[0]


@machines("coreboot")
def test_xen_entry_boots_dom0_with_injected_key(work, kind):
    """The Qubes disk's signed Xen entry: TOTP code equal to oathtool's,
    /boot verified, the menu names the hypervisor, the disk key unsealed
    and injected into dom0's initrd; Xen starts dom0, which says it runs
    as dom0 under Xen and opens its LVM-on-LUKS root with the key, asking
    no passphrase."""
    m, secret = qubes_signed_machine(work, kind)
    m.boot()
    expect_menu_with_code(m, secret, "the second boot")
    m.type("b")
    m.expect(r"  0\) [^\n]*\[Xen 4\.17\]\s", 60)
    m.expect("Entry to boot")
    m.type("0")
    m.expect("Disk unlock passphrase")
    m.type(UNLOCK)
    m.expect(r"Booting .* with the disk key", 60)
    m.expect(r"\(XEN\) Xen version 4\.17", 120)
    m.expect(r"\(XEN\) Command line: [^\n]*no-real-mode", 60)
    m.expect("HEADS-SAMPLE-OS: running as dom0 under xen", 600)
    m.expect("HEADS-SAMPLE-OS: LVM volumes active: qubes_dom0/root qubes_dom0/swap", 120)
    m.expect("HEADS-SAMPLE-OS: root /dev/mapper/qubes_dom0-root opened with key-file", 120)
    check(b"Enter passphrase" not in m.out and b"passphrase for" not in m.out.split(b"Booting ")[-1],
          "the OS asked for a passphrase despite the key")
    m.wait_off(120)


def qubes_change_grub_module_line(work, disk):
    path = os.path.join(work, "grub.cfg")
    subprocess.run(["debugfs", "-R", "dump /%s %s" % (QUBES_GRUB, path),
                    "%s?offset=%d" % (disk, BOOT_OFFSET)], check=True, capture_output=True)
    with open(path) as f:
        text = f.read()
    changed = text.replace("rd.qubes.hide_all_usb", "rd.qubes.hide_all_usb init=/bin/sh", 1)
    check(changed != text, "the Qubes grub.cfg has no module2 line to change")
    with open(path, "w") as f:
        f.write(changed)
    boot_fs(disk, "rm /" + QUBES_GRUB, "write %s /%s" % (path, QUBES_GRUB))


@machines("coreboot")
def test_xen_tampering_refused_before_passphrase(work, kind):
    """The Xen binary, the dom0 kernel or a module2 line of grub.cfg changed
    after signing: each refused as changed since it was signed, before any
    passphrase is asked, and nothing boots."""
    for what in ("xen", "kernel", "grub"):
        sub = os.path.join(work, what)
        os.makedirs(sub)
        m, _ = qubes_signed_machine(sub, kind)
        xen, kernel = qubes_xen_files(m.disk)
        if what == "xen":
            replace_boot_file(sub, m.disk, xen, b"evil")
            changed = xen
        elif what == "kernel":
            replace_boot_file(sub, m.disk, kernel, b"evil")
            changed = kernel
        else:
            qubes_change_grub_module_line(sub, m.disk)
            changed = QUBES_GRUB
        m.boot()
        to_first_prompt(m)
        expect_boot_refused(m, "changed: /boot/" + changed, "/boot CHANGED since it was signed")
        check(b"(XEN)" not in m.out, "Xen started despite the change (%s)" % what)


def run_tests(kind_names, wanted):
    """Runs the tests of these machines in order; returns the counts."""
    tests = [(n, f) for n, f in globals().items() if n.startswith("test_")]
    tests.sort(key=lambda t: t[1].__code__.co_firstlineno)
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for name, fn in tests:
        for kind in (KINDS[k] for k in kind_names):
            if kind.name not in getattr(fn, "machines", [k for k in KINDS if KINDS[k].by_default]):
                continue
            short = "e2e[%s]:%s" % (kind.name, name[len("test_"):])
            if wanted and not any(w in short for w in wanted):
                continue
            if kind.skip:
                counts["skipped"] += 1
                report("SKIP %s (skipped: %s)" % (short, kind.skip))
                continue
            outcome = run_one(fn, kind, short)
            counts["passed" if outcome[0] == "PASS" else "failed"] += 1
            report(*outcome[1])
    subprocess.run(["rm", "-rf"] + [d for k, d in STATE.items() if k[0] == "dir"])
    return counts


def report(*lines):
    """Prints a test's lines together (machines may run side by side)."""
    with LOCK:
        sys.stdout.write("".join(line + "\n" for line in lines if line))
        sys.stdout.flush()


def run_one(fn, kind, short):
    work = tempfile.mkdtemp(prefix="heads-e2e.", dir=os.path.join(BUILD, "e2e"))
    started = time.monotonic()
    captured = io.StringIO()
    real_stdout, sys.stdout = sys.stdout, captured  # a test's own notes
    try:
        try:
            fn(work, kind)
        finally:
            sys.stdout = real_stdout
            stop_all()
    except Exception as e:  # a failed check, a timeout or a tool error
        detail = str(e) if isinstance(e, Fail) else traceback.format_exc()
        return "FAIL", [captured.getvalue().rstrip("\n"),
                        "FAIL %s (%.1f s)" % (short, time.monotonic() - started),
                        "    " + detail.replace("\n", "\n    "),
                        "    (console logs kept in %s)" % work]
    subprocess.run(["rm", "-rf", work])
    return "PASS", [captured.getvalue().rstrip("\n"),
                    "PASS %s (%.1f s)" % (short, time.monotonic() - started)]


def jobs():
    """Machines run side by side, one per core (HEADS_E2E_JOBS=1: in turn)."""
    try:
        return max(1, int(os.environ.get("HEADS_E2E_JOBS", os.cpu_count() or 1)))
    except ValueError:
        return 1


def main():
    wanted = sys.argv[2:]
    names = list(KINDS)
    if jobs() == 1 or len(names) == 1:
        results = [run_tests(names, wanted)]
    else:
        with multiprocessing.get_context("fork").Pool(min(jobs(), len(names))) as pool:
            results = pool.starmap(run_tests, [([n], wanted) for n in names])
    total = {k: sum(r[k] for r in results) for k in ("passed", "failed", "skipped")}
    print("%d passed, %d failed%s" % (total["passed"], total["failed"],
                                      ", %d skipped" % total["skipped"] if total["skipped"] else ""))
    return 1 if total["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
