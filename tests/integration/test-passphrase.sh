#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Passphrase prompts on a real pseudo-terminal (tests/tools/pty-prompt):
# echo is off while the passphrase is typed, and an interrupt (Ctrl-C,
# SIGTERM, a hangup) or the end of input gives the terminal its echo back
# before `heads` ends.
. "$(dirname "$0")/lib.sh"

PTY=$(cd "$(dirname "$0")/../tools" && pwd)/pty-prompt

# at_prompt ACTION [--answer LINE]...: `heads disk enroll` (which asks for
# the LUKS passphrase, then a new one twice) interrupted at the prompt
# after the answers; leaves pty-prompt's report in $OUT.
at_prompt() {
	local action=$1
	shift
	OUT=$("$PTY" "$@" 'passphrase: |Repeat it: ' "$action" -- \
		"$HEADS" disk enroll "$TESTDIR/disk.img") || fail "pty-prompt failed: $OUT"
	expect_contains "$OUT" "echo-at-prompt=off"
}

test_ctrl_c_restores_echo() {
	at_prompt ctrl-c
	expect_contains "$OUT" "exit=signal:SIGINT"
	expect_contains "$OUT" "echo-after=on"
}

test_sigterm_restores_echo() {
	at_prompt sigterm
	expect_contains "$OUT" "exit=signal:SIGTERM"
	expect_contains "$OUT" "echo-after=on"
}

test_hangup_restores_echo() {
	at_prompt sighup
	expect_contains "$OUT" "exit=signal:SIGHUP"
	expect_contains "$OUT" "echo-after=on"
}

test_ctrl_c_at_the_confirmation_restores_echo() {
	at_prompt ctrl-c --answer 'luks passphrase' --answer 'new passphrase'
	expect_contains "$OUT" "Repeat it: "
	expect_contains "$OUT" "exit=signal:SIGINT"
	expect_contains "$OUT" "echo-after=on"
}

test_end_of_input_restores_echo() {
	at_prompt ctrl-d
	expect_contains "$OUT" "exit=code:1"
	expect_contains "$OUT" "No passphrase: the input ended"
	expect_contains "$OUT" "echo-after=on"
}

run_tests "$@"
