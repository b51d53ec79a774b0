# Drives the Meson build. `make` builds build/heads; `make check` installs
# what the tests need, builds a normal and a sanitizer (ASan+UBSan) tree and
# runs every test in both; `make demo` runs the TOTP job on a private swtpm.
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
ASAN_BUILD ?= build-asan

.PHONY: all asan deps check demo bench bench-verify install clean

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

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
