#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# heads sign / heads verify with real OpenPGP keys (ed25519, rsa3072) in
# temporary gpg homes, against a fresh swtpm per test: round trips, every
# tampering case, signature failures, rollback, TPM reset, hostile
# manifests and power cuts during signing.
. "$(dirname "$0")/lib.sh"

COUNTER=0x01000030
: "${HEADS_BUILD:=$(dirname "$HEADS")}"
CRASH_SO=$HEADS_BUILD/tests/unit/manifest/crash-at.so
TRAP_SO=$HEADS_BUILD/tests/unit/kexec/kexec-trap.so

# new_key ALGO [NAME]: a key without passphrase in $GH; keyring in $KR.
new_key() {
	GH=$TESTDIR/gnupg
	mkdir -p "$GH"
	chmod 700 "$GH"
	# Run as root, heads signs with a private copy of $GH (in $TMPDIR, as
	# the unprivileged user, who must reach it); a cut signing leaves it.
	chmod 711 "$TESTDIR"
	mkdir -m 711 "$TESTDIR/tmp"
	export TMPDIR=$TESTDIR/tmp
	trap 'gpgconf --homedir "$GH" --kill gpg-agent 2>/dev/null; stop_copy_agents; stop_swtpm; rm -rf "$TESTDIR"' EXIT
	gpg --homedir "$GH" --batch --passphrase '' --quick-gen-key "${2:-Owner} <owner@example.org>" \
		"$1" sign never 2>/dev/null || fail "cannot generate a $1 key"
	KR=$TESTDIR/keyring.gpg
	gpg --homedir "$GH" --export >"$KR"
}

# A small /boot: kernel, initrd, grub config, a symlink, a nested file.
make_boot() {
	BOOT=$TESTDIR/boot
	mkdir -p "$BOOT/grub" "$BOOT/efi/EFI"
	head -c 200000 /dev/urandom >"$BOOT/vmlinuz-6.1"
	head -c 300000 /dev/urandom >"$BOOT/initrd.img-6.1"
	printf 'menuentry "Debian" {\n linux /vmlinuz-6.1\n}\n' >"$BOOT/grub/grub.cfg"
	echo x >"$BOOT/efi/EFI/a file with spaces"
	ln -s vmlinuz-6.1 "$BOOT/vmlinuz"
}

setup() {
	new_key "${1:-ed25519}"
	make_boot
}

sign() {
	expect_exit 0 "$HEADS" sign "$BOOT" --gpg-homedir "$GH" "$@"
}

verify_exit() {
	local code=$1
	shift
	expect_exit "$code" "$HEADS" verify "$BOOT" --keyring "$KR" "$@"
}

# Re-signs heads/manifest as it is now, by hand (for crafted manifests).
resign_by_hand() {
	gpg --homedir "$GH" --batch --yes --armor --detach-sign \
		--output "$BOOT/heads/manifest.sig" "$BOOT/heads/manifest" 2>/dev/null ||
		fail "gpg cannot sign"
}

test_roundtrip_ed25519() {
	setup ed25519
	sign
	expect_contains "$OUT" "Signed 4 files and 1 symlinks"
	expect_contains "$OUT" "is not the root of a file system on a block device: no file system recorded"
	verify_exit 0
	expect_contains "$OUT" "Good signature from \"Owner <owner@example.org>\""
	expect_contains "$OUT" "All 9 files, directories and symlinks match"
	grep -q '^dir efi/EFI 0755$' "$BOOT/heads/manifest" || fail "directory missing: $(cat "$BOOT/heads/manifest")"
	grep -q '^filesystem - -$' "$BOOT/heads/manifest" || fail "a plain directory was pinned"
	expect_contains "$OUT" "Rollback counter: manifest"
	grep -q '^file efi/EFI/a%20file%20with%20spaces 0644 2 ' "$BOOT/heads/manifest" ||
		fail "escaped path missing: $(cat "$BOOT/heads/manifest")"
	grep -q '^symlink vmlinuz vmlinuz-6.1$' "$BOOT/heads/manifest" || fail "symlink missing"
	gpgv --keyring "$KR" "$BOOT/heads/manifest.sig" "$BOOT/heads/manifest" 2>/dev/null ||
		fail "plain gpgv does not accept the signature"
}

test_roundtrip_rsa3072() {
	setup rsa3072
	sign --key owner@example.org
	verify_exit 0
	expect_contains "$OUT" "Good signature"
	# Signing again without changes still verifies, with a newer counter.
	sign
	verify_exit 0
}

# Once the TPM is owned, the rollback counter (an NV index of the owner)
# is created and advanced only with the owner passphrase.
test_signing_after_tpm_reset_takes_the_owner_passphrase() {
	setup ed25519
	printf 'owner passphrase 42' >"$TESTDIR/owner.pass"
	expect_exit 0 "$HEADS" tpm reset --owner-passphrase-file "$TESTDIR/owner.pass"
	expect_exit 1 "$HEADS" sign "$BOOT" --gpg-homedir "$GH"
	expect_contains "$ERR" "The TPM is owned: give the owner passphrase"
	[ -e "$BOOT/heads/manifest" ] && fail "a manifest was written without the owner passphrase"
	sign --owner-passphrase-file "$TESTDIR/owner.pass"
	verify_exit 0
	first=$(sed -n 's/^counter //p' "$BOOT/heads/manifest")
	sign --owner-passphrase-file "$TESTDIR/owner.pass"
	verify_exit 0
	[ "$(sed -n 's/^counter //p' "$BOOT/heads/manifest")" -gt "$first" ] ||
		fail "the counter did not advance: $(grep '^counter' "$BOOT/heads/manifest")"
}

test_content_changed() {
	setup
	sign
	echo evil >>"$BOOT/initrd.img-6.1"
	verify_exit 4
	expect_contains "$OUT" "changed: initrd.img-6.1 (size 300000 -> 300005)"
	expect_contains "$ERR" "differs from its signed manifest"
}

# --json: the same verdict as one JSON object, each difference a string.
test_verify_json() {
	setup
	sign
	verify_exit 0 --json
	python3 -c '
import json, sys
v = json.load(sys.stdin)
assert v["verified"] is True and v["stage"] == "done", v
assert v["signature"]["uid"] == "Owner <owner@example.org>", v
assert v["rollback_counter"]["manifest"] == v["rollback_counter"]["tpm"], v
assert v["checked"] == 9 and v["differences"] == [], v
' <<<"$OUT" || fail "unexpected JSON: $OUT"
	echo evil >>"$BOOT/initrd.img-6.1"
	verify_exit 4 --json
	python3 -c '
import json, sys
v = json.load(sys.stdin)
assert v["verified"] is False and v["stage"] == "files", v
assert v["differences"] == ["changed: initrd.img-6.1 (size 300000 -> 300005)"], v
' <<<"$OUT" || fail "unexpected JSON: $OUT"
	expect_contains "$ERR" "differs from its signed manifest"
}

test_content_changed_same_size() {
	setup
	sign
	flip_byte "$BOOT/vmlinuz-6.1" 1000
	verify_exit 4
	expect_contains "$OUT" "changed: vmlinuz-6.1 (content differs)"
}

test_file_added() {
	setup
	sign
	echo evil >"$BOOT/grub/evil.mod"
	verify_exit 4
	expect_contains "$OUT" "added: grub/evil.mod"
}

test_snapshot_rewrite_is_not_a_change() {
	setup
	mkdir -p "$BOOT/heads"
	echo old >"$BOOT/heads/totp.eventlog"
	sign
	echo rewritten by an enrolment >"$BOOT/heads/totp.eventlog"
	echo new >"$BOOT/heads/disk.eventlog"
	verify_exit 0
	# Only direct children of heads/ with that suffix are left out.
	mkdir -p "$BOOT/heads/sub"
	echo evil >"$BOOT/heads/sub/x.eventlog"
	echo evil >"$BOOT/grub/x.eventlog"
	verify_exit 4
	expect_contains "$OUT" "added: grub/x.eventlog"
	expect_contains "$OUT" "added: heads/sub/x.eventlog"
}

# A firmware update and the first boot after it rewrite the lists of
# sealed states and the TOTP secret's sealed copy; no other file below
# /boot may hide behind those suffixes.
test_sealed_state_files_are_not_a_change() {
	setup
	mkdir -p "$BOOT/heads"
	sign
	echo list >"$BOOT/heads/totp-slot1.branches"
	echo copy >"$BOOT/heads/totp-slot1.sealed"
	echo list >"$BOOT/heads/disk-slot0.branches"
	verify_exit 0
	echo evil >"$BOOT/grub/x.sealed"
	echo evil >"$BOOT/heads/x.branches.mod"
	verify_exit 4
	expect_contains "$OUT" "added: grub/x.sealed"
	expect_contains "$OUT" "added: heads/x.branches.mod"
}

test_file_removed() {
	setup
	sign
	rm "$BOOT/grub/grub.cfg"
	verify_exit 4
	expect_contains "$OUT" "removed: grub/grub.cfg"
}

test_file_renamed() {
	setup
	sign
	mv "$BOOT/initrd.img-6.1" "$BOOT/initrd.img-6.2"
	verify_exit 4
	expect_contains "$OUT" "removed: initrd.img-6.1"
	expect_contains "$OUT" "added: initrd.img-6.2"
}

test_symlink_retargeted() {
	setup
	sign
	ln -sfn initrd.img-6.1 "$BOOT/vmlinuz"
	verify_exit 4
	expect_contains "$OUT" "symlink retargeted: vmlinuz (vmlinuz-6.1 -> initrd.img-6.1)"
}

test_file_replaced_by_symlink() {
	setup
	sign
	rm "$BOOT/vmlinuz-6.1"
	ln -s /etc/passwd "$BOOT/vmlinuz-6.1"
	verify_exit 4
	expect_contains "$OUT" "type changed: vmlinuz-6.1 (file -> symlink)"
}

test_file_replaced_by_directory() {
	setup
	sign
	rm "$BOOT/grub/grub.cfg"
	mkdir "$BOOT/grub/grub.cfg"
	verify_exit 4
	expect_contains "$OUT" "type changed: grub/grub.cfg (file -> directory)"
}

test_special_file_added() {
	setup
	sign
	mkfifo "$BOOT/fifo"
	verify_exit 4
	expect_contains "$OUT" "added: fifo (special file)"
	expect_exit 2 "$HEADS" sign "$BOOT" --gpg-homedir "$GH"
	expect_contains "$ERR" "Cannot sign fifo"
}

# A mode change can change what a boot loader script decides: it fails,
# for files and directories alike, and is named.
test_permissions_changed() {
	setup
	sign
	chmod 600 "$BOOT/grub/grub.cfg"
	verify_exit 4
	expect_contains "$OUT" "permissions changed: grub/grub.cfg (0644 -> 0600)"
	expect_contains "$ERR" "differs from its signed manifest"
	chmod 644 "$BOOT/grub/grub.cfg"
	verify_exit 0
	chmod 700 "$BOOT/efi/EFI"
	verify_exit 4
	expect_contains "$OUT" "permissions changed: efi/EFI (0755 -> 0700)"
}

# An added empty directory flips a grub.cfg "[ -d ... ]" test.
test_directory_added() {
	setup
	sign
	mkdir "$BOOT/grub/x86_64-efi"
	verify_exit 4
	expect_contains "$OUT" "added: grub/x86_64-efi (directory)"
	expect_contains "$ERR" "differs from its signed manifest"
}

test_directory_removed() {
	setup
	mkdir "$BOOT/grub/fonts"
	sign
	grep -q '^dir grub/fonts 0755$' "$BOOT/heads/manifest" || fail "empty directory not listed"
	rmdir "$BOOT/grub/fonts"
	verify_exit 4
	expect_contains "$OUT" "removed: grub/fonts"
}

# A mount point below BOOTDIR (an ESP on /boot/efi) is listed as a
# directory without a mode and not entered; the payload, which does not
# mount it, sees the empty directory below it: both verify.
test_mount_point_listed_not_entered() {
	setup
	mkdir "$BOOT/esp"
	mount -t tmpfs -o mode=0700 esp "$BOOT/esp" 2>/dev/null || skip "cannot mount a tmpfs here"
	trap 'umount "$BOOT/esp" 2>/dev/null; gpgconf --homedir "$GH" --kill gpg-agent 2>/dev/null; stop_swtpm; rm -rf "$TESTDIR"' EXIT
	echo on the ESP >"$BOOT/esp/grubx64.efi"
	sign
	grep -q '^dir esp -$' "$BOOT/heads/manifest" || fail "mount point not listed: $(cat "$BOOT/heads/manifest")"
	expect_not_contains "$(cat "$BOOT/heads/manifest")" "grubx64.efi"
	verify_exit 0
	umount "$BOOT/esp"
	verify_exit 0
	echo evil >"$BOOT/esp/planted"
	verify_exit 4
	expect_contains "$OUT" "added: esp/planted"
}

# A manifest of format 1 (no directories, no file system) is refused even
# with a good signature, with a reason to sign again.
test_version_1_manifest_refused() {
	setup
	sign
	awk 'NR == 1 { print "heads-manifest 1"; next }
		/^filesystem / || /^dir / { next }
		/^end / { print "end " n; next }
		/^(file|symlink) / { n++ } { print }' "$BOOT/heads/manifest" >"$TESTDIR/v1"
	cp "$TESTDIR/v1" "$BOOT/heads/manifest"
	resign_by_hand
	verify_exit 2
	expect_contains "$ERR" "manifest format 1"
	expect_contains "$ERR" "signed again"
	expect_contains "$ERR" "sign it again (heads sign BOOTDIR)"
	sign
	verify_exit 0
}

# loop_fs NAME: an ext4 file system image on a loop device, mounted on
# $TESTDIR/NAME; its device in $LOOP. Skips where loop devices cannot be
# used.
loop_fs() {
	truncate -s 16M "$TESTDIR/$1.img"
	mkfs.ext4 -q "$TESTDIR/$1.img" || fail "mkfs.ext4"
	LOOP=$(losetup -f --show "$TESTDIR/$1.img" 2>/dev/null) || skip "no loop device"
	LOOPS="$LOOPS $LOOP"
	mkdir -p "$TESTDIR/$1"
	mount "$LOOP" "$TESTDIR/$1" 2>/dev/null || skip "cannot mount a loop device"
	MOUNTS="$TESTDIR/$1 $MOUNTS"
}

# The signed /boot pins its file system: the same files on another file
# system, or in a plain directory, are not it.
test_fs_pin_mismatch_refused() {
	new_key ed25519
	LOOPS= MOUNTS=
	trap 'for m in $MOUNTS; do umount "$m"; done; for l in $LOOPS; do losetup -d "$l"; done
		gpgconf --homedir "$GH" --kill gpg-agent 2>/dev/null; stop_swtpm; rm -rf "$TESTDIR"' EXIT
	make_boot
	loop_fs real
	cp -a "$BOOT/." "$TESTDIR/real/"
	BOOT=$TESTDIR/real
	sign
	uuid=$(blkid -s UUID -o value "$LOOP")
	expect_contains "$OUT" "Pinned to the file system of $BOOT: UUID $uuid"
	grep -q "^filesystem $uuid -\$" "$BOOT/heads/manifest" || fail "no pin: $(head -5 "$BOOT/heads/manifest")"
	verify_exit 0
	expect_contains "$OUT" "File system: UUID $uuid, partition UUID none, as pinned."
	# A copy of every byte of /boot's files on another file system.
	loop_fs copy
	cp -a "$BOOT/." "$TESTDIR/copy/"
	BOOT=$TESTDIR/copy
	verify_exit 4
	expect_contains "$ERR" "BOOTDIR is not the file system its manifest pins: the manifest names UUID $uuid"
	expect_contains "$ERR" "not the /boot that was signed"
	expect_not_contains "$OUT" "verified"
	# In a plain directory: refused too, unless knowingly not compared.
	mkdir "$TESTDIR/dir"
	cp -a "$TESTDIR/real/." "$TESTDIR/dir/"
	BOOT=$TESTDIR/dir
	verify_exit 4
	expect_contains "$ERR" "not the root of a file system on a block device"
	verify_exit 0 --no-fs-pin
	expect_contains "$OUT" "--no-fs-pin: the file system was NOT compared"
	# heads boot --keyring checks the pin as verify does.
	expect_exit 4 "$HEADS" boot "$BOOT" --default --keyring "$KR" --dry-run
	expect_contains "$ERR" "not the root of a file system on a block device"
}
test_empty_bootdir() {
	setup
	mkdir "$TESTDIR/empty"
	expect_exit 2 "$HEADS" sign "$TESTDIR/empty" --gpg-homedir "$GH"
	expect_contains "$ERR" "refusing to sign an empty directory"
	sign
	# Everything but the manifest deleted: each file named.
	find "$BOOT" -mindepth 1 -maxdepth 1 ! -name heads -exec rm -rf {} +
	verify_exit 4
	for f in vmlinuz vmlinuz-6.1 initrd.img-6.1 grub/grub.cfg "efi/EFI/a%20file%20with%20spaces"; do
		expect_contains "$OUT" "removed: $f"
	done
	# Everything deleted: not signed.
	rm -rf "${BOOT:?}"/heads
	verify_exit 5
	expect_contains "$ERR" "not signed"
}

test_nonexistent_bootdir() {
	setup
	expect_exit 2 "$HEADS" verify "$TESTDIR/nope" --keyring "$KR"
	expect_exit 2 "$HEADS" sign "$TESTDIR/nope" --gpg-homedir "$GH"
}

test_key_not_in_keyring() {
	setup
	sign
	GH2=$TESTDIR/other
	mkdir -m 700 "$GH2"
	gpg --homedir "$GH2" --batch --passphrase '' --quick-gen-key 'Other <other@example.org>' \
		ed25519 sign never 2>/dev/null
	gpg --homedir "$GH2" --export >"$TESTDIR/other.gpg"
	gpgconf --homedir "$GH2" --kill gpg-agent
	expect_exit 5 "$HEADS" verify "$BOOT" --keyring "$TESTDIR/other.gpg"
	expect_contains "$ERR" "signed by a key that is not in the keyring"
}

test_signature_over_older_manifest() {
	setup
	sign
	cp "$BOOT/heads/manifest.sig" "$TESTDIR/old.sig"
	echo new >"$BOOT/new-file"
	sign
	cp "$TESTDIR/old.sig" "$BOOT/heads/manifest.sig"
	verify_exit 5
	expect_contains "$ERR" "BAD signature"
}

test_truncated_and_garbage_signature() {
	setup
	sign
	cp "$BOOT/heads/manifest.sig" "$TESTDIR/good.sig"
	head -c 120 "$TESTDIR/good.sig" >"$BOOT/heads/manifest.sig"
	verify_exit 5
	expect_contains "$ERR" "Signature check failed"
	head -c 1000 /dev/urandom >"$BOOT/heads/manifest.sig"
	verify_exit 5
	expect_contains "$ERR" "Signature check failed"
	: >"$BOOT/heads/manifest.sig"
	verify_exit 5
	rm "$BOOT/heads/manifest.sig"
	verify_exit 5
	expect_contains "$ERR" "no signature"
}

test_manifest_edited_after_signing() {
	setup
	sign
	sed -i 's/^counter .*/counter 999/' "$BOOT/heads/manifest"
	verify_exit 5
	expect_contains "$ERR" "BAD signature"
	sign
	echo "file evil 0644 1 $(printf x | sha256sum | cut -c1-64)" >>"$BOOT/heads/manifest"
	verify_exit 5
}

test_keyring_missing_empty_armoured() {
	setup
	sign
	expect_exit 2 "$HEADS" verify "$BOOT" --keyring "$TESTDIR/missing.gpg"
	expect_contains "$ERR" "Cannot open the keyring"
	: >"$TESTDIR/empty.gpg"
	expect_exit 2 "$HEADS" verify "$BOOT" --keyring "$TESTDIR/empty.gpg"
	expect_contains "$ERR" "is empty"
	gpg --homedir "$GH" --export --armor >"$TESTDIR/key.asc"
	expect_exit 2 "$HEADS" verify "$BOOT" --keyring "$TESTDIR/key.asc"
	expect_contains "$ERR" "gpg --dearmor"
	expect_exit 2 "$HEADS" verify "$BOOT"
	expect_contains "$ERR" "missing --keyring"
}

test_expired_key_refused() {
	setup
	sign
	gpg --homedir "$GH" --batch --passphrase '' --faked-system-time 20200101T000000 \
		--quick-gen-key 'Old <old@example.org>' ed25519 sign 1y 2>/dev/null
	gpg --homedir "$GH" --export >"$KR"
	gpg --homedir "$GH" --batch --yes --faked-system-time 20200201T000000 --local-user old@example.org \
		--armor --detach-sign --output "$BOOT/heads/manifest.sig" "$BOOT/heads/manifest" 2>/dev/null
	verify_exit 5
	expect_contains "$ERR" "expired"
}

test_revoked_key_refused() {
	setup
	sign
	fpr=$(gpg --homedir "$GH" --with-colons --list-keys owner@example.org | awk -F: '/^fpr/{print $10; exit}')
	sed 's/^:-----/-----/' "$GH/openpgp-revocs.d/$fpr.rev" | gpg --homedir "$GH" --batch --import 2>/dev/null
	gpg --homedir "$GH" --export >"$KR"
	verify_exit 5
	expect_contains "$ERR" "revoked"
}

test_manifest_symlink_not_followed() {
	setup
	sign
	mv "$BOOT/heads/manifest" "$TESTDIR/manifest"
	ln -s "$TESTDIR/manifest" "$BOOT/heads/manifest"
	verify_exit 1
	expect_contains "$ERR" "Cannot read heads/manifest"
	rm "$BOOT/heads/manifest"
	mv "$BOOT/heads" "$TESTDIR/heads"
	ln -s "$TESTDIR/heads" "$BOOT/heads"
	verify_exit 1
}

test_symlink_to_outside_not_followed() {
	setup
	ln -s /etc "$BOOT/etc-link"
	sign
	grep -q '^symlink etc-link /etc$' "$BOOT/heads/manifest" || fail "symlink not recorded"
	! grep -q 'passwd' "$BOOT/heads/manifest" || fail "followed a symlink out of BOOTDIR"
	verify_exit 0
}

# Files named on the command line are followed through symbolic links, a
# symlink inside /boot is still recorded as a symlink: its target's content
# is neither hashed nor checked.
test_symlink_in_boot_recorded_not_followed() {
	setup
	echo outside >"$TESTDIR/outside"
	ln -s "$TESTDIR/outside" "$BOOT/outside-link"
	ln -s "$KR" "$TESTDIR/keyring-link"
	sign
	expect_contains "$OUT" "Signed 4 files and 2 symlinks"
	grep -q "^symlink outside-link $TESTDIR/outside\$" "$BOOT/heads/manifest" ||
		fail "symlink not recorded: $(cat "$BOOT/heads/manifest")"
	echo changed >"$TESTDIR/outside"
	expect_exit 0 "$HEADS" verify "$BOOT" --keyring "$TESTDIR/keyring-link"
	expect_contains "$OUT" "All 10 files, directories and symlinks match"
}

test_rollback_refused() {
	setup
	sign
	cp -a "$BOOT" "$TESTDIR/old-boot"
	echo "new kernel" >"$BOOT/vmlinuz-6.1"
	sign
	verify_exit 0
	rm -rf "$BOOT"
	cp -a "$TESTDIR/old-boot" "$BOOT"
	verify_exit 6
	expect_contains "$ERR" "Rollback: the manifest's counter"
	expect_contains "$ERR" "older than the TPM's"
	verify_exit 0 --no-tpm
	expect_contains "$OUT" "--no-tpm: the rollback counter and the TPM primary key were NOT checked"
}

test_counter_missing_after_tpm_reset() {
	setup
	sign
	tpm2_nvundefine "$COUNTER" >/dev/null 2>&1 || fail "cannot undefine the counter"
	verify_exit 6
	expect_contains "$ERR" "The TPM has no rollback counter"
	expect_contains "$ERR" "reset (cleared) or replaced"
	expect_contains "$ERR" "sign it again (heads sign BOOTDIR)"
	sign
	verify_exit 0
}

# A cleared TPM has a new primary key: signing records it only once the
# owner accepts it.
test_tpm_clear() {
	setup
	sign
	old=$(cat "$HEADS_STATEDIR/primary-key")
	tpm2_clear >/dev/null 2>&1 || fail "cannot clear the TPM"
	verify_exit 6
	expect_contains "$ERR" "The TPM has no rollback counter"
	expect_contains "$ERR" "--accept-new-primary"
	expect_exit 6 "$HEADS" sign "$BOOT" --gpg-homedir "$GH"
	expect_contains "$ERR" "primary key other than the pinned one"
	expect_contains "$ERR" "$old"
	verify_exit 6
	sign --accept-new-primary
	new=$(cat "$HEADS_STATEDIR/primary-key")
	[ "$new" != "$old" ] || fail "the new key was not pinned"
	grep -qx "primary-key $new" "$BOOT/heads/manifest" || fail "the manifest does not record $new"
	verify_exit 0
}

test_counter_replaced_by_ordinary_index() {
	setup
	sign
	tpm2_nvundefine "$COUNTER" >/dev/null 2>&1 || fail "cannot undefine the counter"
	tpm2_nvdefine "$COUNTER" -s 8 -a "ownerwrite|ownerread|authread|authwrite" >/dev/null 2>&1 ||
		fail "cannot define an index"
	printf '\0\0\0\0\0\0\0\1' | tpm2_nvwrite "$COUNTER" -i - >/dev/null 2>&1 || fail "cannot write it"
	verify_exit 6
	expect_contains "$ERR" "is not a heads rollback counter"
}

test_counter_cannot_go_back() {
	setup
	sign
	sign
	before=$(sed -n 's/^counter //p' "$BOOT/heads/manifest")
	tpm2_nvundefine "$COUNTER" >/dev/null 2>&1
	sign
	after=$(sed -n 's/^counter //p' "$BOOT/heads/manifest")
	[ "$after" -gt "$before" ] || fail "a re-created counter went back: $before -> $after"
}

test_primary_key_mismatch() {
	setup
	sign
	sed -i 's/^primary-key sha256:.*/primary-key sha256:'"$(printf '%064d' 0)"'/' "$BOOT/heads/manifest"
	resign_by_hand
	verify_exit 6
	expect_contains "$ERR" "is not the one pinned in the signed manifest"
	verify_exit 0 --no-tpm
}

test_counter_pending_and_ahead() {
	setup
	sign
	c=$(sed -n 's/^counter //p' "$BOOT/heads/manifest")
	sed -i "s/^counter .*/counter $((c + 1))/" "$BOOT/heads/manifest"
	resign_by_hand
	verify_exit 0
	expect_contains "$ERR" "one ahead of the TPM's"
	sed -i "s/^counter .*/counter $((c + 2))/" "$BOOT/heads/manifest"
	resign_by_hand
	verify_exit 6
	expect_contains "$ERR" "by more than one"
}

test_tpm_unreachable() {
	setup
	sign
	expect_exit 1 env HEADS_TCTI="swtpm:host=127.0.0.1,port=1" "$HEADS" verify "$BOOT" --keyring "$KR"
	expect_contains "$ERR" "--no-tpm"
	expect_exit 0 env HEADS_TCTI="swtpm:host=127.0.0.1,port=1" "$HEADS" verify "$BOOT" --keyring "$KR" --no-tpm
}

# hostile NAME LINE: a signed manifest with LINE as its only entry.
hostile() {
	{
		sed -n '1,5p' "$TESTDIR/good-manifest"
		printf '%b\n' "$1"
		echo "end 1"
	} >"$BOOT/heads/manifest"
	resign_by_hand
	verify_exit 2
	expect_contains "$ERR" "signed but malformed"
}

test_hostile_manifests() {
	setup
	sign
	cp "$BOOT/heads/manifest" "$TESTDIR/good-manifest"
	h=$(printf x | sha256sum | cut -c1-64)
	hostile "file ../etc/passwd 0644 1 $h"
	hostile "file /etc/passwd 0644 1 $h"
	hostile "file grub/../../x 0644 1 $h"
	hostile "file a//b 0644 1 $h"
	hostile "file vmlinuz 0644 99999999999999999999 $h"
	hostile "file vmlinuz 0644 2000000000000 $h"
	hostile "file a%00b 0644 1 $h"
	hostile "file a\\0b 0644 1 $h"
	hostile "file heads/manifest 0644 1 $h"
	hostile "symlink $(head -c 40000 /dev/zero | tr '\0' a) x"
	# Duplicates (two entries, so written in full).
	{
		sed -n '1,5p' "$TESTDIR/good-manifest"
		echo "file vmlinuz 0644 1 $h"
		echo "file vmlinuz 0644 1 $h"
		echo "end 2"
	} >"$BOOT/heads/manifest"
	resign_by_hand
	verify_exit 2
	expect_contains "$ERR" "duplicated"
}

# One power cut: state A is signed, /boot is changed to state B, signing
# is killed; then the manifest must be A's (and /boot put back to A
# verifies) or B's (and /boot verifies as it is).
# A power cut resets the TPM too (and frees the sessions the killed
# process held): power-cycle swtpm and start it up again.
tpm_power_cycle() {
	swtpm_ioctl --tcp "127.0.0.1:$((SWTPM_PORT + 1))" -i >/dev/null 2>&1 || fail "cannot power-cycle swtpm"
	tpm2_startup -c >/dev/null 2>&1 || true
}

check_after_cut() {
	local old=$1
	tpm_power_cycle
	if "$HEADS" verify "$BOOT" --keyring "$KR" >"$TESTDIR/out" 2>&1; then
		return 0
	fi
	cmp -s "$BOOT/heads/manifest" "$old" || fail "neither state verifies: $(cat "$TESTDIR/out")"
	cp "$TESTDIR/kernel-a" "$BOOT/vmlinuz-6.1"
	expect_exit 0 "$HEADS" verify "$BOOT" --keyring "$KR"
	cp "$TESTDIR/kernel-b" "$BOOT/vmlinuz-6.1"
}

# power_cut_round CMD...: one round with CMD as the (cut) signing; sets
# CUT_STATUS to its exit status.
power_cut_round() {
	sign
	cp "$BOOT/heads/manifest" "$TESTDIR/manifest-a"
	cp "$BOOT/vmlinuz-6.1" "$TESTDIR/kernel-a"
	head -c 200000 /dev/urandom >"$TESTDIR/kernel-b"
	cp "$TESTDIR/kernel-b" "$BOOT/vmlinuz-6.1"
	"$@" >/dev/null 2>&1
	CUT_STATUS=$?
	check_after_cut "$TESTDIR/manifest-a"
}

# The gpg-agents serving $GH (or the home given), one process id a line.
agents_of_home() {
	local p
	for p in $(pgrep -x gpg-agent); do
		tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qF -- "--homedir ${1:-$GH}" && echo "$p"
	done
}

# Agents left by cut signings in their private copies of $GH.
stop_copy_agents() {
	local p
	for p in $(agents_of_home "$TESTDIR/tmp/heads-gpg."); do
		kill "$p" 2>/dev/null
	done
}

# gpg starts an agent that would keep the unlocked key and the GnuPG home
# (a key disk) in use: signing stops it.
test_sign_stops_the_gpg_agent_it_started() {
	setup
	gpgconf --homedir "$GH" --kill gpg-agent
	[ -z "$(agents_of_home)" ] || fail "an agent still runs before signing"
	sign
	verify_exit 0
	local left
	left=$(agents_of_home)
	[ -z "$left" ] || fail "gpg-agent still runs for $GH after signing: $left"
	left=$(agents_of_home "$TMPDIR/heads-gpg.")
	[ -z "$left" ] || fail "gpg-agent still runs in the private copy of $GH: $left"
	[ -z "$(ls -A "$TMPDIR")" ] || fail "the private copy of $GH was left: $(ls -A "$TMPDIR")"
}

# An agent that ran before (the owner's own session) is left alone.
test_sign_leaves_a_running_agent_alone() {
	setup
	gpg-connect-agent --homedir "$GH" /bye >/dev/null 2>&1 || fail "cannot start an agent"
	local before
	before=$(agents_of_home)
	[ -n "$before" ] || fail "no agent runs before signing"
	sign
	[ "$(agents_of_home)" = "$before" ] || fail "the running agent $before was stopped or replaced"
}

# The helpers that parse what an attacker may have written (gpgv: the
# manifest and signature on /boot; gpg: the key disk) run as an
# unprivileged user. A probe in their place records who it runs as and
# what it can open: a TPM device node as the payload has it (root's,
# 0600), the rundir's event log, the owner's GnuPG home.
write_probe() {
	local name=$1
	PROBE_OUT=$TESTDIR/probe
	mkdir -p "$TESTDIR/bin" "$PROBE_OUT"
	chmod 777 "$PROBE_OUT"
	[ -e "$TESTDIR/tpm0" ] || mknod -m 600 "$TESTDIR/tpm0" c 10 224 || fail "cannot make a device node"
	cat >"$TESTDIR/bin/$name" <<EOF
#!/bin/sh
{
	echo "uid \$(id -u) gid \$(id -g) groups \$(id -G)"
	grep '^NoNewPrivs' /proc/self/status
	echo "args \$*"
	for fd in /proc/\$\$/fd/*; do echo "fd \${fd##*/} \$(readlink "\$fd")"; done
	for f in $TESTDIR/tpm0 $HEADS_RUNDIR/eventlog $GH/pubring.kbx /dev/tpm0 /dev/tpmrm0; do
		case \$f in /dev/*) [ -e "\$f" ] || continue ;; esac
		if (exec 9<"\$f") 2>/dev/null; then echo "OPENED \$f"; else echo "refused \$f"; fi
	done
	env | sed 's/^/env /'
} >$PROBE_OUT/$name 2>&1
exit 2
EOF
	chmod 755 "$TESTDIR/bin/$name"
}

# What every probe must show: not root, no groups, no way back to more
# privileges, nothing of root's opened, no TPM connection inherited, no
# variable of heads passed on.
expect_probe_unprivileged() {
	local rec
	[ -f "$PROBE_OUT/$1" ] || fail "the probe $1 did not run"
	rec=$(cat "$PROBE_OUT/$1")
	expect_contains "$rec" "uid 65534 gid 65534 groups 65534"
	expect_contains "$rec" "NoNewPrivs:	1"
	expect_contains "$rec" "refused $TESTDIR/tpm0"
	expect_contains "$rec" "refused $HEADS_RUNDIR/eventlog"
	expect_contains "$rec" "refused $GH/pubring.kbx"
	expect_not_contains "$rec" "OPENED"
	expect_not_contains "$rec" "socket:"
	expect_not_contains "$rec" "env HEADS_"
	expect_not_contains "$rec" "env GNUPGHOME"
}

# The rundir holds the event log, as on the payload; root can read it.
make_rundir() {
	expect_exit 0 "$HEADS" tpm extend 7 --string probe
	[ -f "$HEADS_RUNDIR/eventlog" ] || fail "no event log in $HEADS_RUNDIR"
	(exec 9<"$HEADS_RUNDIR/eventlog") || fail "root cannot read the event log"
}

test_gpgv_runs_unprivileged() {
	local rec
	setup
	sign
	make_rundir
	write_probe gpgv
	expect_exit 5 env HEADS_GPGV="$TESTDIR/bin/gpgv" "$HEADS" verify "$BOOT" --keyring "$KR"
	expect_probe_unprivileged gpgv
	# Its inputs are open file descriptors, the keyring among them.
	rec=$(cat "$PROBE_OUT/gpgv")
	expect_contains "$rec" "--keyring /proc/self/fd/5"
	expect_contains "$rec" "fd 5 /memfd:keyring"
	expect_contains "$rec" "fd 0 /memfd:manifest"
	# The real gpgv, as the same user, still verifies.
	verify_exit 0
	expect_contains "$OUT" "Good signature"
}

test_gpg_signs_unprivileged() {
	local rec
	setup
	make_rundir
	write_probe gpg
	expect_exit 1 env PATH="$TESTDIR/bin:$PATH" "$HEADS" sign "$BOOT" --gpg-homedir "$GH"
	expect_probe_unprivileged gpg
	# It was given a private copy of the home it can read, removed after.
	rec=$(cat "$PROBE_OUT/gpg")
	expect_contains "$rec" "--homedir $TMPDIR/heads-gpg."
	[ -z "$(ls -A "$TMPDIR")" ] || fail "the private copy of $GH was left: $(ls -A "$TMPDIR")"
	[ ! -e "$BOOT/heads/manifest" ] || fail "a manifest was written though gpg failed"
	# The real gpg, as the same user, still signs.
	sign
	verify_exit 0
}

# Run by another user, heads cannot change user: gpgv runs as that user,
# and the real one still verifies.
test_gpgv_runs_as_the_calling_user() {
	local rec
	setup
	sign
	write_probe gpgv
	chmod 644 "$KR"
	expect_exit 5 setpriv --reuid 4242 --regid 4242 --clear-groups \
		env HEADS_GPGV="$TESTDIR/bin/gpgv" "$HEADS" verify "$BOOT" --keyring "$KR"
	rec=$(cat "$PROBE_OUT/gpgv")
	expect_contains "$rec" "uid 4242 gid 4242 groups 4242"
	expect_contains "$rec" "NoNewPrivs:	1"
	expect_exit 0 setpriv --reuid 4242 --regid 4242 --clear-groups \
		"$HEADS" verify "$BOOT" --keyring "$KR"
	expect_contains "$OUT" "Good signature"
}

# The default boot entry of a new signing: the current manifest's only
# when it verifies against the owner's keyring (signature and counter).
two_entry_boot() {
	setup
	printf 'menuentry "Current" {\n linux /vmlinuz-6.1\n}\nmenuentry "Vulnerable" {\n linux /vmlinuz-6.1\n initrd /initrd.img-6.1\n}\n' \
		>"$BOOT/grub/grub.cfg"
}

# The signed manifest's default line, as written.
signed_default() {
	sed -n 's/^default-entry //p' "$BOOT/heads/manifest"
}

test_sign_keeps_verified_default() {
	two_entry_boot
	sign --default-entry Vulnerable
	echo update >>"$BOOT/vmlinuz-6.1"
	sign --keyring "$KR"
	expect_contains "$OUT" "Default boot entry: Vulnerable"
	[ "$(signed_default)" = Vulnerable ] || fail "the verified default was not kept: $(signed_default)"
	verify_exit 0
	# Without a keyring nothing is carried over, and the command says so.
	sign
	expect_contains "$OUT" "Default boot entry: none (the current manifest's is kept only when it verifies"
	[ "$(signed_default)" = - ] || fail "a default was kept without a keyring: $(signed_default)"
}

# The attacker edits the manifest on /boot to name the older entry; the
# owner then signs an update: the unsigned default is not carried over.
test_sign_drops_unsigned_default() {
	two_entry_boot
	sign --default-entry Current
	sed -i 's/^default-entry .*/default-entry Vulnerable/' "$BOOT/heads/manifest"
	verify_exit 5
	sign --keyring "$KR"
	expect_contains "$OUT" "Default boot entry: none (the current manifest does not verify"
	expect_contains "$OUT" "unsigned, or signed by a key not in the keyring"
	[ "$(signed_default)" = - ] || fail "the unsigned default was signed: $(signed_default)"
	verify_exit 0
	boot_trapped 0 -- "$BOOT" --default --keyring "$KR" --dry-run
	expect_contains "$OUT" "entry: 0: Current"
	# An unsigned manifest of its own, no signature at all: the same.
	sed -i 's/^default-entry .*/default-entry Vulnerable/' "$BOOT/heads/manifest"
	rm -f "$BOOT/heads/manifest.sig"
	sign --keyring "$KR"
	[ "$(signed_default)" = - ] || fail "the unsigned default was signed: $(signed_default)"
}

# The same manifest signed by another key (not in the keyring).
test_sign_drops_foreign_default() {
	two_entry_boot
	sign
	GH2=$TESTDIR/other
	mkdir -m 700 "$GH2"
	gpg --homedir "$GH2" --batch --passphrase '' --quick-gen-key 'Mallory <m@example.org>' \
		ed25519 sign never 2>/dev/null || fail "cannot generate a key"
	sed -i 's/^default-entry .*/default-entry Vulnerable/' "$BOOT/heads/manifest"
	gpg --homedir "$GH2" --batch --yes --armor --detach-sign \
		--output "$BOOT/heads/manifest.sig" "$BOOT/heads/manifest" 2>/dev/null ||
		fail "gpg cannot sign"
	gpgconf --homedir "$GH2" --kill gpg-agent
	sign --keyring "$KR"
	expect_contains "$OUT" "Default boot entry: none (the current manifest does not verify"
	expect_contains "$ERR" "not in the keyring"
	[ "$(signed_default)" = - ] || fail "the foreign default was signed: $(signed_default)"
}

# An older signed manifest, put back, names the vulnerable entry: its
# signature is good but its counter is behind the TPM's.
test_sign_drops_rolled_back_default() {
	two_entry_boot
	sign --default-entry Vulnerable
	cp -a "$BOOT/heads" "$TESTDIR/old-heads"
	sign --default-entry Current
	rm -rf "$BOOT/heads"
	cp -a "$TESTDIR/old-heads" "$BOOT/heads"
	verify_exit 6
	sign --keyring "$KR"
	expect_contains "$OUT" "older than the TPM's rollback counter"
	[ "$(signed_default)" = - ] || fail "the rolled-back default was signed: $(signed_default)"
}

# The shim kills `heads sign` right after its Nth fsync or rename, for
# N = 1, 2, ... until a signing runs through: every point where the state
# on disk changes, including after the last rename, before the TPM
# counter is advanced.
# heads boot with the kexec trap (tests/unit/kexec/trap.c): CODE ARGS...;
# what was loaded lands in $TESTDIR/trap. Extra environment for the trap
# comes first: boot_trapped CODE [VAR=VALUE...] -- ARGS...
boot_trapped() {
	local want=$1 envs=()
	shift
	while [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	shift
	rm -rf "$TESTDIR/trap"
	mkdir -p "$TESTDIR/trap"
	expect_exit "$want" env LD_PRELOAD="$TRAP_SO" HEADS_TRAP_DIR="$TESTDIR/trap" "${envs[@]}" \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" "$HEADS" boot "$@"
}

# Nothing reached kexec_file_load: no kernel, no initrd, no key.
expect_nothing_loaded() {
	[ ! -e "$TESTDIR/trap/kernel" ] || fail "a kernel was loaded"
	[ ! -e "$TESTDIR/trap/initrd" ] || fail "an initrd (with the key) was handed over"
	[ ! -e "$TESTDIR/trap/reboot" ] || fail "rebooted"
}

# `heads boot --keyring` runs the verification /init runs, and its
# --default is the signed manifest's default entry, as in /init.
test_boot_verifies_and_takes_signed_default() {
	setup
	printf 'menuentry "Debian" {\n linux /vmlinuz-6.1\n}\nmenuentry "Debian (old)" {\n linux /vmlinuz-6.1\n initrd /initrd.img-6.1\n}\n' \
		>"$BOOT/grub/grub.cfg"
	sign --default-entry "Debian (old)"
	boot_trapped 0 -- "$BOOT" --default --keyring "$KR" --dry-run
	expect_contains "$OUT" "entry: 1: Debian (old)"
	boot_trapped 0 -- "$BOOT" --default --dry-run
	expect_contains "$OUT" "entry: 0: Debian"
	echo tampered >>"$BOOT/initrd.img-6.1"
	boot_trapped 4 -- "$BOOT" --default --keyring "$KR" --dry-run
	expect_contains "$OUT" "changed: initrd.img-6.1"
	expect_not_contains "$OUT" "kernel:"
	expect_contains "$ERR" "does not verify"
	expect_nothing_loaded
}

# A /boot with one entry that has an initrd, signed; the key to inject.
signed_entry() {
	setup
	printf 'menuentry "Debian" {\n linux /vmlinuz-6.1 ro\n initrd /initrd.img-6.1\n}\n' >"$BOOT/grub/grub.cfg"
	sign
	cp "$BOOT/vmlinuz-6.1" "$TESTDIR/kernel.signed"
	head -c 200000 /dev/urandom >"$TESTDIR/kernel.evil"
	head -c 300000 /dev/urandom >"$TESTDIR/initrd.evil"
	tr -dc 'a-z0-9' </dev/urandom | head -c 48 >"$TESTDIR/key"
}

# --dry-run on the signed state: verified, the entry read, checked, loaded
# (the signed bytes) and unloaded; says what would boot.
test_boot_dry_run_loads_the_signed_bytes() {
	signed_entry
	boot_trapped 0 -- "$BOOT" --default --keyring "$KR" --dry-run --key "$TESTDIR/key"
	expect_contains "$OUT" "each file as verified, then unloaded; would boot \"Debian\"."
	cmp -s "$TESTDIR/trap/kernel" "$TESTDIR/kernel.signed" || fail "not the signed kernel"
	cmp -s -n 300000 "$TESTDIR/trap/initrd" "$BOOT/initrd.img-6.1" || fail "not the signed initrd"
	[ "$(cat "$TESTDIR/trap/unload")" = 1 ] || fail "left loaded"
	[ ! -e "$TESTDIR/trap/reboot" ] || fail "the dry run started the kernel"
}

# --dry-run refuses a changed kernel, naming it, exit 4.
test_boot_dry_run_refuses_changed_kernel() {
	signed_entry
	cp "$TESTDIR/kernel.evil" "$BOOT/vmlinuz-6.1"
	boot_trapped 4 -- "$BOOT" --default --keyring "$KR" --dry-run --key "$TESTDIR/key"
	expect_contains "$OUT" "changed: vmlinuz-6.1 (content differs)"
	expect_contains "$ERR" "not booting it"
	expect_nothing_loaded
}

# The disk answers differently once /boot was verified: the kernel is
# changed (in place, as a disk answering a second read would) after heads
# boot verified it and opened it, before the one read. Refused, naming the
# kernel; nothing loaded; the key archive never built (the key file is not
# even read: a missing one is not noticed).
test_boot_refuses_kernel_changed_after_verification() {
	signed_entry
	boot_trapped 4 HEADS_TRAP_SWAP_ON=kernel HEADS_TRAP_SWAP_FROM="$TESTDIR/kernel.evil" \
		HEADS_TRAP_SWAP_TO="$BOOT/vmlinuz-6.1" -- "$BOOT" --default --keyring "$KR" --key "$TESTDIR/no-key"
	[ -e "$TESTDIR/trap/swapped" ] || fail "the trap did not change the kernel"
	expect_not_contains "$ERR" "does not verify"
	expect_contains "$OUT" "changed: vmlinuz-6.1 (content differs)"
	expect_contains "$ERR" "$BOOT/vmlinuz-6.1, the kernel, is not the file verified: not booting it."
	expect_not_contains "$ERR" "disk key"
	expect_nothing_loaded
}

test_boot_refuses_initrd_changed_after_verification() {
	signed_entry
	boot_trapped 4 HEADS_TRAP_SWAP_ON=initrd HEADS_TRAP_SWAP_FROM="$TESTDIR/initrd.evil" \
		HEADS_TRAP_SWAP_TO="$BOOT/initrd.img-6.1" -- "$BOOT" --default --keyring "$KR" --key "$TESTDIR/key"
	[ -e "$TESTDIR/trap/swapped" ] || fail "the trap did not change the initrd"
	expect_contains "$OUT" "changed: initrd.img-6.1 (content differs)"
	expect_contains "$ERR" "the initrd, is not the file verified"
	expect_nothing_loaded
}

# The boot configuration read again to list the entries is the signed
# one: a grub.cfg that the disk answers differently the second time (the
# same kernel, another command line) stops the boot, named.
test_boot_refuses_config_changed_after_verification() {
	signed_entry
	sed 's/ ro$/ rw/' "$BOOT/grub/grub.cfg" >"$TESTDIR/grub.evil"
	! cmp -s "$TESTDIR/grub.evil" "$BOOT/grub/grub.cfg" || fail "no evil config"
	boot_trapped 4 HEADS_TRAP_SWAP_OPEN=grub.cfg:2 HEADS_TRAP_SWAP_FROM="$TESTDIR/grub.evil" \
		HEADS_TRAP_SWAP_TO="$BOOT/grub/grub.cfg" -- "$BOOT" --default --keyring "$KR" --key "$TESTDIR/key"
	[ -e "$TESTDIR/trap/swapped" ] || fail "the trap did not change grub.cfg"
	expect_contains "$OUT" "changed: grub/grub.cfg (read again to list the entries)"
	expect_contains "$ERR" "$BOOT/grub/grub.cfg is not the file verified: not booting."
	expect_nothing_loaded
}

# Changed after the one read (while the initrd is read): the kernel gets
# the bytes verified, not what the disk holds now.
test_boot_change_after_the_read_never_reaches_kexec() {
	signed_entry
	boot_trapped 0 HEADS_TRAP_SWAP_ON=initrd HEADS_TRAP_SWAP_FROM="$TESTDIR/kernel.evil" \
		HEADS_TRAP_SWAP_TO="$BOOT/vmlinuz-6.1" -- "$BOOT" --default --keyring "$KR" --key "$TESTDIR/key"
	cmp -s "$BOOT/vmlinuz-6.1" "$TESTDIR/kernel.evil" || fail "the trap did not change the kernel"
	cmp -s "$TESTDIR/trap/kernel" "$TESTDIR/kernel.signed" || fail "kexec got other bytes than verified"
	[ "$(cat "$TESTDIR/trap/reboot")" = 0x45584543 ] || fail "not started"
}

test_power_cut_at_every_write() {
	[ -f "$CRASH_SO" ] || fail "no $CRASH_SO"
	setup
	local n killed=0
	for n in $(seq 1 30); do
		power_cut_round env LD_PRELOAD="$CRASH_SO" CRASH_AT=$n \
			ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 \
			"$HEADS" sign "$BOOT" --gpg-homedir "$GH"
		[ $CUT_STATUS -eq 0 ] && break
		[ $CUT_STATUS -eq 137 ] || fail "cut $n: sign exited $CUT_STATUS"
		killed=$((killed + 1))
	done
	[ $killed -ge 10 ] || fail "only $killed cut points"
	[ $CUT_STATUS -eq 0 ] || fail "signing never ran through"
	sign
	verify_exit 0
}

test_power_cut_random_kill() {
	setup
	for i in $(seq 1 12); do
		sign
		cp "$BOOT/heads/manifest" "$TESTDIR/manifest-a"
		cp "$BOOT/vmlinuz-6.1" "$TESTDIR/kernel-a"
		head -c 200000 /dev/urandom >"$TESTDIR/kernel-b"
		cp "$TESTDIR/kernel-b" "$BOOT/vmlinuz-6.1"
		"$HEADS" sign "$BOOT" --gpg-homedir "$GH" >/dev/null 2>&1 &
		pid=$!
		sleep "0.0$((RANDOM % 10))$((RANDOM % 10))"
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		check_after_cut "$TESTDIR/manifest-a"
	done
	sign
	verify_exit 0
}

run_tests "$@"
