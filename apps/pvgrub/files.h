/*
 * PV-GRUB's files: a path on (hdN) or (hdN,P), found through the disk's
 * partition table and the file system on it (ext2/3/4, FAT, ISO9660), or
 * on (nd), the TFTP server of the network's DHCP lease (netboot.h), read
 * at any offset. Errors are printed as they happen, saying what was tried
 * and where.
 */
#ifndef APPS_PVGRUB_FILES_H
#define APPS_PVGRUB_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "apps/pvgrub/menu.h"
#include "lib/fs/fs.h"

struct pvgrub_file {
	struct menu_device dev;
	char name[300]; /* "(hd0,0)/boot/vmlinuz", for messages */
	char path[300]; /* "/boot/vmlinuz" */
	uint64_t size;
	struct fs_file file;
};

/* Opens a regular file (symlinks followed). 0, or -errno after printing
 * "pvgrub: error: ...": -ENOENT (file not found: the path tried), -ENODEV
 * (no such disk or partition), -EINVAL/-EUCLEAN (unknown or damaged file
 * system), -EISDIR; on (nd), netboot.h's errors. */
int pvgrub_file_open(const struct menu_device *dev, const char *path, struct pvgrub_file *f);

/* As pvgrub_file_open, printing nothing (for looking around). */
int pvgrub_file_probe(const struct menu_device *dev, const char *path, struct pvgrub_file *f);

/* The UUID and label of dev's file system, as GRUB 2 gives them ("" when
 * it has none); -errno (printing nothing) when dev holds no file system
 * (-EOPNOTSUPP for (nd)). */
int pvgrub_device_ident(const struct menu_device *dev, char *uuid, size_t uuid_size, char *label,
			size_t label_size);

/* Lists directory path of dev (fs_readdir's callback; the file system
 * stays mounted during the walk, so fn must not read files). -errno,
 * printing nothing (-EOPNOTSUPP for (nd): TFTP has no directories). */
int pvgrub_dir_list(const struct menu_device *dev, const char *path, fs_dir_fn fn, void *ctx);

/* How much of the free memory a file read into memory (a kernel image,
 * an unpacked kernel, a file fetched over the network) may take: all but
 * a reserve for the boot mapping's other pages and PV-GRUB's own needs. */
uint64_t pvgrub_file_memory_limit(void);

/* Reads len bytes at offset (within the file). 0 or -errno (printed). */
int pvgrub_file_read(struct pvgrub_file *f, uint64_t offset, void *buf, size_t len);

#endif
