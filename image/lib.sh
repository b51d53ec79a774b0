# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the image/ scripts: the kernel to use, reproducible archives,
# copying binaries with their libraries, kernel modules with their
# dependencies. Source it; it sets nothing but functions and defaults.

# A fixed timestamp for every file we pack (reproducible builds).
: "${SOURCE_DATE_EPOCH:=1700000000}"
export SOURCE_DATE_EPOCH

die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

# The kernel release of Debian's linux-image-amd64 (e.g. 6.1.0-56-amd64),
# or $HEADS_KVER when set.
kernel_release() {
	local dep
	if [ -n "${HEADS_KVER:-}" ]; then
		echo "$HEADS_KVER"
		return
	fi
	dep=$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null) ||
		die "linux-image-amd64 is not installed (run scripts/install-deps)"
	dep=${dep%% *}
	echo "${dep#linux-image-}"
}

kernel_image() {
	local f=/boot/vmlinuz-$(kernel_release)
	[ -r "$f" ] || die "cannot read $f"
	echo "$f"
}

# copy_libs ROOT FILE...: copies every shared library that each ELF FILE
# needs (ldd) to the path the dynamic loader searches, under ROOT. When
# LIB_STUBS names a directory (build_lib_stubs), its libraries stand in for
# the real ones of the same name: neither they nor what only the real ones
# need are copied (the caller installs the stand-ins).
copy_libs() {
	local root=$1 f lib
	shift
	for f in "$@"; do
		LD_LIBRARY_PATH=${LIB_STUBS:-} ldd "$f" |
			awk '/=> \//{print $3} /^\t\/.*ld-linux/{print $1}' |
			while read -r lib; do
				case $lib in "${LIB_STUBS:-/nonexistent}"/*) continue ;; esac
				[ -e "$root$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
			done
	done
}

# build_lib_stubs DIR: compiles each image/lib-stubs/NAME.c into DIR as
# the library its " * soname: " comment line names, with the symbol version
# script NAME.map when there is one; stripped, reproducible.
build_lib_stubs() {
	local dir=$1 src name soname args
	local stubs
	stubs=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib-stubs
	mkdir -p "$dir"
	for src in "$stubs"/*.c; do
		name=${src##*/}
		name=${name%.c}
		soname=$(sed -n 's/^ \* soname: \([^ ]*\).*/\1/p' "$src")
		[ -n "$soname" ] || die "$src names no soname"
		args=(-shared -fPIC -Os -Wall -Wextra -Werror -s -Wl,-soname,"$soname"
			-Wl,-z,now -Wl,-z,relro -Wl,--build-id=none)
		[ ! -f "$stubs/$name.map" ] || args+=(-Wl,--version-script="$stubs/$name.map")
		gcc "${args[@]}" -o "$dir/$soname" "$src" || die "cannot build the stand-in $soname"
	done
}

# copy_with_libs ROOT FILE...: copies each file to the same path under
# ROOT, with its libraries, so the copies run in ROOT.
copy_with_libs() {
	local root=$1 f
	shift
	for f in "$@"; do
		install -D -m 0755 "$(readlink -f "$f")" "$root$f"
		copy_libs "$root" "$f"
	done
}

# module_closure KVER NAME...: prints the module files (relative to
# /lib/modules/KVER) needed for NAMEs, dependencies first, each once.
module_closure() {
	local kver=$1 dir
	shift
	dir=/lib/modules/$kver
	[ -f "$dir/modules.dep" ] || die "no $dir/modules.dep"
	awk -v names="$*" '
	function visit(m,   n, i, d) {
		if (m in seen) return
		seen[m] = 1
		n = split(deps[m], d, " ")
		for (i = 1; i <= n; i++) visit(d[i])
		print m
	}
	{
		f = $1; sub(/:$/, "", f); $1 = ""
		deps[f] = $0
		b = f; sub(/.*\//, "", b); sub(/\.ko(\.xz|\.zst|\.gz)?$/, "", b)
		gsub(/-/, "_", b)
		path[b] = f
	}
	END {
		n = split(names, want, " ")
		for (i = 1; i <= n; i++) {
			w = want[i]; gsub(/-/, "_", w)
			if (!(w in path)) { print "unknown module " want[i] > "/dev/stderr"; exit 1 }
			visit(path[w])
		}
	}' "$dir/modules.dep"
}

# pack_cpio DIR OUT: a reproducible newc archive of DIR (sorted, fixed
# mtimes, owner 0), xz-compressed as the kernel expects: CRC32 checks, and
# the x86 BCJ filter ahead of LZMA2, which makes the archive's machine code
# compress better (about 5% smaller payloads). The kernel's decompressor
# reads BCJ only when built with CONFIG_XZ_DEC_X86 (the default, kept by
# every board's kernel). lc=4 (literal context bits) suits the archive's
# mix of code and data slightly better than xz's default of 3.
pack_cpio() {
	local dir=$1 out=$2
	find "$dir" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
	(cd "$dir" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --reproducible --quiet) |
		xz --check=crc32 --x86 --lzma2=preset=9,lc=4 -T1 >"$out.tmp"
	mv "$out.tmp" "$out"
}

# board_dir NAME: the board's directory (boards/NAME), which must hold a
# board.conf.
board_dir() {
	local dir
	dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/boards/$1
	case $1 in '' | */* | .*) die "bad board name '$1'" ;; esac
	[ -f "$dir/board.conf" ] || die "unknown board '$1' (no boards/$1/board.conf)"
	echo "$dir"
}

# board_get BOARD KEY: a value from the board's profile ("" when absent).
board_get() {
	sed -n "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*//p" "$(board_dir "$1")/board.conf" | tail -n 1
}
