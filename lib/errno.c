/*
 * Names of the error numbers the kernel uses, both ways (xenstore replies
 * carry names; the table covers every name in xs_wire.h's XSD_ERROR list).
 */
#include "lib/errno.h"

#include <stddef.h>

static const struct {
	int num;
	const char *name;
} errno_table[] = {
	{ EPERM, "EPERM" },	{ ENOENT, "ENOENT" },	      { EIO, "EIO" },
	{ E2BIG, "E2BIG" },	{ EAGAIN, "EAGAIN" },	      { ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" },	{ EFAULT, "EFAULT" },	      { EBUSY, "EBUSY" },
	{ EEXIST, "EEXIST" },	{ ENODEV, "ENODEV" },	      { EISDIR, "EISDIR" },
	{ EINVAL, "EINVAL" },	{ ENOSPC, "ENOSPC" },	      { EROFS, "EROFS" },
	{ ERANGE, "ERANGE" },	{ ENOSYS, "ENOSYS" },	      { ENOTEMPTY, "ENOTEMPTY" },
	{ ENODATA, "ENODATA" }, { EPROTO, "EPROTO" },	      { EOVERFLOW, "EOVERFLOW" },
	{ EBADMSG, "EBADMSG" }, { ETIMEDOUT, "ETIMEDOUT" },   { ECONNRESET, "ECONNRESET" },
	{ EISCONN, "EISCONN" }, { EOPNOTSUPP, "EOPNOTSUPP" }, { EMSGSIZE, "EMSGSIZE" },
	{ EBADF, "EBADF" },	{ EMFILE, "EMFILE" },	      { ESPIPE, "ESPIPE" },
	{ ENOTTY, "ENOTTY" },	{ EINTR, "EINTR" },	      { ENXIO, "ENXIO" },
	{ ENOEXEC, "ENOEXEC" }, { ENOTDIR, "ENOTDIR" },	      { EFBIG, "EFBIG" },
	{ ELOOP, "ELOOP" },	{ EUCLEAN, "EUCLEAN" },	      { EILSEQ, "EILSEQ" },
};

const char *errno_name(int err)
{
	if (err < 0)
		err = -err;
	for (size_t i = 0; i < sizeof(errno_table) / sizeof(errno_table[0]); i++)
		if (errno_table[i].num == err)
			return errno_table[i].name;
	return "E?";
}

int errno_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(errno_table) / sizeof(errno_table[0]); i++) {
		const char *a = errno_table[i].name, *b = name;
		while (*a && *a == *b) {
			a++;
			b++;
		}
		if (!*a && !*b)
			return errno_table[i].num;
	}
	return 0;
}
