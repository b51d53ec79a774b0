#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# heads entries and heads boot against the boot-config corpus; kexec_file_load
# and reboot are faked by an LD_PRELOAD trap that records what was loaded.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=$(mktemp -d /tmp/heads-boot-data.XXXXXX)
trap 'rm -rf "$DATA"' EXIT
"$ROOT/tests/tools/boot-data" "$ROOT/tests/data/boot" "$DATA"
: "${HEADS_BUILD:=$ROOT/build}"
TRAP=$HEADS_BUILD/tests/unit/kexec/kexec-trap.so

# trapped CODE ARGS...: runs heads boot with the trap; records in $TESTDIR/trap.
trapped() {
	local want=$1
	shift
	mkdir -p "$TESTDIR/trap"
	expect_exit "$want" env LD_PRELOAD="$TRAP" HEADS_TRAP_DIR="$TESTDIR/trap" \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" "$HEADS" boot "$@"
}

# A RAM-backed runtime directory (the initrd is no longer written there:
# the tests check that it stays empty).
ram_rundir() {
	RUNDIR=$(mktemp -d /dev/shm/heads-it.XXXXXX) || exit 77
	trap 'stop_swtpm; rm -rf "$TESTDIR" "$RUNDIR"' EXIT
}

test_entries_json_equals_corpus() {
	for d in "$DATA"/*/; do
		expect_exit 0 "$HEADS" entries "$d/tree" --json
		[ "$OUT" = "$(cat "$d/expected.json")" ] || fail "$(basename "$d"): JSON differs"
		jq -e 'type == "array"' <<<"$OUT" >/dev/null || fail "not a JSON array"
	done
}

test_entries_text_and_errors() {
	expect_exit 0 "$HEADS" entries "$DATA/debian12/tree"
	expect_contains "$OUT" "4: Debian GNU/Linux, with Linux 6.1.0-12-amd64 (recovery mode) [grub]"
	expect_exit 0 "$HEADS" entries --help
	expect_contains "$OUT" "Usage: heads entries BOOTDIR"
	expect_exit 2 "$HEADS" entries
	expect_exit 2 "$HEADS" entries a b
	expect_exit 1 "$HEADS" entries "$TESTDIR/nonexistent"
	mkdir -p "$TESTDIR/empty"
	expect_exit 1 "$HEADS" entries "$TESTDIR/empty"
	expect_contains "$ERR" "No boot loader config"
	mkdir -p "$TESTDIR/bad/grub"
	printf "menuentry 'Linux {\n linux /vmlinuz\n}\n" >"$TESTDIR/bad/grub/grub.cfg"
	expect_exit 2 "$HEADS" entries "$TESTDIR/bad"
	expect_contains "$ERR" "/grub/grub.cfg:1: syntax error"
	head -c 2000000 /dev/zero | tr '\0' '#' >"$TESTDIR/bad/grub/grub.cfg"
	expect_exit 2 "$HEADS" entries "$TESTDIR/bad"
	expect_contains "$ERR" "larger than"
}

# --dry-run does all but start the entry: it loads it, unloads it again
# and says what would boot.
test_boot_dry_run_prints_plan() {
	trapped 0 "$DATA/debian12/tree/" --entry 2 --dry-run \
		--cmdline-add "console=ttyS0 ro" --cmdline-remove single
	[ "$OUT" = "entry: 2: Debian GNU/Linux, with Linux 6.1.0-13-amd64 (recovery mode)
kernel: $DATA/debian12/tree/vmlinuz-6.1.0-13-amd64
initrd: $DATA/debian12/tree/initrd.img-6.1.0-13-amd64
cmdline: root=/dev/mapper/debian--vg-root ro console=ttyS0
dry run: loaded $(stat -c %s "$DATA/debian12/tree/vmlinuz-6.1.0-13-amd64") bytes of kernel and $(stat -c %s "$DATA/debian12/tree/initrd.img-6.1.0-13-amd64") of initrd (not verified: no --keyring), then unloaded; would boot \"Debian GNU/Linux, with Linux 6.1.0-13-amd64 (recovery mode)\"." ] ||
		fail "unexpected plan: $OUT"
	t=$TESTDIR/trap
	cmp -s "$t/kernel" "$DATA/debian12/tree/vmlinuz-6.1.0-13-amd64" || fail "kernel not loaded"
	[ "$(cat "$t/unload")" = 1 ] || fail "the dry run did not unload what it loaded"
	[ ! -e "$t/reboot" ] || fail "the dry run started the kernel"
	rm -rf "$t"
	trapped 0 "$DATA/arch/tree" --default --dry-run
	expect_contains "$OUT" "entry: 0: Arch Linux"
	expect_contains "$OUT" "initrd: $DATA/arch/tree/intel-ucode.img
initrd: $DATA/arch/tree/initramfs-linux.img"
}

test_boot_usage_errors() {
	expect_exit 0 "$HEADS" boot --help
	expect_contains "$OUT" "--cmdline-add"
	expect_exit 2 "$HEADS" boot "$DATA/debian12/tree"
	expect_exit 2 "$HEADS" boot "$DATA/debian12/tree" --entry 1 --default
	expect_exit 2 "$HEADS" boot "$DATA/debian12/tree" --entry x
	trapped 2 "$DATA/debian12/tree" --entry 99 --dry-run
	expect_contains "$ERR" "There is no entry 99"
	[ ! -e "$TESTDIR/trap/kernel" ] || fail "loaded an entry that is not there"
	expect_exit 2 "$HEADS" boot "$DATA/debian12/tree" --entry 0 --crypttab /dev/null
}

# The corpus's Qubes tree holds a stand-in for Xen, not a multiboot2
# image: refused with the reason, nothing loaded.
test_boot_xen_stub_refused() {
	trapped 1 "$DATA/qubes42/tree" --entry 0 --dry-run
	expect_contains "$ERR" "The hypervisor is not a multiboot2 ELF32 image"
	[ ! -e "$TESTDIR/trap/segments" ] || fail "loaded a Xen entry"
}

# A multiboot2 ELF32 image shaped like Xen's (gzip-compressed): one PT_LOAD
# of 8 KiB at 2 MiB, its header asking for the memory map.
make_xen_tree() {
	mkdir -p "$TESTDIR/xen/grub"
	python3 - "$TESTDIR/xen-image" <<-'PY'
		import struct, sys
		tags = struct.pack("<HHIII", 1, 0, 16, 4, 6) + struct.pack("<HHI", 6, 0, 8) + struct.pack("<HHI", 0, 0, 8)
		hlen = 16 + len(tags)
		mb2 = struct.pack("<IIII", 0xe85250d6, 0, hlen, (-(0xe85250d6 + hlen)) & 0xffffffff) + tags
		body = (b"\xeb\xfe" + b"\0" * 6 + mb2).ljust(4096, b"\xc2")
		eh = b"\x7fELF\x01\x01\x01" + b"\0" * 9 + struct.pack("<HHIIIIIHHHHHH", 2, 3, 1, 0x200000, 52, 0, 0, 52, 32, 1, 0, 0, 0)
		ph = struct.pack("<IIIIIIII", 1, 4096, 0x200000, 0x200000, 4096, 8192, 7, 4096)
		open(sys.argv[1], "wb").write((eh + ph).ljust(4096, b"\0") + body)
	PY
	gzip -n -c "$TESTDIR/xen-image" >"$TESTDIR/xen/xen-4.17.gz"
	echo "dom0 kernel" >"$TESTDIR/xen/vmlinuz-6.1"
	(mkdir -p "$TESTDIR/dom0" && cd "$TESTDIR/dom0" && echo init >init && echo init | cpio -o -H newc --quiet) \
		>"$TESTDIR/xen/initramfs-6.1.img"
	echo "microcode" >"$TESTDIR/xen/ucode.img"
	printf "menuentry 'Qubes' {\n multiboot2 /xen-4.17.gz placeholder console=com1\n module2 /vmlinuz-6.1 placeholder root=/dev/mapper/qubes_dom0-root\n module2 --nounzip /initramfs-6.1.img\n module2 /ucode.img\n}\n" \
		>"$TESTDIR/xen/grub/grub.cfg"
	head -c 64 /dev/urandom >"$TESTDIR/key"
}

# A Xen entry goes to kexec_load as our multiboot2 loader lays it out:
# Xen's segment at its address, dom0's kernel, its initrd with the key
# after it, the other module as it is, then the trampoline and the boot
# information (Xen's command line plus no-real-mode; each line after its
# image's name, which Xen drops, and without grub's "placeholder"), entered there.
test_boot_trapped_xen_entry() {
	ram_rundir
	make_xen_tree
	trapped 0 "$TESTDIR/xen" --entry 0 --rundir "$RUNDIR" --key "$TESTDIR/key"
	t=$TESTDIR/trap
	[ "$(cat "$t/reboot")" = 0x45584543 ] || fail "reboot was not LINUX_REBOOT_CMD_KEXEC"
	mapfile -t seg <"$t/segments"
	[ "${#seg[@]}" = 5 ] || fail "segments: ${seg[*]}"
	[ "${seg[0]}" = "0x200000 0x2000 0x1000" ] || fail "Xen's segment: ${seg[0]}"
	cmp -s "$t/segment-0" <(tail -c +4097 "$TESTDIR/xen-image") || fail "Xen's bytes differ"
	[ "${seg[1]%% *}" = 0x202000 ] || fail "dom0's kernel at ${seg[1]}"
	cmp -s "$t/segment-1" "$TESTDIR/xen/vmlinuz-6.1" || fail "dom0's kernel bytes differ"
	cmp -s -n "$(stat -c %s "$TESTDIR/xen/initramfs-6.1.img")" "$t/segment-2" "$TESTDIR/xen/initramfs-6.1.img" ||
		fail "dom0's initrd not first in its module"
	tail -c +513 "$t/segment-2" >"$TESTDIR/injected.cpio"
	mkdir "$TESTDIR/x" && (cd "$TESTDIR/x" && cpio -i --quiet -F "$TESTDIR/injected.cpio") ||
		fail "no key archive after dom0's initrd"
	cmp -s "$TESTDIR/x/secret.key" "$TESTDIR/key" || fail "key differs"
	cmp -s "$t/segment-3" "$TESTDIR/xen/ucode.img" || fail "the other module was changed"
	[ "$(cat "$t/entry")" = "${seg[4]%% *}" ] || fail "entry $(cat "$t/entry") is not the trampoline"
	expect_contains "$(strings "$t/segment-4")" "/xen-4.17.gz console=com1 no-real-mode"
	expect_contains "$(strings "$t/segment-4")" "/vmlinuz-6.1 root=/dev/mapper/qubes_dom0-root"
	expect_contains "$(strings "$t/segment-4")" "heads"
	[ -z "$(ls -A "$RUNDIR")" ] || fail "the initrd copy has a name in $RUNDIR"
}

test_boot_trapped_kexec_plain() {
	trapped 0 "$DATA/debian12/tree" --entry 1 --cmdline-remove quiet --cmdline-add "console=ttyS0,115200"
	t=$TESTDIR/trap
	# Not the file: its bytes, read once into memory sealed against any
	# change (F_SEAL_SEAL|SHRINK|GROW|WRITE).
	[ "$(cat "$t/kernel-path")" = "/memfd:kernel (deleted)" ] ||
		fail "kernel fd was $(cat "$t/kernel-path")"
	[ "$(cat "$t/kernel-seals")" = 0xf ] || fail "kernel seals $(cat "$t/kernel-seals")"
	[ "$(cat "$t/initrd-seals")" = 0xf ] || fail "initrd seals $(cat "$t/initrd-seals")"
	[ ! -e "$t/unload" ] || fail "unloaded before starting"
	cmp -s "$t/kernel" "$DATA/debian12/tree/vmlinuz-6.1.0-13-amd64" || fail "kernel bytes differ"
	cmp -s "$t/initrd" "$DATA/debian12/tree/initrd.img-6.1.0-13-amd64" || fail "initrd bytes differ"
	[ "$(cat "$t/cmdline")" = "root=/dev/mapper/debian--vg-root ro console=ttyS0,115200" ] ||
		fail "cmdline was '$(cat "$t/cmdline")'"
	[ "$(cat "$t/cmdline-len")" = $(($(stat -c %s "$t/cmdline") + 1)) ] || fail "cmdline length excludes its NUL"
	[ "$(cat "$t/flags")" = 0 ] || fail "flags $(cat "$t/flags")"
	[ "$(cat "$t/reboot")" = 0x45584543 ] || fail "reboot was not LINUX_REBOOT_CMD_KEXEC"
}

test_boot_trapped_kexec_failure_explained() {
	HEADS_TRAP_FAIL=1 trapped 1 "$DATA/alpine/tree" --entry 0
	expect_contains "$ERR" "kexec is not permitted"
	[ ! -e "$TESTDIR/trap/reboot" ] || fail "rebooted after a failed load"
}

# The OS initrd, made by GNU cpio, plus the injected archive after padding.
make_os_tree() {
	mkdir -p "$TESTDIR/os/grub" "$TESTDIR/initrd-src/etc" "$TESTDIR/initrd-src/scripts"
	echo "kernel" >"$TESTDIR/os/vmlinuz-6.1"
	echo "#!/bin/sh" >"$TESTDIR/initrd-src/init"
	echo "old-entry UUID=1 none luks" >"$TESTDIR/initrd-src/etc/crypttab"
	printf 'x%.0s' $(seq 1 700) >"$TESTDIR/initrd-src/scripts/local"
	(cd "$TESTDIR/initrd-src" && find . | cpio -o -H newc --quiet) >"$TESTDIR/os/initrd.img-6.1"
	printf '\037\213odd' >>"$TESTDIR/os/initrd.img-6.1" # an unpadded tail, as dracut's gzip leaves
	printf "menuentry 'OS' {\n linux /vmlinuz-6.1 root=/dev/mapper/root ro\n initrd /initrd.img-6.1\n}\n" \
		>"$TESTDIR/os/grub/grub.cfg"
	head -c 64 /dev/urandom >"$TESTDIR/key"
	echo "/etc/crypttab:luks-1 UUID=1 /secret.key luks,discard" >"$TESTDIR/overrides"
}

test_boot_trapped_key_injection() {
	ram_rundir
	make_os_tree
	trapped 0 "$TESTDIR/os" --default --rundir "$RUNDIR" --key "$TESTDIR/key" --crypttab "$TESTDIR/overrides"
	t=$TESTDIR/trap
	orig=$(stat -c %s "$TESTDIR/os/initrd.img-6.1")
	padded=$(((orig + 511) / 512 * 512))
	cmp -s -n "$orig" "$t/initrd" "$TESTDIR/os/initrd.img-6.1" || fail "OS initrd not copied first"
	[ "$(head -c "$padded" "$t/initrd" | tail -c $((padded - orig)) | tr -d '\0' | wc -c)" = 0 ] ||
		fail "padding is not zeros"
	head -c "$orig" "$t/initrd" | cpio -t --quiet >"$TESTDIR/list1" 2>/dev/null
	expect_contains "$(cat "$TESTDIR/list1")" "scripts/local"
	tail -c +$((padded + 1)) "$t/initrd" >"$TESTDIR/injected.cpio"
	expect_exit 0 cpio -t --quiet -F "$TESTDIR/injected.cpio"
	[ "$OUT" = "secret.key
etc
etc/crypttab" ] || fail "injected archive lists: $OUT"
	mkdir "$TESTDIR/x" && (cd "$TESTDIR/x" && cpio -i --quiet -F "$TESTDIR/injected.cpio") ||
		fail "cpio -i failed"
	cmp -s "$TESTDIR/x/secret.key" "$TESTDIR/key" || fail "key differs"
	[ "$(stat -c %a "$TESTDIR/x/secret.key")" = 400 ] || fail "secret.key mode $(stat -c %a "$TESTDIR/x/secret.key")"
	[ "$(cat "$TESTDIR/x/etc/crypttab")" = "luks-1 UUID=1 /secret.key luks,discard" ] || fail "crypttab"
	[ -z "$(ls -A "$RUNDIR")" ] || fail "the initrd copy has a name in $RUNDIR"
	# In memory, sealed (F_SEAL_SEAL|SHRINK|GROW|FUTURE_WRITE): wipeable by
	# its maker only.
	[ "$(cat "$t/initrd-seals")" = 0x17 ] || fail "initrd seals $(cat "$t/initrd-seals")"
}

# --luks-uuid: the entries /init writes, built from a checked UUID.
test_boot_trapped_key_injection_luks_uuid() {
	ram_rundir
	make_os_tree
	u=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
	expect_exit 2 "$HEADS" boot "$TESTDIR/os" --default --rundir "$RUNDIR" --key "$TESTDIR/key" \
		--luks-uuid "$u:scripts/x"
	expect_contains "$ERR" "is not a LUKS UUID"
	trapped 0 "$TESTDIR/os" --default --rundir "$RUNDIR" --key "$TESTDIR/key" --luks-uuid "$u"
	orig=$(stat -c %s "$TESTDIR/os/initrd.img-6.1")
	tail -c +$(((orig + 511) / 512 * 512 + 1)) "$TESTDIR/trap/initrd" >"$TESTDIR/injected.cpio"
	mkdir "$TESTDIR/x" && (cd "$TESTDIR/x" && cpio -i -d --quiet -F "$TESTDIR/injected.cpio") ||
		fail "cpio -i failed"
	for f in etc/crypttab cryptroot/crypttab; do
		[ "$(cat "$TESTDIR/x/$f")" = "luks-$u UUID=$u /secret.key luks,discard" ] ||
			fail "$f: $(cat "$TESTDIR/x/$f")"
	done
}

test_boot_dry_run_with_key_writes_nothing() {
	ram_rundir
	make_os_tree
	trapped 0 "$TESTDIR/os" --default --dry-run --rundir "$RUNDIR" \
		--key "$TESTDIR/key" --crypttab "$TESTDIR/overrides"
	expect_contains "$OUT" "initrd: $TESTDIR/os/initrd.img-6.1
inject: /secret.key (0400) and crypttab entries"
	[ "$(cat "$TESTDIR/trap/unload")" = 1 ] || fail "the key's initrd was left loaded"
	[ -z "$(ls -A "$RUNDIR")" ] || fail "dry run wrote to $RUNDIR"
}

# The files under TESTDIR, RUNDIR and DIR holding the key's bytes, other
# than the key itself and what the trap recorded at the kexec call.
files_with_key() {
	grep -rlF -- "$(cat "$TESTDIR/key")" "$TESTDIR" "$RUNDIR" "$@" 2>/dev/null |
		grep -vx -e "$TESTDIR/key" -e "$TESTDIR/trap/initrd" -e "$TESTDIR/out" -e "$TESTDIR/err"
}

# The combined initrd is built in memory, so the runtime directory need
# not be RAM-backed any more: nothing is written to it, or anywhere.
test_boot_key_never_written_to_a_file() {
	make_os_tree
	tr -dc 'a-z0-9' </dev/urandom | head -c 48 >"$TESTDIR/key"
	mkdir -p "$TESTDIR/disk"
	RUNDIR=$TESTDIR/disk
	trapped 0 "$TESTDIR/os" --default --rundir "$RUNDIR" --key "$TESTDIR/key"
	grep -qF -- "$(cat "$TESTDIR/key")" "$TESTDIR/trap/initrd" || fail "the key was not handed over"
	[ -z "$(ls -A "$RUNDIR")" ] || fail "wrote to $RUNDIR: $(ls -A "$RUNDIR")"
	[ -z "$(files_with_key)" ] || fail "the key is in $(files_with_key)"
}

# kexec_file_load fails: the initrd that held the key is wiped in memory
# (what a descriptor kept by the trap sees afterwards is zeros), nothing
# holds the key in a file, and the failure is explained.
test_boot_failed_load_wipes_key_initrd() {
	ram_rundir
	make_os_tree
	tr -dc 'a-z0-9' </dev/urandom | head -c 48 >"$TESTDIR/key"
	HEADS_TRAP_FAIL=8 trapped 1 "$TESTDIR/os" --default --rundir "$RUNDIR" --key "$TESTDIR/key"
	expect_contains "$ERR" "The kernel refused the image"
	t=$TESTDIR/trap
	grep -qF -- "$(cat "$TESTDIR/key")" "$t/initrd" || fail "the key was not in the initrd handed over"
	[ "$(stat -c %s "$t/initrd-at-exit")" = "$(stat -c %s "$t/initrd")" ] ||
		fail "the initrd kept by the trap changed size"
	[ "$(tr -d '\0' <"$t/initrd-at-exit" | wc -c)" = 0 ] || fail "the initrd was not wiped after the failure"
	[ ! -e "$t/reboot" ] || fail "rebooted after a failed load"
	[ -z "$(ls -A "$RUNDIR")" ] || fail "wrote to $RUNDIR"
	[ -z "$(files_with_key)" ] || fail "the key is in $(files_with_key)"
}

run_tests "$@"
