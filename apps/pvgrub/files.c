/* PV-GRUB's files (see files.h): disk, partition, then the file system
 * (ext2/3/4, FAT, ISO9660: lib/fs/fs.h); (nd) in netboot.c. */
#define LOG_TAG "pvgrub"
#include "apps/pvgrub/files.h"

#include "apps/pvgrub/disk.h"
#include "apps/pvgrub/netboot.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/part/part.h"

#include <stdbool.h>
#include <string.h>

/* What pvgrub_file_memory_limit() keeps back. */
#define RESERVE ((uint64_t)16 << 20)

uint64_t pvgrub_file_memory_limit(void)
{
	uint64_t free_bytes = (uint64_t)memory_free_pages() * 4096;

	return free_bytes > RESERVE ? free_bytes - RESERVE : 0;
}

/* One file system mounted at a time: the last one asked for. */
static struct fs fs;
static struct menu_device mounted;
static bool have_mounted;
static uint8_t work[FS_WORK_SIZE];

static const char *fs_detail(void)
{
	return fs_error(&fs);
}

static int mount(const struct menu_device *dev, bool quiet)
{
	struct blockdev whole, part;
	const char *disk_name;
	char where[32];
	int rc;

	if (have_mounted && mounted.kind == dev->kind && mounted.disk == dev->disk &&
	    mounted.part == dev->part)
		return 0;
	have_mounted = false;
	menu_format_device(where, sizeof(where), dev);
	if (dev->kind != MENU_DEV_HD) {
		if (!quiet)
			pr_err("%s: not a disk", where);
		return -EOPNOTSUPP;
	}
	if ((rc = pvgrub_disk_get((unsigned)dev->disk, &whole, &disk_name)) < 0) {
		if (!quiet)
			pr_err("%s: no such disk (%s)", where, errno_name(rc));
		return -ENODEV;
	}
	part = whole;
	if (dev->part >= 0 && (rc = part_find(&whole, dev->part, &part)) < 0) {
		if (!quiet)
			pr_err("%s: no such partition on %s (%s)", where, disk_name,
			       errno_name(rc));
		return -ENODEV;
	}
	if ((rc = fs_mount(&fs, &part, work, sizeof(work))) < 0) {
		if (!quiet)
			pr_err("%s: unknown or damaged file system (%s)%s%s", where, errno_name(rc),
			       fs_detail()[0] ? ": " : "", fs_detail());
		return rc;
	}
	mounted = *dev;
	have_mounted = true;
	return 0;
}

static int open_file(const struct menu_device *dev, const char *path, struct pvgrub_file *f,
		     bool quiet)
{
	char where[32];
	int rc;

	memset(f, 0, sizeof(*f));
	f->dev = *dev;
	menu_format_device(where, sizeof(where), dev);
	format_buf(f->name, sizeof(f->name), "%s%s", where, path);
	format_buf(f->path, sizeof(f->path), "%s", path);
	if (dev->kind == MENU_DEV_ND)
		return pvgrub_net_size(path, &f->size, quiet);
	if ((rc = mount(dev, quiet)) < 0)
		return rc;
	if ((rc = fs_lookup(&fs, path, &f->file)) < 0) {
		if (!quiet && (rc == -ENOENT || rc == -ENOTDIR))
			pr_err("file not found: %s", f->name);
		else if (!quiet)
			pr_err("looking up %s: %s%s%s", f->name, errno_name(rc),
			       fs_detail()[0] ? ": " : "", fs_detail());
		return rc == -ENOTDIR ? -ENOENT : rc;
	}
	if (!fs_is_reg(&f->file)) {
		if (!quiet)
			pr_err("%s is not a regular file", f->name);
		return -EISDIR;
	}
	f->size = fs_size(&f->file);
	return 0;
}

int pvgrub_file_open(const struct menu_device *dev, const char *path, struct pvgrub_file *f)
{
	return open_file(dev, path, f, false);
}

int pvgrub_file_probe(const struct menu_device *dev, const char *path, struct pvgrub_file *f)
{
	return open_file(dev, path, f, true);
}

int pvgrub_device_ident(const struct menu_device *dev, char *uuid, size_t uuid_size, char *label,
			size_t label_size)
{
	int rc = mount(dev, true);

	if (rc < 0)
		return rc;
	if (fs_uuid(&fs, uuid, uuid_size) < 0)
		uuid[0] = '\0';
	if (fs_label(&fs, label, label_size) < 0)
		label[0] = '\0';
	return 0;
}

int pvgrub_dir_list(const struct menu_device *dev, const char *path, fs_dir_fn fn, void *ctx)
{
	struct fs_file dir;
	int rc = mount(dev, true);

	if (rc < 0)
		return rc;
	if ((rc = fs_lookup(&fs, path, &dir)) < 0)
		return rc;
	if (!fs_is_dir(&dir))
		return -ENOTDIR;
	return fs_readdir(&fs, &dir, fn, ctx);
}

int pvgrub_file_read(struct pvgrub_file *f, uint64_t offset, void *buf, size_t len)
{
	size_t done;
	int rc;

	if (offset > f->size || len > f->size - offset)
		return -EINVAL;
	if (f->dev.kind == MENU_DEV_ND)
		return pvgrub_net_read(f->path, f->size, offset, buf, len);
	if ((rc = mount(&f->dev, false)) < 0)
		return rc;
	rc = fs_read(&fs, &f->file, offset, buf, len, &done);
	if (rc == 0 && done != len)
		rc = -EIO;
	if (rc < 0)
		pr_err("reading %s at %llu: %s%s%s", f->name, (unsigned long long)offset,
		       errno_name(rc), fs_detail()[0] ? ": " : "", fs_detail());
	return rc;
}
