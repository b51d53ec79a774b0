#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# heads verity check against dm-verity images made by veritysetup: an
# intact image matches, one changed byte is named by its block (exit 4),
# a changed hash tree or another root hash is refused, and the root hash
# is taken from a signed entry's command line only once /boot verifies.
. "$(dirname "$0")/lib.sh"

# An ext4 image with files (DATA), its hash tree (HASH) and root hash (RH).
make_verity() {
	DATA=$TESTDIR/data.img HASH=$TESTDIR/hash.img
	mkdir -p "$TESTDIR/root/etc"
	echo "sample root file system" >"$TESTDIR/root/etc/heads-sample-marker"
	head -c 100000 /dev/urandom >"$TESTDIR/root/etc/blob"
	truncate -s 4M "$DATA"
	mke2fs -q -F -t ext4 -O ^has_journal -b 4096 -d "$TESTDIR/root" "$DATA" || fail "mke2fs"
	RH=$(veritysetup format "$DATA" "$HASH" | awk '/^Root hash:/ { print $3 }')
	[ ${#RH} = 64 ] || fail "veritysetup gave no root hash"
}

check_exit() { # check_exit CODE ARGS...
	local code=$1
	shift
	expect_exit "$code" "$HEADS" verity check "$DATA" --hash-device "$HASH" "$@"
}

test_intact_image_matches() {
	make_verity
	check_exit 0 --roothash "$RH"
	expect_contains "$OUT" "matches the root hash $RH: 1024 blocks of 4096 bytes checked"
}

# As malware persisting itself would: one byte of a file changed.
test_changed_byte_named_exit4() {
	make_verity
	# The marker file's first block, as the file system places it.
	blk=$(debugfs -R "bmap /etc/heads-sample-marker 0" "$DATA" 2>/dev/null)
	[ -n "$blk" ] && [ "$blk" -gt 0 ] || fail "no block for the marker"
	flip_byte "$DATA" $((blk * 4096 + 3))
	check_exit 4 --roothash "$RH"
	expect_contains "$OUT" "differs from the root hash: data block $blk (byte offset $((blk * 4096)), 4096-byte blocks) does not match its hash"
	expect_contains "$OUT" "Do not trust this file system"
	# veritysetup, checking on its own, finds the same block.
	veritysetup verify "$DATA" "$HASH" "$RH" 2>"$TESTDIR/vs" && fail "veritysetup accepts the image"
	expect_contains "$(cat "$TESTDIR/vs")" "position $((blk * 4096))"
}

test_last_block_changed_named() {
	make_verity
	flip_byte "$DATA" $((1023 * 4096 + 4095))
	check_exit 4 --roothash "$RH"
	expect_contains "$OUT" "data block 1023 "
}

test_changed_hash_tree_named() {
	make_verity
	# The top level of the tree, right after the superblock.
	flip_byte "$HASH" $((4096 + 40))
	check_exit 4 --roothash "$RH"
	expect_contains "$OUT" "the hash tree on $HASH differs at byte offset"
	expect_not_contains "$OUT" "data block"
}

test_other_root_hash_refused() {
	make_verity
	other=$(printf 'x' | sha256sum | cut -c1-64)
	check_exit 4 --roothash "$other"
	expect_contains "$OUT" "does not lead to that root hash"
}

test_tree_on_the_data_device() {
	make_verity
	size=$(stat -c %s "$DATA")
	RH=$(veritysetup format --hash-offset "$size" "$DATA" "$DATA" | awk '/^Root hash:/ { print $3 }')
	expect_exit 0 "$HEADS" verity check "$DATA" --hash-offset "$size" --roothash "$RH"
	flip_byte "$DATA" $((7 * 4096))
	expect_exit 4 "$HEADS" verity check "$DATA" --hash-offset "$size" --roothash "$RH"
	expect_contains "$OUT" "data block 7 "
}

test_usage_and_malformed_input() {
	make_verity
	expect_exit 0 "$HEADS" verity check --help
	expect_contains "$OUT" "Usage: heads verity check DEVICE"
	expect_exit 2 "$HEADS" verity check "$DATA" --roothash "$RH"
	expect_contains "$ERR" "--hash-device"
	check_exit 2
	check_exit 2 --roothash "$RH" --entry 0
	check_exit 2 --entry 0 "$TESTDIR"
	expect_contains "$ERR" "--entry needs --keyring"
	check_exit 2 --roothash "not hex"
	check_exit 2 --roothash "${RH}00"
	expect_contains "$ERR" "The root hash has 33 bytes"
	head -c 1M /dev/zero >"$TESTDIR/zero.img"
	expect_exit 2 "$HEADS" verity check "$DATA" --hash-device "$TESTDIR/zero.img" --roothash "$RH"
	expect_contains "$ERR" "holds no dm-verity hash tree"
	expect_exit 1 "$HEADS" verity check "$DATA" --hash-device "$TESTDIR/missing" --roothash "$RH"
}

# The root inside a LUKS volume: a key that opens no keyslot is refused
# (exit 7) before anything is activated or checked.
test_luks_key_refused() {
	make_verity
	make_luks_disk
	expect_exit 7 "$HEADS" verity check "$DISK" --luks-key-file "$TESTDIR/wrong.pass" \
		--hash-offset 4194304 --roothash "$RH"
	expect_contains "$ERR" "That key opens no keyslot of $DISK"
	expect_not_contains "$OUT" "matches"
}

# A signed /boot whose entry carries roothash=: the key in $GH, keyring $KR.
signed_boot() {
	GH=$TESTDIR/gnupg
	mkdir -p -m 700 "$GH"
	chmod 711 "$TESTDIR"
	mkdir -m 711 "$TESTDIR/tmp"
	export TMPDIR=$TESTDIR/tmp
	trap 'gpgconf --homedir "$GH" --kill gpg-agent 2>/dev/null; stop_swtpm; rm -rf "$TESTDIR"' EXIT
	gpg --homedir "$GH" --batch --passphrase '' --quick-gen-key "Owner <owner@example.org>" \
		ed25519 sign never 2>/dev/null || fail "cannot generate a key"
	KR=$TESTDIR/keyring.gpg
	gpg --homedir "$GH" --export >"$KR"
	BOOT=$TESTDIR/boot
	mkdir -p "$BOOT/grub"
	head -c 1000 /dev/urandom >"$BOOT/vmlinuz-6.1"
	printf 'menuentry "Debian" {\n linux /vmlinuz-6.1 root=/dev/mapper/root ro roothash=%s\n}\n' \
		"$1" >"$BOOT/grub/grub.cfg"
	expect_exit 0 "$HEADS" sign "$BOOT" --gpg-homedir "$GH"
}

test_roothash_from_signed_entry() {
	make_verity
	signed_boot "$RH"
	check_exit 0 --entry 0 "$BOOT" --keyring "$KR"
	expect_contains "$OUT" "Root hash from entry 0 (\"Debian\"), as signed: $RH"
	expect_contains "$OUT" "matches the root hash $RH"
	flip_byte "$DATA" $((9 * 4096 + 1))
	check_exit 4 --entry 0 "$BOOT" --keyring "$KR"
	expect_contains "$OUT" "data block 9 "
}

# Whoever changed the root file system cannot carry its new root hash
# into the command line: /boot then no longer verifies, and nothing is
# checked against the hash it names.
test_rewritten_roothash_in_boot_refused() {
	make_verity
	signed_boot "$RH"
	flip_byte "$DATA" $((9 * 4096 + 1))
	new=$(veritysetup format "$DATA" "$HASH" | awk '/^Root hash:/ { print $3 }')
	sed -i "s/roothash=$RH/roothash=$new/" "$BOOT/grub/grub.cfg"
	check_exit 4 --entry 0 "$BOOT" --keyring "$KR"
	expect_contains "$ERR" "does not verify (see 'heads verify'): not using it."
	expect_not_contains "$OUT" "matches the root hash"
	expect_not_contains "$OUT" "Root hash from entry"
}

test_entry_without_roothash_refused() {
	make_verity
	signed_boot "$RH"
	sed -i "s/ roothash=$RH//" "$BOOT/grub/grub.cfg"
	expect_exit 0 "$HEADS" sign "$BOOT" --gpg-homedir "$GH"
	check_exit 2 --entry 0 "$BOOT" --keyring "$KR"
	expect_contains "$ERR" "has no roothash= on its command line"
}

run_tests "$@"
