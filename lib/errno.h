/*
 * Error numbers the kernel returns, always negated (-ENOMEM). Values follow
 * Linux's so they read the same in logs as dom0's.
 */
#ifndef LIB_ERRNO_H
#define LIB_ERRNO_H

#define EPERM	   1
#define ENOENT	   2
#define EIO	   5
#define ENXIO	   6
#define E2BIG	   7
#define ENOEXEC	   8
#define EAGAIN	   11
#define ENOMEM	   12
#define EACCES	   13
#define EFAULT	   14
#define EBUSY	   16
#define EEXIST	   17
#define ENODEV	   19
#define ENOTDIR	   20
#define EISDIR	   21
#define EINVAL	   22
#define EFBIG	   27
#define ENOSPC	   28
#define EROFS	   30
#define ERANGE	   34
#define ENOSYS	   38
#define ENOTEMPTY  39
#define ELOOP	   40
#define ENODATA	   61
#define EPROTO	   71
#define EOVERFLOW  75
#define EOPNOTSUPP 95
#define EBADMSG	   74
#define ETIMEDOUT  110
#define ECONNRESET 104
#define EISCONN	   106
#define EUCLEAN	   117
#define EQUOTA	   122

/* "ENOENT" for -ENOENT or ENOENT; "E?" for an unknown number. */
const char *errno_name(int err);
/* ENOENT for "ENOENT"; 0 when the name is unknown. */
int errno_from_name(const char *name);

#endif
