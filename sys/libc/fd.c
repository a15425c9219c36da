/*
 * The fd table and the POSIX calls on it that newlib's stdio (through its
 * _read_r, _write_r, ... wrappers) and programs use: read, write, lseek,
 * close, isatty, fstat (see fd.h). A failed call sets errno and returns -1
 * (sys.h).
 */
#define _DEFAULT_SOURCE
#define LOG_TAG "libc"
#include "sys/libc/fd.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "kernel/log.h"
#include "sys/libc/sys.h"

struct fd_entry {
	const struct fd_ops *ops; /* NULL: the fd is free */
	void *priv;
};

static struct fd_entry fds[FD_MAX] = {
	[0] = { &console0_in_ops, NULL },
	[1] = { &console0_out_ops, NULL },
	[2] = { &console0_out_ops, NULL },
};

static struct fd_entry *lookup(int fd)
{
	if (fd < 0 || fd >= FD_MAX || !fds[fd].ops)
		return NULL;
	return &fds[fd];
}

int fd_install(const struct fd_ops *ops, void *priv)
{
	if (!ops)
		return -EINVAL;
	for (int fd = 0; fd < FD_MAX; fd++) {
		if (!fds[fd].ops) {
			fds[fd].ops = ops;
			fds[fd].priv = priv;
			pr_debug("fd %d: %s", fd, ops->name ? ops->name : "?");
			return fd;
		}
	}
	pr_warn("no free fd for %s (all %d in use)", ops->name ? ops->name : "?", FD_MAX);
	return -EMFILE;
}

/* newlib declares read() and write() as returning _READ_WRITE_RETURN_TYPE,
 * an int here: one call moves at most INT_MAX bytes (a short count, as
 * POSIX allows). */
static size_t rw_len(size_t len)
{
	return len > INT_MAX ? INT_MAX : len;
}

_READ_WRITE_RETURN_TYPE read(int fd, void *buf, size_t len)
{
	struct fd_entry *e = lookup(fd);

	if (!e || !e->ops->read)
		return (int)sys_result(-EBADF);
	return (int)sys_result(e->ops->read(e->priv, buf, rw_len(len)));
}

_READ_WRITE_RETURN_TYPE write(int fd, const void *buf, size_t len)
{
	struct fd_entry *e = lookup(fd);

	if (!e || !e->ops->write)
		return (int)sys_result(-EBADF);
	return (int)sys_result(e->ops->write(e->priv, buf, rw_len(len)));
}

off_t lseek(int fd, off_t offset, int whence)
{
	struct fd_entry *e = lookup(fd);

	if (!e)
		return sys_result(-EBADF);
	if (!e->ops->lseek)
		return sys_result(-ESPIPE);
	if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END)
		return sys_result(-EINVAL);
	return sys_result(e->ops->lseek(e->priv, offset, whence));
}

int close(int fd)
{
	struct fd_entry *e = lookup(fd);
	struct fd_entry closing;
	int ret = 0;

	if (!e)
		return (int)sys_result(-EBADF);
	/* The fd is free even when the driver reports an error (as POSIX has it). */
	closing = *e;
	e->ops = NULL;
	e->priv = NULL;
	if (closing.ops->close)
		ret = closing.ops->close(closing.priv);
	if (ret < 0)
		pr_warn("closing fd %d (%s): error %d", fd,
			closing.ops->name ? closing.ops->name : "?", ret);
	return (int)sys_result(ret);
}

int isatty(int fd)
{
	struct fd_entry *e = lookup(fd);

	if (!e)
		return (int)sys_result(-EBADF);
	if (!e->ops->tty) {
		sys_error(ENOTTY);
		return 0;
	}
	return 1;
}

int fstat(int fd, struct stat *st)
{
	struct fd_entry *e = lookup(fd);

	if (!e)
		return (int)sys_result(-EBADF);
	memset(st, 0, sizeof(*st));
	if (!e->ops->fstat) {
		st->st_mode = S_IFCHR;
		return 0;
	}
	return (int)sys_result(e->ops->fstat(e->priv, st));
}
