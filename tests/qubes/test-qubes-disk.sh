#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The Qubes-shaped sample OS disk (image/build-qubes-disk): its /boot holds
# a Xen entry of Qubes 4.2's shape that `heads entries` reads, and Xen with
# the dom0 kernel and initrd of that entry, booted from it in QEMU under
# software emulation (QEMU's multiboot loader: Xen as -kernel, the dom0
# kernel and initrd as modules, the command lines as signed), reaches
# dom0, which opens LVM on LUKS with an injected key, or a wrong key
# refused, with the passphrase asked on the serial console.
#
# Usage: tests/qubes/test-qubes-disk.sh [BUILD [FILTER]]. Run once per test
# run (tests/inventory "once"), not once per build tree: the disk and its
# boot do not depend on the tree; BUILD's heads reads the entry.
if [ $# -gt 0 ]; then
	HEADS=$(cd "$1" && pwd)/heads HEADS_BUILD=$(cd "$1" && pwd)
	shift
fi
. "$(dirname "$0")/../integration/lib.sh"

REPO=$(cd "$(dirname "$0")/../.." && pwd)
PASSPHRASE="qubes sample passphrase"
# Under software emulation on a busy machine: generous, never reached by
# a boot that works (about a minute).
BOOT_TIMEOUT=300

# One disk for every test of this script (it takes a while to build).
SHARED=$(mktemp -d /tmp/heads-qubes.XXXXXX)
trap 'rm -rf "$SHARED"' EXIT
if ! "$REPO/image/build-qubes-disk" "$SHARED/disk.img" --passphrase "$PASSPHRASE" \
	>"$SHARED/build.log" 2>&1; then
	BUILD_FAILED=$(tail -n 5 "$SHARED/build.log")
fi

# Sets DISK (a copy of the built disk), BOOT (its /boot, copied out) and
# LUKS (its second partition).
open_disk() {
	local parts start size
	[ -z "${BUILD_FAILED:-}" ] || fail "image/build-qubes-disk failed: $BUILD_FAILED"
	DISK=$TESTDIR/disk.img BOOT=$TESTDIR/boot LUKS=$TESTDIR/luks.img
	cp --sparse=always "$SHARED/disk.img" "$DISK"
	parts=$(sfdisk -J "$DISK" | jq -r '.partitiontable.partitions[] | "\(.start) \(.size)"')
	[ "$(wc -l <<<"$parts")" = 2 ] || fail "expected 2 partitions: $parts"
	read -r start size <<<"$(sed -n 1p <<<"$parts")"
	dd if="$DISK" of="$TESTDIR/boot.img" bs=512 skip="$start" count="$size" status=none
	mkdir -p "$BOOT"
	debugfs -R "rdump / $BOOT" "$TESTDIR/boot.img" >/dev/null 2>&1 || fail "cannot read /boot"
	read -r start size <<<"$(sed -n 2p <<<"$parts")"
	dd if="$DISK" of="$LUKS" bs=512 skip="$start" count="$size" status=none
}

# Sets ENTRY to the default entry of the disk's /boot as `heads entries`
# reads it.
default_entry() {
	expect_exit 0 "$HEADS" entries "$BOOT" --json
	ENTRY=$(jq -c '.[0]' <<<"$OUT")
}

entry_get() {
	jq -r "$1" <<<"$ENTRY"
}

test_boot_holds_a_qubes_xen_entry() {
	local uuid
	open_disk
	default_entry
	[ "$(entry_get .kind)" = xen ] || fail "not a Xen entry: $ENTRY"
	[ "$(entry_get .hypervisor)" = /xen-4.17-amd64.gz ] || fail "hypervisor: $ENTRY"
	[ -f "$BOOT/xen-4.17-amd64.gz" ] || fail "no Xen in /boot"
	zcat "$BOOT/xen-4.17-amd64.gz" | head -c 8192 | od -An -tx4 | grep -q e85250d6 ||
		fail "Xen has no multiboot2 header"
	[ -f "$BOOT/grub2/grub.cfg" ] || fail "no grub2/grub.cfg"
	expect_contains "$(cat "$BOOT/grub2/grub.cfg")" "module2 --nounzip   /initramfs-"
	expect_contains "$(entry_get .hypervisor_cmdline)" "console=com1 com1=115200,8n1 dom0_mem="
	uuid=$(cryptsetup luksUUID "$LUKS") || fail "the second partition is not LUKS"
	[ "$(cryptsetup luksDump "$LUKS" | sed -n 's/^Version:[[:space:]]*//p')" = 2 ] ||
		fail "not LUKS2"
	expect_contains "$(entry_get .cmdline)" "root=/dev/mapper/qubes_dom0-root ro rd.luks.uuid=luks-$uuid rd.lvm.lv=qubes_dom0/root rd.lvm.lv=qubes_dom0/swap"
	expect_contains "$(entry_get .cmdline)" "console=hvc0"
	[ "$(entry_get '.initrd | join(" ")')" = "$(entry_get .kernel | sed 's|/vmlinuz-|/initramfs-|').img" ] ||
		fail "initrd: $ENTRY"
}

# dom0_initrd KEY: the disk's dom0 initrd with /secret.key (holding KEY)
# and a crypttab naming the LUKS volume appended, as the firmware
# injects them; prints its path.
dom0_initrd() {
	local dir=$TESTDIR/inject uuid out=$TESTDIR/initrd.img size
	uuid=$(cryptsetup luksUUID "$LUKS") || fail "no LUKS UUID"
	mkdir -p "$dir/etc"
	printf '%s' "$1" >"$dir/secret.key"
	echo "luks-$uuid UUID=$uuid /secret.key luks,discard" >"$dir/etc/crypttab"
	cp "$BOOT$(entry_get '.initrd[0]')" "$out"
	size=$(stat -c %s "$out")
	truncate -s $(((size + 3) / 4 * 4)) "$out"
	(cd "$dir" && find . -mindepth 1 | cpio -o -H newc -R 0:0 --quiet) >>"$out"
	echo "$out"
}

# boot_xen INITRD [INPUT-FIFO]: boots the default entry's Xen with its dom0
# kernel and INITRD as multiboot modules from the disk, its serial console
# in $TESTDIR/console (input from INPUT-FIFO); sets QEMU_PID.
boot_xen() {
	local xen=$TESTDIR/xen in=${2:-/dev/null}
	zcat "$BOOT$(entry_get .hypervisor)" >"$xen" || fail "cannot unpack Xen"
	case "$TESTDIR$(entry_get .cmdline)" in *,*) fail "a comma in a module line" ;; esac
	: >"$TESTDIR/console"
	timeout "$BOOT_TIMEOUT" qemu-system-x86_64 -machine q35 -cpu qemu64,+rdrand -m 1024 -smp 1 \
		-nodefaults -no-user-config -display none -no-reboot -serial stdio \
		-drive if=virtio,format=raw,file="$DISK" \
		-kernel "$xen" -append "$(entry_get .hypervisor_cmdline)" \
		-initrd "$BOOT$(entry_get .kernel) $(entry_get .cmdline),$1" \
		<"$in" >"$TESTDIR/console" 2>"$TESTDIR/qemu.err" &
	QEMU_PID=$!
}

# wait_for TEXT [N]: until the console shows TEXT N times (default 1);
# fails when the machine stops first.
wait_for() {
	local n=${2:-1} seen
	while seen=$(grep -a -c -F -- "$1" "$TESTDIR/console"); [ "${seen:-0}" -lt "$n" ]; do
		kill -0 "$QEMU_PID" 2>/dev/null ||
			fail "the machine stopped before '$1': $(tail -n 20 "$TESTDIR/console") $(cat "$TESTDIR/qemu.err")"
		sleep 0.2
	done
}

# Waits for the machine to power off; sets CONSOLE.
powered_off() {
	wait "$QEMU_PID" || fail "the machine did not power off (exit $?): $(tail -n 20 "$TESTDIR/console")"
	CONSOLE=$(tr -d '\r' <"$TESTDIR/console")
}

expect_dom0_on_lvm() {
	expect_contains "$CONSOLE" "(XEN) Xen version 4.17"
	expect_contains "$CONSOLE" "HEADS-SAMPLE-OS: running as dom0 under xen (/proc/xen/capabilities: control_d)"
	expect_contains "$CONSOLE" "HEADS-SAMPLE-OS: LVM volumes active: qubes_dom0/root qubes_dom0/swap"
	expect_contains "$CONSOLE" "HEADS-SAMPLE-OS: sample Qubes dom0 root file system"
	expect_contains "$CONSOLE" "HEADS-SAMPLE-OS: swap volume /dev/mapper/qubes_dom0-swap holds swap space"
}

test_dom0_opens_lvm_on_luks_with_injected_key() {
	open_disk
	default_entry
	boot_xen "$(dom0_initrd "$PASSPHRASE")"
	powered_off
	expect_dom0_on_lvm
	expect_contains "$CONSOLE" "HEADS-SAMPLE-OS: root /dev/mapper/qubes_dom0-root opened with key-file"
	expect_not_contains "$CONSOLE" "Enter passphrase"
}

# A key that is not the volume's opens nothing: dom0 asks the passphrase,
# refuses a wrong one, and opens the root with the right one.
test_wrong_key_refused_then_passphrase() {
	open_disk
	default_entry
	mkfifo "$TESTDIR/input"
	exec 3<>"$TESTDIR/input"
	boot_xen "$(dom0_initrd "not the disk key")" "$TESTDIR/input"
	wait_for "Enter passphrase for"
	printf 'wrong passphrase\n' >&3
	wait_for "No key available with this passphrase."
	wait_for "Enter passphrase for" 2
	printf '%s\n' "$PASSPHRASE" >&3
	powered_off
	exec 3>&-
	expect_dom0_on_lvm
	expect_contains "$CONSOLE" "HEADS-SAMPLE-OS: root /dev/mapper/qubes_dom0-root opened with passphrase"
	expect_not_contains "$CONSOLE" "opened with key-file"
}

run_tests "$@"
