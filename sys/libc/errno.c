/*
 * Where the system layer's errors go. Programs read errno as newlib's
 * (*__errno()), the error field of the current reentrancy structure, of
 * which there is one (single-threaded build). newlib's own calls go through
 * wrappers such as _read_r(), which clear a plain global int errno before
 * the call and copy it into that structure after a failure; so both are
 * set, and either path sees the error.
 */
#include "sys/libc/sys.h"

#include <errno.h>

/* The plain variable of newlib's wrappers (defined in its reent.c). */
#undef errno
extern int errno;

int sys_error(int err)
{
	errno = err;
	*__errno() = err;
	return -1;
}

long sys_result(long ret)
{
	if (ret < 0)
		return sys_error((int)-ret);
	return ret;
}
