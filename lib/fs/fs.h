/*
 * One front for the file systems PV-GRUB reads: fs_mount() finds which of
 * ISO9660, ext2/3/4 and FAT a block device holds, and the rest works the
 * same whichever it is: look a path up (symlinks followed), read a file at
 * an offset, list a directory, a file's type and size, the message for the
 * last error, the file system's name for messages, and its UUID and label
 * as GRUB 2 gives them (for `search --fs-uuid` and `search --label`).
 *
 * A struct fs and a struct fs_file are tagged unions of the readers' own
 * (lib/fs/ext.h, fat.h, iso9660.h); their limits and choices apply. What
 * all readers keep alike (the error message, UUID and label) is their
 * struct fs_base (lib/fs/fs_base.h), which each begins with. Nothing
 * is allocated: fs_mount() takes a work area, FS_WORK_SIZE bytes suffice
 * for all of them. Every function returns 0 or -errno with fs_error()
 * saying why.
 */
#ifndef LIB_FS_FS_H
#define LIB_FS_FS_H

#include "lib/blockdev.h"
#include "lib/fs/ext.h"
#include "lib/fs/fat.h"
#include "lib/fs/iso9660.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FS_WORK_SIZE (2 * EXT_MAX_BLOCKSIZE)

/* FS_UUID_SIZE and FS_LABEL_SIZE (fs_base.h) hold any reader's UUID and
 * label, NUL included; enum fs_kind (fs_base.h) is what a file is. */

enum fs_type { FS_NONE, FS_EXT, FS_FAT, FS_ISO9660 };

struct fs {
	enum fs_type type;
	union {
		struct ext_fs ext;
		struct fat_fs fat;
		struct iso_fs iso;
	} u;
	char err[160];
};

struct fs_file {
	enum fs_type type;
	union {
		struct ext_inode ext;
		struct fat_file fat;
		struct iso_file iso;
	} u;
};

/* Mounts whichever file system dev holds, trying ISO9660 (its descriptors
 * at 32 KiB), ext2/3/4 (the superblock magic at 1 KiB), then FAT (the boot
 * sector's parameters, the weakest signature) and taking the first that
 * mounts. -EINVAL when none is there; when one was recognised but could not
 * be mounted (damaged, unsupported), that one's error. work must stay valid
 * while fs is used. */
int fs_mount(struct fs *fs, const struct blockdev *dev, void *work, size_t work_size);

/* "ext2/3/4", "FAT12", "FAT16", "FAT32", "ISO9660", "ISO9660 (Rock Ridge)"
 * or "ISO9660 (Joliet)"; "none" before a successful mount. */
const char *fs_type_name(const struct fs *fs);

/* The message for the last error, "" when there was none. */
const char *fs_error(const struct fs *fs);

/* The UUID of the mounted file system into buf (size bytes, NUL-terminated;
 * FS_UUID_SIZE always suffices), formatted as GRUB 2 prints it:
 * ext2/3/4 "01234567-89ab-cdef-0123-456789abcdef" (lower case), FAT
 * "ABCD-EF01" (upper case), ISO9660 "2024-01-31-12-00-00-00" (see the
 * readers' headers). GRUB compares UUIDs regardless of case. 0, -ENOENT
 * when the file system has none, -E2BIG when buf is too small, -EINVAL
 * before a successful mount. */
int fs_uuid(const struct fs *fs, char *buf, size_t size);

/* The label of the mounted file system into buf (size bytes; FS_LABEL_SIZE
 * always suffices): printable UTF-8, '?' for what is not. 0, -ENOENT when
 * the file system has none, -E2BIG when buf is too small, -EINVAL before a
 * successful mount. */
int fs_label(const struct fs *fs, char *buf, size_t size);

/* Looks up path (from the root; "." and ".." work; symlinks followed).
 * -ENOENT, -ENOTDIR, -ELOOP, -E2BIG; after an error, *out is marked as no
 * file (the calls taking it return -EINVAL). */
int fs_lookup(struct fs *fs, const char *path, struct fs_file *out);

/* Reads up to len bytes at offset of f into buf; *done is how many (fewer
 * only at the end of the file). */
int fs_read(struct fs *fs, const struct fs_file *f, uint64_t offset, void *buf, size_t len,
	    size_t *done);

/* Called for each entry of a directory with its name (NUL-terminated) and
 * kind; a nonzero return stops the walk and is returned by fs_readdir().
 * Which of "." and ".." are listed is the file system's (FAT's root has
 * neither). */
typedef int (*fs_dir_fn)(const char *name, size_t len, enum fs_kind kind, void *ctx);

int fs_readdir(struct fs *fs, const struct fs_file *dir, fs_dir_fn fn, void *ctx);

enum fs_kind fs_kind(const struct fs_file *f);
uint64_t fs_size(const struct fs_file *f);

static inline bool fs_is_dir(const struct fs_file *f)
{
	return fs_kind(f) == FS_KIND_DIR;
}

static inline bool fs_is_reg(const struct fs_file *f)
{
	return fs_kind(f) == FS_KIND_REG;
}

#endif
