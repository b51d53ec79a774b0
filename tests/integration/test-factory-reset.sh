#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# heads owner reset (the factory reset) against a fresh swtpm per test, a
# file-backed flash (a CBFS image made with cbfstool) and a LUKS image, on
# a "used" machine: an old owner's key in the flash's keyring, /boot signed
# by it, TOTP and a disk key enrolled. After the reset the flash's keyring
# is the new key, /boot verifies with it and not with a signature by the
# old key; at the next boot (the owner files measured into PCR 7 as /init
# does, from the new image, by cbfstool and heads tpm extend) the TPM's
# TOTP code equals oathtool's for the new secret and the disk key unseals.
# A reset that cannot finish its checks changes nothing.
. "$(dirname "$0")/lib.sh"

KEYRING_NAME=heads/initrd/.gnupg/pubring.kbx

# The old owner: a key, a flash image whose keyring holds it, a signed
# /boot, and the measurements of this boot's owner files.
used_machine() {
	chmod 711 "$TESTDIR"
	mkdir -m 711 "$TESTDIR/tmp"
	export TMPDIR=$TESTDIR/tmp
	OLD=$TESTDIR/old-gnupg
	KEYHOME=$TESTDIR/keydisk/.gnupg
	mkdir -m 700 "$OLD" && mkdir "$TESTDIR/keydisk"
	trap 'gpgconf --homedir "$OLD" --kill gpg-agent 2>/dev/null; stop_swtpm; rm -rf "$TESTDIR"' EXIT
	gpg --homedir "$OLD" --batch --passphrase '' --quick-gen-key 'Old <old@example.org>' \
		ed25519 sign never 2>/dev/null || fail "cannot make the old key"
	OLD_FPR=$(gpg --homedir "$OLD" --with-colons --list-keys | awk -F: '/^fpr/{print $10; exit}')
	gpg --homedir "$OLD" --export >"$TESTDIR/old.gpg"
	make_rom
	make_boot
	make_luks_disk
	printf 'new owner passphrase' >"$TESTDIR/owner.pass"
	printf 'new key passphrase' >"$TESTDIR/key.pass"
	measure_owner_files "$ROM"
	expect_exit 0 "$HEADS" sign "$BOOT" --gpg-homedir "$OLD"
	expect_exit 0 "$HEADS" totp enroll --no-qr
	expect_exit 0 "$HEADS" disk enroll "$DISK" --luks-passphrase-file "$TESTDIR/luks.pass" \
		--passphrase-file "$TESTDIR/unlock.pass"
}

make_rom() {
	ROM=$TESTDIR/flash.rom
	cbfstool "$ROM" create -m x86 -s 0x100000 >/dev/null || fail "cbfstool create"
	head -c 5000 /dev/urandom >"$TESTDIR/payload"
	cbfstool "$ROM" add -f "$TESTDIR/payload" -n fallback/payload -t raw || fail "cbfstool add"
	printf 'CONFIG_BOOT_DEV=/dev/vda1\n' >"$TESTDIR/config.user"
	cbfstool "$ROM" add -f "$TESTDIR/config.user" -n heads/initrd/etc/config.user -t raw ||
		fail "cbfstool add"
	cbfstool "$ROM" add -f "$TESTDIR/old.gpg" -n "$KEYRING_NAME" -t raw || fail "cbfstool add"
}

make_boot() {
	BOOT=$TESTDIR/boot
	mkdir -p "$BOOT/grub"
	head -c 100000 /dev/urandom >"$BOOT/vmlinuz-6.1"
	printf 'menuentry "Debian" {\n linux /vmlinuz-6.1\n}\n' >"$BOOT/grub/grub.cfg"
}

# The owner files of a flash image in CBFS order, as cbfstool lists them.
owner_files() {
	cbfstool "$1" print | awk '$1 ~ /^heads\/initrd\// {print $1}'
}

# What /init measures into PCR 7 from the image: each owner file's path,
# then its content.
measure_owner_files() {
	local name
	for name in $(owner_files "$1"); do
		cbfstool "$1" extract -n "$name" -f "$TESTDIR/owner-file" >/dev/null || fail "extract $name"
		"$HEADS" tpm extend 7 --string "${name#heads/initrd/}" --kind user-file-name \
			--name "$name" >/dev/null || fail "extend $name"
		"$HEADS" tpm extend 7 --file "$TESTDIR/owner-file" --kind user-file \
			--name "$name" >/dev/null || fail "extend $name"
	done
}

factory_reset() { # factory_reset EXIT [ARGS]
	local want=$1
	shift
	expect_exit "$want" "$HEADS" owner reset "$BOOT" --flash "file:$ROM" --key-home "$KEYHOME" \
		--uid 'New <new@example.org>' --no-qr --owner-passphrase-file "$TESTDIR/owner.pass" \
		--key-passphrase-file "$TESTDIR/key.pass" --disk "$DISK" \
		--luks-passphrase-file "$TESTDIR/luks.pass" --passphrase-file "$TESTDIR/unlock.pass" "$@"
}

# The machine reboots: PCRs back to their reset values, this boot's event
# log and records gone.
next_boot() {
	gpgconf --homedir "$KEYHOME" --kill gpg-agent 2>/dev/null
	stop_swtpm
	rm -rf "$HEADS_RUNDIR"
	start_swtpm || fail "cannot restart swtpm"
}

flash_keyring() {
	cbfstool "$ROM" extract -n "$KEYRING_NAME" -f "$TESTDIR/flash.gpg" >/dev/null ||
		fail "no keyring in the flash"
	gpg --with-colons --show-keys "$TESTDIR/flash.gpg" 2>/dev/null | awk -F: '/^fpr/{print $10}'
}

test_factory_reset_of_a_used_machine() {
	used_machine
	factory_reset 0
	predicted=$(sed -n 's/.*(PCR 7 will be \([0-9a-f]*\)).*/\1/p' <<<"$OUT")
	secret=$(sed -n 's/.*otpauth:\/\/totp\/.*[?&]secret=\([A-Z2-7]*\).*/\1/p' <<<"$OUT")
	[ ${#secret} -eq 32 ] || fail "no 20-byte secret in the URI: $OUT"
	new_fpr=$(sed -n 's/^New signing key \([0-9A-F]*\),.*/\1/p' <<<"$OUT")
	[ -n "$new_fpr" ] || fail "no new key named: $OUT"
	# The flash's keyring is the new key alone; the rest of the image is kept.
	[ "$(flash_keyring)" = "$new_fpr" ] || fail "flash keyring: $(flash_keyring), want $new_fpr"
	cbfstool "$ROM" extract -n fallback/payload -f "$TESTDIR/payload.out" >/dev/null
	cmp -s "$TESTDIR/payload" "$TESTDIR/payload.out" || fail "the payload changed"
	# The new key's secret part is on the key disk.
	gpg --homedir "$KEYHOME" --with-colons --list-secret-keys 2>/dev/null | grep -q "$new_fpr" ||
		fail "the key disk holds no secret key $new_fpr"
	# This boot still measures the old owner files: the new secrets are sealed to the next.
	expect_exit 3 "$HEADS" totp show
	next_boot
	measure_owner_files "$ROM"
	expect_exit 0 "$HEADS" tpm pcrs --pcrs 7
	[ "$OUT" = "7: $predicted" ] || fail "PCR 7 is $OUT, the reset predicted $predicted"
	now=$(date +%s)
	expect_exit 0 "$HEADS" totp show --time "$now"
	[ "$OUT" = "$(oathtool --totp -b -N "@$now" "$secret")" ] ||
		fail "heads $OUT, oathtool $(oathtool --totp -b -N "@$now" "$secret")"
	expect_exit 0 "$HEADS" disk unseal "$DISK" --out "$TESTDIR/key" \
		--passphrase-file "$TESTDIR/unlock.pass"
	cryptsetup open --test-passphrase --key-file "$TESTDIR/key" "$DISK" ||
		fail "the unsealed key does not open the disk"
	# /boot verifies with the flash's keyring; the old key's signature does not.
	expect_exit 0 "$HEADS" verify "$BOOT" --keyring "$TESTDIR/flash.gpg"
	gpg --homedir "$OLD" --batch --yes --armor --detach-sign --output "$BOOT/heads/manifest.sig" \
		"$BOOT/heads/manifest" 2>/dev/null || fail "the old key cannot sign"
	expect_exit 5 "$HEADS" verify "$BOOT" --keyring "$TESTDIR/flash.gpg"
}

# The TPM and the flash as they were: nothing of the old owner's lost.
expect_unchanged() {
	cmp -s "$ROM" "$TESTDIR/flash.before" || fail "the flash was written"
	[ ! -e "$KEYHOME" ] || fail "a key was made"
	tpm2_getcap properties-variable | grep -q 'ownerAuthSet: *0' || fail "the TPM was reset"
	expect_exit 0 "$HEADS" totp show
	expect_exit 0 "$HEADS" verify "$BOOT" --keyring "$TESTDIR/old.gpg"
}

test_wrong_luks_passphrase_changes_nothing() {
	used_machine
	cp "$ROM" "$TESTDIR/flash.before"
	factory_reset 7 --luks-passphrase-file "$TESTDIR/wrong.pass"
	expect_contains "$ERR" "The LUKS passphrase does not open $DISK"
	expect_contains "$ERR" "Nothing was changed."
	expect_unchanged
}

test_logs_that_do_not_replay_change_nothing() {
	used_machine
	cp "$ROM" "$TESTDIR/flash.before"
	# Something extended PCR 7 without a log entry: the next boot's value
	# cannot be computed.
	tpm2_pcrextend 7:sha256=$(printf '%064d' 1) || fail "pcrextend"
	factory_reset 2
	expect_contains "$ERR" "PCR 7: the event logs do not replay"
	expect_contains "$ERR" "Cannot compute the PCR values of the next boot"
	expect_contains "$ERR" "Nothing was changed."
	cmp -s "$ROM" "$TESTDIR/flash.before" || fail "the flash was written"
	[ ! -e "$KEYHOME" ] || fail "a key was made"
	tpm2_getcap properties-variable | grep -q 'ownerAuthSet: *0' || fail "the TPM was reset"
}

test_flash_without_cbfs_changes_nothing() {
	used_machine
	head -c 65536 /dev/zero >"$ROM"
	cp "$ROM" "$TESTDIR/flash.before"
	factory_reset 2
	expect_contains "$ERR" "The flash's CBFS cannot be read"
	expect_contains "$ERR" "Nothing was changed."
	expect_unchanged
}

# A flash whose CBFS has no room for a new keyring: refused before the
# TPM is cleared.
test_full_flash_changes_nothing() {
	used_machine
	free=$(cbfstool "$ROM" print | awk '$1 == "(empty)" {print $4}' | tail -n 1)
	head -c $((free - 256)) /dev/urandom >"$TESTDIR/filler"
	cbfstool "$ROM" add -f "$TESTDIR/filler" -n filler -t raw || fail "cannot fill the CBFS"
	cp "$ROM" "$TESTDIR/flash.before"
	factory_reset 1
	expect_contains "$ERR" "The flash's CBFS has no room for a new keyring"
	expect_contains "$ERR" "Nothing was changed."
	expect_unchanged
}

test_help() {
	expect_help "owner reset"
	expect_exit 2 "$HEADS" owner reset "$TESTDIR"
	expect_contains "$ERR" "--flash SPEC"
}

run_tests "$@"
