/*
 * The memory and string functions: newlib's <string.h> in the kernel (the
 * compiler also emits calls to memcpy/memset/memmove/memcmp on its own), the
 * host C library's in unit tests. Kept so that "lib/string.h" includes stay
 * valid.
 */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include <string.h>

/* POSIX, so hidden by <string.h> in the kernel's strict C11; declared here
 * as both C libraries define it. */
size_t strnlen(const char *s, size_t max);

#endif
