/*
 * xen/errno: Xen's error numbers to the C library's. On the host both use
 * Linux's numbering, so every XEN_ERRNO(name, value) of <xen/errno.h> must
 * come out as the host's own number of the same name; the kernel's build
 * (against newlib) checks that each name exists there.
 */
#include "xen/errno.h"

#include <errno.h>

#include "tests/unit/check.h"

static const struct {
	const char *name;
	int xen, host;
} xen_names[] = {
#define XEN_ERRNO(name, value) { #name, value, name },
#include <xen/errno.h>
};

TEST(xen_errno_every_name)
{
	size_t n = sizeof(xen_names) / sizeof(xen_names[0]);

	CHECK(n >= 49); /* the names a guest sees in Xen 4.17 */
	for (size_t i = 0; i < n; i++) {
		long got = xen_errno(-(long)xen_names[i].xen);
		if (got != -(long)xen_names[i].host)
			unit_fail(__FILE__, __LINE__, "%s (%d): got %ld, want %d",
				  xen_names[i].name, xen_names[i].xen, got, -xen_names[i].host);
	}
}

TEST(xen_errno_values_pass)
{
	CHECK_INT(xen_errno(0), 0);
	CHECK_INT(xen_errno(1), 1);
	CHECK_INT(xen_errno(0x40011), 0x40011);
	CHECK_INT(xen_errno(-38), -ENOSYS);
	CHECK_INT(xen_errno(-11), -EAGAIN);
	CHECK_INT(xen_errno(-22), -EINVAL);
}

TEST(xen_errno_unknown)
{
	CHECK_INT(xen_errno(-15), -EIO); /* a gap in Xen's list */
	CHECK_INT(xen_errno(-4095), -EIO);
	CHECK_INT(xen_errno(-100000), -EIO);
}
