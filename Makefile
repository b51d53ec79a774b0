# Drives the Meson build. `make` builds build/heads; `make check` installs
# what the tests need, builds a normal and a sanitizer (ASan+UBSan) tree and
# runs every test in both; `make demo` runs the TOTP job on a private swtpm.
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
ASAN_BUILD ?= build-asan

.PHONY: all asan deps check demo bench bench-verify install clean fuzz fuzz-run

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

demo: deps
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

# Real libFuzzer binaries (clang, ASan + UBSan) for the parsers, in
# build-fuzz/; `make fuzz-run FUZZ_SECONDS=600` runs each on a copy of its
# corpus (new inputs stay in build-fuzz/corpus-NAME).
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_NAMES = grub bls syslinux cpio
FUZZ_SOURCES = src/shared/log.c src/shared/fileio.c $(wildcard src/boot/*.c) \
	$(filter-out src/kexec/kexec.c,$(wildcard src/kexec/*.c))
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Isrc/shared -Isrc/boot -Isrc/kexec

fuzz: $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz-%)

$(FUZZ_BUILD)/fuzz-%: fuzz/fuzz-%.c $(FUZZ_SOURCES)
	@mkdir -p $(FUZZ_BUILD)
	clang $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_SOURCES)

fuzz-run: fuzz
	for n in $(FUZZ_NAMES); do \
		mkdir -p $(FUZZ_BUILD)/corpus-$$n && \
		$(FUZZ_BUILD)/fuzz-$$n -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
			$(FUZZ_BUILD)/corpus-$$n fuzz/corpus/$$n || exit 1; \
	done

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
