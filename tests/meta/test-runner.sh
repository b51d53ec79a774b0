#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The test run says what it proves: each rule of tests/run-tests and of the
# unit harness shown by a deliberately broken test. Every scenario builds a
# tiny program from the real harness (tests/unit/harness.c) into a fake
# normal and sanitizer tree inside a temporary copy of the runner, runs the
# real runner there, and checks what its output and last line say. The
# broken tests exist only in that temporary area.
set -u
cd "$(dirname "$0")/../.."
SRC=$PWD
CC=${CC:-cc}
WORK=$(mktemp -d /tmp/heads-meta.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# The harness compiled once per tree, as the two Meson trees do.
CFLAGS_build="-O2 -g"
CFLAGS_asan="-O0 -g -fsanitize=address,undefined -fno-omit-frame-pointer"
"$CC" $CFLAGS_build -D_GNU_SOURCE -c tests/unit/harness.c -o "$WORK/harness-build.o" &&
	"$CC" $CFLAGS_asan -D_GNU_SOURCE -c tests/unit/harness.c -o "$WORK/harness-asan.o" || {
	echo "FAIL test-runner:harness-builds (cannot compile tests/unit/harness.c)"
	exit 1
}

# new_root NAME: a temporary repository with the real runner, an inventory
# listing tests/unit/test-meta, and two trees with a stand-in heads.
new_root() {
	ROOT=$WORK/$1
	mkdir -p "$ROOT/tests"
	cp tests/run-tests "$ROOT/tests/"
	echo "build tests/unit/test-meta" >"$ROOT/tests/inventory"
	for tree in build build-asan; do
		mkdir -p "$ROOT/$tree/tests/unit"
		printf '#!/bin/sh\nexit 0\n' >"$ROOT/$tree/heads"
		chmod +x "$ROOT/$tree/heads"
	done
}

# build_test NAME FILE: the C file FILE (TEST()s) as tests/unit/NAME in
# both trees of ROOT.
build_test() {
	local name=$1 file=$2
	"$CC" $CFLAGS_build -D_GNU_SOURCE -Itests/unit "$file" "$WORK/harness-build.o" \
		-o "$ROOT/build/tests/unit/$name" &&
		"$CC" $CFLAGS_asan -D_GNU_SOURCE -Itests/unit "$file" "$WORK/harness-asan.o" \
			-o "$ROOT/build-asan/tests/unit/$name"
}

# run_runner [TREES...]: the copied runner, output in $OUT, last line in $LAST.
run_runner() {
	[ $# -gt 0 ] || set -- build build-asan
	(cd "$ROOT" && HEADS_E2E=0 ./tests/run-tests "$@") >"$ROOT/out" 2>&1
	STATUS=$?
	OUT=$(cat "$ROOT/out")
	LAST=$(tail -n 1 "$ROOT/out")
}

# check NAME: runs the function scenario_NAME, one result line in
# $WORK/NAME.result (scenarios run side by side).
check() {
	local log=$WORK/$1.log
	if ("scenario_$1") >"$log" 2>&1; then
		echo "PASS test-runner:$1"
	else
		echo "FAIL test-runner:$1"
		sed 's/^/    /' "$log"
	fi >"$WORK/$1.result"
}

want() { # want DESCRIPTION CONDITION...
	local what=$1
	shift
	"$@" && return 0
	echo "expected $what; runner exited $STATUS, said:"
	printf '%s\n' "$OUT"
	exit 1
}

has() { grep -qF -- "$1" <<<"$OUT"; }
lacks() { ! grep -qF -- "$1" <<<"$OUT"; }
is_last() { [ "$LAST" = "$1" ]; }
failed_run() { [ "$STATUS" -ne 0 ]; }

# Rule 1: a test counts once; one that fails only under the sanitizers is
# one failure, and the summary names that tree.
scenario_sanitizer_only_failure_counted_once() {
	new_root r1
	cat >"$WORK/r1.c" <<'C'
#include "harness.h"
TEST(fine) { }
TEST(overflow)
{
	char *p = malloc(8);
	volatile int i = 8;
	volatile char c = p[i]; /* one past the end: only ASan notices */
	(void)c;
	free(p);
}
C
	build_test test-meta "$WORK/r1.c" || exit 1
	run_runner
	want "the overflow to pass in the normal tree" has "PASS [build] test-meta:overflow"
	want "the overflow to fail in the sanitizer tree" has "FAIL [build-asan] test-meta:overflow"
	want "one failure naming the sanitizer tree" has "test-meta:overflow (failed in: build-asan)"
	want "each test counted once" is_last "1 passed, 1 failed"
	want "the run to fail" failed_run
}

# Rule 2: a skipped test is counted skipped, with its reason, never passed.
scenario_skip_is_not_a_pass() {
	new_root r2
	cat >"$WORK/r2.c" <<'C'
#include "harness.h"
TEST(fine) { }
TEST(skips) { SKIP("no widget on this machine"); }
C
	build_test test-meta "$WORK/r2.c" || exit 1
	run_runner
	want "no PASS line for the skipped test" lacks "PASS [build] test-meta:skips"
	want "the reason printed" has "test-meta:skips: no widget on this machine"
	want "the skip counted as skipped" is_last "1 passed, 0 failed, 1 skipped"
}

# Rule 3: a leak in an otherwise passing unit test fails it in the
# sanitizer tree (LeakSanitizer runs for passing tests).
scenario_leak_fails_in_sanitizer_tree() {
	new_root r3
	cat >"$WORK/r3.c" <<'C'
#include "harness.h"
void *volatile keep;
TEST(leaks)
{
	keep = malloc(100);
	keep = NULL;
}
C
	build_test test-meta "$WORK/r3.c" || exit 1
	run_runner
	want "the leak to pass in the normal tree" has "PASS [build] test-meta:leaks"
	want "the leak to fail in the sanitizer tree" has "FAIL [build-asan] test-meta:leaks (memory leaked"
	want "one failure" is_last "0 passed, 1 failed"
}

# Rule 4: a registered test program that goes missing fails the run, and
# so does one built but not registered.
scenario_missing_test_fails_run() {
	new_root r4
	cat >"$WORK/r4.c" <<'C'
#include "harness.h"
TEST(fine) { }
C
	build_test test-meta "$WORK/r4.c" || exit 1
	echo "build tests/unit/test-gone" >>"$ROOT/tests/inventory"
	echo "build fuzz/fuzz-gone" >>"$ROOT/tests/inventory"
	run_runner
	want "the missing program named" has "test-gone (listed in tests/inventory, missing from build)"
	want "the missing fuzz target named" has "fuzz-gone (listed in tests/inventory, missing from build-asan)"
	want "two failures" is_last "1 passed, 2 failed"
	want "the run to fail" failed_run
	build_test test-extra "$WORK/r4.c" || exit 1
	sed -i '/-gone$/d' "$ROOT/tests/inventory"
	run_runner
	want "an unlisted program named" has "test-extra (built in build but not listed in tests/inventory)"
	want "the run to fail" failed_run
	rm "$ROOT/tests/inventory"
	run_runner
	want "a missing inventory to fail the run" has "FAIL [build] inventory"
}

# Rule 5: a test that hangs is stopped after HEADS_TEST_TIMEOUT seconds;
# more tests than the old fixed table (256) all run.
scenario_timeout_and_no_cap() {
	new_root r5
	{
		echo '#include "harness.h"'
		echo '#include <unistd.h>'
		echo 'TEST(hangs) { sleep(30); }'
		for i in $(seq 1 300); do echo "TEST(t$i) { }"; done
	} >"$WORK/r5.c"
	build_test test-meta "$WORK/r5.c" || exit 1
	HEADS_TEST_TIMEOUT=1 run_runner build
	want "the hanging test stopped" has "FAIL [build] test-meta:hangs (timed out after 1 s)"
	want "all 300 others run" is_last "300 passed, 1 failed"
}

SCENARIOS="sanitizer_only_failure_counted_once skip_is_not_a_pass leak_fails_in_sanitizer_tree
missing_test_fails_run timeout_and_no_cap"
for s in $SCENARIOS; do
	check "$s" &
done
wait
failed=0
for s in $SCENARIOS; do
	if [ -f "$WORK/$s.result" ]; then
		cat "$WORK/$s.result"
		grep -q '^FAIL' "$WORK/$s.result" && failed=1
	else
		echo "FAIL test-runner:$s (no result)"
		failed=1
	fi
done
exit $failed
