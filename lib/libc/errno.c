/*
 * Where errno lives: picolibc is built to find it through this function
 * (errno-function in mk/libc.mk), so that threads can get one each later
 * by changing only this file. For now there is one.
 */
#include <errno.h>

static int errno_value;

/* Declared by <errno.h>, which defines errno as (*__libc_errno_location()). */
int *__libc_errno_location(void)
{
	return &errno_value;
}
