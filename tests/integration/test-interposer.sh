#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# An attacker on the TPM bus: tests/tools/tpm-proxy sits between heads and a
# fresh swtpm, logs every command and rewrites chosen answers (the primary
# key's public area, the rollback counter, the disk record). Each test shows
# the attack fails, that no secret was sent or released, and what a person
# is told.
. "$(dirname "$0")/lib.sh"

PROXY=$(cd "$(dirname "$0")/../tools" && pwd)/tpm-proxy
COUNTER=0x01000030
DISK_RECORD=0x01000020
# Commands that carry a secret, an authorization value, or a session salted
# to the primary key (the first step of sending one).
SECRET_COMMANDS='^(Create|CreateLoaded|Import|LoadExternal|StartAuthSession|NV_Write|HMAC|Unseal) '

stop_proxy() {
	if [ -n "${PROXY_PID:-}" ]; then
		kill "$PROXY_PID" 2>/dev/null
		wait "$PROXY_PID" 2>/dev/null
		PROXY_PID=
	fi
}

# start_proxy [OPTION...]: a new proxy with a new log ($BUSLOG) between
# heads and this test's swtpm; HEADS_TCTI points at it.
start_proxy() {
	stop_proxy
	trap 'stop_proxy; stop_swtpm; rm -rf "$TESTDIR"' EXIT
	BUSLOG=$TESTDIR/bus.log
	: >"$BUSLOG"
	for _ in 1 2 3 4 5; do
		rm -f "$TESTDIR/proxy.ready"
		PROXY_PORT=$(free_port_pair) || return 1
		"$PROXY" --listen "$PROXY_PORT" --tpm "$SWTPM_PORT" --log "$BUSLOG" \
			--ready "$TESTDIR/proxy.ready" "$@" 2>"$TESTDIR/proxy.err" &
		PROXY_PID=$!
		while [ ! -e "$TESTDIR/proxy.ready" ] && kill -0 "$PROXY_PID" 2>/dev/null; do
			sleep 0.02
		done
		if [ -e "$TESTDIR/proxy.ready" ]; then
			export HEADS_TCTI="swtpm:host=127.0.0.1,port=$PROXY_PORT"
			return 0
		fi
		wait "$PROXY_PID" 2>/dev/null
		PROXY_PID=
	done
	fail "cannot start the proxy: $(cat "$TESTDIR/proxy.err")"
}

direct() {
	stop_proxy
	export HEADS_TCTI="swtpm:host=127.0.0.1,port=$SWTPM_PORT"
}

# The fingerprint the proxy presented for the primary key.
presented() {
	sed -n 's/^rewrote ReadPublic 0x81000001: presented \(sha256:[0-9a-f]*\)$/\1/p' "$BUSLOG" |
		head -n 1
}

pin() {
	cat "$HEADS_STATEDIR/primary-key"
}

no_secret_on_bus() {
	if grep -qE "$SECRET_COMMANDS" "$BUSLOG"; then
		fail "a secret-carrying command crossed the bus: $(grep -E "$SECRET_COMMANDS" "$BUSLOG")"
	fi
}

# The refusal names the pinned key and the presented one.
refused_with() { # PINNED PRESENTED
	expect_contains "$ERR" "primary key other than the pinned one"
	expect_contains "$ERR" "$1"
	expect_contains "$ERR" "presented:"
	expect_contains "$ERR" "$2"
	expect_contains "$ERR" "Nothing secret was sent"
}

make_disk() {
	DISK=$TESTDIR/disk.img
	truncate -s 20M "$DISK"
	printf 'correct horse luks' >"$TESTDIR/luks.pass"
	printf 'unlock me 1234' >"$TESTDIR/unlock.pass"
	cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
		"$DISK" "$TESTDIR/luks.pass" || fail "luksFormat"
}

disk_enroll() { # EXIT [OPTION...]
	local want=$1
	shift
	expect_exit "$want" "$HEADS" disk enroll "$DISK" --luks-passphrase-file "$TESTDIR/luks.pass" \
		--passphrase-file "$TESTDIR/unlock.pass" "$@"
}

keyslots() {
	cryptsetup luksDump "$DISK" | grep -cE '^  [0-9]+: luks2'
}

# A TPM replaced (or cleared): new seeds, so a new primary key.
replace_tpm() {
	stop_swtpm
	rm -rf "$TESTDIR/tpm"
	start_swtpm || fail "cannot start the new swtpm"
}

test_totp_enrol_fake_primary_refused() {
	start_proxy
	expect_exit 0 "$HEADS" totp enroll --no-qr
	expect_contains "$ERR" "pinning this TPM's key $(pin)"
	grep -q '^Create ' "$BUSLOG" || fail "the proxy did not see the first enrolment's Create"
	real=$(pin)
	code=$("$HEADS" totp show --time 1700000000)
	start_proxy --fake-primary
	expect_exit 6 "$HEADS" totp enroll --no-qr
	fake=$(presented)
	[ -n "$fake" ] && [ "$fake" != "$real" ] || fail "the proxy presented no other key"
	refused_with "$real" "$fake"
	expect_not_contains "$OUT" "otpauth://"
	no_secret_on_bus
	[ "$(pin)" = "$real" ] || fail "the pin changed to $(pin)"
	direct
	[ "$("$HEADS" totp show --time 1700000000)" = "$code" ] || fail "the live TOTP secret changed"
}

test_disk_enrol_fake_primary_refused() {
	make_disk
	start_proxy
	disk_enroll 0
	real=$(pin)
	slots=$(keyslots)
	start_proxy --fake-primary
	disk_enroll 6
	refused_with "$real" "$(presented)"
	no_secret_on_bus
	[ "$(keyslots)" = "$slots" ] || fail "the LUKS keyslots changed"
	[ "$(pin)" = "$real" ] || fail "the pin changed"
	# Unsealing sends nothing to a key that is not the pinned one either:
	# no passphrase is asked, no session salted to it.
	: >"$BUSLOG"
	expect_exit 6 "$HEADS" disk unseal "$DISK" --out "$TESTDIR/key" \
		--passphrase-file "$TESTDIR/unlock.pass"
	refused_with "$real" "$(presented)"
	no_secret_on_bus
	[ ! -e "$TESTDIR/key" ] || fail "a key was written"
	direct
	expect_exit 0 "$HEADS" disk unseal "$DISK" --out "$TESTDIR/key" \
		--passphrase-file "$TESTDIR/unlock.pass"
}

# The owner's confirmation lets a new key on: a TPM really replaced.
test_new_tpm_needs_confirmation() {
	expect_exit 0 "$HEADS" totp enroll --no-qr
	old=$(pin)
	replace_tpm
	start_proxy
	expect_exit 6 "$HEADS" totp enroll --no-qr
	new=$(sed -n 's/^ *presented: *\(sha256:[0-9a-f]*\)$/\1/p' <<<"$ERR")
	[ -n "$new" ] && [ "$new" != "$old" ] || fail "no new key shown: $ERR"
	refused_with "$old" "$new"
	no_secret_on_bus
	# Stating some other key is refused as well, naming the stated one.
	other=sha256:$(printf '%064d' 7)
	expect_exit 6 "$HEADS" totp enroll --no-qr --primary-key "$other"
	refused_with "$other" "$new"
	expect_contains "$ERR" "pinned (--primary-key)"
	expect_exit 2 "$HEADS" totp enroll --no-qr --primary-key "sha256:12"
	# Stating the new key, read where nothing interposes, lets it on.
	expect_exit 0 "$HEADS" totp enroll --no-qr --primary-key "$new"
	[ "$(pin)" = "$new" ] || fail "the stated key was not pinned"
	expect_exit 0 "$HEADS" totp enroll --no-qr
	expect_not_contains "$ERR" "pinn"
	# --accept-new-primary after the next replacement, for the disk key too.
	make_disk
	replace_tpm
	start_proxy
	disk_enroll 6
	no_secret_on_bus
	disk_enroll 0 --accept-new-primary
	expect_contains "$ERR" "Accepting the new TPM primary key $(pin) in place of $new"
	grep -q '^Create ' "$BUSLOG" || fail "the accepted enrolment sent nothing"
}

new_key() {
	GH=$TESTDIR/gnupg
	mkdir -p "$GH"
	chmod 700 "$GH"
	trap 'gpgconf --homedir "$GH" --kill gpg-agent 2>/dev/null; stop_proxy; stop_swtpm; rm -rf "$TESTDIR"' EXIT
	gpg --homedir "$GH" --batch --passphrase '' --quick-gen-key "Owner <owner@example.org>" \
		ed25519 sign never 2>/dev/null || fail "cannot generate a key"
	KR=$TESTDIR/keyring.gpg
	gpg --homedir "$GH" --export >"$KR"
}

signed_boot() {
	new_key
	BOOT=$TESTDIR/boot
	mkdir -p "$BOOT/grub"
	head -c 20000 /dev/urandom >"$BOOT/vmlinuz-6.1"
	printf 'menuentry "Debian" {\n linux /vmlinuz-6.1\n}\n' >"$BOOT/grub/grub.cfg"
	expect_exit 0 "$HEADS" sign "$BOOT" --gpg-homedir "$GH"
	expect_exit 0 "$HEADS" sign "$BOOT" --gpg-homedir "$GH"
}

# The counter is read through the salted session: a rewritten value fails
# the answer's integrity check, whatever value the attacker picks.
test_counter_rewritten_refused() {
	signed_boot
	start_proxy
	expect_exit 0 "$HEADS" verify "$BOOT" --keyring "$KR"
	for value in 0000000000000001 00000000000000ff ffffffffffffffff; do
		start_proxy --nv-read "$COUNTER:0:$value"
		"$HEADS" verify "$BOOT" --keyring "$KR" >"$TESTDIR/out" 2>"$TESTDIR/err"
		status=$?
		ERR=$(cat "$TESTDIR/err") OUT=$(cat "$TESTDIR/out")
		[ "$status" != 0 ] || fail "verify accepted a rewritten counter ($value): $OUT"
		grep -q "^rewrote NV_Read $COUNTER" "$BUSLOG" || fail "the counter was not rewritten"
		expect_contains "$ERR" "failed its integrity check"
		expect_contains "$ERR" "altered it"
		expect_not_contains "$OUT" "verified"
	done
	"$HEADS" boot "$BOOT" --default --keyring "$KR" --dry-run >"$TESTDIR/out" 2>"$TESTDIR/err"
	[ $? != 0 ] || fail "boot --keyring went on with a rewritten counter"
	expect_contains "$(cat "$TESTDIR/err")" "failed its integrity check"
	expect_not_contains "$(cat "$TESTDIR/out")" "kernel:"
}

# Signing records only the pinned key: a faked one is not signed in.
test_sign_fake_primary_refused() {
	signed_boot
	real=$(pin)
	grep -qx "primary-key $real" "$BOOT/heads/manifest" || fail "the manifest does not hold the pin"
	before=$(sha256sum <"$BOOT/heads/manifest")
	start_proxy --fake-primary
	expect_exit 6 "$HEADS" sign "$BOOT" --gpg-homedir "$GH"
	refused_with "$real" "$(presented)"
	[ "$(sha256sum <"$BOOT/heads/manifest")" = "$before" ] || fail "the manifest was rewritten"
	grep -qE '^NV_Increment ' "$BUSLOG" && fail "the counter advanced"
	[ "$(pin)" = "$real" ] || fail "the pin changed"
	direct
	expect_exit 0 "$HEADS" verify "$BOOT" --keyring "$KR"
}

uuid_hex() {
	printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'
}

# The disk record is read without integrity; the volumes it names (UUIDs
# as 16 bytes each from offset 108) only choose which headers are
# measured: one that no device holds releases nothing and measures
# nothing, and a record naming more volumes than a key opens is malformed.
test_disk_record_rewritten_not_used() {
	make_disk
	disk_enroll 0
	other=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
	start_proxy --nv-read "$DISK_RECORD:108:${other//-/}"
	expect_exit 1 "$HEADS" disk unseal "$DISK" --out "$TESTDIR/key" \
		--passphrase-file "$TESTDIR/unlock.pass"
	expect_contains "$ERR" "names LUKS UUID $other, but no device given holds it"
	[ ! -e "$TESTDIR/key" ] || fail "a key was written"
	grep -qE '^Unseal ' "$BUSLOG" && fail "the key was unsealed"
	grep -qE '^PCR_Extend ' "$BUSLOG" && fail "a header was measured"
	start_proxy --nv-read "$DISK_RECORD:7:ff"
	expect_exit 2 "$HEADS" disk unseal "$DISK" --out "$TESTDIR/key" \
		--passphrase-file "$TESTDIR/unlock.pass"
	expect_contains "$ERR" "is malformed"
	[ ! -e "$TESTDIR/key" ] || fail "a key was written"
	# The control: the same proxy without rewriting measures the header
	# (as the log shows it) and passes the key.
	start_proxy
	expect_exit 0 "$HEADS" disk unseal "$DISK" --out "$TESTDIR/key" \
		--passphrase-file "$TESTDIR/unlock.pass"
	grep -qE '^PCR_Extend ' "$BUSLOG" || fail "the control's measurement is not in the log"
}

run_tests "$@"
