#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Records the exchanges in this directory: request and response bytes of
# the TPM 1.2 library's operations against swtpm 0.7.1 (libtpms 0.9) in
# TPM 1.2 mode, state made by `swtpm_setup --createek --lock-nvram`, one
# file per operation, the nonces predictable (tpm12-tool --fixed-nonces,
# tests/tpm12/nonces.h) so that tests/unit/tpm12/test-tpm12-replay.c sends
# byte for byte the same requests and checks the TPM's answers, their
# HMACs included, with the library's decoding. Run once; the files are
# kept (a new recording changes the EK, the SRK and every sealed blob).
#
# Usage: tests/data/tpm12/record.sh [BUILD]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tool=$(cd "${1:-build}" && pwd)/tests/tpm12/tpm12-tool
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
swtpm_setup --tpmstate "$dir" --createek --lock-nvram >/dev/null
port=$((20000 + RANDOM % 40000))
swtpm socket --tpmstate dir="$dir" --server type=tcp,port=$port,bindaddr=127.0.0.1 \
	--ctrl type=tcp,port=$((port + 1)),bindaddr=127.0.0.1 --flags not-need-init &
pid=$!
while ! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do sleep 0.1; done
export HEADS_TPM12=swtpm:port=$port

# rec NAME ARGS...: one operation into NAME.txt.
rec() {
	local name=$1
	shift
	{
		echo "# Recorded by tests/data/tpm12/record.sh from swtpm $(swtpm --version | sed -n 's/.*version \([0-9.]*\).*/\1/p') (TPM 1.2 mode):"
		echo "#   tpm12-tool --fixed-nonces ${*//$dir/DIR}"
		echo "# '>' a request, '<' its response, in hex."
	} >"$here/$name.txt"
	"$tool" --fixed-nonces --record "$here/$name.txt" "$@" >/dev/null 2>&1 || true
}

D1=0102030405060708090a0b0c0d0e0f1011121314
rec startup-family family
rec version version
rec pcr-extend extend 10 $D1
rec pcr-read pcrread 10
rec take-ownership take-ownership "owner pass" wk
rec srk-pub srk-pub "owner pass"
rec seal seal 0,10 "data pass" wk "the sealed secret" "$dir/blob"
rec unseal unseal "data pass" wk "$dir/blob"
rec unseal-wrong-auth unseal "wrong pass" wk "$dir/blob"
rec da da
rec nv-define nv-define "owner pass" 0x11000 32 owner
rec nv-write nv-write 0x11000 "owner record" "owner:owner pass"
rec nv-read nv-read 0x11000 12
rec counter-create counter-create "owner pass" "counter pass"
rec counter-inc counter-inc 0 "counter pass"
rec counter-read counter-read 0
"$tool" extend 10 $D1 >/dev/null
rec unseal-wrong-pcr unseal "data pass" wk "$dir/blob"
rec owner-clear owner-clear "owner pass"
# Ownership as the firmware takes it, the SRK pin read without the owner,
# the rollback counter: after a power cycle (one counter per boot).
swtpm_ioctl --tcp "127.0.0.1:$((port + 1))" -i >/dev/null
rec own own "owner pass"
rec srk-pin srk-pin
rec rollback-none rollback-read
rec rollback-create-wrong-owner rollback-bump "not the owner"
rec rollback-create rollback-bump "owner pass"
rec rollback-read rollback-read
rec rollback-bump rollback-bump "owner pass"
