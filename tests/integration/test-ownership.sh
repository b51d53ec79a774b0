#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# TPM ownership from the attacker's side, against a fresh swtpm per test:
# after `heads tpm reset`, a shell without the owner passphrase can no
# longer reset the count of wrong passphrases, clear the TPM, or (once the
# platform hierarchy is closed, as /init does before kexec) evict heads'
# objects; wrong unlock passphrases are reported at the next success, a
# lockout is explained with its time; enrolment, unlocking and TOTP work
# with the owner passphrase.
. "$(dirname "$0")/lib.sh"

PRIMARY=0x81000001

# The LUKS test disk (lib.sh) and the owner's passphrase files.
make_disk() {
	make_luks_disk
	printf 'owner passphrase 42' >"$TESTDIR/owner.pass"
	printf 'a guess at the owner' >"$TESTDIR/owner-wrong.pass"
}

take_ownership() {
	expect_exit 0 "$HEADS" tpm reset --owner-passphrase-file "$TESTDIR/owner.pass"
	expect_contains "$OUT" "The TPM was cleared through its platform hierarchy"
}

enroll_disk() {
	expect_exit 0 "$HEADS" disk enroll "$DISK" --luks-passphrase-file "$TESTDIR/luks.pass" \
		--passphrase-file "$TESTDIR/unlock.pass" --owner-passphrase-file "$TESTDIR/owner.pass"
}

unseal() { # unseal EXIT PASSFILE
	rm -f "$TESTDIR/run/key"
	expect_exit "$1" "$HEADS" disk unseal "$DISK" --out "$TESTDIR/run/key" --passphrase-file "$2"
}

lockout_counter() {
	tpm2_getcap properties-variable | sed -n 's/^TPM2_PT_LOCKOUT_COUNTER: //p'
}

persistent_handles() {
	tpm2_getcap handles-persistent | tr -d '\n'
}

# One failed authorization the TPM counts, from a shell: a key of the
# null hierarchy (no authorization needed to make one) used with a wrong
# password.
da_failure() {
	tpm2_createprimary -Q -C n -p right -c "$TESTDIR/null.ctx" 2>/dev/null || fail "createprimary"
	! tpm2_create -Q -C "$TESTDIR/null.ctx" -P wrong -G ecc -u "$TESTDIR/k.pub" \
		-r "$TESTDIR/k.priv" 2>/dev/null || fail "a wrong password was accepted"
	tpm2_flushcontext -t 2>/dev/null
}

test_shell_can_reset_the_count_and_clear_an_unowned_tpm() {
	# What the reset takes away: on a TPM nobody owns, these work.
	da_failure
	[ "$(lockout_counter)" = "0x1" ] || fail "no failure counted: $(lockout_counter)"
	tpm2_dictionarylockout --clear-lockout 2>/dev/null || fail "DA reset refused on an unowned TPM"
	[ "$(lockout_counter)" = "0x0" ] || fail "the count was not reset"
	tpm2_clear 2>/dev/null || fail "clear refused on an unowned TPM"
}

test_after_reset_the_shell_cannot_reset_the_count_or_clear() {
	make_disk
	take_ownership
	da_failure
	da_failure
	tpm2_dictionarylockout --clear-lockout 2>/dev/null && fail "the DA count was reset without authorization"
	[ "$(lockout_counter)" = "0x2" ] || fail "the count changed: $(lockout_counter)"
	tpm2_clear 2>/dev/null && fail "the TPM was cleared through the lockout hierarchy without authorization"
	tpm2_clear -c l 2>/dev/null && fail "the TPM was cleared through the lockout hierarchy"
	expect_contains "$(persistent_handles)" "$PRIMARY"
}

test_closed_platform_the_os_cannot_clear_or_evict() {
	make_disk
	take_ownership
	enroll_disk
	before=$(persistent_handles)
	expect_contains "$before" "$PRIMARY"
	# As /init does right before kexec.
	expect_exit 0 "$HEADS" tpm close-platform
	expect_contains "$OUT" "closed until the next reboot"
	tpm2_getcap properties-variable | grep -q 'phEnable: *0' || fail "phEnable is still set"
	tpm2_clear -c p 2>/dev/null && fail "the TPM was cleared through the platform hierarchy"
	for h in $(tpm2_getcap handles-persistent | sed 's/^- //'); do
		tpm2_evictcontrol -C p -c "$h" 2>/dev/null && fail "evicted $h through the platform hierarchy"
		tpm2_evictcontrol -C o -c "$h" 2>/dev/null && fail "evicted $h without the owner authorization"
	done
	[ "$(persistent_handles)" = "$before" ] || fail "persistent objects changed: $(persistent_handles)"
	# heads itself cannot clear it from the OS either, and says where it can.
	expect_exit 1 "$HEADS" tpm reset --owner-passphrase-file "$TESTDIR/owner.pass"
	expect_contains "$ERR" "The TPM is owned"
	expect_contains "$ERR" "Reset it from the"
	expect_contains "$ERR" "firmware"
	unseal 0 "$TESTDIR/unlock.pass"
}

test_closing_twice_is_not_an_error() {
	expect_exit 0 "$HEADS" tpm close-platform
	expect_exit 0 "$HEADS" tpm close-platform
	expect_contains "$OUT" "closed already"
}

test_wrong_passphrases_are_reported_at_the_next_unlock() {
	make_disk
	take_ownership
	enroll_disk
	unseal 0 "$TESTDIR/unlock.pass"
	expect_not_contains "$ERR" "WARNING"
	for _ in 1 2 3; do
		unseal 7 "$TESTDIR/wrong.pass"
	done
	expect_contains "$ERR" "Wrong passphrase; the TPM allows 7 more tries"
	today=$(date -u +%Y-%m-%d)
	unseal 0 "$TESTDIR/unlock.pass"
	expect_contains "$ERR" "WARNING: 3 wrong passphrases since the last successful unlock: the first on $today"
	expect_contains "$ERR" "someone tried to guess your passphrase"
	expect_contains "$ERR" "The TPM still counts 3 towards its lockout (7 tries left"
	expect_not_contains "$ERR" "more failed authorization"
	# The report is made once.
	unseal 0 "$TESTDIR/unlock.pass"
	expect_not_contains "$ERR" "WARNING"
	# What the shell (or the OS) sees once /init closed the platform
	# hierarchy: the record of a wrong passphrase cannot be erased.
	unseal 7 "$TESTDIR/wrong.pass"
	expect_exit 0 "$HEADS" tpm close-platform
	head -c 32 /dev/zero >"$TESTDIR/zeros"
	for auth in p o 0x01000040; do
		tpm2_nvwrite -Q 0x01000040 -C $auth -i "$TESTDIR/zeros" 2>/dev/null &&
			fail "the record was erased with -C $auth"
	done
	unseal 0 "$TESTDIR/unlock.pass"
	expect_contains "$ERR" "WARNING: 1 wrong passphrase since the last successful unlock, on $today"
}

test_failures_the_firmware_did_not_see_are_reported() {
	make_disk
	take_ownership
	enroll_disk
	unseal 0 "$TESTDIR/unlock.pass"
	da_failure
	unseal 0 "$TESTDIR/unlock.pass"
	expect_contains "$ERR" "the TPM counted 1 more failed authorization than wrong unlock passphrases"
	expect_contains "$ERR" "The TPM still counts 1 towards its lockout (9 tries left"
	unseal 0 "$TESTDIR/unlock.pass"
	expect_not_contains "$ERR" "WARNING"
}

test_lockout_names_the_time_and_the_shell_cannot_lift_it() {
	make_disk
	take_ownership
	enroll_disk
	for _ in $(seq 1 9); do
		unseal 7 "$TESTDIR/wrong.pass"
	done
	# One failure from lockout: heads does not try.
	unseal 1 "$TESTDIR/unlock.pass"
	expect_contains "$ERR" "allows 1 more wrong passphrase before it locks out; not trying"
	da_failure
	[ "$(lockout_counter)" = "0xA" ] || fail "not at the maximum: $(lockout_counter)"
	unseal 1 "$TESTDIR/unlock.pass"
	expect_contains "$ERR" "The TPM is locked out after 10 failed passphrases: it accepts the next try in at most 60 minutes"
	[ -e "$TESTDIR/run/key" ] && fail "a key was written while locked out"
	tpm2_dictionarylockout --clear-lockout 2>/dev/null && fail "the lockout was lifted without authorization"
	[ "$(lockout_counter)" = "0xA" ] || fail "the count changed: $(lockout_counter)"
}

test_enrolment_needs_the_owner_passphrase() {
	make_disk
	take_ownership
	expect_exit 1 "$HEADS" disk enroll "$DISK" --luks-passphrase-file "$TESTDIR/luks.pass" \
		--passphrase-file "$TESTDIR/unlock.pass"
	expect_contains "$ERR" "The TPM is owned: give the owner passphrase"
	expect_exit 7 "$HEADS" totp enroll --no-qr --owner-passphrase-file "$TESTDIR/owner-wrong.pass"
	expect_contains "$ERR" "wrong passphrase"
	expect_not_contains "$OUT" "otpauth://"
}

test_disk_key_and_totp_work_after_reset() {
	make_disk
	expect_exit 0 "$HEADS" totp enroll --no-qr
	take_ownership
	expect_exit 1 "$HEADS" totp show
	expect_contains "$ERR" "No TOTP secret is enrolled"
	expect_exit 0 "$HEADS" totp enroll --no-qr --owner-passphrase-file "$TESTDIR/owner.pass"
	secret=$(sed -n 's/.*[?&]secret=\([A-Z2-7]*\).*/\1/p' <<<"$OUT")
	expect_exit 0 "$HEADS" totp show --time 1700000000
	[ "$OUT" = "$(oathtool --totp -b -N @1700000000 "$secret")" ] || fail "TOTP code $OUT differs"
	enroll_disk
	unseal 0 "$TESTDIR/unlock.pass"
	cryptsetup open --test-passphrase --key-file "$TESTDIR/run/key" "$DISK" ||
		fail "the unsealed key does not open the disk"
}

# On an owned TPM the attestation key is made persistent only with the
# owner passphrase: without it nothing is written and the words say what
# to give; with it once, later quotes need none.
test_attestation_key_needs_the_owner_passphrase_once() {
	printf 'owner passphrase 42' >"$TESTDIR/owner.pass"
	take_ownership
	expect_exit 7 "$HEADS" attest quote --nonce 0badc0de --out "$TESTDIR/q"
	expect_contains "$ERR" "creating the attestation key needs the owner passphrase"
	[ ! -e "$TESTDIR/q" ] || fail "an attestation was written without the key"
	persistent_handles | grep -q 0x81000040 && fail "the attestation key was made persistent"
	expect_exit 0 "$HEADS" attest enroll --out "$TESTDIR/ak.pem" \
		--owner-passphrase-file "$TESTDIR/owner.pass"
	expect_exit 0 "$HEADS" attest quote --nonce 0badc0de --out "$TESTDIR/q"
	expect_exit 0 "$HEADS" attest verify "$TESTDIR/q" --nonce 0badc0de --ak "$TESTDIR/ak.pem"
}

run_tests "$@"
