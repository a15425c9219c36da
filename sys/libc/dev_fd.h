/* Device files behind open() (dev_fd.c): /dev/hd<N>, /dev/console<N>. */
#ifndef SYS_LIBC_DEV_FD_H
#define SYS_LIBC_DEV_FD_H

/* Opens a device path with open()'s flags; the fd, or -errno (-ENOENT for
 * a path that names no device). */
int dev_open(const char *path, int flags);

#endif
