/*
 * The calls that name files by path: open(), stat(), unlink(), link(),
 * mkdir(). There is no file system yet: open() knows only the device files
 * of dev_fd.c (/dev/hd<N>, /dev/console<N>); every other path is unknown
 * (ENOENT).
 */
#define _DEFAULT_SOURCE
#define LOG_TAG "libc"
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/log.h"
#include "sys/libc/dev_fd.h"
#include "sys/libc/sys.h"

static int no_such_path(const char *call, const char *path)
{
	pr_debug("%s(\"%s\"): no file system", call, path ? path : "(null)");
	return sys_error(path ? ENOENT : EFAULT);
}

int open(const char *path, int flags, ...)
{
	if (path && strncmp(path, "/dev/", 5) == 0)
		return (int)sys_result(dev_open(path, flags));
	return no_such_path("open", path);
}

int stat(const char *restrict path, struct stat *restrict st)
{
	return no_such_path("stat", path);
}

int unlink(const char *path)
{
	return no_such_path("unlink", path);
}

int link(const char *existing, const char *new_path)
{
	return no_such_path("link", existing);
}

int mkdir(const char *path, mode_t mode)
{
	return no_such_path("mkdir", path);
}
