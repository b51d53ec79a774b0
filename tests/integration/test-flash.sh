#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The boot flash from the command: `heads flash read` and `list` on ROM
# image files, `set-owner-file` checked against coreboot's own cbfstool
# (the image it writes equals cbfstool's remove + add byte for byte, and
# cbfstool reads the file back), the flashrom backend through flashrom's
# dummy programmer, and the input each refuses without writing anything.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)

# Sets CBFSTOOL (coreboot's cbfstool of the pinned release), or skips.
need_cbfstool() {
	CBFSTOOL=$("$ROOT/image/build-coreboot" --cbfstool 2>/dev/null | tail -n 1)
	[ -x "$CBFSTOOL" ] || skip "coreboot's cbfstool is not available (image/build-coreboot --cbfstool)"
}

need_flashrom() {
	command -v flashrom >/dev/null || skip "flashrom is not installed (scripts/install-deps)"
}

# A ROM image as cbfstool makes one: FILE SIZE, with an FMAP and a
# COREBOOT region when FMAP=1, and two owner files and a payload stand-in.
make_rom() {
	local rom=$1 size=$2
	if [ "${FMAP:-0}" = 1 ]; then
		printf 'FLASH@0 %s {\n\tBIOS@0 %s {\n\t\tFMAP@0 0x1000\n\t\tCOREBOOT(CBFS)@0x1000 %s\n\t}\n}\n' \
			"$size" "$size" $((size - 0x1000)) >"$TESTDIR/layout.fmd"
		fmaptool "$TESTDIR/layout.fmd" "$TESTDIR/layout.fmap" >/dev/null || fail "fmaptool"
		"$CBFSTOOL" "$rom" create -M "$TESTDIR/layout.fmap" >/dev/null 2>&1 || fail "cbfstool create -M"
	else
		"$CBFSTOOL" "$rom" create -m x86 -s "$size" >/dev/null 2>&1 || fail "cbfstool create"
	fi
	head -c 5000 /dev/urandom >"$TESTDIR/payload"
	printf 'CONFIG_BOOT_DEV=/dev/vda1\n' >"$TESTDIR/config.user"
	head -c 300 /dev/urandom >"$TESTDIR/pubring.kbx"
	"$CBFSTOOL" "$rom" add -f "$TESTDIR/payload" -n fallback/payload -t raw || fail "add payload"
	"$CBFSTOOL" "$rom" add -f "$TESTDIR/config.user" -n heads/initrd/etc/config.user -t raw || fail "add"
	"$CBFSTOOL" "$rom" add -f "$TESTDIR/pubring.kbx" -n heads/initrd/.gnupg/pubring.kbx -t raw || fail "add"
}

# cbfstool's way of setting owner file NAME to FILE in ROM.
cbfstool_set() {
	"$CBFSTOOL" "$1" remove -n "heads/initrd/$2" >/dev/null 2>&1
	"$CBFSTOOL" "$1" add -f "$3" -n "heads/initrd/$2" -t raw || fail "cbfstool add $2"
}

test_read_and_list_rom_file() {
	need_cbfstool
	make_rom "$TESTDIR/rom" 0x40000
	expect_exit 0 "$HEADS" flash read --flash "file:$TESTDIR/rom" "$TESTDIR/dump"
	cmp -s "$TESTDIR/rom" "$TESTDIR/dump" || fail "flash read differs from the ROM file"
	expect_exit 0 "$HEADS" flash list --image "$TESTDIR/rom"
	expect_contains "$OUT" "heads/initrd/etc/config.user"
	expect_contains "$OUT" "heads/initrd/.gnupg/pubring.kbx"
	expect_contains "$OUT" "fallback/payload"
	expect_exit 0 "$HEADS" flash list --flash "file:$TESTDIR/rom" --json
	[ "$(jq -r '.[] | select(.name == "heads/initrd/etc/config.user") | "\(.type) \(.size)"' <<<"$OUT")" = "raw 26" ] ||
		fail "list --json: $OUT"
	# the offset is where the file's contents start
	local off
	off=$(jq -r '.[] | select(.name == "heads/initrd/.gnupg/pubring.kbx") | .offset' <<<"$OUT")
	cmp -s -i "$off:0" -n 300 "$TESTDIR/rom" "$TESTDIR/pubring.kbx" || fail "offset $off is not the file's contents"
}

set_owner_file_like_cbfstool() {
	need_cbfstool
	make_rom "$TESTDIR/rom" 0x40000
	cp "$TESTDIR/rom" "$TESTDIR/want"
	# replace with a larger file (it moves), add a new one, then shrink
	head -c 700 /dev/urandom >"$TESTDIR/big"
	printf 'x\n' >"$TESTDIR/small"
	local name file
	while read -r name file; do
		expect_exit 0 "$HEADS" flash set-owner-file --flash "file:$TESTDIR/rom" "$name" "$TESTDIR/$file"
		cbfstool_set "$TESTDIR/want" "$name" "$TESTDIR/$file"
		cmp "$TESTDIR/rom" "$TESTDIR/want" >&2 || fail "after setting $name the image differs from cbfstool's"
	done <<-EOT
		etc/config.user big
		etc/new small
		.gnupg/pubring.kbx small
	EOT
	"$CBFSTOOL" "$TESTDIR/rom" print >"$TESTDIR/print" || fail "cbfstool print"
	expect_contains "$(cat "$TESTDIR/print")" "heads/initrd/etc/new"
	"$CBFSTOOL" "$TESTDIR/rom" extract -n heads/initrd/etc/config.user -f "$TESTDIR/got" >/dev/null ||
		fail "cbfstool extract"
	cmp -s "$TESTDIR/got" "$TESTDIR/big" || fail "cbfstool extracts other contents"
	"$CBFSTOOL" "$TESTDIR/rom" extract -n fallback/payload -f "$TESTDIR/got" >/dev/null || fail "extract payload"
	cmp -s "$TESTDIR/got" "$TESTDIR/payload" || fail "the payload changed"
}

test_set_owner_file_legacy_image() {
	set_owner_file_like_cbfstool
}

test_set_owner_file_fmap_image() {
	command -v fmaptool >/dev/null || skip "fmaptool (coreboot-utils) is not installed"
	FMAP=1 set_owner_file_like_cbfstool
}

test_refusals_write_nothing() {
	need_cbfstool
	make_rom "$TESTDIR/rom" 0x20000
	cp "$TESTDIR/rom" "$TESTDIR/orig"
	head -c 200000 /dev/urandom >"$TESTDIR/huge"
	expect_exit 1 "$HEADS" flash set-owner-file --flash "file:$TESTDIR/rom" etc/huge "$TESTDIR/huge"
	expect_contains "$ERR" "No room in the flash for heads/initrd/etc/huge (200000 bytes)"
	expect_exit 2 "$HEADS" flash set-owner-file --flash "file:$TESTDIR/rom" ../etc/x "$TESTDIR/huge"
	expect_contains "$ERR" "is not an owner file's path"
	expect_exit 2 "$HEADS" flash set-owner-file --flash "file:$TESTDIR/rom" "etc/$(printf 'n%.0s' $(seq 1 230))" \
		"$TESTDIR/config.user"
	expect_contains "$ERR" "too long"
	cmp -s "$TESTDIR/rom" "$TESTDIR/orig" || fail "a refused edit changed the image"
	# a file header whose length runs past the image
	printf '\x7f\xff\xff\xff' | dd of="$TESTDIR/rom" bs=1 seek=8 conv=notrunc status=none
	cp "$TESTDIR/rom" "$TESTDIR/orig"
	expect_exit 2 "$HEADS" flash set-owner-file --flash "file:$TESTDIR/rom" etc/config.user "$TESTDIR/config.user"
	expect_contains "$ERR" "no well-formed CBFS; nothing was written"
	cmp -s "$TESTDIR/rom" "$TESTDIR/orig" || fail "a malformed image was written"
	expect_exit 2 "$HEADS" flash list --image "$TESTDIR/rom"
	expect_contains "$ERR" "malformed CBFS"
	head -c 4096 /dev/zero >"$TESTDIR/zero"
	expect_exit 2 "$HEADS" flash list --image "$TESTDIR/zero"
	expect_contains "$ERR" "no CBFS in this image"
}

test_bad_devices() {
	expect_exit 1 "$HEADS" flash read --flash file:/nonexistent/rom "$TESTDIR/dump"
	expect_contains "$ERR" "Cannot open the flash chip file:/nonexistent/rom: No such file or directory"
	expect_exit 1 "$HEADS" flash read --flash mtd:/dev/mtd-missing "$TESTDIR/dump"
	expect_contains "$ERR" "No such file or directory"
	expect_exit 1 "$HEADS" flash list --flash mtd:/dev/null
	expect_contains "$ERR" "not a flash (MTD) device"
	: >"$TESTDIR/empty"
	expect_exit 2 "$HEADS" flash read --flash "file:$TESTDIR/empty" "$TESTDIR/dump"
	expect_contains "$ERR" "reports no size"
	expect_exit 2 "$HEADS" flash read --flash "spi:/dev/mtd0" "$TESTDIR/dump"
	expect_contains "$ERR" "is not a flash chip"
	[ ! -e "$TESTDIR/dump" ] || fail "a failed read left a file"
	expect_exit 2 "$HEADS" flash list --flash "file:$TESTDIR/empty" --image "$TESTDIR/empty"
}

test_flashrom_dummy_programmer() {
	need_cbfstool
	need_flashrom
	# flashrom's emulated 16 MiB SPI chip, its contents in a file
	make_rom "$TESTDIR/chip" 0x1000000
	cp "$TESTDIR/chip" "$TESTDIR/want"
	local spec="flashrom:dummy:emulate=W25Q128FV,image=$TESTDIR/chip"
	expect_exit 0 "$HEADS" flash read --flash "$spec" "$TESTDIR/dump"
	cmp -s "$TESTDIR/dump" "$TESTDIR/chip" || fail "flashrom read differs from the chip"
	expect_exit 0 "$HEADS" flash list --flash "$spec"
	expect_contains "$OUT" "heads/initrd/etc/config.user"
	printf 'CONFIG_BOOT_DEV=/dev/vdb1\n' >"$TESTDIR/new"
	expect_exit 0 "$HEADS" flash set-owner-file --flash "$spec" etc/config.user "$TESTDIR/new"
	cbfstool_set "$TESTDIR/want" etc/config.user "$TESTDIR/new"
	cmp "$TESTDIR/chip" "$TESTDIR/want" >&2 || fail "the chip differs from cbfstool's edit"
	# a programmer flashrom cannot use
	expect_exit 1 "$HEADS" flash read --flash "flashrom:dummy:emulate=NOSUCHCHIP" "$TESTDIR/dump2"
	expect_contains "$ERR" "flashrom: "
	[ ! -e "$TESTDIR/dump2" ] || fail "a failed read left a file"
}

test_help_and_usage() {
	expect_help "flash read" "flash list" "flash set-owner-file"
	expect_exit 2 "$HEADS" flash read
	expect_exit 2 "$HEADS" flash read a b
	expect_exit 2 "$HEADS" flash set-owner-file etc/x
	expect_exit 2 "$HEADS" flash list extra
	expect_exit 2 "$HEADS" flash write x
}

run_tests "$@"
