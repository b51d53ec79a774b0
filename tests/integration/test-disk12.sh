#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# heads disk enroll/unseal on a TPM 1.2 (swtpm in 1.2 mode, chosen by what
# the TPM reports) with real LUKS2 images: the key sealed under the SRK to
# the PCRs (PCR 6 predicted from the headers) and the unlock passphrase.
# From the attacker's side: an extended PCR, a changed LUKS header, a wrong
# passphrase and a sealed file from elsewhere are refused, nothing released.
. "$(dirname "$0")/lib.sh"

: "${HEADS_BUILD:=$(dirname "$HEADS")}"
TOOL=$HEADS_BUILD/tests/tpm12/tpm12-tool
D1=0102030405060708090a0b0c0d0e0f1011121314

tool() {
	"$TOOL" "$@"
}

make_disk() {
	make_luks_disk
	export HEADS_RUNDIR=$TESTDIR/run
}

enroll() {
	expect_exit 0 "$HEADS" disk enroll "$DISK" --luks-passphrase-file "$TESTDIR/luks.pass" \
		--passphrase-file "$TESTDIR/unlock.pass" "$@"
}

unseal() { # unseal EXIT [PASSFILE]
	rm -f "$TESTDIR/key"
	"$HEADS" disk unseal "$DISK" --out "$TESTDIR/key" \
		--passphrase-file "${2:-$TESTDIR/unlock.pass}" >"$TESTDIR/out" 2>"$TESTDIR/err"
	local got=$?
	OUT=$(cat "$TESTDIR/out") ERR=$(cat "$TESTDIR/err")
	[ "$got" = "$1" ] || fail "disk unseal exited $got, expected $1: $ERR"
	[ "$1" = 0 ] || [ ! -e "$TESTDIR/key" ] || fail "a key file was written despite the refusal"
}

# A new boot: PCRs back to zero, the runtime directory (which headers
# were measured, the event log) empty.
reboot() {
	swtpm_ioctl --tcp "127.0.0.1:$((SWTPM_PORT + 1))" -i >/dev/null || fail "swtpm does not reset"
	rm -rf "$HEADS_RUNDIR"
}

key_opens_disk() {
	cryptsetup open --test-passphrase --key-file "$1" "$DISK" 2>/dev/null
}

keyslots() {
	cryptsetup luksDump "$DISK" | grep -cE '^  [0-9]+: luks2'
}

da_count() {
	tool da | sed -n 's/.* count \([0-9]*\) .*/\1/p'
}

test_enrol_unseal_key_opens_volume() {
	make_disk
	enroll
	expect_contains "$OUT" "Disk unlock key enrolled for $DISK"
	# First use of an unowned TPM: owned with the well-known secret.
	expect_exit 0 tool has-owner
	[ "$OUT" = owned ] || fail "the TPM was not owned by the enrolment: $OUT"
	[ "$(keyslots)" = 2 ] || fail "keyslots after enrolment: $(keyslots)"
	unseal 0
	key_opens_disk "$TESTDIR/key" || fail "the unsealed key does not open the volume"
	[ "$(stat -c %a "$TESTDIR/key")" = 400 ] || fail "key file mode is not 0400"
	[ "$(stat -c %s "$TESTDIR/key")" = 64 ] || fail "key is not 64 bytes"
	expect_not_contains "$(hexof "$HEADS_STATEDIR/disk12.sealed")" "$(hexof "$TESTDIR/key")"
	# The header went into PCR 6 through the 1.2 event log, once.
	[ -s "$HEADS_RUNDIR/eventlog12" ] || fail "no TPM 1.2 event log"
	expect_exit 0 tool pcrread 6
	pcr6=$OUT
	unseal 0
	expect_exit 0 tool pcrread 6
	[ "$OUT" = "$pcr6" ] || fail "PCR 6 measured twice in one boot"
	# After a reboot: measured afresh, released again.
	reboot
	unseal 0
	key_opens_disk "$TESTDIR/key" || fail "no key after a reboot"
}

test_sealed_pcr_extended_refused_exit3() {
	make_disk
	enroll
	expect_exit 0 tool extend 7 "$D1"
	unseal 3
	expect_contains "$ERR" "PCR 7 (owner files in flash)"
	[ "$ERR" = "${ERR/PCR 6/}" ] || fail "named a PCR that did not change: $ERR"
	[ -z "$OUT" ] || fail "output despite the refusal: $OUT"
	# A PCR outside the policy changes nothing.
	reboot
	expect_exit 0 tool extend 10 "$D1"
	unseal 0
}

test_changed_luks_header_refused_exit3() {
	make_disk
	enroll
	printf 'another' >"$TESTDIR/another.pass"
	cryptsetup luksAddKey -q --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
		--key-file "$TESTDIR/luks.pass" "$DISK" "$TESTDIR/another.pass" || fail "luksAddKey"
	reboot
	unseal 3
	expect_contains "$ERR" "PCR 6 (LUKS header)"
	[ "$ERR" = "${ERR/PCR 7/}" ] || fail "named a PCR that did not change: $ERR"
}

test_wrong_passphrase_refused_exit7_tries_said() {
	make_disk
	enroll
	before=$(da_count)
	expect_exit 0 tool da
	expect_contains "$OUT" "threshold 5"
	unseal 7 "$TESTDIR/wrong.pass"
	expect_contains "$ERR" "Wrong passphrase; the TPM allows 4 more tries before it locks out"
	[ -z "$OUT" ] || fail "output despite the refusal: $OUT"
	[ "$(da_count)" = $((before + 1)) ] || fail "the TPM did not count the failure"
	unseal 7 "$TESTDIR/wrong.pass"
	expect_contains "$ERR" "allows 3 more tries"
	unseal 7 "$TESTDIR/wrong.pass"
	expect_contains "$ERR" "allows 2 more tries"
	unseal 7 "$TESTDIR/wrong.pass"
	expect_contains "$ERR" "allows 1 more try before"
	# One more failure would lock the TPM: not tried, not even asked.
	count=$(da_count)
	unseal 1 "$TESTDIR/unlock.pass"
	expect_contains "$ERR" "1 more wrong passphrase before it locks out; not trying"
	[ "$(da_count)" = "$count" ] || fail "the TPM was tried at the last chance"
}

test_lockout_said_nothing_released() {
	make_disk
	enroll
	# Someone else spends the tries (heads itself stops one short).
	expect_exit 0 tool seal 0 "data pass" wk "a secret" "$TESTDIR/blob"
	for _ in 1 2 3 4 5; do
		tool unseal "wrong pass" wk "$TESTDIR/blob" >/dev/null 2>&1
	done
	expect_exit 0 tool da
	expect_contains "$OUT" "tries-left 0"
	unseal 1
	expect_contains "$ERR" "locked out"
	expect_contains "$ERR" "LUKS passphrase"
}

test_enrol_wrong_luks_passphrase_changes_nothing() {
	make_disk
	expect_exit 7 "$HEADS" disk enroll "$DISK" --luks-passphrase-file "$TESTDIR/wrong.pass" \
		--passphrase-file "$TESTDIR/unlock.pass"
	expect_contains "$ERR" "LUKS passphrase is wrong"
	[ "$(keyslots)" = 1 ] || fail "a keyslot was added"
	[ ! -e "$HEADS_STATEDIR/disk12.sealed" ] || fail "a sealed key was written"
}

test_reenrol_replaces_previous_keyslot() {
	make_disk
	enroll
	unseal 0
	cp "$TESTDIR/key" "$TESTDIR/old.key"
	reboot
	enroll
	[ "$(keyslots)" = 2 ] || fail "keyslots after re-enrolment: $(keyslots)"
	key_opens_disk "$TESTDIR/old.key" && fail "the previous key still opens the volume"
	reboot
	unseal 0
	key_opens_disk "$TESTDIR/key" || fail "the new key does not open the volume"
	key_opens_disk "$TESTDIR/luks.pass" || fail "the LUKS passphrase no longer opens it"
}

# The sealed file is not the TPM's: one naming the passphrase's keyslot as
# the previous enrolment's does not make the next enrolment remove it.
test_forged_record_keeps_passphrase_keyslot() {
	make_disk
	enroll
	python3 - "$HEADS_STATEDIR/disk12.sealed" <<'PY' || fail "cannot forge"
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
b[16 + 96 + 40] = 0  # the first volume's keyslot: the passphrase's
open(p, 'wb').write(bytes(b))
PY
	reboot
	enroll
	key_opens_disk "$TESTDIR/luks.pass" || fail "the LUKS passphrase keyslot was removed"
}

test_sealed_file_from_another_tpm_refused() {
	make_disk
	enroll
	cp "$HEADS_STATEDIR/disk12.sealed" "$TESTDIR/other.sealed"
	# The same disk enrolled with another TPM: this one's SRK cannot open
	# the other's blob.
	stop_swtpm
	rm -rf "$TESTDIR/tpm"
	start_swtpm || fail "cannot start another TPM"
	rm -rf "$HEADS_RUNDIR"
	expect_exit 0 tool own ""
	cp "$TESTDIR/other.sealed" "$HEADS_STATEDIR/disk12.sealed"
	unseal 1
	expect_contains "$ERR" "sealed by another TPM"
	[ -z "$OUT" ] || fail "output despite the refusal: $OUT"
}

test_not_enrolled() {
	make_disk
	unseal 1
	expect_contains "$ERR" "No disk key is enrolled"
	expect_contains "$ERR" "heads disk enroll"
}

[ -x "$TOOL" ] || { echo "SKIP test-disk12: no $TOOL"; exit 77; }
command -v swtpm_setup >/dev/null || { echo "SKIP test-disk12: no swtpm_setup"; exit 77; }
command -v cryptsetup >/dev/null || { echo "SKIP test-disk12: no cryptsetup"; exit 77; }
use_tpm12 || { echo "FAIL test-disk12: cannot make a TPM 1.2 state"; exit 1; }
run_tests "$@"
