/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The key-injection archive: newc format, alignment, modes, round trip
 * through a reader that follows the kernel's initramfs rules, the sealed
 * in-memory images kexec loads, and the combined initrd (OS initrd padded,
 * then ours) built in memory and wiped when freed. */
#include "cpio-read.h"
#include "cpio.h"
#include "harness.h"
#include "initrd.h"
#include "keyinject.h"
#include "macro.h"
#include "memimage.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

struct seen {
	char names[16][64];
	uint32_t modes[16];
	char data[16][256];
	size_t n;
};

static int collect(const struct cpio_member *m, void *userdata)
{
	struct seen *s = userdata;

	if (s->n >= 16 || m->name_len >= 64 || m->size >= 256)
		return -E2BIG;
	memcpy(s->names[s->n], m->name, m->name_len);
	s->names[s->n][m->name_len] = '\0';
	s->modes[s->n] = m->mode;
	memcpy(s->data[s->n], m->data, m->size);
	s->data[s->n][m->size] = '\0';
	s->n++;
	if (m->offset % 4)
		return -EBADMSG;
	return 0;
}

static void build_injection(struct cpio *c)
{
	_cleanup_crypttab_set_ struct crypttab_set ct = { 0 };
	const char *lines = "# overrides\n/etc/crypttab:luks-1 UUID=1 /secret.key luks,discard\n"
			    "cryptroot/crypttab:luks-1 UUID=1 /secret.key luks\n"
			    "etc/crypttab:luks-2 UUID=2 /secret.key luks\n\n";

	ASSERT_EQ(crypttab_parse(lines, strlen(lines), &ct), 0);
	ASSERT_EQ(ct.n, 2);
	ASSERT_EQ(keyinject_build("KEY\0KEY", 7, &ct, c), 0);
}

TEST(cpio_newc_header_exact)
{
	_cleanup_cpio_ struct cpio c = { 0 };
	ASSERT_EQ(cpio_add_file(&c, "/a", 0400, "xyz", 3), 0);
	ASSERT(memcmp(c.buf,
		      "070701"
		      "00000000"
		      "00008100"
		      "00000000"
		      "00000000"
		      "00000001"
		      "00000000"
		      "00000003"
		      "00000000"
		      "00000000"
		      "00000000"
		      "00000000"
		      "00000002"
		      "00000000"
		      "a\0",
		      112) == 0);
	ASSERT_EQ(c.len, 116); /* 110 + "a\0" padded to 112, 3 data bytes padded to 4 */
	ASSERT(memcmp(c.buf + 112, "xyz\0", 4) == 0);
}

TEST(cpio_injection_round_trip)
{
	_cleanup_cpio_ struct cpio c = { 0 };
	struct seen s = { .n = 0 };

	build_injection(&c);
	ASSERT_EQ(c.len % 4, 0);
	ASSERT_EQ(cpio_read(c.buf, c.len, collect, &s), 0);
	ASSERT_EQ(s.n, 5);
	ASSERT_STREQ(s.names[0], "secret.key");
	ASSERT_EQ(s.modes[0], 0100400);
	ASSERT(memcmp(s.data[0], "KEY\0KEY", 7) == 0);
	ASSERT_STREQ(s.names[1], "etc");
	ASSERT_EQ(s.modes[1], 040755);
	ASSERT_STREQ(s.names[2], "etc/crypttab");
	ASSERT_STREQ(s.data[2],
		     "luks-1 UUID=1 /secret.key luks,discard\nluks-2 UUID=2 /secret.key luks\n");
	ASSERT_STREQ(s.names[3], "cryptroot");
	ASSERT_STREQ(s.names[4], "cryptroot/crypttab");
}

TEST(crypttab_overrides_rejected)
{
	struct crypttab_set ct = { 0 };
	ASSERT_EQ(crypttab_parse("no colon here\n", 14, &ct), -EINVAL);
	ASSERT_EQ(crypttab_parse("../etc/crypttab:x\n", 18, &ct), -EINVAL);
	ASSERT_EQ(crypttab_parse("etc/./crypttab:x\n", 17, &ct), -EINVAL);
	ASSERT_EQ(crypttab_parse(":x\n", 3, &ct), -EINVAL);
}

/* The entries /init builds from a LUKS UUID: data, not text to parse, so
 * a UUID that is not one (from a tampered TPM response or header) adds
 * nothing. */
TEST(crypttab_luks_entries_as_data)
{
	_cleanup_crypttab_set_ struct crypttab_set ct = { 0 };
	const char *u = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

	ASSERT_EQ(crypttab_add_luks(&ct, u), 0);
	ASSERT_EQ(ct.n, 2u);
	ASSERT_STREQ(ct.v[0].path, "etc/crypttab");
	ASSERT_STREQ(ct.v[1].path, "cryptroot/crypttab");
	ASSERT_STREQ(ct.v[0].content,
		     "luks-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 UUID=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 /secret.key luks,discard\n");
	ASSERT_STREQ(ct.v[1].content, ct.v[0].content);
	ASSERT_EQ(crypttab_add_luks(&ct, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\nscripts/init-top/x:y"),
		  -EINVAL);
	ASSERT_EQ(crypttab_add_luks(&ct, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f"), -EINVAL);
	ASSERT_EQ(crypttab_add_luks(&ct, "0f1e2d3c-4b5a-6978-8796:a5b4c3d2e1f0"), -EINVAL);
	ASSERT_EQ(crypttab_add_luks(&ct, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1fg"), -EINVAL);
	ASSERT_EQ(crypttab_add_luks(&ct, ""), -EINVAL);
	ASSERT_EQ(ct.n, 2u);
	ASSERT_EQ(luks_uuid_valid("ABCDEF01-2345-6789-abcd-ef0123456789"), true);
}

/* /init's archive for one LUKS volume (keyinject_build_luks): made from
 * the measured header's UUID it holds the key and the two crypttab files,
 * nothing else; made from what a rewritten TPM record could carry (at
 * most 39 bytes of any text) it is refused and stays empty. */
TEST(injection_from_one_uuid_adds_no_file)
{
	static const char *const hostile[] = {
		"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\nx:y",
		"x\netc/shadow:root::0:0:::\n",
		"../../etc/passwd",
		"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 /",
		"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f\n",
	};
	const char *u = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
	struct seen s = { .n = 0 };

	for (size_t i = 0; i < ELEMENTSOF(hostile); i++) {
		_cleanup_cpio_ struct cpio c = { 0 };
		ASSERT_EQ(keyinject_build_luks("k", 1, hostile[i], &c), -EINVAL);
		ASSERT_EQ(c.len, 0u);
	}
	_cleanup_cpio_ struct cpio c = { 0 };
	ASSERT_EQ(keyinject_build_luks("key", 3, u, &c), 0);
	ASSERT_EQ(cpio_read(c.buf, c.len, collect, &s), 0);
	ASSERT_EQ(s.n, 5u);
	ASSERT_STREQ(s.names[0], "secret.key");
	ASSERT_EQ(s.modes[0] & 07777, 0400u);
	ASSERT_STREQ(s.names[1], "etc");
	ASSERT_STREQ(s.names[2], "etc/crypttab");
	ASSERT_STREQ(s.names[3], "cryptroot");
	ASSERT_STREQ(s.names[4], "cryptroot/crypttab");
	ASSERT_STREQ(s.data[2],
		     "luks-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 UUID=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 /secret.key luks,discard\n");
	ASSERT_STREQ(s.data[4], s.data[2]);
}

/* One key, several volumes (a root and a data volume): one crypttab
 * covering all of them, in the order given; one UUID that is not one
 * refuses the whole archive. */
TEST(injection_for_several_volumes_one_crypttab)
{
	static const char *const uuids[] = { "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
					     "1a2b3c4d-5e6f-4a5b-8c6d-7e8f9a0b1c2d" };
	static const char *const bad[] = { "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "1a2b3c4d\n" };
	struct seen s = { .n = 0 };
	_cleanup_cpio_ struct cpio c = { 0 };
	_cleanup_cpio_ struct cpio refused = { 0 };

	ASSERT_EQ(keyinject_add_luks_volumes("k", 1, bad, 2, &refused), -EINVAL);
	ASSERT_EQ(refused.len, 0u);
	ASSERT_EQ(keyinject_add_luks_volumes("k", 1, uuids, 0, &refused), -EINVAL);
	ASSERT_EQ(keyinject_add_luks_volumes("key", 3, uuids, 2, &c), 0);
	ASSERT_EQ(cpio_finish(&c), 0);
	ASSERT_EQ(cpio_read(c.buf, c.len, collect, &s), 0);
	ASSERT_EQ(s.n, 5u);
	ASSERT_STREQ(s.names[2], "etc/crypttab");
	ASSERT_STREQ(s.data[2],
		     "luks-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 UUID=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 /secret.key luks,discard\n"
		     "luks-1a2b3c4d-5e6f-4a5b-8c6d-7e8f9a0b1c2d UUID=1a2b3c4d-5e6f-4a5b-8c6d-7e8f9a0b1c2d /secret.key luks,discard\n");
	ASSERT_STREQ(s.data[4], s.data[2]);
}

TEST(cpio_reader_kernel_rules)
{
	_cleanup_cpio_ struct cpio c = { 0 };
	uint8_t img[1024] = { 0 };

	ASSERT_EQ(cpio_add_file(&c, "f", 0644, "1", 1), 0);
	ASSERT_EQ(cpio_finish(&c), 0);
	/* Zeros before and between archives are skipped. */
	memcpy(img + 8, c.buf, c.len);
	memcpy(img + 8 + c.len + 12, c.buf, c.len);
	ASSERT_EQ(cpio_read(img, 8 + 2 * c.len + 12 + 40, NULL, NULL), 0);
	/* An archive at an offset that is not a multiple of 4 is not cpio. */
	memset(img, 0, sizeof(img));
	memcpy(img + 2, c.buf, c.len);
	ASSERT_EQ(cpio_read(img, c.len + 2, NULL, NULL), -EPROTO);
	/* Compressed members are reported, truncated ones are malformed. */
	ASSERT_EQ(cpio_read((const uint8_t *)"\x1f\x8b\x08", 3, NULL, NULL), -EPROTO);
	ASSERT_EQ(cpio_read(c.buf, c.len - 20, NULL, NULL), -EBADMSG);
	ASSERT_EQ(cpio_read(c.buf, 100, NULL, NULL), -EBADMSG);
}

TEST(initrd_padding)
{
	ASSERT_EQ(initrd_padded_size(0), 0);
	ASSERT_EQ(initrd_padded_size(1), 512);
	ASSERT_EQ(initrd_padded_size(512), 512);
	ASSERT_EQ(initrd_padded_size(513), 1024);
}

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

static int file_with(const void *buf, size_t len)
{
	char path[] = "/tmp/heads-test-image-XXXXXX";
	int fd = mkstemp(path);

	ASSERT(fd >= 0);
	unlink(path);
	ASSERT_EQ(write(fd, buf, len), (ssize_t)len);
	ASSERT_EQ(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

static struct memimage image_with(const void *buf, size_t len)
{
	struct memimage m = MEMIMAGE_NONE;
	int fd = file_with(buf, len);

	ASSERT_EQ(memimage_read_fd("test", fd, 1 << 20, &m), 0);
	close(fd);
	return m;
}

/* A file read into an image is sealed against every change: neither
 * write(2), nor a writable mapping, nor a size change, nor removing the
 * seals can alter the bytes checked. */
TEST(memimage_read_is_sealed)
{
	_cleanup_memimage_ struct memimage m = image_with("kernel bytes", 12);
	_cleanup_close_ int fd = file_with("0123456789", 10);
	struct memimage big = MEMIMAGE_NONE;

	ASSERT_EQ(m.len, 12);
	ASSERT(memcmp(m.map, "kernel bytes", 12) == 0);
	ASSERT_EQ(fcntl(m.fd, F_GET_SEALS), F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
	ASSERT_EQ(pwrite(m.fd, "evil", 4, 0), -1);
	ASSERT_EQ(errno, EPERM);
	ASSERT(mmap(NULL, 12, PROT_READ | PROT_WRITE, MAP_SHARED, m.fd, 0) == MAP_FAILED);
	ASSERT_EQ(ftruncate(m.fd, 4), -1);
	ASSERT_EQ(fcntl(m.fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE), -1);
	ASSERT_EQ(errno, EPERM);
	ASSERT(memcmp(m.map, "kernel bytes", 12) == 0);
	ASSERT(!m.wipeable);
	/* From the file's offset on, at most max bytes. */
	ASSERT_EQ(lseek(fd, 2, SEEK_SET), 2);
	ASSERT_EQ(memimage_read_fd("test", fd, 7, &big), -EFBIG);
	ASSERT_EQ(big.fd, -1);
	ASSERT_EQ(lseek(fd, 2, SEEK_SET), 2);
	ASSERT_EQ(memimage_read_fd("test", fd, 8, &big), 0);
	ASSERT(big.len == 8 && memcmp(big.map, "23456789", 8) == 0);
	memimage_free(&big);
	ASSERT_EQ(big.fd, -1);
}

TEST(initrd_combined_in_memory)
{
	_cleanup_cpio_ struct cpio os = { 0 }, inj = { 0 };
	struct memimage parts[2], out = MEMIMAGE_NONE;
	struct seen s = { .n = 0 };
	uint8_t back[8192];
	int keep;

	ASSERT_EQ(cpio_add_file(&os, "init", 0755, "#!/bin/sh\n", 10), 0);
	ASSERT_EQ(cpio_finish(&os), 0);
	parts[0] = image_with("\x00\x00\x00\x00", 4); /* an odd piece: four zero bytes */
	parts[1] = image_with(os.buf, os.len);
	build_injection(&inj);
	ASSERT_EQ(initrd_combine(parts, 2, &inj, &out), 0);
	ASSERT_EQ(out.len, 512 + initrd_padded_size(os.len) + inj.len);
	ASSERT(memcmp(out.map + 512, os.buf, os.len) == 0);
	for (size_t i = 512 + os.len; i < 512 + initrd_padded_size(os.len); i++)
		ASSERT_EQ(out.map[i], 0);
	ASSERT_EQ(cpio_read(out.map, out.len, collect, &s), 0);
	ASSERT_EQ(s.n, 6);
	ASSERT_STREQ(s.names[0], "init");
	ASSERT_STREQ(s.names[1], "secret.key");
	/* Nobody writes to it any more, through a descriptor or a new mapping... */
	ASSERT_EQ(fcntl(out.fd, F_GET_SEALS),
		  F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_FUTURE_WRITE | F_SEAL_SEAL);
	ASSERT_EQ(pwrite(out.fd, "evil", 4, 0), -1);
	ASSERT(mmap(NULL, out.len, PROT_READ | PROT_WRITE, MAP_SHARED, out.fd, 0) == MAP_FAILED);
	/* ...but freeing it wipes it: what another descriptor still sees is zeros. */
	keep = dup(out.fd);
	ASSERT(keep >= 0);
	ASSERT_EQ(pread(keep, back, sizeof(back), 0), (ssize_t)out.len);
	ASSERT(memmem(back, out.len, "secret.key", 10));
	memimage_free(&out);
	ASSERT_EQ(pread(keep, back, sizeof(back), 0), 512 + initrd_padded_size(os.len) + inj.len);
	for (size_t i = 0; i < 512 + initrd_padded_size(os.len) + inj.len; i++)
		ASSERT_EQ(back[i], 0);
	close(keep);
	memimage_free(&parts[0]);
	memimage_free(&parts[1]);
}

TEST(initrd_combined_empty_and_too_large)
{
	struct memimage out = MEMIMAGE_NONE, huge = { .fd = -1, .len = INITRD_MAX };

	ASSERT_EQ(initrd_combine(NULL, 0, NULL, &out), 0);
	ASSERT_EQ(out.len, 0);
	memimage_free(&out);
	ASSERT_EQ(initrd_combine(&huge, 1, NULL, &out), -EFBIG);
	ASSERT_EQ(out.fd, -1);
}
