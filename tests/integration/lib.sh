# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers for integration tests: a fresh swtpm per test on free
# ports, temporary directories, assertions. Source it, define test_*
# functions, then call run_tests.
set -u

: "${HEADS:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/heads}"
export TSS2_LOG=all+none

# A free pair of TCP ports (server and control) on the loopback.
port_in_use() {
	(exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null
}

# True once process PID itself listens on PORT: another process that took
# the port between the choice and swtpm's bind must not pass for ours.
listening() {
	ss -Hltnp "sport = :$1" 2>/dev/null | grep -q "pid=$2,"
}

# The pair is taken below the kernel's range of ephemeral ports: a port
# that a client connection (every command talking to a TPM opens one)
# left in TIME_WAIT is free to connect() to, but swtpm cannot bind it.
free_port_pair() {
	local p low
	read -r low _ </proc/sys/net/ipv4/ip_local_port_range
	[ "$low" -gt 12000 ] || low=32768
	for _ in $(seq 1 200); do
		p=$((10000 + RANDOM % (low - 10002)))
		if ! port_in_use "$p" && ! port_in_use $((p + 1)); then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# A script whose tests need a TPM 1.2 calls use_tpm12 before run_tests:
# each test then gets swtpm without --tpm2, its state a copy of one made
# once with an endorsement key and locked NV (as a chip leaves the
# factory), reached through HEADS_TPM12 (and HEADS_TCTI).
use_tpm12() {
	SWTPM_FAMILY=1.2
	SWTPM12_TEMPLATE=$(mktemp -d /tmp/heads-it-tpm12.XXXXXX)
	swtpm_setup --tpmstate "$SWTPM12_TEMPLATE" --createek --lock-nvram >"$SWTPM12_TEMPLATE.log" 2>&1 ||
		{ cat "$SWTPM12_TEMPLATE.log" >&2; return 1; }
	rm -f "$SWTPM12_TEMPLATE.log"
}

# Starts swtpm with its own state in $TESTDIR/tpm; sets SWTPM_PORT,
# SWTPM_PID and HEADS_TCTI. Retries on a port race (a port another
# process took before swtpm bound it).
start_swtpm() {
	local dir=$TESTDIR/tpm family=(--tpm2) flags=not-need-init,startup-clear
	mkdir -p "$dir"
	if [ "${SWTPM_FAMILY:-2.0}" = 1.2 ]; then
		family=()
		flags=not-need-init
		[ -e "$dir/tpm-00.permall" ] || cp "$SWTPM12_TEMPLATE"/tpm-00.permall "$dir"/
	fi
	for _ in 1 2 3 4 5; do
		SWTPM_PORT=$(free_port_pair) || return 1
		swtpm socket "${family[@]}" --tpmstate dir="$dir" \
			--server type=tcp,port="$SWTPM_PORT",bindaddr=127.0.0.1 \
			--ctrl type=tcp,port=$((SWTPM_PORT + 1)),bindaddr=127.0.0.1 \
			--flags "$flags" >"$TESTDIR/swtpm.log" 2>&1 &
		SWTPM_PID=$!
		for _ in $(seq 1 100); do
			if listening "$SWTPM_PORT" "$SWTPM_PID" && listening $((SWTPM_PORT + 1)) "$SWTPM_PID"; then
				export HEADS_TCTI="swtpm:host=127.0.0.1,port=$SWTPM_PORT"
				export HEADS_TPM12=$HEADS_TCTI
				export TPM2TOOLS_TCTI=$HEADS_TCTI
				return 0
			fi
			kill -0 "$SWTPM_PID" 2>/dev/null || break
			sleep 0.05
		done
		kill "$SWTPM_PID" 2>/dev/null
		wait "$SWTPM_PID" 2>/dev/null
		sleep 0.2
	done
	echo "cannot start swtpm: $(tail -n 3 "$TESTDIR/swtpm.log")" >&2
	return 1
}

stop_swtpm() {
	if [ -n "${SWTPM_PID:-}" ]; then
		kill "$SWTPM_PID" 2>/dev/null
		wait "$SWTPM_PID" 2>/dev/null
		# Until it is really gone it holds the state directory's lock.
		for _ in $(seq 1 100); do
			kill -0 "$SWTPM_PID" 2>/dev/null || break
			sleep 0.02
		done
		SWTPM_PID=
	fi
}

# expect_help CMD...: each command ("" for heads itself, "totp show" for
# a subcommand) prints its usage for --help and exits 0.
expect_help() {
	local cmd
	for cmd in "$@"; do
		# shellcheck disable=SC2086
		expect_exit 0 "$HEADS" $cmd --help
		expect_contains "$OUT" "Usage: heads${cmd:+ $cmd}"
	done
}

# A small LUKS2 image with a fast KDF at $TESTDIR/disk.img (sets DISK),
# and passphrase files: luks.pass (its passphrase), unlock.pass (the one
# a disk key is sealed with) and wrong.pass.
make_luks_disk() {
	DISK=$TESTDIR/disk.img
	truncate -s 20M "$DISK"
	printf 'correct horse luks' >"$TESTDIR/luks.pass"
	printf 'unlock me 1234' >"$TESTDIR/unlock.pass"
	printf 'not the passphrase' >"$TESTDIR/wrong.pass"
	cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
		"$DISK" "$TESTDIR/luks.pass" || fail "luksFormat"
}

fail() {
	echo "  $*" >&2
	exit 1
}

# skip REASON: this test cannot run here (reported as SKIP, never a pass).
skip() {
	echo "$*" >&2
	exit 77
}

# expect_exit CODE CMD...: runs CMD, keeps its output in $OUT/$ERR.
expect_exit() {
	local want=$1 got
	shift
	"$@" >"$TESTDIR/out" 2>"$TESTDIR/err"
	got=$?
	OUT=$(cat "$TESTDIR/out")
	ERR=$(cat "$TESTDIR/err")
	if [ "$got" != "$want" ]; then
		echo "  '$*' exited $got, expected $want" >&2
		echo "  stdout: $OUT" >&2
		echo "  stderr: $ERR" >&2
		exit 1
	fi
}

expect_contains() {
	local haystack=$1 needle=$2
	case $haystack in
	*"$needle"*) ;;
	*) fail "expected to find '$needle' in: $haystack" ;;
	esac
}

expect_not_contains() {
	local haystack=$1 needle=$2
	case $haystack in
	*"$needle"*) fail "did not expect '$needle' in: $haystack" ;;
	esac
}

# Hex dump of a file on one line, for byte-pattern searches.
# Changes the byte of FILE at OFFSET to its bitwise complement: the file
# differs whatever the byte was (writing a fixed byte leaves 1 file in 256
# of random content unchanged).
flip_byte() {
	local file=$1 off=$2 b
	b=$(od -An -tu1 -j "$off" -N1 "$file" | tr -d ' ')
	[ -n "$b" ] || fail "no byte at $off in $file"
	# shellcheck disable=SC2059
	printf "\\$(printf '%03o' $((255 - b)))" | dd of="$file" bs=1 seek="$off" conv=notrunc status=none
}

hexof() {
	od -An -tx1 -v "$1" | tr -d ' \n'
}

one_test() {
	local name=$1
	(
		TESTDIR=$(mktemp -d /tmp/heads-it.XXXXXX)
		trap 'stop_swtpm; rm -rf "$TESTDIR"' EXIT
		# Keep the event log, snapshots and firmware log of the machine
		# running the tests out of reach.
		export HEADS_RUNDIR=$TESTDIR/run HEADS_STATEDIR=$TESTDIR/state
		export HEADS_FIRMWARE_LOG=$TESTDIR/no-firmware-log
		start_swtpm || fail "cannot start swtpm"
		"$name"
	) 2>"$SCRIPT_LOG"
	local status=$?
	if [ $status -eq 0 ]; then
		echo "PASS $SCRIPT_NAME:${name#test_}"
	elif [ $status -eq 77 ]; then
		echo "SKIP $SCRIPT_NAME:${name#test_}: $(tail -n 1 "$SCRIPT_LOG")"
	else
		echo "FAIL $SCRIPT_NAME:${name#test_}"
		sed 's/^/    /' "$SCRIPT_LOG"
	fi
}

run_tests() {
	SCRIPT_NAME=$(basename "$0" .sh)
	SCRIPT_LOG=$(mktemp /tmp/heads-it-log.XXXXXX)
	local filter=${1:-}
	for name in $(declare -F | awk '{print $3}' | grep '^test_'); do
		[ -z "$filter" ] || [[ $name == *"$filter"* ]] || continue
		one_test "$name"
	done
	rm -f "$SCRIPT_LOG"
	[ -z "${SWTPM12_TEMPLATE:-}" ] || rm -rf "$SWTPM12_TEMPLATE"
}

# A reboot: the TPM resets (PCRs to zero, objects and NV kept) after an
# orderly shutdown (an unorderly one counts as a wrong passphrase), and the
# payload's run directory (its event log, which headers it measured) is
# new.
power_cycle() {
	rm -rf "$HEADS_RUNDIR"
	tpm2_shutdown -c >/dev/null 2>&1 || fail "TPM2_Shutdown failed"
	swtpm_ioctl --tcp "127.0.0.1:$((SWTPM_PORT + 1))" -i >/dev/null || fail "swtpm does not reset"
	tpm2_startup -c >/dev/null 2>&1 || fail "TPM2_Startup failed"
}

# boot_image ROM-FILE: a reboot, then the events a boot of that image
# measures (PCRs 2 and 7, as predicted from the image), extended.
boot_image() {
	local digests
	power_cycle
	digests=$("$HEADS" tpm predict --rom "$1" --json |
		jq -r '.events[] | "\(.pcr):sha256=\(.sha256)"') || fail "no prediction for $1"
	for d in $digests; do
		tpm2_pcrextend "$d" >/dev/null 2>&1 || fail "cannot extend $d"
	done
}
