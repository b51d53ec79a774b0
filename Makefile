# Drives the Meson build. `make` builds build/heads; `make check` installs
# what the tests need, builds a normal and a sanitizer (ASan+UBSan) tree and
# runs every test in both, then the end-to-end tests (the payload booted
# in QEMU; `make e2e` runs only those; HEADS_E2E=0 skips them); `make demo`
# boots the emulated machine in this terminal (`make demo-reset` starts over
# with a new one); `make demo-totp` runs the TOTP job on a private swtpm.
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
ASAN_BUILD ?= build-asan

.PHONY: all asan deps check e2e image rom size demo demo-reset demo-totp bench bench-verify bench-boot install clean fuzz fuzz-run

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	meson setup $(BUILD) --prefix=$(PREFIX)

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false \
		-Dbuildtype=debug

asan: $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)

deps:
	./scripts/install-deps

check: deps
	$(MAKE) all asan
	./tests/run-tests $(BUILD) $(ASAN_BUILD)

e2e: deps
	$(MAKE) all
	./tests/e2e/run $(BUILD)

# The payload initramfs, flash image and sample OS disk, in $(BUILD)/image/.
image: deps
	$(MAKE) all
	./image/build-all $(BUILD)

# A board's coreboot ROM, $(BUILD)/rom/BOARD/heads.rom: coreboot 26.06
# (image/coreboot.pin; COREBOOT_SRC=DIR names another tree) with the
# board's kernel and the payload initramfs as its payload, and the owner's
# files from $(BUILD)/image/owner (image/build-coreboot; image/build-board
# when present, which also builds the board's own initramfs). The kernel:
# $$HEADS_KERNEL when set, else the board's own (image/build-kernel, from
# boards/BOARD/kernel.config) when there is one, else Debian's. Rebuilt
# only when an input is newer than the ROM.
BOARD ?= qemu-q35
board_kernel = if [ -n "$${HEADS_KERNEL:-}" ]; then echo "$$HEADS_KERNEL"; \
	elif [ -x image/build-kernel ] && [ -f boards/$$b/kernel.config ]; then \
		k=$$(image/build-kernel $$b) || exit 1; echo "$$k" | tail -n 1; \
	else . image/lib.sh && echo /boot/vmlinuz-$$(kernel_release); fi
board_cmdline = c=$$(sed -n 's/^cmdline=//p' boards/$$b/board.conf 2>/dev/null); \
	echo "$${c:-console=ttyS0 loglevel=3}"

rom: image
	@set -e; b=$(BOARD); out=$(BUILD)/rom/$$b; \
	if [ -x image/build-board ] && [ -z "$${HEADS_KERNEL:-}" ]; then \
		image/build-board $$b $(BUILD) >/dev/null; echo "rom: $$out/heads.rom"; exit 0; \
	fi; \
	mkdir -p $$out; initramfs=$(BUILD)/image/initramfs.cpio.xz; owner=$(BUILD)/image/owner; \
	kernel=$$($(board_kernel)); [ -n "$$kernel" ]; \
	if [ -f $$out/heads.rom ] && [ -z "$$(find "$$kernel" $$initramfs $$owner boards/$$b \
		image/build-coreboot image/coreboot.pin -newer $$out/heads.rom -print -quit)" ]; then \
		echo "rom: $$out/heads.rom (up to date)"; exit 0; \
	fi; \
	echo "rom: $$b: coreboot with $$kernel and $$initramfs (log: $$out/heads.rom.log)"; \
	image/build-coreboot --board $$b --kernel "$$kernel" --initramfs $$initramfs \
		--cmdline "$$($(board_cmdline))" --owner $$owner --out $$out/heads.rom; \
	echo "rom: $$out/heads.rom"

# One line per board with a payload budget (payload_budget= in
# boards/NAME/board.conf): "BOARD payload BYTES budget BYTES", the payload
# being the kernel and initramfs as stored in CBFS: in the board's built
# ROM, else as its coreboot config would store them.
size: image
	@set -e; for conf in boards/*/board.conf; do \
		b=$${conf#boards/}; b=$${b%/board.conf}; \
		budget=$$(sed -n 's/^payload_budget=//p' $$conf); \
		if [ -z "$$budget" ]; then echo "($$b: no payload_budget in $$conf, skipped)" >&2; continue; fi; \
		rom=$(BUILD)/rom/$$b/heads.rom; \
		if [ -f $$rom ]; then \
			bytes=$$(image/build-coreboot --payload-size --rom $$rom); \
		else \
			initramfs=$(BUILD)/rom/$$b/initramfs.cpio.xz; \
			[ -f $$initramfs ] || initramfs=$(BUILD)/image/initramfs.cpio.xz; \
			kernel=$$($(board_kernel)); [ -n "$$kernel" ]; \
			bytes=$$(image/build-coreboot --payload-size --board $$b --kernel "$$kernel" \
				--initramfs $$initramfs --cmdline "$$($(board_cmdline))"); \
		fi; \
		echo "$$b payload $$bytes budget $$budget"; \
	done

# The happy path timed: QEMU to /init, /init to kexec, kexec to the OS; TPM
# commands; the payload's size.
bench-boot: deps
	$(MAKE) all
	./bench/boot $(BUILD)

demo: deps
	$(MAKE) all
	./image/demo $(BUILD)

demo-reset: deps
	$(MAKE) all
	DEMO_RESET=1 ./image/demo $(BUILD)

demo-totp: deps
	$(MAKE) all
	./scripts/demo $(BUILD)/heads

bench: deps
	$(MAKE) all
	./bench/totp-show $(BUILD)/heads
	./bench/verify-boot $(BUILD)/heads

bench-verify: deps
	$(MAKE) all
	./bench/verify-boot $(BUILD)/heads

install: all
	meson configure $(BUILD) --prefix=$(PREFIX)
	DESTDIR=$(DESTDIR) meson install -C $(BUILD) --no-rebuild

# Real libFuzzer binaries (clang, ASan + UBSan) of every fuzz target, in
# build-fuzz/fuzz/; `make fuzz-run FUZZ_SECONDS=600` runs each on a copy of
# its corpus (new inputs stay in build-fuzz/corpus-NAME).
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

fuzz: deps
	[ -f $(FUZZ_BUILD)/build.ninja ] || CC=clang meson setup $(FUZZ_BUILD) -Dfuzzing=true \
		-Db_sanitize=address,undefined -Db_lundef=false -Dwerror=false
	ninja -C $(FUZZ_BUILD)

fuzz-run: fuzz
	for f in $(FUZZ_BUILD)/fuzz/fuzz-*; do \
		[ -x "$$f" ] && [ -f "$$f" ] || continue; \
		n=$${f##*/fuzz-}; mkdir -p $(FUZZ_BUILD)/corpus-$$n && \
		"$$f" -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
			$(FUZZ_BUILD)/corpus-$$n fuzz/corpus/$$n || exit 1; \
	done

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
