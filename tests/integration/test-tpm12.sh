#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The TPM 1.2 library (src/tpm12) against swtpm in TPM 1.2 mode, through
# its test command (tests/tpm12/tpm12-tool): each operation, and from the
# attacker's side a wrong PCR state, a wrong authorization value, the
# dictionary-attack lockout, a tampered sealed blob and a counter that
# only goes up, each refused with nothing released.
. "$(dirname "$0")/lib.sh"

: "${HEADS_BUILD:=$(dirname "$HEADS")}"
TOOL=$HEADS_BUILD/tests/tpm12/tpm12-tool
SECRET="the sealed secret 0123456789"
D1=0102030405060708090a0b0c0d0e0f1011121314

tool() {
	"$TOOL" "$@"
}

# sha1ext OLD DIGEST: the value of a PCR holding OLD after extending DIGEST.
sha1ext() {
	python3 -c 'import hashlib,sys; print(hashlib.sha1(bytes.fromhex(sys.argv[1]) + bytes.fromhex(sys.argv[2])).hexdigest())' "$1" "$2"
}

own() {
	expect_exit 0 tool take-ownership "owner pass" wk
}

seal() {
	own
	expect_exit 0 tool seal 0,10 "data pass" wk "$SECRET" "$TESTDIR/blob"
}

# The dictionary-attack counter the TPM reports.
da_count() {
	tool da | sed -n 's/.* count \([0-9]*\) .*/\1/p'
}

# swtpm's power cycle: PCRs back to zero, NV and counters kept; the next
# command finds the TPM not started and starts it.
power_cycle() {
	swtpm_ioctl --tcp "127.0.0.1:$((SWTPM_PORT + 1))" -i >/dev/null || fail "swtpm does not reset"
}

test_family_and_version() {
	expect_exit 0 tool family
	[ "$OUT" = 1.2 ] || fail "family: $OUT"
	expect_exit 0 tool version
	expect_contains "$OUT" "version 1.2 "
	expect_contains "$OUT" "vendor IBM"
	# The same question to a TPM 2.0 gets the other answer.
	stop_swtpm
	SWTPM_FAMILY=2.0 start_swtpm || fail "cannot start a TPM 2.0"
	expect_exit 0 tool family
	[ "$OUT" = 2.0 ] || fail "family of a TPM 2.0: $OUT"
}

test_pcr_extend_and_read() {
	expect_exit 0 tool pcrread 10
	[ "$OUT" = 0000000000000000000000000000000000000000 ] || fail "PCR 10 at start: $OUT"
	expect_exit 0 tool extend 10 "$D1"
	want=$(sha1ext 0000000000000000000000000000000000000000 "$D1")
	[ "$OUT" = "$want" ] || fail "extend returned $OUT, expected $want"
	expect_exit 0 tool pcrread 10
	[ "$OUT" = "$want" ] || fail "PCR 10 reads $OUT, expected $want"
	expect_exit 2 tool pcrread 24
}

test_take_ownership() {
	expect_exit 0 tool has-owner
	[ "$OUT" = unowned ] || fail "a new TPM: $OUT"
	own
	expect_exit 0 tool has-owner
	[ "$OUT" = owned ] || fail "after taking ownership: $OUT"
	expect_exit 0 tool srk-pub "owner pass"
	expect_contains "$OUT" "modulus 2048 bits sha256 "
	pin=$OUT
	expect_exit 0 tool srk-pub "owner pass"
	[ "$OUT" = "$pin" ] || fail "the SRK's public key changed: $pin, then $OUT"
	# A second owner is refused, the first one stays.
	expect_exit 1 tool take-ownership "another owner" wk
	expect_contains "$ERR" "already has an owner"
	expect_exit 0 tool srk-pub "owner pass"
}

test_owner_auth_wrong_refused() {
	own
	before=$(da_count)
	expect_exit 7 tool srk-pub "not the owner"
	expect_contains "$ERR" "wrong authorization"
	[ -z "$OUT" ] || fail "output despite the refusal: $OUT"
	[ "$(da_count)" = $((before + 1)) ] || fail "the TPM did not count the failure"
}

test_seal_unseal() {
	seal
	expect_exit 0 tool unseal "data pass" wk "$TESTDIR/blob"
	[ "$OUT" = "$SECRET" ] || fail "unsealed: $OUT"
	# A PCR outside the selection changes nothing.
	expect_exit 0 tool extend 11 "$D1"
	expect_exit 0 tool unseal "data pass" wk "$TESTDIR/blob"
	[ "$OUT" = "$SECRET" ] || fail "unsealed after extending PCR 11: $OUT"
	expect_not_contains "$(hexof "$TESTDIR/blob")" "$(printf %s "$SECRET" | od -An -tx1 -v | tr -d ' \n')"
}

test_unseal_refused_after_extend() {
	seal
	expect_exit 0 tool extend 10 "$D1"
	expect_exit 3 tool unseal "data pass" wk "$TESTDIR/blob"
	expect_contains "$ERR" "the PCR state differs"
	expect_not_contains "$OUT" "$SECRET"
	[ -z "$OUT" ] || fail "output despite the refusal: $OUT"
	# Not even after a reboot with PCR 10 extended again the same way
	# plus once more.
	power_cycle
	expect_exit 0 tool extend 10 "$D1"
	expect_exit 0 tool extend 10 "$D1"
	expect_exit 3 tool unseal "data pass" wk "$TESTDIR/blob"
	# A reboot restores the sealed state.
	power_cycle
	expect_exit 0 tool unseal "data pass" wk "$TESTDIR/blob"
	[ "$OUT" = "$SECRET" ] || fail "unsealed after the reboot: $OUT"
}

test_unseal_refused_wrong_auth() {
	seal
	before=$(da_count)
	expect_exit 7 tool unseal "wrong pass" wk "$TESTDIR/blob"
	expect_contains "$ERR" "wrong authorization"
	[ -z "$OUT" ] || fail "output despite the refusal: $OUT"
	[ "$(da_count)" = $((before + 1)) ] || fail "the TPM did not count the failure"
	# The wrong SRK authorization too.
	expect_exit 7 tool unseal "data pass" "not the srk auth" "$TESTDIR/blob"
	[ -z "$OUT" ] || fail "output despite the refusal: $OUT"
}

# Waits (at most 30 s) until the TPM's dictionary-attack lockout is over.
await_lockout_end() {
	for _ in $(seq 1 300); do
		tool da | grep -q " active 0 " && return 0
		sleep 0.1
	done
	fail "the lockout did not end: $(tool da)"
}

# Fails with a wrong authorization until the TPM reports a lockout of at
# least $1 seconds. swtpm's lockout starts past its threshold at 1 s and
# doubles with each failure once the previous one ended (1, 2, 4, 8 s): a
# lockout of 1 s could end between two commands on a busy machine.
lock_out_for() {
	local left
	for _ in $(seq 1 12); do
		tool unseal "wrong pass" wk "$TESTDIR/blob" >"$TESTDIR/out" 2>"$TESTDIR/err"
		[ -s "$TESTDIR/out" ] && fail "output despite a wrong authorization: $(cat "$TESTDIR/out")"
		left=$(tool da | sed -n 's/.* seconds-left \([0-9]*\).*/\1/p')
		[ "${left:-0}" -ge "$1" ] && return 0
		await_lockout_end
	done
	fail "no lockout of $1 s: $(tool da)"
}

test_lockout_refuses_right_auth() {
	seal
	lock_out_for 8
	expect_exit 1 tool unseal "wrong pass" wk "$TESTDIR/blob"
	expect_contains "$ERR" "locked out"
	expect_exit 0 tool da
	expect_contains "$OUT" "active 1"
	expect_contains "$OUT" "tries-left 0"
	expect_exit 1 tool unseal "data pass" wk "$TESTDIR/blob"
	expect_contains "$ERR" "locked out"
	expect_not_contains "$OUT" "$SECRET"
}

test_tampered_blob_refused() {
	seal
	size=$(stat -c %s "$TESTDIR/blob")
	for off in 20 $((size - 30)) $((size - 1)); do
		cp "$TESTDIR/blob" "$TESTDIR/bad"
		flip_byte "$TESTDIR/bad" "$off"
		tool unseal "data pass" wk "$TESTDIR/bad" >"$TESTDIR/out" 2>"$TESTDIR/err" &&
			fail "a blob changed at $off unsealed"
		expect_not_contains "$(cat "$TESTDIR/out")" "$SECRET"
	done
	# Truncated: refused before any command is sent.
	head -c $((size - 1)) "$TESTDIR/blob" >"$TESTDIR/bad"
	expect_exit 1 tool --count unseal "data pass" wk "$TESTDIR/bad"
	expect_contains "$ERR" "tpm12 commands: 0"
}

test_nv_owner_write_read() {
	own
	expect_exit 0 tool nv-define "owner pass" 0x11000 32 owner
	expect_exit 0 tool nv-write 0x11000 "owner record" "owner:owner pass"
	expect_exit 0 tool nv-read 0x11000 12
	[ "$OUT" = "owner record" ] || fail "read back: $OUT"
	expect_exit 7 tool nv-write 0x11000 "forged record" "owner:not the owner"
	expect_exit 1 tool nv-write 0x11000 "forged record" none
	expect_exit 0 tool nv-read 0x11000 12
	[ "$OUT" = "owner record" ] || fail "changed by a refused write: $OUT"
	expect_exit 0 tool nv-undefine "owner pass" 0x11000
	expect_exit 1 tool nv-read 0x11000 12
	expect_contains "$ERR" "no such NV index"
}

# A write over several commands shares one session, its nonces rolling.
test_nv_write_in_chunks_one_session() {
	own
	expect_exit 0 tool nv-define "owner pass" 0x11003 1600 owner
	expect_exit 0 tool --count nv-fill 0x11003 1500 "owner:owner pass"
	expect_contains "$ERR" "tpm12 commands: 3" # OIAP, two writes
	want=$(python3 -c 'print("".join(chr(65 + i % 26) for i in range(1500)))')
	expect_exit 0 tool nv-read 0x11003 1500
	[ "$OUT" = "$want" ] || fail "read back differs"
	expect_exit 7 tool nv-fill 0x11003 1400 "owner:not the owner"
	expect_exit 0 tool nv-read 0x11003 1500
	[ "$OUT" = "$want" ] || fail "a refused write changed the area"
}

test_nv_auth_write() {
	own
	expect_exit 0 tool nv-define "owner pass" 0x11001 16 "auth:area pass"
	expect_exit 0 tool nv-write 0x11001 "area record" "auth:area pass"
	expect_exit 7 tool nv-write 0x11001 "forged" "auth:wrong area pass"
	expect_exit 0 tool nv-read 0x11001 11
	[ "$OUT" = "area record" ] || fail "read back: $OUT"
}

test_nv_pcr_bound_write() {
	own
	expect_exit 0 tool nv-define "owner pass" 0x11002 16 pcrs:10
	expect_exit 0 tool nv-write 0x11002 "pcr record" "owner:owner pass"
	expect_exit 0 tool extend 10 "$D1"
	expect_exit 3 tool nv-write 0x11002 "forged" "owner:owner pass"
	expect_contains "$ERR" "the PCR state differs"
	expect_exit 0 tool nv-read 0x11002 10
	[ "$OUT" = "pcr record" ] || fail "read back: $OUT"
}

test_counter_only_goes_up() {
	own
	expect_exit 0 tool counter-create "owner pass" "counter pass"
	read -r id start <<<"$OUT"
	expect_exit 0 tool counter-inc "$id" "counter pass"
	[ "$OUT" = $((start + 1)) ] || fail "incremented to $OUT from $start"
	expect_exit 7 tool counter-inc "$id" "wrong pass"
	expect_exit 0 tool counter-read "$id"
	[ "$OUT" = $((start + 1)) ] || fail "a refused increment moved it: $OUT"
	# A reboot keeps it; it goes on from there.
	power_cycle
	expect_exit 0 tool counter-read "$id"
	[ "$OUT" = $((start + 1)) ] || fail "after a reboot: $OUT"
	expect_exit 0 tool counter-inc "$id" "counter pass"
	[ "$OUT" = $((start + 2)) ] || fail "incremented to $OUT after the reboot"
	# Released and created anew, a counter starts above every value the
	# old one had: no way back to an older value.
	expect_exit 0 tool counter-release "owner pass" "$id"
	expect_exit 1 tool counter-read "$id"
	expect_exit 0 tool counter-create "owner pass" "counter pass"
	read -r _ again <<<"$OUT"
	[ "$again" -gt $((start + 2)) ] || fail "a new counter starts at $again, the old one was at $((start + 2))"
}

test_one_counter_per_boot() {
	own
	expect_exit 0 tool counter-create "owner pass" "a pass"
	read -r a _ <<<"$OUT"
	expect_exit 0 tool counter-create "owner pass" "b pass"
	read -r b bstart <<<"$OUT"
	expect_exit 0 tool counter-inc "$a" "a pass"
	expect_exit 1 tool counter-inc "$b" "b pass"
	expect_contains "$ERR" "not the active counter"
	power_cycle
	expect_exit 0 tool counter-inc "$b" "b pass"
	[ "$OUT" = $((bstart + 1)) ] || fail "counter b: $OUT"
}

test_owner_clear() {
	seal
	expect_exit 7 tool owner-clear "not the owner"
	expect_exit 0 tool has-owner
	[ "$OUT" = owned ] || fail "a wrong owner authorization cleared the TPM"
	expect_exit 0 tool owner-clear "owner pass"
	expect_exit 0 tool has-owner
	[ "$OUT" = unowned ] || fail "after OwnerClear: $OUT"
	# The SRK is gone: the old blob never unseals again, not even under
	# a new owner.
	expect_exit 1 tool unseal "data pass" wk "$TESTDIR/blob"
	expect_not_contains "$OUT" "$SECRET"
	expect_exit 0 tool take-ownership "new owner" wk
	tool unseal "data pass" wk "$TESTDIR/blob" >"$TESTDIR/out" 2>&1 &&
		fail "the old blob unsealed under the new owner"
	expect_not_contains "$(cat "$TESTDIR/out")" "$SECRET"
}

test_force_clear() {
	seal
	expect_exit 0 tool counter-create "owner pass" "counter pass"
	expect_exit 0 tool force-clear
	expect_exit 0 tool has-owner
	[ "$OUT" = unowned ] || fail "after ForceClear: $OUT"
	expect_exit 1 tool unseal "data pass" wk "$TESTDIR/blob"
	expect_not_contains "$OUT" "$SECRET"
	expect_exit 0 tool take-ownership "new owner" wk
}

test_command_counts() {
	seal
	expect_exit 0 tool --count unseal "data pass" wk "$TESTDIR/blob"
	expect_contains "$ERR" "tpm12 commands: 3"
	expect_exit 0 tool --count pcrread 0
	expect_contains "$ERR" "tpm12 commands: 1"
}

# Ownership as the firmware takes it: the SRK's public key readable
# without the owner afterwards, its hash (the pin) the same at each read.
test_own_then_srk_pin_without_owner() {
	expect_exit 1 tool srk-pin
	[ -z "$OUT" ] || fail "a pin from a TPM without owner: $OUT"
	expect_exit 0 tool own "owner pass"
	expect_exit 0 tool has-owner
	[ "$OUT" = owned ] || fail "after own: $OUT"
	expect_exit 0 tool srk-pin
	[ ${#OUT} = 64 ] || fail "pin: $OUT"
	pin=$OUT
	# The owner's read of the same key gives the same hash.
	expect_exit 0 tool srk-pub "owner pass"
	[ "$OUT" = "modulus 2048 bits sha256 $pin" ] || fail "owner's read: $OUT, pin $pin"
	expect_exit 1 tool own "another owner"
	expect_contains "$ERR" "already has an owner"
}

# A TPM taken without readSRKPub (another tool's ownership) keeps its SRK
# to the owner: the pin is refused, not guessed.
test_srk_pin_refused_when_owner_keeps_it() {
	own
	expect_exit 1 tool srk-pin
	expect_contains "$ERR" "not allowed by the owner"
	[ -z "$OUT" ] || fail "a pin despite the refusal: $OUT"
}

# restart_swtpm: the TPM's process ends and starts again on its state.
restart_swtpm() {
	stop_swtpm
	start_swtpm || fail "cannot restart swtpm"
}

test_srk_pin_stable_across_restarts_new_after_clear() {
	expect_exit 0 tool own "owner pass"
	expect_exit 0 tool srk-pin
	pin=$OUT
	power_cycle
	expect_exit 0 tool srk-pin
	[ "$OUT" = "$pin" ] || fail "after a reboot: $OUT, was $pin"
	restart_swtpm
	expect_exit 0 tool srk-pin
	[ "$OUT" = "$pin" ] || fail "after a restart of the TPM: $OUT, was $pin"
	# A cleared and retaken TPM has another SRK: another pin.
	expect_exit 0 tool owner-clear "owner pass"
	expect_exit 0 tool own "owner pass"
	expect_exit 0 tool srk-pin
	[ ${#OUT} = 64 ] && [ "$OUT" != "$pin" ] || fail "the pin after clear and retake: $OUT, was $pin"
}

test_rollback_counter_created_once_only_goes_up() {
	expect_exit 0 tool own "owner pass"
	expect_exit 1 tool rollback-read
	expect_contains "$ERR" "no such NV index or counter"
	expect_exit 0 tool rollback-bump "owner pass"
	first=$OUT
	expect_exit 0 tool rollback-read
	[ "$OUT" = "$first" ] || fail "read $OUT after bumping to $first"
	expect_exit 0 tool rollback-bump "owner pass"
	[ "$OUT" = $((first + 1)) ] || fail "bumped to $OUT from $first"
	# Found again by its label after a reboot and after a restart of the
	# TPM, and not created anew: it goes on from where it was.
	power_cycle
	expect_exit 0 tool rollback-read
	[ "$OUT" = $((first + 1)) ] || fail "after a reboot: $OUT"
	restart_swtpm
	expect_exit 0 tool rollback-read
	[ "$OUT" = $((first + 1)) ] || fail "after a restart: $OUT"
	expect_exit 0 tool rollback-bump "owner pass"
	[ "$OUT" = $((first + 2)) ] || fail "bumped after the restart to $OUT"
}

test_rollback_create_wrong_owner_refused_and_counted() {
	expect_exit 0 tool own "owner pass"
	before=$(da_count)
	expect_exit 7 tool rollback-bump "not the owner"
	expect_contains "$ERR" "wrong authorization"
	[ -z "$OUT" ] || fail "a value despite the refusal: $OUT"
	[ "$(da_count)" = $((before + 1)) ] || fail "the TPM did not count the failure"
	expect_exit 1 tool rollback-read
	expect_contains "$ERR" "no such NV index or counter"
}

# heads tpm own / reset on a TPM 1.2: chosen by what the TPM reports.
test_heads_tpm_own_sets_owner_and_pins_srk() {
	printf 'owner pass' >"$TESTDIR/owner.pass"
	expect_exit 0 "$HEADS" tpm own --owner-passphrase-file "$TESTDIR/owner.pass"
	expect_contains "$OUT" "owned now"
	expect_exit 0 tool srk-pin
	pin=$OUT
	[ "$(cat "$HEADS_STATEDIR/primary-key")" = "sha256:$pin" ] || fail "pin kept: $(cat "$HEADS_STATEDIR/primary-key"), SRK $pin"
	# The owner authorization is SHA-1 of the passphrase.
	expect_exit 0 tool srk-pub "owner pass"
	expect_exit 1 "$HEADS" tpm own --owner-passphrase-file "$TESTDIR/owner.pass"
	expect_contains "$ERR" "has an owner already"
	expect_help "tpm own" "tpm reset"
}

test_heads_tpm_reset_force_clear_new_owner() {
	expect_exit 0 tool own ""
	expect_exit 0 tool rollback-bump ""
	expect_exit 0 tool srk-pin
	old_pin=$OUT
	printf 'new owner' >"$TESTDIR/new.pass"
	# No old passphrase is asked where physical presence is allowed.
	expect_exit 0 "$HEADS" tpm reset --owner-passphrase-file "$TESTDIR/new.pass" </dev/null
	expect_contains "$OUT" "TPM_ForceClear"
	expect_exit 0 tool srk-pub "new owner"
	expect_exit 0 tool srk-pin
	[ "$OUT" != "$old_pin" ] || fail "the SRK survived the reset"
	[ "$(cat "$HEADS_STATEDIR/primary-key")" = "sha256:$OUT" ] || fail "the new pin was not kept"
	expect_exit 1 tool rollback-read
	expect_contains "$ERR" "no such NV index or counter"
}

# Where the platform locked physical presence (TSC_PhysicalPresence
# refused after it was locked), the reset needs the current owner
# passphrase: a wrong one changes nothing and is counted.
lock_presence() {
	python3 - "$SWTPM_PORT" <<'PY' || fail "cannot lock physical presence"
import socket, struct, sys
def cmd(body):
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    s.sendall(body)
    r = s.recv(4096)
    s.close()
    return struct.unpack(">I", r[6:10])[0]
def pp(flags):
    return cmd(struct.pack(">HII", 0xC1, 12, 0x4000000A) + struct.pack(">H", flags))
# CMD_ENABLE | HW_DISABLE | LIFETIME_LOCK: the command form stays, forever.
rc = pp(0x0020 | 0x0200 | 0x0080)
# NOTPRESENT | LOCK: no presence until the next boot.
rc2 = pp(0x0010 | 0x0004)
sys.exit(0 if rc2 == 0 else 1)
PY
}

test_heads_tpm_reset_owner_clear_where_presence_locked() {
	printf 'owner pass' >"$TESTDIR/owner.pass"
	printf 'not the owner' >"$TESTDIR/wrong.pass"
	printf 'new owner' >"$TESTDIR/new.pass"
	expect_exit 0 "$HEADS" tpm own --owner-passphrase-file "$TESTDIR/owner.pass"
	lock_presence
	expect_exit 1 tool force-clear
	before=$(da_count)
	expect_exit 7 "$HEADS" tpm reset --owner-passphrase-file "$TESTDIR/new.pass" \
		--old-owner-passphrase-file "$TESTDIR/wrong.pass"
	expect_contains "$ERR" "Wrong TPM owner passphrase; nothing was changed. The TPM allows"
	[ "$(da_count)" = $((before + 1)) ] || fail "the TPM did not count the failure"
	expect_exit 0 tool srk-pub "owner pass"
	# Cleared by its owner; a 1.2 comes out of that disabled, and without
	# physical presence only the firmware setup enables it again.
	expect_exit 1 "$HEADS" tpm reset --owner-passphrase-file "$TESTDIR/new.pass" \
		--old-owner-passphrase-file "$TESTDIR/owner.pass"
	expect_contains "$ERR" "enable it in the firmware setup, then run 'heads tpm own'"
	expect_exit 0 tool has-owner
	[ "$OUT" = unowned ] || fail "not cleared: $OUT"
	# The firmware setup enables and activates it (the latter counts from
	# the next boot).
	power_cycle
	tool force-clear >/dev/null 2>&1
	power_cycle
	expect_exit 0 "$HEADS" tpm own --owner-passphrase-file "$TESTDIR/new.pass"
	expect_exit 0 tool srk-pub "new owner"
}

test_heads_tpm_own_on_tpm2_refused() {
	stop_swtpm
	SWTPM_FAMILY=2.0 start_swtpm || fail "cannot start a TPM 2.0"
	printf 'owner pass' >"$TESTDIR/owner.pass"
	expect_exit 1 "$HEADS" tpm own --owner-passphrase-file "$TESTDIR/owner.pass"
	expect_contains "$ERR" "not a TPM 1.2"
}

# heads totp on a TPM 1.2: chosen by what the TPM reports, the secret
# sealed to the PCRs.
totp_enroll() {
	expect_exit 0 "$HEADS" totp enroll --no-qr "$@"
	SECRET32=$(sed -n 's/.*otpauth:\/\/totp\/.*[?&]secret=\([A-Z2-7]*\).*/\1/p' <<<"$OUT")
	[ ${#SECRET32} -eq 32 ] || fail "no 20-byte secret in the URI: $OUT"
}

test_totp_show_equals_oathtool() {
	own
	totp_enroll --pcrs 0,7,10
	expect_contains "$OUT" "bound to PCRs 0,7,10"
	for t in 0 59 1111111109 1700000000 2000000000; do
		expect_exit 0 "$HEADS" totp show --time "$t"
		want=$(oathtool --totp -b -N "@$t" "$SECRET32")
		[ "$OUT" = "$want" ] || fail "T=$t: heads $OUT, oathtool $want"
	done
	# The sealed copy in the state directory does not hold the secret.
	secret_hex=$(python3 -c 'import base64,sys; print(base64.b32decode(sys.argv[1]).hex())' "$SECRET32")
	expect_not_contains "$(hexof "$HEADS_STATEDIR/totp12.sealed")" "$secret_hex"
}

test_totp_show_commands() {
	own
	totp_enroll
	HEADS_TPM_TRACE=1 "$HEADS" totp show >"$TESTDIR/out" 2>"$TESTDIR/err" || fail "totp show: $(cat "$TESTDIR/err")"
	n=$(grep -c '^tpm12: command' "$TESTDIR/err")
	# The family check, two OIAP sessions, TPM_Unseal.
	[ "$n" = 4 ] || fail "totp show sent $n TPM 1.2 commands: $(cat "$TESTDIR/err")"
}

test_totp_refused_after_extend() {
	own
	totp_enroll --pcrs 0,7,10
	expect_exit 0 tool extend 10 "$D1"
	expect_exit 3 "$HEADS" totp show --time 1700000000
	expect_contains "$ERR" "measured state changed"
	expect_contains "$ERR" "PCRs 0,7,10"
	[ -z "$OUT" ] || fail "a code was printed despite the refusal: $OUT"
	# A reboot restores the state, and the code.
	power_cycle
	expect_exit 0 "$HEADS" totp show --time 1700000000
	[ "$OUT" = "$(oathtool --totp -b -N @1700000000 "$SECRET32")" ] || fail "after the reboot: $OUT"
}

test_totp_needs_owner_and_enrolment() {
	expect_exit 1 "$HEADS" totp show
	expect_contains "$ERR" "No TOTP secret is enrolled"
	expect_exit 1 "$HEADS" totp enroll --no-qr
	expect_contains "$ERR" "take ownership"
	[ ! -e "$HEADS_STATEDIR/totp12.sealed" ] || fail "a sealed file was left"
}

# The enrolment keeps the values the secret is sealed to beside it, one
# "N: HEX" line per PCR, so that a refusal can name the PCRs that changed.
test_totp_enrolment_snapshot() {
	own
	expect_exit 0 tool extend 10 "$D1"
	totp_enroll --pcrs 0,7,10
	expect_exit 0 tool pcrread 10
	pcr10=$OUT
	[ "$(cat "$HEADS_STATEDIR/totp12.pcrs")" = "0: $(printf '0%.0s' $(seq 40))
7: $(printf '0%.0s' $(seq 40))
10: $pcr10" ] || fail "the snapshot is not PCRs 0, 7 and 10 at enrolment: $(cat "$HEADS_STATEDIR/totp12.pcrs")"
}

[ -x "$TOOL" ] || { echo "SKIP test-tpm12: no $TOOL"; exit 77; }
command -v swtpm_setup >/dev/null || { echo "SKIP test-tpm12: no swtpm_setup"; exit 77; }
use_tpm12 || { echo "FAIL test-tpm12: cannot make a TPM 1.2 state"; exit 1; }
run_tests "$@"
