#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What crosses the TPM bus: every command and response is recorded with
# tpm2-tss's pcap TCTI layered over the real one, and searched for the
# TOTP secret. A control shows the search finds a secret sent in clear.
. "$(dirname "$0")/lib.sh"

PCAP_TOOL=$(dirname "$0")/../tools/tpm-pcap

record() {
	export TCTI_PCAP_FILE=$1
	export HEADS_TCTI="pcap:swtpm:host=127.0.0.1,port=$SWTPM_PORT"
}

secret_hex() {
	base32 -d <<<"$1" | od -An -tx1 -v | tr -d ' \n'
}

ascii_hex() {
	printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'
}

# Fails if the hex pattern occurs in the recorded bytes (whole file, and
# the TCP payloads concatenated).
assert_absent() {
	local pcap=$1 pattern=$2 what=$3
	grep -q "$pattern" <<<"$(hexof "$pcap")" && fail "$what found in the raw recording"
	grep -q "$pattern" <<<"$("$PCAP_TOOL" --hex "$pcap")" && fail "$what found on the bus"
	return 0
}

test_secret_never_crosses_in_clear() {
	record "$TESTDIR/bus.pcap"
	expect_exit 0 "$HEADS" totp enroll --no-qr
	secret=$(sed -n 's/.*secret=\([A-Z2-7]*\).*/\1/p' <<<"$OUT")
	expect_exit 0 "$HEADS" totp show --time 1700000000
	expect_exit 0 "$HEADS" totp show
	n=$("$PCAP_TOOL" --count "$TESTDIR/bus.pcap")
	[ "$n" -gt 20 ] || fail "only $n commands recorded; the recorder is not working"
	"$PCAP_TOOL" "$TESTDIR/bus.pcap" | grep -q '^Create ' || fail "the key creation was not recorded"
	hex=$(secret_hex "$secret")
	[ ${#hex} -eq 40 ] || fail "bad secret $secret"
	assert_absent "$TESTDIR/bus.pcap" "$hex" "the raw secret"
	# Halves too, in case a command split it.
	assert_absent "$TESTDIR/bus.pcap" "${hex:0:20}" "the first half of the secret"
	assert_absent "$TESTDIR/bus.pcap" "${hex:20:20}" "the second half of the secret"
	assert_absent "$TESTDIR/bus.pcap" "$(ascii_hex "$secret")" "the base32 secret"
}

# The control: the same recorder and search do find a secret that a tool
# sends without parameter encryption (tpm2_create -i over a plain session),
# and find the digest heads extends in clear.
test_recorder_finds_cleartext() {
	record "$TESTDIR/clear.pcap"
	export TPM2TOOLS_TCTI=$HEADS_TCTI
	head -c 20 /dev/urandom >"$TESTDIR/secret.bin"
	tpm2_createprimary -Q -C o -c "$TESTDIR/p.ctx" || fail "createprimary"
	tpm2_create -Q -C "$TESTDIR/p.ctx" -i "$TESTDIR/secret.bin" \
		-u "$TESTDIR/k.pub" -r "$TESTDIR/k.priv" || fail "create"
	hex=$(od -An -tx1 -v "$TESTDIR/secret.bin" | tr -d ' \n')
	grep -q "$hex" <<<"$("$PCAP_TOOL" --hex "$TESTDIR/clear.pcap")" ||
		fail "the recorder missed a secret sent in clear"
	expect_exit 0 "$HEADS" tpm extend 16 --string "recorded in clear"
	digest=$(printf 'recorded in clear' | sha256sum | cut -c1-64)
	grep -q "$digest" <<<"$("$PCAP_TOOL" --hex "$TESTDIR/clear.pcap")" ||
		fail "the extend digest was not recorded"
}

test_show_uses_at_most_six_commands() {
	expect_exit 0 "$HEADS" totp enroll --no-qr
	record "$TESTDIR/show.pcap"
	expect_exit 0 "$HEADS" totp show
	n=$("$PCAP_TOOL" --count "$TESTDIR/show.pcap")
	"$PCAP_TOOL" "$TESTDIR/show.pcap" >&2
	[ "$n" -le 6 ] || fail "totp show used $n TPM commands (limit 6)"
	"$PCAP_TOOL" "$TESTDIR/show.pcap" | grep -q '^HMAC ' || fail "no HMAC command"
	! "$PCAP_TOOL" "$TESTDIR/show.pcap" | grep -q '^Unseal ' || fail "the secret was unsealed"
}

test_create_sensitive_is_encrypted() {
	# The Create command that carries the secret must use an encrypting
	# session: its command tag is 0x8002 (sessions) and the recorded
	# bytes do not contain the secret (checked above); here we check that
	# a salted session was started before it (StartAuthSession with a
	# tpmKey: the primary's persistent handle appears in it).
	record "$TESTDIR/bus.pcap"
	expect_exit 0 "$HEADS" totp enroll --no-qr
	list=$("$PCAP_TOOL" "$TESTDIR/bus.pcap")
	first_session=$(grep -n '^StartAuthSession' <<<"$list" | head -1 | cut -d: -f1)
	create=$(grep -n '^Create ' <<<"$list" | head -1 | cut -d: -f1)
	[ -n "$first_session" ] && [ -n "$create" ] && [ "$first_session" -lt "$create" ] ||
		fail "no session started before Create"
	# StartAuthSession's tpmKey handle is the primary (0x81000001).
	grep -q "0000017681000001" <<<"$("$PCAP_TOOL" --hex "$TESTDIR/bus.pcap")" ||
		fail "the session was not salted to the primary key"
}

run_tests "$@"
