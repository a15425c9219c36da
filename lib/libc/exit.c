/*
 * The end of a program: _exit() (and so exit(), which picolibc implements
 * as atexit handlers, destructors and a stdio flush followed by _exit())
 * hands the status to kernel_exit(): 0 powers the domain off, anything else
 * shuts it down as crashed.
 */
#define _DEFAULT_SOURCE
#include <unistd.h>

#include "kernel/panic.h"

void _exit(int status)
{
	kernel_exit(status);
}
