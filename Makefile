# SPDX-License-Identifier: GPL-2.0-or-later
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

.PHONY: all asan deps check e2e image rom size demo demo-reset demo-totp bench bench-verify bench-boot install clean fuzz fuzz-run format format-check

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

# Warnings are errors in these development trees (and so in CI); a plain
# `meson setup`, as a packager runs it, keeps them warnings.
$(BUILD)/build.ninja:
	meson setup $(BUILD) --prefix=$(PREFIX) -Dwerror=true

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false \
		-Dbuildtype=debug -Dwerror=true

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

# A board's coreboot ROM, $(BUILD)/rom/BOARD/heads.rom (image/build-board):
# coreboot 26.06 (image/coreboot.pin; COREBOOT_SRC=DIR names the tree, else
# /usr/src/coreboot-26.06, else a checked download) with the board's own
# kernel (image/build-kernel, cached) and payload initramfs as its payload,
# and the owner's files from $(BUILD)/image/owner. Rebuilt only when an
# input is newer than the ROM.
BOARD ?= qemu-q35

rom: deps
	$(MAKE) all
	./image/build-board $(BOARD) $(BUILD)

# One line per board with a payload budget: "BOARD payload BYTES budget
# BYTES" (image/size-report; exits 1 when a board is over its budget).
size: deps
	$(MAKE) all
	./image/size-report $(BUILD)

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

# Formatting with clang-format and .clang-format: `make format` reformats
# every C file in place, `make format-check` lists those that differ.
format:
	./scripts/check-format --fix

format-check:
	./scripts/check-format

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
