/*
 * File descriptors of the C library: a small table mapping each fd to a
 * driver's operations and private data. read/write/lseek/close/isatty/fstat
 * (fd.c) dispatch through it; fds 0, 1 and 2 are console 0 from the start
 * (console_fd.c). Drivers install further fds (consoles 1..N, block
 * devices) with fd_install().
 *
 * Every operation returns its result or -errno, and may be NULL:
 *   read, write  NULL: the fd is not open for that direction (EBADF)
 *   lseek        NULL: the fd is a stream (ESPIPE)
 *   fstat        NULL: st_mode is S_IFCHR, everything else 0
 *   close        NULL: nothing to release
 * tty makes isatty() answer 1.
 */
#ifndef SYS_LIBC_FD_H
#define SYS_LIBC_FD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#define FD_MAX 32

struct fd_ops {
	const char *name; /* for logs: "console", "vbd", ... */
	bool tty;
	ssize_t (*read)(void *priv, void *buf, size_t len);
	ssize_t (*write)(void *priv, const void *buf, size_t len);
	off_t (*lseek)(void *priv, off_t offset, int whence);
	int (*fstat)(void *priv, struct stat *st);
	int (*close)(void *priv);
};

/* Opens the lowest free fd on ops/priv (ops must outlive the fd). Returns
 * the fd, or -EMFILE when all FD_MAX are in use, -EINVAL without ops. */
int fd_install(const struct fd_ops *ops, void *priv);

/* The console 0 operations behind fds 0-2 (console_fd.c). */
extern const struct fd_ops console0_in_ops, console0_out_ops;

#endif
