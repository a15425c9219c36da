/*
 * getentropy(), which newlib's arc4random() family draws on: the kernel
 * has no source of randomness yet, so it fails with ENOSYS.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stddef.h>
#include <unistd.h>

#include "sys/libc/sys.h"

int getentropy(void *buf, size_t len)
{
	return sys_error(ENOSYS);
}
