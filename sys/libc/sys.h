/*
 * How the system layer under newlib (the files of sys/libc/) reports a
 * failed call: errno set where both newlib's system-call wrappers and
 * programs read it (errno.c), and -1 returned.
 */
#ifndef SYS_LIBC_SYS_H
#define SYS_LIBC_SYS_H

/* Sets errno to err; returns -1. */
int sys_error(int err);

/* A kernel result (a value, or -errno) as a system call's: the value, or
 * -1 with errno set. */
long sys_result(long ret);

#endif
