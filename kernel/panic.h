/*
 * Ways the kernel ends: panic() for a kernel bug or an impossible state
 * (reported, then the domain is shut down as crashed) and kernel_exit() for
 * the application's exit status (0 powers off, anything else crashes).
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include <stdnoreturn.h>

noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
noreturn void kernel_exit(int status);
/* What a program calls to end: the same as returning status from main. */
noreturn void exit(int status);

#endif
