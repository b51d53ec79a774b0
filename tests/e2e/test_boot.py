"""End-to-end tests: the payload booted in QEMU with OVMF and swtpm, driven
on its serial console. Each test starts from a fresh TPM and a fresh copy
of the disk. Prints one PASS/FAIL line per test and a closing
"N passed, N failed" line."""
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback

from machine import ROOT, Machine, stop_all

BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build"))
IMAGE = os.path.join(BUILD, "image")
ROM = os.path.join(IMAGE, "heads.rom")
DISK = os.path.join(IMAGE, "disk.img")
BOOT_TIMEOUT = 120  # QEMU start to the first prompt, with room for a busy host
KEY = os.path.join(IMAGE, "owner-key.img")
SAMPLE_PASSPHRASE = "sample disk passphrase"
UNLOCK = "owner unlock passphrase"
BOOT_OFFSET = 1 << 20  # the /boot partition inside the disk image
STATE = {}  # the signed and enrolled machine, made once per run
CODE = r"TOTP: (\d{6})\n"


def image_tool(name, *args):
    subprocess.run([os.path.join(ROOT, "image", name), *args], check=True,
                   stdout=subprocess.DEVNULL)


class Fail(Exception):
    pass


def check(cond, message):
    if not cond:
        raise Fail(message)


def kernel_release():
    dep = subprocess.run(["dpkg-query", "-W", "-f=${Depends}", "linux-image-amd64"],
                         capture_output=True, text=True, check=True).stdout
    return dep.split()[0][len("linux-image-"):]


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


def expect_refused(m):
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    text = m.out.decode(errors="replace")
    check("TOTP: REFUSED" in text, "the TOTP code was not refused")
    check("differs from the one at enrolment" in text, "no explanation of the refusal")
    check(not re.search(CODE, text), "a TOTP code was shown despite the changed state")


# --- the tests -----------------------------------------------------------------

def enrol_disk_key(m):
    m.type("k")
    m.expect("Current LUKS passphrase of the disk: ")
    m.type(SAMPLE_PASSPHRASE)
    m.expect("New disk unlock passphrase: ")
    m.type(UNLOCK)
    m.expect("Repeat it: ")
    m.type(UNLOCK)
    m.expect("Disk unlock key enrolled", 120)
    m.expect("Choice: ")


def sign_boot(m):
    m.type("s")
    m.expect(r"Signed \d+ files in /boot", 120)
    m.expect("/boot verified")
    m.expect("Choice: ")


def signed_state(work, cpus=None):
    """The owner's first boot, done once per run (and CPU count: the
    firmware measures the processors): TOTP enrolled, disk key enrolled,
    /boot signed; the machine (TPM, variables, disk) is saved."""
    name = "dir" if cpus is None else "dir-%d-cpus" % cpus
    if name not in STATE:
        first = os.path.join(work, "first-boot" if cpus is None else "first-boot-%d-cpus" % cpus)
        os.makedirs(first)
        m = Machine(first, ROM, DISK, key=KEY, cpus=cpus)
        m.boot()
        STATE["secret" if cpus is None else "secret-%d-cpus" % cpus] = enrol_at_first_boot(m)
        enrol_disk_key(m)
        sign_boot(m)
        power_off(m)
        STATE[name] = os.path.join(BUILD, "e2e", "signed-state" if cpus is None else
                                   "signed-state-%d-cpus" % cpus)
        subprocess.run(["rm", "-rf", STATE[name]], check=True)
        m.save(STATE[name])
        m.remove()
    return STATE[name]


def signed_machine(work, key=False, cpus=None):
    """A fresh copy of the signed and enrolled machine."""
    state = signed_state(work, cpus)
    return Machine(work, ROM, state=state, key=KEY if key else None, cpus=cpus)


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


# --- the tests -----------------------------------------------------------------

def test_unsigned_boot_is_refused(work):
    m = Machine(work, ROM, DISK)
    m.boot()
    check(to_first_prompt(m).startswith(b"Enrol"), "no enrolment offered on a fresh TPM")
    m.type("n")
    m.expect("Choice: ")
    for item in ("d) Default boot", "r) Refresh TOTP", "b) Boot menu", "s) Update checksums and sign /boot",
                 "t) Enrol a new TOTP secret", "k) Enrol the disk unlock key",
                 "x) Exit to recovery shell", "p) Power off"):
        check(item.encode() in m.out, "menu item missing: " + item)
    expect_boot_refused(m, "/boot is NOT SIGNED")


def test_happy_path(work):
    """Second boot of the signed machine: code equal to oathtool's, /boot
    verified, disk key unsealed and injected, the OS opens its root."""
    m = signed_machine(work)
    secret = STATE["secret"]
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "the second boot did not go to the menu")
    now = int(time.time())
    shown = re.findall(CODE.encode(), m.out)
    check(shown, "no TOTP code shown at the second boot")
    code = shown[-1].decode()
    check(code in {oathtool(secret, now + d) for d in (-60, -30, 0, 30)},
          "code %s is not oathtool's for the enrolled secret" % code)
    check(b"/boot verified." in m.out, "/boot was not verified")
    m.type("d")
    m.expect("Disk unlock passphrase")
    m.type(UNLOCK)
    m.expect(r"Booting .* with the disk key \(([\d.]+) s since the kernel started, ([\d.]+) s in /init; (\d+) TPM commands\)", 60)
    m.expect("HEADS-SAMPLE-OS: sample root file system", 120)
    m.expect("HEADS-SAMPLE-OS: root opened with key-file")
    check(b"Enter passphrase for" not in m.out, "the OS asked for a passphrase despite the key")
    m.wait_off()


def test_changed_kernel_is_refused(work):
    m = signed_machine(work)
    replace_boot_file(work, m.disk, "vmlinuz-" + kernel_release(), b"evil")
    m.boot()
    to_first_prompt(m)
    expect_boot_refused(m, "changed: /boot/vmlinuz-" + kernel_release(), "/boot CHANGED since it was signed")


def test_changed_initrd_is_refused(work):
    m = signed_machine(work)
    replace_boot_file(work, m.disk, "initrd.img-" + kernel_release(), b"\0" * 512)
    m.boot()
    to_first_prompt(m)
    expect_boot_refused(m, "changed: /boot/initrd.img-" + kernel_release(), "/boot CHANGED since it was signed")


def test_added_file_is_refused(work):
    m = signed_machine(work)
    extra = os.path.join(work, "extra")
    with open(extra, "w") as f:
        f.write("not signed\n")
    boot_fs(m.disk, "write %s /grub/extra.cfg" % extra)
    m.boot()
    to_first_prompt(m)
    expect_boot_refused(m, "added: /boot/grub/extra.cfg", "/boot CHANGED since it was signed")


def test_manifest_signed_by_another_key_is_refused(work):
    m = signed_machine(work)
    home = os.path.join(work, "gnupg")
    os.makedirs(home, mode=0o700)
    gpg = ["gpg", "--homedir", home, "--batch", "--quiet", "--passphrase", ""]
    subprocess.run(gpg + ["--quick-gen-key", "Mallory <m@example.org>", "ed25519", "sign", "never"],
                   check=True, capture_output=True)
    manifest = os.path.join(work, "manifest")
    sig = os.path.join(work, "manifest.sig")
    subprocess.run(["debugfs", "-R", "dump /heads/manifest " + manifest,
                    "%s?offset=%d" % (m.disk, BOOT_OFFSET)], check=True, capture_output=True)
    subprocess.run(gpg + ["--armor", "--detach-sign", "-o", sig, manifest], check=True)
    subprocess.run(["gpgconf", "--homedir", home, "--kill", "gpg-agent"])
    boot_fs(m.disk, "rm /heads/manifest.sig", "write %s /heads/manifest.sig" % sig)
    m.boot()
    to_first_prompt(m)
    expect_boot_refused(m, "/boot is NOT SIGNED by a key in the firmware's keyring")


def test_rollback_is_refused(work):
    """The owner signs again; the earlier signed /boot is then put back."""
    m = signed_machine(work, key=True)
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


def test_wrong_passphrase_three_times_boots_without_key(work):
    """At most three tries; fewer when one more failure would lock the TPM
    out (swtpm's default allows three failures in all)."""
    m = signed_machine(work)
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


def test_changed_payload_refuses_totp(work):
    initramfs = os.path.join(work, "initramfs.cpio.xz")
    rom = os.path.join(work, "changed.rom")
    extra = os.path.join(work, "extra")
    with open(extra, "w") as f:
        f.write("an extra file in the payload\n")
    image_tool("build-payload", os.path.join(BUILD, "heads"), initramfs,
               "--extra", extra + ":etc/extra")
    image_tool("build-rom", rom, "--kernel", "/boot/vmlinuz-" + kernel_release(),
               "--initramfs", initramfs, "--cmdline", read_rom_cmdline(),
               "--owner", os.path.join(IMAGE, "owner"))
    m = signed_machine(work)
    m.boot(rom=rom)
    expect_refused(m)
    expect_boot_after_refusal(m)


def test_changed_owner_file_refuses_totp(work):
    owner = os.path.join(work, "owner")
    rom = os.path.join(work, "changed.rom")
    subprocess.run(["cp", "-a", os.path.join(IMAGE, "owner"), owner], check=True)
    with open(os.path.join(owner, "etc", "config.user"), "a") as f:
        f.write("CONFIG_CHANGED=y\n")
    image_tool("build-rom", rom, "--kernel", "/boot/vmlinuz-" + kernel_release(),
               "--initramfs", os.path.join(IMAGE, "initramfs.cpio.xz"),
               "--cmdline", read_rom_cmdline(), "--owner", owner)
    m = signed_machine(work)
    m.boot(rom=rom)
    expect_refused(m)
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


def test_recovery_shell_caps_pcr4(work):
    m = signed_machine(work)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    check(re.search(CODE.encode(), m.out), "no code shown before the shell")
    m.type("x")
    m.expect("no secret unseals until the next boot")
    m.expect("heads-recovery# ")
    m.type("heads totp show; echo \"show-exit=$?\"")
    m.expect(r"show-exit=3\n")
    m.expect("heads-recovery# ")
    m.type("echo -n '%s' >/run/p; heads disk unseal /dev/vda2 --out /run/k "
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


def test_enrol_after_cap_gives_the_clean_boot_code(work):
    """In the recovery shell PCR 4 is capped; a TOTP secret enrolled there
    is sealed to the clean-boot values that `heads tpm predict` computes
    from the event logs. The next, clean boot shows that secret's code:
    the prediction equals the PCR values of a real clean boot."""
    m = signed_machine(work)
    m.boot()
    check(to_first_prompt(m) == b"Choice: ", "expected the menu")
    m.type("x")
    m.expect("heads-recovery# ")
    m.type("heads tpm predict --pcrs 0,1,2,3,4,7,9 --without-caps >/run/predicted; echo \"predict-exit=$?\"")
    m.expect(r"predict-exit=0\n")
    m.expect("heads-recovery# ")
    m.type("heads totp enroll --no-qr --pcrs 0,1,2,3,4,7,9; echo \"enroll-exit=$?\"")
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
    return files


def test_sample_os_asks_passphrase(work):
    f = sample_os_files(work)
    m = Machine(work, None, DISK)
    m.boot(kernel=f["vmlinuz"], initrd=f["initrd.img"], append="console=ttyS0 quiet")
    m.expect("Enter passphrase for", BOOT_TIMEOUT)
    m.type(SAMPLE_PASSPHRASE)
    m.expect("HEADS-SAMPLE-OS: sample root file system")
    m.expect("HEADS-SAMPLE-OS: root opened with passphrase")
    m.wait_off()


def test_sample_os_opens_root_with_injected_key(work):
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
    m.boot(kernel=f["vmlinuz"], initrd=initrd, append="console=ttyS0 quiet")
    m.expect("HEADS-SAMPLE-OS: root opened with key-file", BOOT_TIMEOUT)
    check(b"Enter passphrase" not in m.out, "the OS asked for a passphrase despite the key")
    m.wait_off()


def test_payload_build_is_reproducible(work):
    outs = []
    for i in (1, 2):
        out = os.path.join(work, "initramfs-%d.cpio.xz" % i)
        image_tool("build-payload", os.path.join(BUILD, "heads"), out)
        outs.append(open(out, "rb").read())
        if i == 1:
            time.sleep(1.1)  # a later clock must not change the result
    check(outs[0] == outs[1], "two builds of the payload differ")


def read_rom_cmdline():
    return subprocess.run(["cbfstool", ROM, "extract", "-n", "heads/payload/cmdline", "-f",
                           "/dev/stdout"], capture_output=True, text=True, check=True).stdout


# --- runner ----------------------------------------------------------------------

def main():
    wanted = sys.argv[2:]
    tests = [(n, f) for n, f in globals().items() if n.startswith("test_")]
    tests.sort(key=lambda t: t[1].__code__.co_firstlineno)
    passed = failed = 0
    for name, fn in tests:
        short = name[len("test_"):]
        if wanted and not any(w in short for w in wanted):
            continue
        work = tempfile.mkdtemp(prefix="heads-e2e.", dir=os.path.join(BUILD, "e2e"))
        started = time.monotonic()
        try:
            try:
                fn(work)
            finally:
                stop_all()
        except Exception as e:  # a failed check, a timeout or a tool error
            failed += 1
            print("FAIL e2e:%s (%.1f s)" % (short, time.monotonic() - started))
            detail = str(e) if isinstance(e, Fail) else traceback.format_exc()
            print("    " + detail.replace("\n", "\n    "))
            print("    (console logs kept in %s)" % work)
            sys.stdout.flush()
            continue
        passed += 1
        print("PASS e2e:%s (%.1f s)" % (short, time.monotonic() - started))
        sys.stdout.flush()
        subprocess.run(["rm", "-rf", work])
    if "dir" in STATE:
        subprocess.run(["rm", "-rf", STATE["dir"]])
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
