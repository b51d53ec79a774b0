# Drives the Meson build. `make` builds build/heads; `make check` installs
# what the tests need, builds a normal and a sanitizer (ASan+UBSan) tree and
# runs every test in both, then the end-to-end tests (the payload booted
# in QEMU; `make e2e` runs only those; HEADS_E2E=0 skips them); `make demo` runs the TOTP job on a private swtpm.
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
ASAN_BUILD ?= build-asan

.PHONY: all asan deps check e2e image demo bench bench-boot install clean

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

# Boot time to /init and to the menu, and the payload's size.
bench-boot: deps
	$(MAKE) all
	./bench/boot $(BUILD)

demo: deps
	$(MAKE) all
	./scripts/demo $(BUILD)/heads

bench: deps
	$(MAKE) all
	./bench/totp-show $(BUILD)/heads

install: all
	meson configure $(BUILD) --prefix=$(PREFIX)
	DESTDIR=$(DESTDIR) meson install -C $(BUILD) --no-rebuild

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
