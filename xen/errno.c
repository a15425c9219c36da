/*
 * The translation of Xen's error numbers (xen/errno.h): one entry per
 * XEN_ERRNO(name, value) line of Xen's public <xen/errno.h>, mapped by name
 * to the C library's number, so that nothing is written down twice.
 */
#include "xen/errno.h"

#include <errno.h>
#include <stddef.h>

/* Xen's EDEADLOCK is another name of EDEADLK, which is where C libraries
 * without the name (newlib, unless asked for Linux's extra names) have it. */
#ifndef EDEADLOCK
#define EDEADLOCK EDEADLK
#endif

static const struct {
	int xen;
	int libc;
} xen_errno_table[] = {
#define XEN_ERRNO(name, value) { value, name },
#include <xen/errno.h>
};

long xen_errno(long rc)
{
	if (rc >= 0)
		return rc;
	for (size_t i = 0; i < sizeof(xen_errno_table) / sizeof(xen_errno_table[0]); i++)
		if (rc == -(long)xen_errno_table[i].xen)
			return -(long)xen_errno_table[i].libc;
	return -EIO;
}
