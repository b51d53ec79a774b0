#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Sealing the TOTP key to two measured states (PolicyOR), against a fresh
# swtpm per test: the running firmware and a ROM image about to be
# written. A "boot" of an image is a TPM reset followed by the PCR 2 and
# PCR 7 events heads tpm predict --rom computes for it, extended as
# coreboot and /init would (the e2e test checks those against a real
# boot). Codes are cross-checked with oathtool.
. "$(dirname "$0")/lib.sh"

# make_rom NAME PAYLOAD OWNER-CONFIG: a CBFS image with a payload and one
# owner file, as cbfstool builds them.
make_rom() {
	local rom=$TESTDIR/$1.rom
	printf '%s' "$2" >"$TESTDIR/payload"
	printf '%s' "$3" >"$TESTDIR/config"
	cbfstool "$rom" create -m x86 -s 262144 >/dev/null &&
		cbfstool "$rom" add -f "$TESTDIR/payload" -n fallback/payload -t raw &&
		cbfstool "$rom" add -f "$TESTDIR/config" -n heads/initrd/etc/config.user -t raw ||
		fail "cbfstool cannot build $rom"
}

# boot_rom NAME: a reboot into that test image.
boot_rom() {
	boot_image "$TESTDIR/$1.rom"
}

enroll() {
	expect_exit 0 "$HEADS" totp enroll --no-qr --pcrs 0,2,7
	SECRET=$(sed -n 's/.*[?&]secret=\([A-Z2-7]*\).*/\1/p' <<<"$OUT")
	[ ${#SECRET} -eq 32 ] || fail "no secret in the URI: $OUT"
}

expect_code() {
	expect_exit 0 "$HEADS" totp show --time 1700000000
	[ "$OUT" = "$(oathtool --totp -b -N @1700000000 "$SECRET")" ] ||
		fail "$1: code $OUT is not oathtool's"
}

expect_refused() {
	expect_exit 3 "$HEADS" totp show --time 1700000000
	[ -z "$OUT" ] || fail "$1: a code was printed: $OUT"
}

# Three images: the running one, an update with a newer payload, and a
# third with another owner file.
setup() {
	mkdir -p "$HEADS_STATEDIR"
	make_rom old "payload 1" "CONFIG_A=1"
	make_rom new "payload 2" "CONFIG_A=1"
	make_rom other "payload 2" "CONFIG_A=2"
	boot_rom old
	enroll
	expect_code "the running firmware after enrolment"
}

test_both_states_unseal_a_third_is_refused() {
	setup
	expect_exit 0 "$HEADS" totp reseal --rom "$TESTDIR/new.rom"
	expect_contains "$OUT" "2 states"
	expect_code "the running firmware after resealing"
	[ -f "$HEADS_STATEDIR/totp-slot1.branches" ] || fail "no branch list beside the snapshots"
	boot_rom new
	expect_code "a boot of the new image"
	boot_rom other
	expect_refused "a boot of an image with another owner file"
	boot_rom old
	expect_code "the old firmware again"
}

test_old_state_dropped_after_good_boot() {
	setup
	expect_exit 0 "$HEADS" totp reseal --rom "$TESTDIR/new.rom"
	boot_rom new
	expect_exit 0 "$HEADS" totp reseal --drop-old
	expect_contains "$OUT" "this boot's state alone"
	expect_code "the new firmware after dropping the old state"
	ls "$HEADS_STATEDIR"/totp-slot*.branches 2>/dev/null && fail "a branch list is left"
	boot_rom old
	expect_refused "the old firmware after its state was dropped"
	expect_exit 3 "$HEADS" totp reseal --rom "$TESTDIR/new.rom"
	expect_contains "$ERR" "none of the states"
	boot_rom new
	expect_code "the new firmware"
	expect_exit 0 "$HEADS" totp reseal --drop-old
	expect_contains "$OUT" "one state already"
}

# An attacker edits the list (adds his own state, or changes a value):
# the PolicyOR digest is not the key's, so the TPM refuses in every state.
test_tampered_branch_list_refused() {
	local list
	setup
	expect_exit 0 "$HEADS" totp reseal --rom "$TESTDIR/new.rom"
	list=$(ls "$HEADS_STATEDIR"/totp-slot*.branches)
	cp "$list" "$TESTDIR/list.good"
	boot_rom other
	expect_refused "the other image"
	# His state (another owner file) replaces the new one in the list.
	pcr7=$("$HEADS" tpm pcrs --pcrs 7 | cut -d' ' -f2)
	awk -v v="$pcr7" '/^branch/ { n++ } n == 2 && /^pcr 7 / { $3 = v } { print }' \
		"$TESTDIR/list.good" >"$list"
	cmp -s "$list" "$TESTDIR/list.good" && fail "the list was not changed"
	expect_refused "the other image with the list naming its PCR 7"
	boot_rom new
	expect_refused "the new image with a changed list"
	expect_exit 3 "$HEADS" totp reseal --drop-old
	cp "$TESTDIR/list.good" "$list"
	expect_code "the new image with the list restored"
}

# The TPM commands one reseal costs, as the TPM sees them.
test_reseal_tpm_commands() {
	local tool n
	setup
	export TCTI_PCAP_FILE=$TESTDIR/bus.pcap
	export HEADS_TCTI="pcap:swtpm:host=127.0.0.1,port=$SWTPM_PORT"
	expect_exit 0 "$HEADS" totp reseal --rom "$TESTDIR/new.rom"
	tool=$(dirname "$0")/../tools/tpm-pcap
	"$tool" "$TESTDIR/bus.pcap" >"$TESTDIR/commands"
	grep -q '^Unseal ' "$TESTDIR/commands" || fail "the sealed copy was not unsealed"
	grep -q "^PolicyOR " "$TESTDIR/commands" || fail "the new key was not checked through PolicyOR"
	n=$(wc -l <"$TESTDIR/commands")
	echo "TPM commands for one TOTP reseal: $n" >&2
	cut -d' ' -f1 "$TESTDIR/commands" | sort | uniq -c >&2
	[ "$n" -le 40 ] || fail "a reseal costs $n TPM commands"
}

test_without_sealed_copy() {
	mkdir -p "$HEADS_STATEDIR"
	make_rom new "payload 2" "CONFIG_A=1"
	enroll
	rm "$HEADS_STATEDIR"/totp-slot*.sealed
	expect_exit 1 "$HEADS" totp reseal --rom "$TESTDIR/new.rom"
	expect_contains "$ERR" "no sealed copy"
	expect_code "the key itself after a refused reseal"
}

test_help_and_usage() {
	expect_help "totp reseal" "disk reseal"
	expect_exit 2 "$HEADS" totp reseal
	expect_exit 2 "$HEADS" totp reseal --rom x --drop-old
	expect_exit 2 "$HEADS" disk reseal --rom x
	expect_exit 2 "$HEADS" disk reseal x
}

# --- the disk key: the same, and the passphrase in every state --------------

unseal_disk() { # unseal_disk EXIT WHAT [PASSFILE]
	"$HEADS" disk unseal "$DISK" --out "$TESTDIR/key" \
		--passphrase-file "${3:-$TESTDIR/unlock.pass}" >"$TESTDIR/out" 2>"$TESTDIR/err"
	local got=$?
	ERR=$(cat "$TESTDIR/err")
	[ "$got" = "$1" ] || fail "$2: disk unseal exited $got, expected $1: $ERR"
	if [ "$1" = 0 ]; then
		cryptsetup open --test-passphrase --key-file "$TESTDIR/key" "$DISK" ||
			fail "$2: the unsealed key does not open the disk"
		rm -f "$TESTDIR/key"
	else
		[ ! -e "$TESTDIR/key" ] || fail "$2: a key was written despite the refusal"
	fi
}

disk_reseal() { # disk_reseal EXIT ARGS...
	local want=$1
	shift
	expect_exit "$want" "$HEADS" disk reseal "$DISK" --passphrase-file "$TESTDIR/unlock.pass" "$@"
}

setup_disk() {
	mkdir -p "$HEADS_STATEDIR"
	make_rom old "payload 1" "CONFIG_A=1"
	make_rom new "payload 2" "CONFIG_A=1"
	make_rom other "payload 2" "CONFIG_A=2"
	make_luks_disk
	boot_rom old
	expect_exit 0 "$HEADS" disk enroll "$DISK" --luks-passphrase-file "$TESTDIR/luks.pass" \
		--passphrase-file "$TESTDIR/unlock.pass" --pcrs 0,2,6,7
	unseal_disk 0 "the running firmware after enrolment"
}

test_disk_both_states_unseal_a_third_is_refused() {
	setup_disk
	disk_reseal 0 --rom "$TESTDIR/new.rom"
	expect_contains "$OUT" "2 states"
	unseal_disk 0 "the running firmware after resealing"
	boot_rom new
	unseal_disk 0 "a boot of the new image"
	unseal_disk 7 "the new image with a wrong passphrase" "$TESTDIR/wrong.pass"
	boot_rom other
	unseal_disk 3 "an image with another owner file"
	boot_rom old
	unseal_disk 0 "the old firmware again"
}

test_disk_old_state_dropped_after_good_boot() {
	setup_disk
	disk_reseal 0 --rom "$TESTDIR/new.rom"
	boot_rom new
	disk_reseal 0 --drop-old
	expect_contains "$OUT" "this boot's state alone"
	unseal_disk 0 "the new firmware after dropping the old state"
	boot_rom old
	unseal_disk 3 "the old firmware after its state was dropped"
}

test_disk_tampered_branch_list_refused() {
	local list
	setup_disk
	disk_reseal 0 --rom "$TESTDIR/new.rom"
	list=$(ls "$HEADS_STATEDIR"/disk-slot*.branches)
	sed -i '0,/^pcr 2 /s/^pcr 2 ./pcr 2 f/' "$list"
	boot_rom new
	unseal_disk 3 "the new image with a changed list"
}

# The passphrase is needed to reseal: a wrong one changes nothing.
test_disk_reseal_needs_the_passphrase() {
	setup_disk
	expect_exit 7 "$HEADS" disk reseal "$DISK" --passphrase-file "$TESTDIR/wrong.pass" \
		--rom "$TESTDIR/new.rom"
	ls "$HEADS_STATEDIR"/disk-slot*.branches 2>/dev/null && fail "a list was written"
	boot_rom new
	unseal_disk 3 "the new image after a refused reseal"
}

run_tests "$@"
