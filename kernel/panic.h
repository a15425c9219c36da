/*
 * Ways the kernel ends: panic() for a kernel bug or an impossible state
 * (reported, then the domain is shut down as crashed) and kernel_exit() for
 * the application's exit status (0 powers off, anything else crashes).
 * Programs end with the C library's exit(), which runs their atexit
 * handlers, flushes stdio and then calls _exit(), i.e. kernel_exit().
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include <stdnoreturn.h>
/* exit() is the C library's; declared here too for programs that took it
 * from this header before there was a C library. */
#include <stdlib.h>

noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
noreturn void kernel_exit(int status);

#endif
