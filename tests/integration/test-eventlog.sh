#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The payload's event log against a fresh swtpm per test: every extend is
# logged and replays to the TPM, an extend behind the log's back is found,
# tpm2_eventlog reads the log, a refused TOTP names the changed events, and
# the clean-boot prediction after a cap.
. "$(dirname "$0")/lib.sh"

DATA=$(cd "$(dirname "$0")/../data/eventlog" && pwd)
ZERO=0000000000000000000000000000000000000000000000000000000000000000

setup() {
	export HEADS_RUNDIR=$TESTDIR/run HEADS_STATEDIR=$TESTDIR/state
	export HEADS_FIRMWARE_LOG=$TESTDIR/no-firmware-log
	mkdir -p "$HEADS_STATEDIR"
}

# A reboot: the TPM keeps NV and persistent objects, loses its PCRs; the
# runtime directory (RAM) is empty again.
reboot() {
	stop_swtpm
	start_swtpm || fail "cannot restart swtpm"
	rm -rf "$HEADS_RUNDIR"
}

# One boot's measurements: an owner file (name, then content) and modules.
measure_owner_file() {
	expect_exit 0 "$HEADS" tpm extend 7 --string "$1" --kind user-file-name
	expect_exit 0 "$HEADS" tpm extend 7 --file "$2" --kind user-file --name "$1"
}

measure_module() {
	expect_exit 0 "$HEADS" tpm extend 5 --file "$2" --kind module --name "$1"
}

enroll() {
	expect_exit 0 "$HEADS" totp enroll --no-qr "$@"
	SECRET=$(sed -n 's/.*[?&]secret=\([A-Z2-7]*\).*/\1/p' <<<"$OUT")
	[ ${#SECRET} -eq 32 ] || fail "no secret in: $OUT"
}

test_replay_matches_after_extends() {
	setup
	echo content >"$TESTDIR/f"
	expect_exit 0 "$HEADS" tpm extend 4 --string boot --kind boot-mode
	expect_exit 0 "$HEADS" tpm extend 5 --file "$TESTDIR/f" --kind module --name usbhid
	expect_exit 0 "$HEADS" tpm extend 7 --string x
	expect_exit 0 "$HEADS" tpm extend 16 --file "$TESTDIR/f"
	expect_exit 0 "$HEADS" tpm extend 7 --string y
	expect_exit 0 "$HEADS" log --replay
	expect_contains "$OUT" "All 4 PCRs in the logs match the TPM."
	expect_contains "$OUT" "heads module usbhid"
	expect_contains "$OUT" "heads boot-mode boot"
	[ "$(grep -c '^payload  PCR' <<<"$OUT")" = 5 ] || fail "expected 5 events: $OUT"
	expect_exit 0 "$HEADS" log --replay --json
	python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["match"] and len(d["events"]) == 5 and len(d["replay"]) == 4' <<<"$OUT" ||
		fail "bad JSON: $OUT"
}

# A file named on the command line is followed through symbolic links (a
# chain of two, as /bin/sh is on Debian): the PCR gets the target's hash.
test_extend_file_through_symlink() {
	setup
	echo content >"$TESTDIR/f"
	ln -s f "$TESTDIR/l1"
	ln -s "$TESTDIR/l1" "$TESTDIR/l2"
	expect_exit 0 "$HEADS" tpm extend 16 --file "$TESTDIR/l2"
	expect_exit 0 "$HEADS" tpm extend 23 --file "$TESTDIR/f"
	expect_exit 0 "$HEADS" tpm pcrs --pcrs 16,23
	[ "$(sed -n 's/^16: //p' <<<"$OUT")" = "$(sed -n 's/^23: //p' <<<"$OUT")" ] ||
		fail "the symlink and its target extended different values: $OUT"
	expect_exit 0 "$HEADS" tpm extend 16 --file /bin/sh
}

test_extend_behind_the_logs_back_detected() {
	setup
	expect_exit 0 "$HEADS" tpm extend 5 --string a --kind module --name a
	expect_exit 0 "$HEADS" tpm extend 7 --string b
	expect_exit 0 "$HEADS" log --replay
	tpm2_pcrextend 5:sha256=$ZERO >/dev/null || fail "tpm2_pcrextend failed"
	expect_exit 1 "$HEADS" log --replay
	expect_contains "$OUT" "PCR 5: DIFFERS"
	expect_contains "$OUT" "PCR 7: matches the TPM"
	expect_contains "$OUT" "do NOT replay to the TPM: 1 of 2 PCRs differ"
	expect_exit 1 "$HEADS" log --replay --json
	python3 -c 'import json,sys; d=json.load(sys.stdin); assert not d["match"]' <<<"$OUT" || fail "JSON says match"
	# A PCR without logged events is compared when asked for.
	tpm2_pcrextend 9:sha256=$ZERO >/dev/null
	expect_exit 1 "$HEADS" log --replay --pcrs 9
	expect_contains "$OUT" "PCR 9: DIFFERS"
}

test_tpm2_eventlog_reads_our_log() {
	setup
	expect_exit 0 "$HEADS" tpm extend 7 --string heads/initrd/etc/config.user --kind user-file-name
	expect_exit 0 "$HEADS" tpm extend 4 --string recovery --kind boot-mode
	tpm2_eventlog "$HEADS_RUNDIR/eventlog" >"$TESTDIR/yaml" 2>"$TESTDIR/yaml.err" ||
		fail "tpm2_eventlog failed: $(cat "$TESTDIR/yaml.err")"
	grep -q '"heads boot-mode recovery"' "$TESTDIR/yaml" || fail "event text missing: $(cat "$TESTDIR/yaml")"
	# tpm2_eventlog's own replay equals the TPM.
	for pcr in 4 7; do
		theirs=$(sed -n "s/^ *$pcr *: 0x\([0-9a-f]*\)$/\1/p" "$TESTDIR/yaml")
		tpm=$(tpm2_pcrread sha256:$pcr | sed -n 's/.*: 0x\([0-9A-F]*\)$/\1/p' | tr A-F a-f)
		[ -n "$theirs" ] && [ "$theirs" = "$tpm" ] || fail "PCR $pcr: tpm2_eventlog $theirs, TPM $tpm"
	done
}

test_totp_refusal_names_exactly_the_changed_events() {
	setup
	echo "export CONFIG_X=y" >"$TESTDIR/config.user"
	echo keys >"$TESTDIR/pubring.kbx"
	echo ehci >"$TESTDIR/ehci.ko"
	echo usbhid >"$TESTDIR/usbhid.ko"
	boot() {
		measure_owner_file heads/initrd/etc/config.user "$TESTDIR/config.user"
		measure_owner_file heads/initrd/.gnupg/pubring.kbx "$TESTDIR/pubring.kbx"
		measure_module ehci_hcd "$TESTDIR/ehci.ko"
	}
	boot
	enroll --pcrs 0,4,5,7
	[ -s "$HEADS_STATEDIR/totp.eventlog" ] || fail "no snapshot written"
	tpm2_eventlog "$HEADS_STATEDIR/totp.eventlog" >/dev/null 2>&1 || fail "snapshot unreadable by tpm2_eventlog"
	reboot
	boot
	expect_exit 0 "$HEADS" totp show --time 1700000000
	reboot
	echo "export CONFIG_X=n" >"$TESTDIR/config.user"
	boot
	measure_module usbhid "$TESTDIR/usbhid.ko"
	expect_exit 3 "$HEADS" totp show --time 1700000000
	[ -z "$OUT" ] || fail "a code was printed: $OUT"
	expect_contains "$ERR" "PCR 7: owner file heads/initrd/etc/config.user changed"
	expect_contains "$ERR" "PCR 5: module usbhid loaded that was not loaded at sealing"
	[ "$(grep -c '^PCR ' <<<"$ERR")" = 2 ] || fail "expected exactly two lines: $ERR"
	# An extend outside the log on a sealed PCR is named as such.
	tpm2_pcrextend 0:sha256=$ZERO >/dev/null
	expect_exit 3 "$HEADS" totp show
	expect_contains "$ERR" "PCR 0: its value does not replay from this boot's event logs"
}

test_refusal_without_snapshot_still_exit3() {
	setup
	rmdir "$HEADS_STATEDIR"
	enroll --pcrs 7
	expect_contains "$ERR" "snapshot of the sealed state is not kept"
	expect_exit 0 "$HEADS" tpm extend 7 --string x
	expect_exit 3 "$HEADS" totp show
	expect_contains "$ERR" "No snapshot of the sealed state"
}

test_totp_show_success_costs_six_commands() {
	setup
	measure_module ehci_hcd /etc/hostname
	enroll --pcrs 0,5,7
	TCTI_PCAP_FILE=$TESTDIR/show.pcap HEADS_TCTI="pcap:$HEADS_TCTI" expect_exit 0 "$HEADS" totp show
	n=$("$(dirname "$0")/../tools/tpm-pcap" --count "$TESTDIR/show.pcap")
	[ "$n" -le 6 ] || fail "totp show sent $n TPM commands, expected at most 6: $("$(dirname "$0")/../tools/tpm-pcap" "$TESTDIR/show.pcap")"
}

test_predict_and_enrol_after_a_cap() {
	setup
	measure_owner_file heads/initrd/etc/config.user /etc/hostname
	clean7=$(tpm2_pcrread sha256:7 | sed -n 's/.*: 0x\([0-9A-F]*\)$/\1/p' | tr A-F a-f)
	expect_exit 0 "$HEADS" tpm extend 4 --string recovery --kind boot-mode
	expect_exit 0 "$HEADS" tpm predict --pcrs 4,7 --without-caps
	[ "$OUT" = "4: $ZERO
7: $clean7" ] || fail "clean-boot prediction: $OUT"
	expect_exit 0 "$HEADS" tpm predict --pcrs 4,7 --without-caps --json
	[ "$(jq -c . <<<"$OUT")" = '[{"pcr":4,"sha256":"'$ZERO'"},{"pcr":7,"sha256":"'$clean7'"}]' ] ||
		fail "clean-boot prediction in JSON: $OUT"
	expect_exit 0 "$HEADS" tpm predict --pcrs 4
	[ "$OUT" != "4: $ZERO" ] || fail "the cap is missing from the prediction with caps"
	live4=$(tpm2_pcrread sha256:4 | sed -n 's/.*: 0x\([0-9A-F]*\)$/\1/p' | tr A-F a-f)
	expect_exit 0 "$HEADS" tpm pcrs --pcrs 4,7 --json
	[ "$(jq -c . <<<"$OUT")" = '[{"pcr":4,"sha256":"'$live4'"},{"pcr":7,"sha256":"'$clean7'"}]' ] ||
		fail "tpm pcrs in JSON: $OUT"
	enroll --pcrs 4,7
	expect_contains "$ERR" "boot-mode cap in this boot"
	expect_exit 3 "$HEADS" totp show --time 99
	expect_contains "$ERR" "PCR 4: boot mode 'recovery' was set"
	reboot
	measure_owner_file heads/initrd/etc/config.user /etc/hostname
	expect_exit 0 "$HEADS" totp show --time 99
	[ "$OUT" = "$(oathtool --totp -b -N @99 "$SECRET")" ] || fail "wrong code on the clean boot"
}

test_predict_refuses_logs_that_do_not_replay() {
	setup
	expect_exit 0 "$HEADS" tpm extend 4 --string recovery --kind boot-mode
	tpm2_pcrextend 4:sha256=$ZERO >/dev/null
	expect_exit 1 "$HEADS" tpm predict --pcrs 4 --without-caps
	expect_contains "$ERR" "PCR 4: the event logs do not replay"
	expect_exit 1 "$HEADS" totp enroll --no-qr --pcrs 4
	[ -z "$(tpm2_getcap handles-persistent | grep -v 0x81000001)" ] || fail "a key was enrolled"
}

# A log with an event type the TCG profile does not define, then a tagged
# event with text: both listed, the first as unknown.
make_firmware_log() {
	python3 - "$1" <<'PY'
import struct, sys, hashlib
spec = b"Spec ID Event03\0" + struct.pack("<IBBBBI", 0, 0, 2, 0, 2, 1) + struct.pack("<HH", 0xB, 32) + b"\0"
out = struct.pack("<II", 0, 3) + b"\0" * 20 + struct.pack("<I", len(spec)) + spec
def ev(pcr, typ, data):
    return struct.pack("<IIIH", pcr, typ, 1, 0xB) + hashlib.sha256(data).digest() + struct.pack("<I", len(data)) + data
out += ev(0, 0x12345678, b"\x01\x02")
out += ev(2, 0x80000007, b"Calling EFI Application")
open(sys.argv[1], "wb").write(out)
PY
}

test_firmware_log_listed_unknown_types_shown() {
	setup
	make_firmware_log "$TESTDIR/fw.bin"
	expect_exit 0 "$HEADS" tpm extend 7 --string x
	expect_exit 0 "$HEADS" log --firmware-log "$TESTDIR/fw.bin"
	expect_contains "$OUT" "firmware PCR 0  unknown (0x12345678)"
	expect_contains "$OUT" "EV_EFI_ACTION"
	expect_contains "$OUT" "Calling EFI Application"
	expect_contains "$OUT" "payload  PCR 7"
	# swtpm's PCRs 0 and 2 were never extended: the firmware log does not replay.
	expect_exit 1 "$HEADS" log --firmware-log "$TESTDIR/fw.bin" --replay
	expect_contains "$OUT" "PCR 0: DIFFERS"
	expect_contains "$OUT" "PCR 7: matches the TPM"
	expect_exit 0 "$HEADS" log --firmware-log "$DATA/ovmf-q35.bin" --json
	python3 -c 'import json,sys; d=json.load(sys.stdin); assert any(e["description"] == "SecureBoot" for e in d["events"])' <<<"$OUT" ||
		fail "recorded OVMF log not listed"
}

test_malformed_logs_refused() {
	setup
	head -c 100 "$DATA/ovmf-q35.bin" >"$TESTDIR/cut.bin"
	expect_exit 2 "$HEADS" log --firmware-log "$TESTDIR/cut.bin"
	expect_contains "$ERR" "malformed"
	mkdir -p "$HEADS_RUNDIR"
	printf 'garbage' >"$HEADS_RUNDIR/eventlog"
	expect_exit 2 "$HEADS" log --replay
}

# In an OS the payload booted: the logs it handed over, copied to the OS's
# RUNDIR (eventlog, firmware-eventlog), are what `heads log` reads by
# default, and they replay to the PCRs; without the firmware's, the
# firmware's PCRs differ.
test_os_reads_the_logs_handed_over() {
	setup
	unset HEADS_FIRMWARE_LOG
	export HEADS_PHYSMEM=$TESTDIR/no-memory
	HEADS_RUNDIR=$TESTDIR/fw expect_exit 0 "$HEADS" tpm extend 0 --string firmware
	HEADS_RUNDIR=$TESTDIR/fw expect_exit 0 "$HEADS" tpm extend 2 --string fallback/payload
	expect_exit 0 "$HEADS" tpm extend 7 --string etc/config.user --kind user-file-name
	expect_exit 0 "$HEADS" tpm extend 4 --string boot --kind boot-mode
	mkdir -p "$TESTDIR/os"
	cp "$TESTDIR/fw/eventlog" "$TESTDIR/os/firmware-eventlog"
	cp "$HEADS_RUNDIR/eventlog" "$TESTDIR/os/eventlog"
	export HEADS_RUNDIR=$TESTDIR/os
	expect_exit 0 "$HEADS" log --replay --pcrs 0-7
	expect_contains "$OUT" "# firmware log: $TESTDIR/os/firmware-eventlog (handed over by the payload)"
	expect_contains "$OUT" "# payload log: $TESTDIR/os/eventlog"
	expect_contains "$OUT" "PCR 2: matches the TPM"
	expect_contains "$OUT" "heads boot-mode boot"
	expect_contains "$OUT" "All 8 PCRs in the logs match the TPM."
	rm "$TESTDIR/os/firmware-eventlog"
	expect_exit 1 "$HEADS" log --replay --pcrs 0-7
	expect_contains "$OUT" "(not present)"
	expect_contains "$OUT" "PCR 2: DIFFERS"
	expect_contains "$OUT" "2 of 8 PCRs differ"
}

test_help_and_usage() {
	expect_help "log" "tpm predict" "tpm extend"
	expect_exit 2 "$HEADS" tpm predict
	expect_exit 2 "$HEADS" tpm predict --pcrs 24
	expect_exit 2 "$HEADS" log extra
	expect_exit 2 "$HEADS" log --pcrs 1
	expect_exit 2 "$HEADS" tpm extend 7 --string x --kind nonsense
}

run_tests "$@"
