#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# heads flash update against a file-backed flash and a fresh swtpm per
# test: a good update keeps the TOTP secret (oathtool's code in the new
# firmware's state) and the disk key; a wrong hash, a bad signature, an
# image with another owner file or of another size is refused and the
# flash file is unchanged byte for byte. A "boot" of an image is a TPM
# reset followed by the events heads tpm predict --rom computes for it.
. "$(dirname "$0")/lib.sh"

# make_rom NAME PAYLOAD [OWNER-CONFIG [RELEASE-KEYS]]: without OWNER-CONFIG
# the image has no owner files (a release build).
make_rom() {
	local rom=$TESTDIR/$1.rom
	printf '%s' "$2" >"$TESTDIR/payload"
	cbfstool "$rom" create -m x86 -s 262144 >/dev/null &&
		cbfstool "$rom" add -f "$TESTDIR/payload" -n fallback/payload -t raw &&
		cbfstool "$rom" add -f "$TESTDIR/payload" -n bootblock -t raw || fail "cbfstool: $rom"
	if [ -n "${3:-}" ]; then
		printf '%s' "$3" >"$TESTDIR/config"
		cbfstool "$rom" add -f "$TESTDIR/config" -n heads/initrd/etc/config.user -t raw ||
			fail "cbfstool: $rom"
	fi
	if [ -n "${4:-}" ]; then
		cbfstool "$rom" add -f "$4" -n heads/initrd/etc/heads/release-keys.gpg -t raw ||
			fail "cbfstool: $rom"
	fi
}

expect_code() {
	expect_exit 0 "$HEADS" totp show --time 1700000000
	[ "$OUT" = "$(oathtool --totp -b -N @1700000000 "$SECRET")" ] ||
		fail "$1: code $OUT is not oathtool's"
}

expect_disk() { # expect_disk EXIT WHAT
	"$HEADS" disk unseal "$DISK" --out "$TESTDIR/key" \
		--passphrase-file "$TESTDIR/unlock.pass" >/dev/null 2>"$TESTDIR/err"
	local got=$?
	[ "$got" = "$1" ] || fail "$2: disk unseal exited $got, expected $1: $(cat "$TESTDIR/err")"
	if [ "$1" = 0 ]; then
		cryptsetup open --test-passphrase --key-file "$TESTDIR/key" "$DISK" ||
			fail "$2: the key does not open the disk"
	fi
	rm -f "$TESTDIR/key"
}

# The running machine: the flash holds old.rom, booted, TOTP enrolled.
setup() {
	mkdir -p "$HEADS_STATEDIR"
	make_rom old "payload 1" "CONFIG_A=1" "${1:-}"
	FLASH=$TESTDIR/flash.rom
	cp "$TESTDIR/old.rom" "$FLASH"
	boot_image "$FLASH"
	expect_exit 0 "$HEADS" totp enroll --no-qr --pcrs 0,2,7
	SECRET=$(sed -n 's/.*[?&]secret=\([A-Z2-7]*\).*/\1/p' <<<"$OUT")
	[ ${#SECRET} -eq 32 ] || fail "no secret in the URI"
	cp "$FLASH" "$TESTDIR/flash.before"
}

update() { # update EXIT IMAGE ARGS...
	local want=$1 image=$2
	shift 2
	expect_exit "$want" "$HEADS" flash update "$image" --flash "file:$FLASH" "$@"
}

sha() {
	sha256sum "$1" | cut -d' ' -f1
}

expect_flash_unchanged() {
	cmp -s "$FLASH" "$TESTDIR/flash.before" || fail "$1: the flash was written"
	ls "$HEADS_STATEDIR"/*.branches 2>/dev/null && fail "$1: a secret was resealed"
	expect_code "$1: the running firmware after the refusal"
}

test_good_update_keeps_totp_and_disk_key() {
	setup
	make_luks_disk
	expect_exit 0 "$HEADS" disk enroll "$DISK" --luks-passphrase-file "$TESTDIR/luks.pass" \
		--passphrase-file "$TESTDIR/unlock.pass" --pcrs 0,2,6,7
	make_rom new "payload 2" "CONFIG_A=1"
	update 0 "$TESTDIR/new.rom" --sha256 "$(sha "$TESTDIR/new.rom")" --disk "$DISK" \
		--passphrase-file "$TESTDIR/unlock.pass"
	expect_contains "$OUT" "Flash written"
	cmp -s "$FLASH" "$TESTDIR/new.rom" || fail "the flash does not hold the new image"
	expect_code "the old firmware until the reboot"
	boot_image "$FLASH"
	expect_code "the new firmware, no re-enrolment"
	expect_disk 0 "the new firmware"
	expect_exit 0 "$HEADS" totp reseal --drop-old
	expect_exit 0 "$HEADS" disk reseal "$DISK" --drop-old --passphrase-file "$TESTDIR/unlock.pass"
	boot_image "$TESTDIR/old.rom"
	expect_exit 3 "$HEADS" totp show --time 1700000000
	expect_disk 3 "the old firmware after the first good boot of the new one"
}

test_release_image_gets_the_owner_files() {
	setup
	make_rom release "payload 2"
	update 0 "$TESTDIR/release.rom" --sha256 "$(sha "$TESTDIR/release.rom")"
	expect_contains "$OUT" "owner files (1) were carried"
	cbfstool "$FLASH" extract -n heads/initrd/etc/config.user -f "$TESTDIR/got" >/dev/null ||
		fail "no owner file in the flash"
	[ "$(cat "$TESTDIR/got")" = "CONFIG_A=1" ] || fail "another owner file in the flash"
	boot_image "$FLASH"
	expect_code "the new firmware with the carried owner files"
}

test_wrong_hash_refused() {
	setup
	make_rom new "payload 2" "CONFIG_A=1"
	update 5 "$TESTDIR/new.rom" --sha256 "$(sha "$TESTDIR/old.rom")"
	expect_contains "$ERR" "SHA-256 is not the one given"
	expect_contains "$ERR" "Nothing was written"
	expect_flash_unchanged "a wrong hash"
}

test_changed_owner_file_refused() {
	setup
	make_rom evil "payload 2" "CONFIG_A=evil"
	update 4 "$TESTDIR/evil.rom" --sha256 "$(sha "$TESTDIR/evil.rom")"
	expect_contains "$ERR" "owner files differ from the running ones: heads/initrd/etc/config.user"
	expect_flash_unchanged "another owner file"
}

test_wrong_size_and_not_coreboot_refused() {
	setup
	head -c 131072 "$TESTDIR/old.rom" >"$TESTDIR/short.rom"
	update 2 "$TESTDIR/short.rom" --sha256 "$(sha "$TESTDIR/short.rom")"
	expect_contains "$ERR" "not an image for this flash"
	head -c 262144 /dev/zero >"$TESTDIR/zero.rom"
	update 2 "$TESTDIR/zero.rom" --sha256 "$(sha "$TESTDIR/zero.rom")"
	expect_contains "$ERR" "not a coreboot image"
	expect_flash_unchanged "a malformed image"
}

test_disk_key_needs_its_device() {
	setup
	make_luks_disk
	expect_exit 0 "$HEADS" disk enroll "$DISK" --luks-passphrase-file "$TESTDIR/luks.pass" \
		--passphrase-file "$TESTDIR/unlock.pass" --pcrs 0,2,6,7
	cp "$FLASH" "$TESTDIR/flash.before"
	make_rom new "payload 2" "CONFIG_A=1"
	update 2 "$TESTDIR/new.rom" --sha256 "$(sha "$TESTDIR/new.rom")"
	expect_contains "$ERR" "give --disk DEVICE"
	update 7 "$TESTDIR/new.rom" --sha256 "$(sha "$TESTDIR/new.rom")" --disk "$DISK" \
		--passphrase-file "$TESTDIR/wrong.pass"
	expect_flash_unchanged "a wrong disk passphrase"
}

# A release key among the owner files: a good signature updates; another
# key's signature, or a changed image, is refused.
make_keys() {
	export GNUPGHOME=$TESTDIR/gnupg
	mkdir -m 700 "$GNUPGHOME"
	gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
		--quick-gen-key "Release <release@example.org>" ed25519 sign never 2>/dev/null ||
		fail "no release key"
	gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
		--quick-gen-key "Mallory <m@example.org>" ed25519 sign never 2>/dev/null || fail "no key"
	gpg --batch --export release@example.org >"$TESTDIR/release-keys.gpg" || fail "export"
}

sign() { # sign IMAGE UID OUT
	gpg --batch --yes --quiet --local-user "$2" --detach-sign -o "$3" "$1" || fail "gpg sign"
}

test_signature_by_a_release_key() {
	make_keys
	setup "$TESTDIR/release-keys.gpg"
	make_rom new "payload 2" "CONFIG_A=1" "$TESTDIR/release-keys.gpg"
	sign "$TESTDIR/new.rom" m@example.org "$TESTDIR/mallory.sig"
	update 5 "$TESTDIR/new.rom" --signature "$TESTDIR/mallory.sig"
	expect_contains "$ERR" "signature does not verify"
	expect_flash_unchanged "another key's signature"
	sign "$TESTDIR/new.rom" release@example.org "$TESTDIR/new.sig"
	cp "$TESTDIR/new.rom" "$TESTDIR/changed.rom"
	printf 'X' | dd of="$TESTDIR/changed.rom" bs=1 seek=200000 conv=notrunc status=none
	update 5 "$TESTDIR/changed.rom" --signature "$TESTDIR/new.sig"
	expect_flash_unchanged "a changed image"
	update 0 "$TESTDIR/new.rom" --signature "$TESTDIR/new.sig"
	cmp -s "$FLASH" "$TESTDIR/new.rom" || fail "the signed image was not written"
	boot_image "$FLASH"
	expect_code "the signed new firmware"
}

test_signature_without_release_keys_refused() {
	make_keys
	setup
	make_rom new "payload 2" "CONFIG_A=1"
	sign "$TESTDIR/new.rom" release@example.org "$TESTDIR/new.sig"
	update 5 "$TESTDIR/new.rom" --signature "$TESTDIR/new.sig"
	expect_contains "$ERR" "no release keys"
	expect_flash_unchanged "no release keys"
}

test_help_and_usage() {
	expect_help "flash update"
	expect_exit 2 "$HEADS" flash update
	expect_exit 2 "$HEADS" flash update x.rom
	expect_exit 2 "$HEADS" flash update x.rom --sha256 00
	expect_exit 2 "$HEADS" flash update x.rom --sha256 "$(printf '0%.0s' $(seq 64))" --signature s
}

run_tests "$@"
