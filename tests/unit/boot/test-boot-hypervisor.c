/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The hypervisor a boot menu names for an entry. */
#include "entry-hypervisor.h"
#include "entry.h"
#include "harness.h"

#include <errno.h>

static const char *label(enum entry_kind kind, const char *hypervisor, char *buf, size_t size)
{
	struct boot_entry e = { .kind = kind, .hypervisor = (char *)hypervisor };

	return entry_hypervisor_label(&e, buf, size) < 0 ? "ERROR" : buf;
}

TEST(hypervisor_label_names_xen_releases)
{
	char b[64];

	ASSERT_STREQ(label(KIND_XEN, "/xen-4.17-amd64.gz", b, sizeof(b)), "Xen 4.17");
	ASSERT_STREQ(label(KIND_XEN, "/boot/xen-4.17.5.gz", b, sizeof(b)), "Xen 4.17.5");
	ASSERT_STREQ(label(KIND_XEN, "/XEN-4.19.gz", b, sizeof(b)), "Xen 4.19");
	ASSERT_STREQ(label(KIND_XEN, "/xen.gz", b, sizeof(b)), "xen.gz");
	ASSERT_STREQ(label(KIND_XEN, "/hv/xen-.gz", b, sizeof(b)), "xen-.gz");
	ASSERT_STREQ(label(KIND_XEN, "mboot-thing", b, sizeof(b)), "mboot-thing");
	ASSERT_STREQ(label(KIND_LINUX, NULL, b, sizeof(b)), "");
	ASSERT_STREQ(label(KIND_XEN, "/a-very-long-hypervisor-file-name", b, 8), "ERROR");
}
