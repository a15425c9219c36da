/*
 * Error numbers: the C library's (newlib's values in the kernel, glibc's
 * in host unit tests). Inside the kernel they are returned negated
 * (-ENOMEM); logs and the xenstore protocol use their names. Hypercalls
 * fail with Xen's own numbers, which xen_errno() (xen/errno.h) translates.
 */
#ifndef LIB_ERRNO_H
#define LIB_ERRNO_H

#include <errno.h>

/* Corrupt on-disk structures ("structure needs cleaning", as Linux says).
 * newlib has no such number; this one is outside its range. */
#ifndef EUCLEAN
#define EUCLEAN 200
#endif

/* "ENOENT" for -ENOENT or ENOENT; "E?" for an unknown number. */
const char *errno_name(int err);
/* ENOENT for "ENOENT"; 0 when the name is unknown. */
int errno_from_name(const char *name);

#endif
