#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Attestation to a remote system, against a fresh swtpm per test: a quote
# verifies (by heads and by tpm2_checkquote) and its logs replay; from the
# attacker's side, a replayed quote, another TPM's quote, edited PCR values,
# an edited log event and a changed state against the golden one are each
# refused, saying what differs; malformed input is refused with a reason;
# the quote survives its trip through QR codes; the EK certificate check.
. "$(dirname "$0")/lib.sh"

QR_TO_PBM=$(cd "$(dirname "$0")/../tools" && pwd)/qr-text-to-pbm
NONCE=5eed0123456789abcdef

# One boot's measurements by the payload: an owner file and a module.
measure() {
	expect_exit 0 "$HEADS" tpm extend 7 --string etc/config.user --kind user-file-name
	expect_exit 0 "$HEADS" tpm extend 5 --string usbhid --kind module
}

enroll() {
	expect_exit 0 "$HEADS" attest enroll --out "$TESTDIR/ak.pem"
	grep -q "BEGIN PUBLIC KEY" "$TESTDIR/ak.pem" || fail "no PEM key in ak.pem"
}

quote() {
	expect_exit 0 "$HEADS" attest quote --nonce "${2:-$NONCE}" --out "$TESTDIR/$1" "${@:3}"
}

verify() {
	local want=$1 file=$2
	shift 2
	expect_exit "$want" "$HEADS" attest verify "$TESTDIR/$file" --ak "$TESTDIR/ak.pem" "$@"
}

# Replaces a field of an attestation file with base64 of FILE's bytes.
replace_field() {
	local att=$1 field=$2 bytes=$3
	awk -v f="$field" -v v="$(base64 -w0 "$bytes")" '$1 == f { print f " " v; next } { print }' \
		"$att" >"$att.new" && mv "$att.new" "$att"
}

field_bytes() {
	grep "^$2 " "$1" | cut -d' ' -f2 | base64 -d
}

test_quote_verifies() {
	measure
	enroll
	quote q.att
	verify 0 q.att --nonce "$NONCE"
	expect_contains "$OUT" "Signature: MATCH"
	expect_contains "$OUT" "Nonce: MATCH"
	expect_contains "$OUT" "PCR values: MATCH"
	expect_contains "$OUT" "Event logs: MATCH: 2 events replay to the quoted PCRs 0,1,2,3,4,5,6,7"
	expect_contains "$OUT" "Attestation verified."
	# The file's own AK is the enrolled one.
	[ "$(field_bytes "$TESTDIR/q.att" ak-pem)" = "$(cat "$TESTDIR/ak.pem")" ] ||
		fail "the file's AK is not the enrolled one"
}

# The default PCRs are 0-7, and 9 once a log extends it (the kernel's EFI
# stub measures the payload's initrd and command line there).
test_default_pcrs_follow_the_logs() {
	enroll
	quote q.att
	[ "$(grep -c '^pcr ' "$TESTDIR/q.att")" = 8 ] || fail "expected PCRs 0-7: $(grep '^pcr ' "$TESTDIR/q.att")"
	expect_exit 0 "$HEADS" tpm extend 9 --string "initrd=payload" --name "payload initrd"
	quote q9.att
	expect_contains "$OUT" "Attestation of PCRs 0,1,2,3,4,5,6,7,9 written"
	verify 0 q9.att --nonce "$NONCE"
	expect_contains "$OUT" "replay to the quoted PCRs 0,1,2,3,4,5,6,7,9"
}

# An independent verifier (tpm2-tools) accepts the extracted parts, and
# refuses them with another nonce.
test_tpm2_checkquote_verifies() {
	local d=$TESTDIR/parts
	measure
	enroll
	quote q.att "$NONCE" --pcrs 0-9
	expect_exit 0 "$HEADS" attest extract "$TESTDIR/q.att" "$d"
	for f in quote.msg quote.sig ak.pub ak.pem pcrs.bin pcrs.list pcrs.tpm2 payload.log; do
		[ -s "$d/$f" ] || fail "extract wrote no $f"
	done
	[ "$(cat "$d/pcrs.list")" = "sha256:0,1,2,3,4,5,6,7,8,9" ] || fail "pcrs.list: $(cat "$d/pcrs.list")"
	tpm2_checkquote -u "$d/ak.pem" -m "$d/quote.msg" -s "$d/quote.sig" -f "$d/pcrs.tpm2" \
		-g sha256 -q "$NONCE" >/dev/null 2>"$TESTDIR/cq.err" ||
		fail "tpm2_checkquote refuses the quote: $(cat "$TESTDIR/cq.err")"
	! tpm2_checkquote -u "$d/ak.pem" -m "$d/quote.msg" -s "$d/quote.sig" -f "$d/pcrs.tpm2" \
		-g sha256 -q "${NONCE%?}0" >/dev/null 2>&1 || fail "tpm2_checkquote accepts another nonce"
	# tpm2_eventlog reads the payload's log carried in the file.
	tpm2_eventlog "$d/payload.log" >"$TESTDIR/ev" 2>&1 || fail "tpm2_eventlog: $(cat "$TESTDIR/ev")"
	grep -q "usbhid" "$TESTDIR/ev" || fail "the module's event is not in the carried log"
}

test_replayed_quote_refused() {
	measure
	enroll
	quote q.att 0011223344
	verify 6 q.att --nonce 5566778899
	expect_contains "$OUT" "Nonce: DIFFERS: the quote was made for another nonce"
	expect_contains "$OUT" "Attestation NOT verified."
}

# A quote made by another TPM (its own AK, valid signature) does not pass
# for this machine's.
test_other_tpm_refused() {
	enroll
	stop_swtpm
	(
		TESTDIR=$TESTDIR/other
		mkdir -p "$TESTDIR"
		start_swtpm || fail "cannot start the second swtpm"
		trap stop_swtpm EXIT
		"$HEADS" attest quote --nonce "$NONCE" --out "$TESTDIR/../q.att" >/dev/null 2>&1
	) || fail "the second TPM does not quote"
	verify 5 q.att --nonce "$NONCE"
	expect_contains "$OUT" "Signature: DOES NOT VERIFY with the attestation key"
	expect_contains "$OUT" "the file's attestation key is another one"
	expect_contains "$OUT" "Attestation NOT verified."
}

# A PCR value changed in the file (to pass for a clean state) is found:
# the quote signed other values.
test_edited_pcr_refused() {
	measure
	enroll
	quote q.att
	sed -i 's/^pcr 7 .*/pcr 7 '"$(printf '0%.0s' $(seq 64))"'/' "$TESTDIR/q.att"
	verify 4 q.att --nonce "$NONCE"
	expect_contains "$OUT" "PCR values: DIFFER from the ones the TPM quoted"
	expect_contains "$OUT" "Attestation NOT verified."
}

# An event's digest changed in the carried log (to hide what was really
# measured) no longer adds up to the quoted PCR; the PCR's events are named.
test_edited_log_event_refused() {
	local log=$TESTDIR/payload.log
	measure
	enroll
	quote q.att
	field_bytes "$TESTDIR/q.att" payload-log >"$log"
	# The module's digest: SHA-256 of "usbhid", wherever it lies in the log.
	local digest off
	digest=$(printf usbhid | sha256sum | cut -c1-64)
	off=$(hexof "$log" | grep -bo "$digest" | cut -d: -f1)
	[ -n "$off" ] || fail "the module's digest is not in the log"
	flip_byte "$log" $((off / 2))
	replace_field "$TESTDIR/q.att" payload-log "$log"
	verify 4 q.att --nonce "$NONCE"
	expect_contains "$OUT" "Event logs: DIFFER: the events on PCR 5 do not add up to its quoted value"
	expect_contains "$OUT" "PCR 5 event: heads module usbhid"
	expect_not_contains "$OUT" "PCR 7 event"
}

# A golden state from a trusted quote; a later boot with an owner file
# added is refused, naming the file.
test_golden_mismatch_names_event() {
	measure
	enroll
	quote trusted.att
	expect_exit 0 "$HEADS" attest golden --from "$TESTDIR/trusted.att" --out "$TESTDIR/golden"
	head -n 1 "$TESTDIR/golden" | grep -qx "heads-golden 1" || fail "not a golden file"
	verify 0 trusted.att --nonce "$NONCE" --golden "$TESTDIR/golden"
	expect_contains "$OUT" "Golden state: MATCH"
	expect_exit 0 "$HEADS" tpm extend 7 --string etc/evil --kind user-file-name
	quote later.att
	verify 3 later.att --nonce "$NONCE" --golden "$TESTDIR/golden"
	expect_contains "$OUT" "Event logs: MATCH"
	expect_contains "$OUT" "Golden state: DIFFERS on PCR 7:"
	expect_contains "$OUT" "PCR 7: owner file etc/evil added that was not there at the golden boot"
	expect_not_contains "$OUT" "DIFFERS on PCR 5"
	verify 3 later.att --nonce "$NONCE" --golden "$TESTDIR/golden" --json
	python3 -c '
import json, sys
v = json.load(sys.stdin)
assert v["signature"] and v["nonce"] and v["pcr_values"] and v["log"], v
assert v["golden"] is False and v["verified"] is False, v
assert [p["pcr"] for p in v["pcrs"] if p["golden"] is False] == [7], v["pcrs"]
assert any("etc/evil" in c for c in v["golden_changes"]), v["golden_changes"]
assert [e["description"] for e in v["events"]][-1] == "heads user-file-name etc/evil"
' <<<"$OUT" || fail "unexpected JSON: $OUT"
}

test_bad_input_refused() {
	measure
	enroll
	quote q.att
	local size
	size=$(stat -c %s "$TESTDIR/q.att")
	head -c $((size / 2)) "$TESTDIR/q.att" >"$TESTDIR/cut.att"
	verify 2 cut.att --nonce "$NONCE"
	expect_contains "$ERR" "is not a heads attestation file (line"
	cp "$TESTDIR/q.att" "$TESTDIR/badlog.att"
	printf 'not an event log at all' >"$TESTDIR/junk"
	replace_field "$TESTDIR/badlog.att" payload-log "$TESTDIR/junk"
	verify 2 badlog.att --nonce "$NONCE"
	expect_contains "$ERR" "The event log in $TESTDIR/badlog.att is malformed"
	printf -- '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n' >"$TESTDIR/ak.pem"
	verify 2 q.att --nonce "$NONCE"
	expect_contains "$ERR" "holds no public key in PEM form"
	for bad in xyz 123 "" "$(printf '%0130d' 0)"; do
		expect_exit 2 "$HEADS" attest verify "$TESTDIR/q.att" --ak "$TESTDIR/ak.pem" --nonce "$bad"
		expect_contains "$ERR" "invalid --nonce"
		expect_exit 2 "$HEADS" attest quote --nonce "$bad" --out "$TESTDIR/x.att"
		expect_contains "$ERR" "invalid --nonce"
	done
	[ ! -e "$TESTDIR/x.att" ] || fail "a quote was written for a bad nonce"
	expect_exit 2 "$HEADS" attest verify "$TESTDIR/nonexistent" --nonce 00
	expect_contains "$ERR" "give --nonce HEX and --ak AK.pem"
}

# Each piece printed by --qr is a QR code that an independent reader
# decodes to the piece; the decoded pieces, in another order, verify.
test_qr_round_trip() {
	measure
	enroll
	quote q.att "$NONCE" --qr
	local dir=$TESTDIR/qr n
	mkdir -p "$dir"
	awk -v d="$dir" '/^HEADSQ/ { n++; print > (d "/" n ".txt"); next } n { print > (d "/" n ".qr") }' \
		<<<"$OUT"
	n=$(ls "$dir"/*.txt | wc -l)
	[ "$n" -ge 2 ] || fail "expected several QR codes, got $n"
	for i in $(seq 1 "$n"); do
		"$QR_TO_PBM" <"$dir/$i.qr" >"$dir/$i.pbm" || fail "no QR code for piece $i"
		zbarimg --nodbus --quiet --raw "$dir/$i.pbm" >"$dir/$i.dec" || fail "zbarimg cannot read piece $i"
		[ "$(cat "$dir/$i.dec")" = "$(cat "$dir/$i.txt")" ] || fail "piece $i decodes differently"
	done
	for i in $(seq "$n" -1 1); do cat "$dir/$i.dec"; done >"$TESTDIR/decoded"
	expect_exit 0 "$HEADS" attest verify --from-qr "$TESTDIR/decoded" --ak "$TESTDIR/ak.pem" --nonce "$NONCE"
	expect_contains "$OUT" "Attestation verified."
	# A missing piece is refused, with a reason.
	sed -i 1d "$TESTDIR/decoded"
	expect_exit 2 "$HEADS" attest verify --from-qr "$TESTDIR/decoded" --ak "$TESTDIR/ak.pem" --nonce "$NONCE"
	expect_contains "$ERR" "does not hold every piece of one attestation"
}

# What a quote costs once the AK exists, as the TPM sees it: reading the
# AK (handle, then public area), the PCRs, the quote, and a look for each
# EK certificate index.
test_quote_cost() {
	local pcap=$TESTDIR/quote.pcap tool
	tool=$(dirname "$0")/../tools/tpm-pcap
	enroll
	TCTI_PCAP_FILE=$pcap HEADS_TCTI="pcap:$HEADS_TCTI" \
		expect_exit 0 "$HEADS" -v attest quote --nonce "$NONCE" --out "$TESTDIR/q.att"
	expect_contains "$ERR" "(6 TPM commands)"
	[ "$("$tool" "$pcap" | awk '{print $1}' | tr '\n' ' ')" = \
		"ReadPublic ReadPublic PCR_Read Quote NV_ReadPublic NV_ReadPublic " ] ||
		fail "a quote sent: $("$tool" "$pcap")"
}

# A TPM whose maker stored an EK certificate (swtpm_setup signs one with a
# local CA): enroll says it matches this TPM's EK and that its chain leads
# to the CA; the quote carries it.
test_ek_certificate() {
	command -v swtpm_setup >/dev/null || skip "swtpm_setup (swtpm-tools) is not installed"
	local ca=$TESTDIR/ca
	mkdir -p "$ca"
	printf 'statedir = %s\nsigningkey = %s/signkey.pem\nissuercert = %s/issuercert.pem\ncertserial = %s/certserial\n' \
		"$ca" "$ca" "$ca" "$ca" >"$TESTDIR/localca.conf"
	printf 'create_certs_tool = /usr/bin/swtpm_localca\ncreate_certs_tool_config = %s\ncreate_certs_tool_options = /etc/swtpm-localca.options\n' \
		"$TESTDIR/localca.conf" >"$TESTDIR/setup.conf"
	stop_swtpm
	swtpm_setup --tpm2 --tpmstate "$TESTDIR/tpm" --config "$TESTDIR/setup.conf" --overwrite \
		--create-ek-cert >"$TESTDIR/setup.log" 2>&1 || fail "swtpm_setup: $(tail -n 5 "$TESTDIR/setup.log")"
	start_swtpm || fail "cannot restart swtpm"
	expect_exit 0 "$HEADS" attest enroll --out "$TESTDIR/ak.pem"
	expect_contains "$OUT" "EK certificate (RSA, NV 0x01c00002): present; its public key is this TPM's endorsement key"
	cat "$ca/swtpm-localca-rootca-cert.pem" "$ca/issuercert.pem" >"$TESTDIR/ca.pem"
	expect_exit 0 "$HEADS" attest enroll --out "$TESTDIR/ak.pem" --ca "$TESTDIR/ca.pem"
	expect_contains "$OUT" "EK certificate (RSA): chain verified against the CA file"
	# Another CA: the chain does not verify.
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=other \
		-keyout "$TESTDIR/other.key" -out "$TESTDIR/other.pem" -days 1 2>/dev/null
	expect_exit 5 "$HEADS" attest enroll --out "$TESTDIR/ak.pem" --ca "$TESTDIR/other.pem"
	expect_contains "$OUT" "chain does NOT verify against the CA file"
	quote q.att
	expect_exit 0 "$HEADS" attest extract "$TESTDIR/q.att" "$TESTDIR/parts"
	openssl x509 -inform DER -in "$TESTDIR/parts/ek.crt" -noout >/dev/null 2>&1 ||
		fail "the quote carries no readable EK certificate"
	verify 0 q.att --nonce "$NONCE"
}

test_help_everywhere() {
	expect_help "attest quote" "attest verify" "attest enroll" "attest golden" "attest extract"
	expect_exit 2 "$HEADS" attest frobnicate
	expect_exit 2 "$HEADS" attest quote --out "$TESTDIR/q"
}

run_tests "$@"
