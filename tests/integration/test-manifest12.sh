#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# heads sign / heads verify on a TPM 1.2 (swtpm in 1.2 mode, chosen by
# what the TPM reports): the rollback counter is the monotonic counter
# HDRB, the pin the SHA-256 of the SRK's public key, judged as on 2.0. A
# rollback, another TPM and a wrong owner passphrase are refused.
. "$(dirname "$0")/lib.sh"

: "${HEADS_BUILD:=$(dirname "$HEADS")}"
TOOL=$HEADS_BUILD/tests/tpm12/tpm12-tool

tool() {
	"$TOOL" "$@"
}

setup() {
	GH=$TESTDIR/gnupg
	mkdir -p "$GH"
	chmod 700 "$GH"
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
	head -c 100000 /dev/urandom >"$BOOT/vmlinuz-6.1"
	printf 'menuentry "Debian" {\n linux /vmlinuz-6.1\n}\n' >"$BOOT/grub/grub.cfg"
}

sign() {
	expect_exit 0 "$HEADS" sign "$BOOT" --gpg-homedir "$GH" "$@"
}

verify_exit() {
	local code=$1
	shift
	expect_exit "$code" "$HEADS" verify "$BOOT" --keyring "$KR" "$@"
}

manifest_field() {
	sed -n "s/^$1 //p" "$BOOT/heads/manifest"
}

test_sign_verify_counter_and_srk_pin() {
	setup
	expect_exit 0 tool own ""
	sign
	expect_exit 0 tool rollback-read
	counter=$OUT
	[ "$(manifest_field counter)" = "$counter" ] || fail "manifest counter $(manifest_field counter), TPM $counter"
	expect_exit 0 tool srk-pin
	[ "$(manifest_field primary-key)" = "sha256:$OUT" ] || fail "manifest pin $(manifest_field primary-key), SRK $OUT"
	expect_contains "$OUT" "$(cut -d: -f2 "$HEADS_STATEDIR/primary-key")"
	verify_exit 0
	expect_contains "$OUT" "Good signature"
	expect_contains "$OUT" "Rollback counter: manifest $counter"
}

test_rollback_refused() {
	setup
	expect_exit 0 tool own ""
	sign
	cp -a "$BOOT" "$TESTDIR/old-boot"
	echo "new kernel" >"$BOOT/vmlinuz-6.1"
	sign
	verify_exit 0
	rm -rf "$BOOT"
	cp -a "$TESTDIR/old-boot" "$BOOT"
	verify_exit 6
	expect_contains "$ERR" "Rollback: the manifest's counter"
	verify_exit 0 --no-tpm
}

test_counter_created_with_owner_passphrase_wrong_refused() {
	setup
	printf 'owner pass' >"$TESTDIR/owner.pass"
	printf 'not the owner' >"$TESTDIR/wrong.pass"
	expect_exit 0 "$HEADS" tpm own --owner-passphrase-file "$TESTDIR/owner.pass"
	expect_exit 7 "$HEADS" sign "$BOOT" --gpg-homedir "$GH" --owner-passphrase-file "$TESTDIR/wrong.pass"
	expect_contains "$ERR" "Wrong TPM owner passphrase: the rollback counter was not created"
	[ ! -e "$BOOT/heads/manifest.sig" ] || fail "signed without a counter"
	expect_exit 1 tool rollback-read
	sign --owner-passphrase-file "$TESTDIR/owner.pass"
	verify_exit 0
	# Once it exists, signing needs no owner passphrase.
	echo "new kernel" >"$BOOT/vmlinuz-6.1"
	sign </dev/null
	verify_exit 0
}

test_another_tpm_refused() {
	setup
	expect_exit 0 tool own ""
	sign
	# The TPM cleared and owned anew: another SRK, no counter.
	expect_exit 0 tool force-clear
	expect_exit 0 tool own ""
	verify_exit 6
	[ "$ERR" != "${ERR/primary key/}" ] || [ "$ERR" != "${ERR/rollback counter/}" ] ||
		fail "the refusal names neither the key nor the counter: $ERR"
	expect_exit 6 "$HEADS" sign "$BOOT" --gpg-homedir "$GH"
	expect_contains "$ERR" "not the pinned"
	sign --accept-new-primary
	verify_exit 0
}

[ -x "$TOOL" ] || { echo "SKIP test-manifest12: no $TOOL"; exit 77; }
command -v swtpm_setup >/dev/null || { echo "SKIP test-manifest12: no swtpm_setup"; exit 77; }
use_tpm12 || { echo "FAIL test-manifest12: cannot make a TPM 1.2 state"; exit 1; }
run_tests "$@"
