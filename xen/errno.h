/*
 * Xen's error numbers as the kernel's. Hypercalls fail with -XEN_Exxx, in
 * Xen's own numbering (Linux's: <xen/errno.h>), while the kernel and its
 * C library use newlib's (ENOSYS is 38 to Xen and 88 to newlib); every
 * hypercall result goes through xen_errno() before the kernel looks at it
 * (the typed wrappers in arch/x86_64/hypercall.h do it).
 */
#ifndef XEN_ERRNO_H
#define XEN_ERRNO_H

/* rc itself when rc >= 0 (a hypercall's value); for rc = -XEN_Exxx,
 * -Exxx of the C library (the same name); -EIO for a number that Xen does
 * not define. */
long xen_errno(long rc);

#endif
