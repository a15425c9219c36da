/*
 * Device files for programs: open("/dev/hd<N>") is PV disk N (in the
 * numeric order of the device/vbd/N entries, as PV-GRUB names them), open
 * ("/dev/console<N>") is secondary console N (N >= 1), raw. Disks are read
 * and written at the file offset in whole sectors (offset and length
 * multiples of the sector size, else EINVAL), reads stop at the end of the
 * disk; consoles are streams (read blocks until at least one byte).
 */
#define _DEFAULT_SOURCE
#define LOG_TAG "libc"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drivers/blkfront.h"
#include "drivers/consfront.h"
#include "kernel/log.h"
#include "sys/libc/dev_fd.h"
#include "sys/libc/fd.h"

struct disk_file {
	struct blkfront *dev;
	off_t pos;
	bool writable;
};

static ssize_t disk_io(struct disk_file *f, void *rbuf, const void *wbuf, size_t len)
{
	uint64_t size = blkfront_sectors(f->dev) * blkfront_sector_size(f->dev);
	unsigned ss = blkfront_sector_size(f->dev);
	int rc;

	if ((uint64_t)f->pos % ss || len % ss)
		return -EINVAL;
	if ((uint64_t)f->pos >= size)
		return wbuf ? -ENOSPC : 0;
	if (len > size - (uint64_t)f->pos)
		len = (size_t)(size - (uint64_t)f->pos);
	rc = wbuf ? blkfront_write(f->dev, (uint64_t)f->pos / ss, wbuf, len / ss)
		  : blkfront_read(f->dev, (uint64_t)f->pos / ss, rbuf, len / ss);
	if (rc < 0)
		return rc;
	f->pos += (off_t)len;
	return (ssize_t)len;
}

static ssize_t disk_read(void *priv, void *buf, size_t len)
{
	return disk_io(priv, buf, NULL, len);
}

static ssize_t disk_write(void *priv, const void *buf, size_t len)
{
	struct disk_file *f = priv;

	return f->writable ? disk_io(f, NULL, buf, len) : -EBADF;
}

static off_t disk_lseek(void *priv, off_t offset, int whence)
{
	struct disk_file *f = priv;
	off_t size = (off_t)(blkfront_sectors(f->dev) * blkfront_sector_size(f->dev)), base;

	base = whence == SEEK_SET   ? 0
	       : whence == SEEK_CUR ? f->pos
	       : whence == SEEK_END ? size
				    : -1;
	if (base < 0 || (offset < 0 && -offset > base))
		return -EINVAL;
	f->pos = base + offset;
	return f->pos;
}

static int disk_fstat(void *priv, struct stat *st)
{
	struct disk_file *f = priv;

	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFBLK | 0600;
	st->st_blksize = (blksize_t)blkfront_sector_size(f->dev);
	st->st_size = (off_t)(blkfront_sectors(f->dev) * blkfront_sector_size(f->dev));
	return 0;
}

static int disk_close(void *priv)
{
	struct disk_file *f = priv;

	blkfront_close(f->dev);
	free(f);
	return 0;
}

static const struct fd_ops disk_ops = {
	.name = "vbd",
	.read = disk_read,
	.write = disk_write,
	.lseek = disk_lseek,
	.fstat = disk_fstat,
	.close = disk_close,
};

static ssize_t console_read(void *priv, void *buf, size_t len)
{
	return consfront_read(priv, buf, len, 0);
}

static ssize_t console_write(void *priv, const void *buf, size_t len)
{
	return consfront_write(priv, buf, len, 0);
}

static int console_close(void *priv)
{
	consfront_close(priv);
	return 0;
}

static const struct fd_ops console_ops = {
	.name = "console",
	.read = console_read,
	.write = console_write,
	.close = console_close,
};

/* The number after prefix in path, or -1. */
static long device_number(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	char *end;
	long v;

	if (strncmp(path, prefix, n) != 0 || path[n] < '0' || path[n] > '9')
		return -1;
	v = strtol(path + n, &end, 10);
	return *end == '\0' && v >= 0 && v < 65536 ? v : -1;
}

int dev_open(const char *path, int flags)
{
	long n;
	int fd, rc;

	if ((n = device_number(path, "/dev/hd")) >= 0) {
		struct disk_file *f = calloc(1, sizeof(*f));
		if (!f)
			return -ENOMEM;
		rc = blkfront_open((unsigned)n, &f->dev);
		if (rc < 0) {
			free(f);
			return rc;
		}
		f->writable = (flags & O_ACCMODE) != O_RDONLY;
		if (f->writable && blkfront_readonly(f->dev)) {
			blkfront_close(f->dev);
			free(f);
			return -EROFS;
		}
		fd = fd_install(&disk_ops, f);
		if (fd < 0)
			disk_close(f);
		return fd;
	}
	if ((n = device_number(path, "/dev/console")) >= 1) {
		struct consfront *con;
		rc = consfront_open((unsigned)n, &con);
		if (rc < 0)
			return rc;
		fd = fd_install(&console_ops, con);
		if (fd < 0)
			consfront_close(con);
		return fd;
	}
	return -ENOENT;
}
