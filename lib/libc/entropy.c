/*
 * getentropy(), which picolibc's arc4random() family draws on: the kernel
 * has no source of randomness yet, so it fails with ENOSYS.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stddef.h>
#include <unistd.h>

int getentropy(void *buf, size_t len)
{
	errno = ENOSYS;
	return -1;
}
