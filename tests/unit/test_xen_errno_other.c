/*
 * xen/errno with another C library's numbering, as the kernel has it: the
 * module compiled again here after a few names are given newlib's numbers
 * (and EDEADLOCK is taken away, as newlib has none by default), to show
 * that the mapping goes by name, not by number.
 */
#include <errno.h>

#undef ENOSYS
#define ENOSYS 88
#undef ENOTEMPTY
#define ENOTEMPTY 90
#undef ETIMEDOUT
#define ETIMEDOUT 116
#undef EDEADLOCK

#define xen_errno xen_errno_other
#include "xen/errno.c"
#undef xen_errno

#include "tests/unit/check.h"

TEST(xen_errno_by_name)
{
	CHECK_INT(xen_errno_other(-38), -88);	   /* XEN_ENOSYS */
	CHECK_INT(xen_errno_other(-39), -90);	   /* XEN_ENOTEMPTY */
	CHECK_INT(xen_errno_other(-110), -116);	   /* XEN_ETIMEDOUT */
	CHECK_INT(xen_errno_other(-35), -EDEADLK); /* XEN_EDEADLK, XEN_EDEADLOCK */
	CHECK_INT(xen_errno_other(-85), -EIO);	   /* ERESTART: Xen's own */
	CHECK_INT(xen_errno_other(-2), -ENOENT);
	CHECK_INT(xen_errno_other(-88), -ENOTSOCK); /* Xen's 88 is not ENOSYS */
	CHECK_INT(xen_errno_other(7), 7);
}
