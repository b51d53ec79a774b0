#!/bin/bash
# Records a firmware event log and the PCR values it should replay to, from
# a real boot of the emulated machine: QEMU with swtpm as the TPM 2.0, OVMF
# (q35) or SeaBIOS (pc), booting Debian's kernel into a busybox initramfs
# that prints the kernel's binary_bios_measurements and
# /sys/class/tpm/tpm0/pcr-sha256/* on the serial console, then powers off.
#
# Usage: record.sh NAME ovmf|seabios [KERNEL-ARGS...]
# Writes NAME.bin (the log as the guest read it) and NAME.pcrs ("N: HEX").
# Needs: qemu-system-x86 ovmf seabios swtpm busybox-static cpio
# linux-image-amd64. Without KVM one boot takes about a minute.
set -eu
name=$1 fw=$2
shift 2
out=$(cd "$(dirname "$0")" && pwd)
kernel=$(ls /boot/vmlinuz-* | sort -V | tail -n 1)
work=$(mktemp -d)
trap 'kill $swtpm_pid 2>/dev/null; rm -rf "$work"' EXIT

mkdir -p "$work/root/bin" "$work/root/proc" "$work/root/sys" "$work/tpm"
cp /bin/busybox "$work/root/bin/busybox"
cat >"$work/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t securityfs securityfs /sys/kernel/security
echo BEGIN-LOG
od -An -tx1 -v /sys/kernel/security/tpm0/binary_bios_measurements | tr -d ' \n'
echo
echo END-LOG
for i in $(seq 0 23); do echo "PCR $i: $(cat /sys/class/tpm/tpm0/pcr-sha256/$i)"; done
poweroff -f
INIT
chmod +x "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc --quiet) >"$work/initrd"

swtpm socket --tpm2 --tpmstate dir="$work/tpm" --ctrl type=unixio,path="$work/tpm/sock" &
swtpm_pid=$!
sleep 0.5

case $fw in
ovmf)
	cp /usr/share/OVMF/OVMF_VARS_4M.fd "$work/vars"
	fwargs=(-machine q35 -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd
		-drive if=pflash,format=raw,file="$work/vars")
	;;
seabios) fwargs=(-machine pc) ;;
*) echo "unknown firmware $fw" >&2; exit 2 ;;
esac

timeout 600 qemu-system-x86_64 "${fwargs[@]}" -m 512 -cpu max -nographic -no-reboot \
	-chardev socket,id=chrtpm,path="$work/tpm/sock" -tpmdev emulator,id=tpm0,chardev=chrtpm \
	-device tpm-tis,tpmdev=tpm0 -kernel "$kernel" -initrd "$work/initrd" \
	-append "console=ttyS0 quiet panic=-1 $*" </dev/null | tr -d '\r' >"$work/console"

sed -n '/^BEGIN-LOG$/,/^END-LOG$/p' "$work/console" | sed -n 2p | xxd -r -p >"$out/$name.bin"
sed -n 's/^PCR \([0-9]*\): \([0-9A-Fa-f]\{64\}\)$/\1: \2/p' "$work/console" | tr A-F a-f >"$out/$name.pcrs"
[ -s "$out/$name.bin" ] && [ "$(wc -l <"$out/$name.pcrs")" = 24 ] || {
	echo "no log or PCRs in the console output:" >&2
	tail -n 30 "$work/console" >&2
	exit 1
}
echo "$name: $(stat -c %s "$out/$name.bin") bytes of log, 24 PCRs"
