/*
 * Console 0 as fds 0, 1 and 2 (see fd.h): output goes to console_write()
 * (which turns "\n" into "\r\n"); input is not wired up yet, so reads see
 * end of file.
 */
#define _DEFAULT_SOURCE
#include "sys/libc/fd.h"

#include "xen/console.h"

static ssize_t console0_read(void *priv, void *buf, size_t len)
{
	return 0;
}

static ssize_t console0_write(void *priv, const void *buf, size_t len)
{
	console_write(buf, len);
	return (ssize_t)len;
}

const struct fd_ops console0_in_ops = {
	.name = "console0",
	.tty = true,
	.read = console0_read,
};

const struct fd_ops console0_out_ops = {
	.name = "console0",
	.tty = true,
	.write = console0_write,
};
