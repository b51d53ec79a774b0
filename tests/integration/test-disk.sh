#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# heads disk enroll/unseal with real LUKS2 images in files and a fresh
# swtpm per test.
. "$(dirname "$0")/lib.sh"

# The LUKS test disk (lib.sh), with the key unsealed under $TESTDIR/run.
make_disk() {
	make_luks_disk
	export HEADS_RUNDIR=$TESTDIR/run
}

enroll() {
	expect_exit 0 "$HEADS" disk enroll "$DISK" --luks-passphrase-file "$TESTDIR/luks.pass" \
		--passphrase-file "$TESTDIR/unlock.pass" "$@"
}

unseal() { # unseal EXIT [PASSFILE]
	"$HEADS" disk unseal "$DISK" --out "$TESTDIR/run/key" \
		--passphrase-file "${2:-$TESTDIR/unlock.pass}" >"$TESTDIR/out" 2>"$TESTDIR/err"
	local got=$?
	OUT=$(cat "$TESTDIR/out") ERR=$(cat "$TESTDIR/err")
	[ "$got" = "$1" ] || fail "disk unseal exited $got, expected $1: $ERR"
}

# A new boot: the TPM restarts (PCRs reset, persistent objects kept) and
# the RAM-backed runtime directory is empty. The shutdown is orderly, as an
# OS does it; a TPM that loses power while a DA-protected object was in use
# counts that as one failed try.
reboot_tpm() {
	tpm2_shutdown -c 2>/dev/null
	stop_swtpm
	start_swtpm || fail "cannot restart swtpm"
	rm -rf "$TESTDIR/run"
}

key_opens_disk() {
	cryptsetup open --test-passphrase --key-file "$1" "$DISK" 2>/dev/null
}

header_sum() {
	cryptsetup luksHeaderBackup "$DISK" --header-backup-file "$TESTDIR/hdr.$$" &&
		sha256sum <"$TESTDIR/hdr.$$" | cut -c1-64 && rm -f "$TESTDIR/hdr.$$"
}

keyslots() {
	cryptsetup luksDump "$DISK" | grep -cE '^  [0-9]+: luks2'
}

test_enrol_unseal_key_opens_disk() {
	make_disk
	enroll
	unseal 0
	key_opens_disk "$TESTDIR/run/key" || fail "the unsealed key does not open the disk"
	[ "$(stat -c %a "$TESTDIR/run/key")" = 400 ] || fail "key file mode is not 0400"
	[ "$(stat -c %s "$TESTDIR/run/key")" = 64 ] || fail "key is not 64 bytes"
	# After a reboot, it unseals again (PCR 6 measured afresh).
	reboot_tpm
	unseal 0
	key_opens_disk "$TESTDIR/run/key" || fail "no key after reboot"
}

test_second_try_does_not_remeasure() {
	make_disk
	enroll
	unseal 7 "$TESTDIR/wrong.pass"
	pcr6=$("$HEADS" tpm pcrs --pcrs 6)
	unseal 0
	[ "$("$HEADS" tpm pcrs --pcrs 6)" = "$pcr6" ] || fail "PCR 6 changed on the second try"
}

# Only the parts of the header that can unlock the disk are measured: a
# change in an active keyslot's area is caught, a change in the unused
# rest of the keyslots area is not (it holds nothing).
test_measured_header_covers_keyslots() {
	make_disk
	enroll
	reboot_tpm
	area=$(cryptsetup luksDump --dump-json-metadata "$DISK" | jq -r '.keyslots["0"].area.offset')
	flip_byte "$DISK" $((area + 100))
	unseal 3
	expect_contains "$ERR" "PCR 6 (LUKS header)"
}

test_unused_keyslot_area_not_measured() {
	make_disk
	enroll
	reboot_tpm
	# 15 MiB into the 16 MiB header: past every active keyslot's area.
	flip_byte "$DISK" $((15 * 1024 * 1024))
	unseal 0
	key_opens_disk "$TESTDIR/run/key" || fail "no key"
}

test_policy_pcr_extended_exit3() {
	make_disk
	enroll
	expect_exit 0 "$HEADS" tpm extend 5 --string "usbhid.ko"
	unseal 3
	expect_contains "$ERR" "PCR 5 (kernel modules)"
	[ ! -e "$TESTDIR/run/key" ] || fail "a key file was written"
}

test_header_changed_exit3_names_pcr6() {
	make_disk
	enroll
	printf 'another' >"$TESTDIR/another.pass"
	cryptsetup luksAddKey -q --pbkdf pbkdf2 --pbkdf-force-iterations 1000 --key-file "$TESTDIR/luks.pass" \
		"$DISK" "$TESTDIR/another.pass" || fail "luksAddKey"
	reboot_tpm
	unseal 3
	expect_contains "$ERR" "PCR 6 (LUKS header)"
	[ "$ERR" = "${ERR/PCR 5/}" ] || fail "named a PCR that did not change: $ERR"
	[ ! -e "$TESTDIR/run/key" ] || fail "a key file was written"
}

test_wrong_passphrase_counts_down_then_refuses() {
	make_disk
	enroll
	unseal 7 "$TESTDIR/wrong.pass"
	expect_contains "$ERR" "allows 2 more tries"
	unseal 7 "$TESTDIR/wrong.pass"
	expect_contains "$ERR" "allows 1 more try "
	before=$(tpm2_getcap properties-variable | grep -A1 TPM2_PT_LOCKOUT_COUNTER | tail -1)
	unseal 1 "$TESTDIR/wrong.pass"
	expect_contains "$ERR" "not trying"
	after=$(tpm2_getcap properties-variable | grep -A1 TPM2_PT_LOCKOUT_COUNTER | tail -1)
	[ "$before" = "$after" ] || fail "the refused try still counted: $before -> $after"
	expect_contains "$(tpm2_getcap properties-variable)" "inLockout:                 0"
	# Even the right passphrase is not tried now (it would be the last).
	unseal 1
	[ ! -e "$TESTDIR/run/key" ] || fail "a key file was written"
}

test_correct_unseal_clears_failures() {
	make_disk
	enroll
	unseal 7 "$TESTDIR/wrong.pass"
	expect_contains "$ERR" "allows 2 more tries"
	unseal 0
	# The failure before the right passphrase no longer counts.
	unseal 7 "$TESTDIR/wrong.pass"
	expect_contains "$ERR" "allows 2 more tries"
}

test_wrong_luks_passphrase_changes_nothing() {
	make_disk
	before=$(header_sum)
	expect_exit 7 "$HEADS" disk enroll "$DISK" --luks-passphrase-file "$TESTDIR/wrong.pass" \
		--passphrase-file "$TESTDIR/unlock.pass"
	expect_contains "$ERR" "LUKS passphrase is wrong"
	[ "$(header_sum)" = "$before" ] || fail "the LUKS header changed"
	[ -z "$(tpm2_getcap handles-persistent)" ] || fail "the TPM changed"
	[ -z "$(tpm2_getcap handles-nv-index)" ] || fail "the TPM NV changed"
}

test_not_luks_refused() {
	make_disk
	head -c 4M /dev/zero >"$TESTDIR/plain.img"
	expect_exit 2 "$HEADS" disk enroll "$TESTDIR/plain.img" --luks-passphrase-file "$TESTDIR/luks.pass" \
		--passphrase-file "$TESTDIR/unlock.pass"
	expect_contains "$ERR" "is not a LUKS device"
	cmp -s "$TESTDIR/plain.img" <(head -c 4M /dev/zero) || fail "the file changed"
	expect_exit 1 "$HEADS" disk enroll "$TESTDIR/missing.img" --luks-passphrase-file "$TESTDIR/luks.pass" \
		--passphrase-file "$TESTDIR/unlock.pass"
	[ -z "$(tpm2_getcap handles-persistent)" ] || fail "the TPM changed"
}

test_full_keyslot_table_refused() {
	make_disk
	for i in $(seq 1 31); do
		printf 'extra %s' "$i" >"$TESTDIR/p$i"
		cryptsetup luksAddKey -q --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
			--key-file "$TESTDIR/luks.pass" "$DISK" "$TESTDIR/p$i" || fail "luksAddKey $i"
	done
	[ "$(keyslots)" = 32 ] || fail "expected 32 keyslots, have $(keyslots)"
	before=$(header_sum)
	expect_exit 1 "$HEADS" disk enroll "$DISK" --luks-passphrase-file "$TESTDIR/luks.pass" \
		--passphrase-file "$TESTDIR/unlock.pass"
	expect_contains "$ERR" "Every LUKS keyslot is in use"
	[ "$(header_sum)" = "$before" ] || fail "the LUKS header changed"
	[ -z "$(tpm2_getcap handles-persistent)" ] || fail "the TPM changed"
}

test_reenrol_replaces_keyslot_and_key() {
	make_disk
	enroll
	unseal 0
	cp "$TESTDIR/run/key" "$TESTDIR/old.key"
	[ "$(keyslots)" = 2 ] || fail "expected 2 keyslots after enrolment"
	reboot_tpm
	enroll
	[ "$(keyslots)" = 2 ] || fail "the old keyslot was not removed ($(keyslots) keyslots)"
	! key_opens_disk "$TESTDIR/old.key" || fail "the old key still opens the disk"
	reboot_tpm
	unseal 0
	key_opens_disk "$TESTDIR/run/key" || fail "the new key does not open the disk"
	cmp -s "$TESTDIR/run/key" "$TESTDIR/old.key" && fail "the key did not change"
	n=$(tpm2_getcap handles-persistent | grep -c 0x8100002)
	[ "$n" = 1 ] || fail "$n sealed disk keys in the TPM"
	cryptsetup open --test-passphrase --key-file "$TESTDIR/luks.pass" "$DISK" || fail "LUKS passphrase lost"
}

test_unseal_without_enrolment() {
	make_disk
	unseal 1
	expect_contains "$ERR" "No disk key is enrolled"
}

test_unseal_other_disk_refused() {
	make_disk
	enroll
	mv "$DISK" "$TESTDIR/enrolled.img"
	make_disk
	unseal 1
	expect_contains "$ERR" "The disk key record names LUKS UUID"
}

test_empty_or_unreadable_passphrase_file() {
	make_disk
	: >"$TESTDIR/empty"
	expect_exit 2 "$HEADS" disk enroll "$DISK" --luks-passphrase-file "$TESTDIR/luks.pass" \
		--passphrase-file "$TESTDIR/empty"
	expect_contains "$ERR" "empty passphrase"
	expect_exit 1 "$HEADS" disk enroll "$DISK" --luks-passphrase-file "$TESTDIR/nope" \
		--passphrase-file "$TESTDIR/unlock.pass"
	expect_exit 2 "$HEADS" disk unseal "$DISK"
	expect_exit 2 "$HEADS" disk enroll "$DISK" --pcrs 99
}

test_measure_extends_pcr6_once_per_boot() {
	make_disk
	expect_exit 0 "$HEADS" tpm pcrs --pcrs 6
	zero=$OUT
	expect_exit 0 "$HEADS" disk measure "$DISK"
	expect_exit 0 "$HEADS" tpm pcrs --pcrs 6
	first=$OUT
	[ "$first" != "$zero" ] || fail "PCR 6 unchanged"
	h=$("$(dirname "$0")/../tools/luks-header-hash" "$DISK") || fail "cannot hash the header"
	want=$( (head -c 32 /dev/zero; printf '%s' "$h" | sed 's/../\\x&/g' | xargs -0 printf '%b') | sha256sum | cut -c1-64)
	[ "$first" = "6: $want" ] || fail "PCR 6 is $first, expected 6: $want"
	expect_exit 0 "$HEADS" disk measure "$DISK"
	expect_contains "$ERR" "already measured"
	expect_exit 0 "$HEADS" tpm pcrs --pcrs 6
	[ "$OUT" = "$first" ] || fail "PCR 6 extended twice in one boot"
}

test_enrol_after_cap_seals_clean_boot_values() {
	make_disk
	expect_exit 0 "$HEADS" tpm extend 4 --string recovery --kind boot-mode
	enroll
	# Sealed to the clean boot: not this capped one.
	unseal 3
	expect_contains "$ERR" "PCR 4 (boot mode)"
	reboot_tpm
	unseal 0
	key_opens_disk "$TESTDIR/run/key" || fail "no key on the clean boot"
}

test_refusal_names_the_event() {
	make_disk
	mkdir -p "$HEADS_STATEDIR"
	enroll
	[ -s "$HEADS_STATEDIR/disk.eventlog" ] || fail "no snapshot kept"
	printf 'module bytes' >"$TESTDIR/usbhid.ko"
	expect_exit 0 "$HEADS" tpm extend 5 --file "$TESTDIR/usbhid.ko" --kind module --name usbhid
	unseal 3
	expect_contains "$ERR" "PCR 5 (kernel modules)"
	expect_contains "$ERR" "module usbhid loaded that was not loaded at sealing"
}

# A second LUKS2 volume (a data volume) at $TESTDIR/data.img (sets DISK2)
# with the same LUKS passphrase as the first.
make_second_volume() {
	DISK2=$TESTDIR/data.img
	truncate -s 20M "$DISK2"
	cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
		"$DISK2" "$TESTDIR/luks.pass" || fail "luksFormat of the second volume"
}

uuid_of() {
	cryptsetup luksUUID "$1"
}

# PCR 6 after measuring the headers of the given images from zero, in the
# order given.
pcr6_after() {
	local pcr h
	pcr=$(printf '%064d' 0)
	for img in "$@"; do
		h=$("$(dirname "$0")/../tools/luks-header-hash" "$img") || fail "cannot hash $img"
		pcr=$(printf '%s%s' "$pcr" "$h" | sed 's/../\\x&/g' | xargs -0 printf '%b' | sha256sum | cut -c1-64)
	done
	echo "6: $pcr"
}

# Both volumes, in the order of their UUIDs.
in_uuid_order() {
	if [[ "$(uuid_of "$DISK")" < "$(uuid_of "$DISK2")" ]]; then
		echo "$DISK $DISK2"
	else
		echo "$DISK2 $DISK"
	fi
}

test_two_volumes_one_key_opens_both() {
	make_disk
	make_second_volume
	enroll "$DISK2"
	expect_contains "$OUT" "enrolled for $DISK $DISK2"
	[ "$(keyslots)" = 2 ] || fail "no keyslot added to the first volume"
	[ "$(DISK=$DISK2 keyslots)" = 2 ] || fail "no keyslot added to the second volume"
	reboot_tpm
	# Named in the other order: measured in UUID order all the same.
	"$HEADS" disk unseal "$DISK2" "$DISK" --out "$TESTDIR/run/key" \
		--passphrase-file "$TESTDIR/unlock.pass" 2>"$TESTDIR/err" ||
		fail "unseal failed: $(cat "$TESTDIR/err")"
	key_opens_disk "$TESTDIR/run/key" || fail "the key does not open the first volume"
	cryptsetup open --test-passphrase --key-file "$TESTDIR/run/key" "$DISK2" ||
		fail "the key does not open the second volume"
	# shellcheck disable=SC2046
	want=$(pcr6_after $(in_uuid_order))
	[ "$("$HEADS" tpm pcrs --pcrs 6)" = "$want" ] || fail "PCR 6 does not hold both headers in UUID order"
}

test_second_header_changed_key_refused() {
	make_disk
	make_second_volume
	enroll "$DISK2"
	printf 'another' >"$TESTDIR/another.pass"
	cryptsetup luksAddKey -q --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
		--key-file "$TESTDIR/luks.pass" "$DISK2" "$TESTDIR/another.pass" || fail "luksAddKey"
	reboot_tpm
	"$HEADS" disk unseal "$DISK" "$DISK2" --out "$TESTDIR/run/key" \
		--passphrase-file "$TESTDIR/unlock.pass" >"$TESTDIR/out" 2>"$TESTDIR/err"
	got=$? ERR=$(cat "$TESTDIR/err")
	[ "$got" = 3 ] || fail "disk unseal exited $got, expected 3: $ERR"
	expect_contains "$ERR" "PCR 6 (LUKS header)"
	[ ! -e "$TESTDIR/run/key" ] || fail "a key file was written"
	# PCR 6 holds the changed header: what the TPM refused.
	# shellcheck disable=SC2046
	want=$(pcr6_after $(in_uuid_order))
	[ "$("$HEADS" tpm pcrs --pcrs 6)" = "$want" ] || fail "PCR 6 is not the changed headers'"
}

test_volume_left_out_key_refused_nothing_measured() {
	make_disk
	make_second_volume
	enroll "$DISK2"
	reboot_tpm
	before=$("$HEADS" tpm pcrs --pcrs 6)
	unseal 1
	expect_contains "$ERR" "names LUKS UUID $(uuid_of "$DISK2")"
	[ ! -e "$TESTDIR/run/key" ] || fail "a key file was written"
	[ "$("$HEADS" tpm pcrs --pcrs 6)" = "$before" ] || fail "a header was measured"
}

test_second_volume_wrong_passphrase_changes_nothing() {
	make_disk
	DISK2=$TESTDIR/data.img
	truncate -s 20M "$DISK2"
	cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
		"$DISK2" "$TESTDIR/wrong.pass" || fail "luksFormat"
	before=$(header_sum)
	expect_exit 7 "$HEADS" disk enroll "$DISK" "$DISK2" --luks-passphrase-file "$TESTDIR/luks.pass" \
		--passphrase-file "$TESTDIR/unlock.pass"
	expect_contains "$ERR" "LUKS passphrase is wrong for $DISK2"
	[ "$(header_sum)" = "$before" ] || fail "the first volume's header changed"
	[ -z "$(tpm2_getcap handles-persistent)" ] || fail "the TPM changed"
}

test_same_volume_twice_refused() {
	make_disk
	cp "$DISK" "$TESTDIR/copy.img"
	expect_exit 2 "$HEADS" disk enroll "$DISK" "$TESTDIR/copy.img" \
		--luks-passphrase-file "$TESTDIR/luks.pass" --passphrase-file "$TESTDIR/unlock.pass"
	expect_contains "$ERR" "hold the same LUKS volume"
	[ -z "$(tpm2_getcap handles-persistent)" ] || fail "the TPM changed"
}

# Re-enrolling the key into one volume drops it from the other: the new
# key opens only what it was enrolled into, the old keyslots are gone.
test_reenrol_one_of_two_removes_old_keyslot() {
	make_disk
	make_second_volume
	enroll "$DISK2"
	reboot_tpm
	enroll
	[ "$(keyslots)" = 2 ] || fail "the old keyslot of the first volume was kept"
	[ "$(DISK=$DISK2 keyslots)" = 2 ] || fail "the second volume's keyslot went"
	reboot_tpm
	unseal 0
	key_opens_disk "$TESTDIR/run/key" || fail "the new key does not open the first volume"
	cryptsetup open --test-passphrase --key-file "$TESTDIR/run/key" "$DISK2" 2>/dev/null &&
		fail "the new key opens the volume it was not enrolled into"
	return 0
}

# Typed at the terminal: asked without echo, the new passphrase twice.
typed_enrol() {
	(sleep 0.5; printf '%s\n' "$1"; sleep 0.3; printf '%s\n' "$2"; sleep 0.3; printf '%s\n' "$3"; sleep 1) |
		script -qfec "$HEADS disk enroll $DISK" /dev/null >"$TESTDIR/tty" 2>&1
}

test_passphrases_asked_on_terminal_without_echo() {
	make_disk
	typed_enrol "$(cat "$TESTDIR/luks.pass")" "typed unlock 99" "typed unlock 99" ||
		fail "enrolment at the terminal failed: $(cat "$TESTDIR/tty")"
	grep -q "Existing LUKS passphrase:" "$TESTDIR/tty" || fail "no LUKS passphrase prompt"
	grep -q "Repeat it:" "$TESTDIR/tty" || fail "the new passphrase was not asked twice"
	grep -q "typed unlock\|correct horse" "$TESTDIR/tty" && fail "a passphrase was echoed"
	printf 'typed unlock 99' >"$TESTDIR/typed.pass"
	unseal 0 "$TESTDIR/typed.pass"
	key_opens_disk "$TESTDIR/run/key" || fail "the key does not open the disk"
}

test_mismatched_new_passphrases_refused() {
	make_disk
	before=$(header_sum)
	typed_enrol "$(cat "$TESTDIR/luks.pass")" "first one 123" "second one 456" &&
		fail "enrolment went on with two different passphrases"
	grep -q "differ" "$TESTDIR/tty" || fail "no message: $(cat "$TESTDIR/tty")"
	[ "$(header_sum)" = "$before" ] || fail "the LUKS header changed"
}

test_key_and_passphrases_never_on_bus() {
	make_disk
	export TCTI_PCAP_FILE=$TESTDIR/bus.pcap
	export HEADS_TCTI="pcap:swtpm:host=127.0.0.1,port=$SWTPM_PORT"
	enroll
	unseal 0
	unseal 7 "$TESTDIR/wrong.pass"
	tool=$(dirname "$0")/../tools/tpm-pcap
	"$tool" "$TESTDIR/bus.pcap" | grep -q '^Create ' || fail "the sealing was not recorded"
	"$tool" "$TESTDIR/bus.pcap" | grep -q '^Unseal ' || fail "the unsealing was not recorded"
	bus=$("$tool" --hex "$TESTDIR/bus.pcap")$(hexof "$TESTDIR/bus.pcap")
	key=$(hexof "$TESTDIR/run/key")
	for part in "${key:0:32}" "${key:32:32}" "${key:64:32}" "${key:96:32}"; do
		grep -q "$part" <<<"$bus" && fail "part of the disk key crossed the bus in clear"
	done
	for f in unlock.pass luks.pass wrong.pass; do
		grep -q "$(hexof "$TESTDIR/$f")" <<<"$bus" && fail "$f crossed the bus in clear"
	done
	return 0
}

# Tries the sealed object at a handle with tpm2-tools (policy + passphrase)
# and succeeds only if what comes out opens the disk.
sealed_key_works() {
	local s=$TESTDIR/s.ctx ok=1
	tpm2_startauthsession -Q -S "$s" --policy-session 2>/dev/null || return 1
	if tpm2_policypcr -Q -S "$s" -l sha256:0,1,2,3,4,5,6,7 2>/dev/null &&
		tpm2_policyauthvalue -Q -S "$s" 2>/dev/null &&
		tpm2_unseal -c "$1" -p "session:$s+str:$(cat "$TESTDIR/unlock.pass")" -o "$TESTDIR/try.key" 2>/dev/null; then
		key_opens_disk "$TESTDIR/try.key" && ok=0
	fi
	tpm2_flushcontext "$s" 2>/dev/null
	rm -f "$TESTDIR/try.key"
	return $ok
}

test_killed_enrol_leaves_disk_and_tpm_sane() {
	make_disk
	enroll
	for delay in 0.02 0.05 0.08 0.11 0.14 0.18 0.25 0.4; do
		"$HEADS" disk enroll "$DISK" --luks-passphrase-file "$TESTDIR/luks.pass" \
			--passphrase-file "$TESTDIR/unlock.pass" >/dev/null 2>&1 &
		pid=$!
		sleep "$delay"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		cryptsetup open --test-passphrase --key-file "$TESTDIR/luks.pass" "$DISK" ||
			fail "after a kill at ${delay}s the LUKS passphrase no longer opens the disk"
		reboot_tpm
		expect_exit 0 "$HEADS" disk measure "$DISK"
		working=0
		for h in $(tpm2_getcap handles-persistent | grep -o '0x8100002[01]'); do
			sealed_key_works "$h" && working=$((working + 1))
		done
		[ $working -le 1 ] || fail "after a kill at ${delay}s the TPM holds $working working disk keys"
		# Whatever state was left, enrolling again gives a working key.
		enroll
		reboot_tpm
		unseal 0
		key_opens_disk "$TESTDIR/run/key" || fail "re-enrolment after a kill at ${delay}s does not work"
	done
}

run_tests "$@"
