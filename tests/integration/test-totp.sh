#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# heads totp enroll/show against a fresh swtpm per test, cross-checked with
# oathtool, and the failure cases a user meets.
. "$(dirname "$0")/lib.sh"

# enroll [ARGS]: enrols and sets SECRET to the base32 secret of the URI.
enroll() {
	expect_exit 0 "$HEADS" totp enroll --no-qr "$@"
	SECRET=$(sed -n 's/.*otpauth:\/\/totp\/.*[?&]secret=\([A-Z2-7]*\).*/\1/p' <<<"$OUT")
	[ ${#SECRET} -eq 32 ] || fail "no 20-byte secret in the URI: $OUT"
}

oath() {
	oathtool --totp -b -N "@$1" "$2"
}

test_show_equals_oathtool() {
	enroll
	expect_contains "$OUT" "issuer=heads&algorithm=SHA1&digits=6&period=30"
	for t in 0 59 1111111109 1234567890 1700000000 2000000000 4102444800; do
		expect_exit 0 "$HEADS" totp show --time "$t"
		[ "$OUT" = "$(oath "$t" "$SECRET")" ] || fail "T=$t: heads $OUT, oathtool $(oath "$t" "$SECRET")"
	done
}

test_show_now_equals_oathtool() {
	enroll
	now=$(date +%s)
	expect_exit 0 "$HEADS" totp show
	# The step may tick over between the two calls; accept either side.
	[[ $OUT =~ ^[0-9]{6}$ ]] || fail "not a 6-digit code: $OUT"
	[ "$OUT" = "$(oath "$now" "$SECRET")" ] || [ "$OUT" = "$(oath $((now + 30)) "$SECRET")" ] ||
		fail "code $OUT does not match oathtool"
}

test_extend_policy_pcr_refuses_exit3() {
	enroll
	expect_exit 0 "$HEADS" totp show --time 1700000000
	expect_exit 0 "$HEADS" tpm extend 7 --string "changed user file"
	expect_exit 3 "$HEADS" totp show --time 1700000000
	expect_contains "$ERR" "measured state changed"
	expect_contains "$ERR" "PCRs 0,1,2,3,4,7"
	[ -z "$OUT" ] || fail "a code was printed despite the refusal: $OUT"
}

test_extend_each_policy_pcr_refuses() {
	enroll --pcrs 0,4
	for pcr in 0 4; do
		expect_exit 0 "$HEADS" tpm extend "$pcr" --string x
		expect_exit 3 "$HEADS" totp show
		expect_contains "$ERR" "PCRs 0,4"
		enroll --pcrs 0,4
	done
}

test_extend_other_pcr_still_works() {
	enroll
	expect_exit 0 "$HEADS" totp show --time 1700000000
	before=$OUT
	for pcr in 5 6 8 9 16 23; do
		expect_exit 0 "$HEADS" tpm extend "$pcr" --string x
	done
	expect_exit 0 "$HEADS" totp show --time 1700000000
	[ "$OUT" = "$before" ] || fail "code changed after extending PCRs outside the policy"
}

test_custom_pcr_list() {
	enroll --pcrs 16
	expect_exit 0 "$HEADS" tpm extend 7 --string x
	expect_exit 0 "$HEADS" totp show --time 99
	[ "$OUT" = "$(oath 99 "$SECRET")" ] || fail "wrong code"
	expect_exit 0 "$HEADS" tpm extend 16 --string x
	expect_exit 3 "$HEADS" totp show --time 99
	expect_contains "$ERR" "PCRs 16,"
}

test_reenrol_replaces_key() {
	enroll
	old=$SECRET
	enroll
	[ "$SECRET" != "$old" ] || fail "the same secret twice"
	same_as_old=0
	for t in 1000 2000 3000 4000 5000 6000; do
		expect_exit 0 "$HEADS" totp show --time "$t"
		[ "$OUT" = "$(oath "$t" "$SECRET")" ] || fail "T=$t: not the new secret's code"
		[ "$OUT" = "$(oath "$t" "$old")" ] && same_as_old=$((same_as_old + 1))
	done
	[ $same_as_old -lt 2 ] || fail "the old secret's codes still appear"
	# One primary and exactly one TOTP key remain persistent.
	n=$(tpm2_getcap handles-persistent | grep -c 0x)
	[ "$n" = 2 ] || fail "expected 2 persistent objects, found $n"
}

test_reenrol_after_pcr_change_binds_new_state() {
	enroll
	expect_exit 0 "$HEADS" tpm extend 7 --string "new config"
	expect_exit 3 "$HEADS" totp show
	enroll
	expect_exit 0 "$HEADS" totp show --time 42
	[ "$OUT" = "$(oath 42 "$SECRET")" ] || fail "wrong code after re-enrolment"
}

test_bad_pcrs_refused_tpm_untouched() {
	for bad in 24 -1 a "" "1,,2" "0-24"; do
		expect_exit 2 "$HEADS" totp enroll --no-qr --pcrs="$bad"
		expect_contains "$ERR" "invalid PCR list"
		[ -z "$OUT" ] || fail "output despite bad --pcrs: $OUT"
	done
	[ -z "$(tpm2_getcap handles-persistent)" ] || fail "persistent objects were created"
	[ -z "$(tpm2_getcap handles-nv-index)" ] || fail "NV indices were created"
}

test_unreachable_tcti_exit1() {
	stop_swtpm
	expect_exit 1 "$HEADS" totp show
	expect_contains "$ERR" "Cannot reach the TPM"
	expect_exit 1 "$HEADS" --tcti device:/nonexistent/tpm totp enroll --no-qr
	expect_contains "$ERR" "Cannot reach the TPM"
	expect_exit 1 "$HEADS" tpm pcrs --tcti "swtpm:host=127.0.0.1,port=1"
}

test_show_without_enrolment() {
	expect_exit 1 "$HEADS" totp show
	expect_contains "$ERR" "No TOTP secret is enrolled"
}

test_bad_time_refused() {
	enroll
	for bad in x -5 "" 12a 99999999999999999999999; do
		expect_exit 2 "$HEADS" totp show --time="$bad"
	done
}

# The QR code drawn on the terminal, decoded by an independent reader
# (zbarimg), is exactly the otpauth URI printed beside it.
test_qr_decodes_to_the_uri() {
	local uri decoded
	expect_exit 0 "$HEADS" totp enroll
	uri=$(grep -o 'otpauth://totp/heads:[^[:space:]]*' <<<"$OUT")
	[ -n "$uri" ] || fail "no otpauth URI in: $OUT"
	"$(dirname "$0")/../tools/qr-text-to-pbm" <<<"$OUT" >"$TESTDIR/qr.pbm" ||
		fail "no QR code in: $OUT"
	decoded=$(zbarimg --nodbus --quiet --raw "$TESTDIR/qr.pbm") || fail "zbarimg cannot decode the QR code"
	[ "$decoded" = "$uri" ] || fail "the QR code says '$decoded', the URI is '$uri'"
}

test_help_everywhere() {
	expect_help "" "totp enroll" "totp show" "tpm pcrs" "tpm extend"
	expect_exit 2 "$HEADS" totp frobnicate
	expect_exit 2 "$HEADS" nosuchgroup
	expect_exit 2 "$HEADS" totp show --no-such-option
}

run_tests "$@"
