/*
 * The end of a program: _exit() (and so exit(), which newlib implements as
 * the atexit handlers, destructors included (kernel/start.c registers
 * __libc_fini_array), and a flush of every stdio stream, followed by
 * _exit()) hands the status to kernel_exit(): 0 powers the domain off,
 * anything else shuts it down as crashed.
 */
#define _DEFAULT_SOURCE
#include <unistd.h>

#include "kernel/panic.h"

void _exit(int status)
{
	kernel_exit(status);
}
