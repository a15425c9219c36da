/*
 * Read-only ISO9660 on an untrusted block device: the volume descriptors,
 * directories walked through their records (not the path tables), files in
 * one or several extents, Rock Ridge names, file types and symlinks (SUSP
 * with continuation areas, relocated deep directories), Joliet names, and
 * path lookup.
 *
 * Choices:
 * - Which names: Rock Ridge's when the primary tree has them (SUSP "SP" in
 *   the root, and an "ER" naming RRIP or an "RR"/"PX" entry); else Joliet's
 *   (a supplementary descriptor with the UCS-2 escape sequences %/@, %/C or
 *   %/E), as UTF-8; else the plain ISO names. Version suffixes (";1") and
 *   the dot of an empty extension are dropped from ISO and Joliet names.
 *   Only plain ISO names are compared regardless of (ASCII) case.
 * - Rock Ridge: NM (names), PX (file types), SL (symlinks), CL/PL/RE
 *   (relocated directories appear where they belong, not in rr_moved), CE
 *   (at most ISO_MAX_CE continuation areas a record, each inside one
 *   block). Files compressed with zisofs ("ZF") and interleaved files are
 *   refused with -EOPNOTSUPP when read.
 * - Logical blocks of 2048 bytes only (what every writer makes); a file
 *   has at most ISO_MAX_EXTENTS extents.
 * - The UUID and label are those GRUB 2 gives (what `search --fs-uuid` and
 *   `search --label` in a grub.cfg compare with), from the descriptor whose
 *   names are used (Joliet's supplementary one, else the primary one): the
 *   volume modification date's digits as "YYYY-MM-DD-HH-MM-SS-CC" (none
 *   when its bytes are all zero; bytes that are not printable ASCII become
 *   '?'); the volume identifier (Joliet's 16 UCS-2 characters as UTF-8),
 *   up to its first NUL, trailing spaces removed, made printable
 *   (fs_label_text() in lib/fs/names.h).
 * - Nothing is allocated: iso_mount() takes a work area for a cache of up
 *   to ISO_CACHE_SLOTS blocks (at least two: ISO_WORK_SIZE suffices).
 *   Symlinks are followed at most ISO_MAX_SYMLINKS times; paths are at most
 *   ISO_PATH_MAX - 1 bytes, names ISO_NAME_MAX bytes.
 *
 * Every function returns 0 or -errno; on error, fs->base.err holds a message
 * for the user (fs_base_error()); fs_base_uuid() and fs_base_label() give
 * the UUID and label.
 */
#ifndef LIB_FS_ISO9660_H
#define LIB_FS_ISO9660_H

#include "lib/blockdev.h"
#include "lib/fs/fs_base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ISO_BLOCK	 2048
#define ISO_CACHE_SLOTS	 BLOCK_CACHE_SLOTS
#define ISO_WORK_SIZE	 (ISO_CACHE_SLOTS * ISO_BLOCK)
#define ISO_PATH_MAX	 FS_PATH_MAX
#define ISO_NAME_MAX	 384 /* a Joliet name of 111 UCS-2 units as UTF-8 fits */
#define ISO_MAX_SYMLINKS 8
#define ISO_MAX_EXTENTS	 16
#define ISO_MAX_CE	 16
#define ISO_UUID_LEN	 22 /* "YYYY-MM-DD-HH-MM-SS-CC" */
#define ISO_LABEL_MAX	 48 /* 16 UCS-2 characters of Joliet as UTF-8 (32 bytes else) */

/* File types (mode & ISO_S_IFMT), POSIX's numbers as Rock Ridge's PX has. */
#define ISO_S_IFMT  0170000
#define ISO_S_IFDIR 0040000
#define ISO_S_IFREG 0100000
#define ISO_S_IFLNK 0120000

enum iso_names { ISO_NAMES_PLAIN, ISO_NAMES_ROCK_RIDGE, ISO_NAMES_JOLIET };

/* What iso_read() cannot read. */
#define ISO_F_ZISOFS	  0x01
#define ISO_F_INTERLEAVED 0x02

struct iso_file {
	uint64_t size;	    /* bytes, all extents */
	uint32_t mode;	    /* type and permissions (PX's, else made up) */
	uint32_t rec_block; /* where its (first) directory record is */
	uint16_t rec_off;
	uint8_t flags;	 /* ISO_F_* */
	uint8_t extents; /* used in extent[] */
	struct iso_extent {
		uint32_t block; /* first logical block of the data */
		uint32_t len;	/* bytes */
	} extent[ISO_MAX_EXTENTS];
};

struct iso_fs {
	struct fs_base base; /* device, cache, messages, UUID and label, path walk */
	uint32_t volume_blocks;
	enum iso_names names;
	uint8_t susp_skip; /* SP's LEN_SKP */
	struct iso_file root;
	uint8_t area[ISO_BLOCK]; /* a continuation area, a descriptor at mount */
};

/* Reads the volume descriptors of dev, chooses the names (see above) and
 * checks the root directory. work (work_size bytes, at least two blocks)
 * must stay valid while fs is used. -EINVAL when dev holds no ISO9660 file
 * system, -EOPNOTSUPP for one this reader cannot read, -EUCLEAN for a
 * damaged one, -ENOMEM when work is too small. */
int iso_mount(struct iso_fs *fs, const struct blockdev *dev, void *work, size_t work_size);

/* Looks up path (absolute or relative to the root; "." and ".." work;
 * symlinks in the middle are always followed, the last component's only
 * when follow is set). -ENOENT, -ENOTDIR, -ELOOP (more than
 * ISO_MAX_SYMLINKS links), -E2BIG (path too long). */
int iso_lookup(struct iso_fs *fs, const char *path, bool follow, struct iso_file *out);

/* Reads up to len bytes at offset of the file into buf; *done is how many
 * (fewer only at the end of the file). */
int iso_read(struct iso_fs *fs, const struct iso_file *f, uint64_t offset, void *buf, size_t len,
	     size_t *done);

/* Called for each entry of a directory, "." and ".." included, with its
 * name (NUL-terminated) and what it describes. A nonzero return stops the
 * walk and is returned by iso_readdir(). */
typedef int (*iso_dir_fn)(const char *name, size_t len, const struct iso_file *f, void *ctx);

int iso_readdir(struct iso_fs *fs, const struct iso_file *dir, iso_dir_fn fn, void *ctx);

/* The target of a Rock Ridge symlink into buf (size bytes), NUL-terminated.
 * -EINVAL when f is not a symlink, -E2BIG when the target does not fit. */
int iso_readlink(struct iso_fs *fs, const struct iso_file *f, char *buf, size_t size);

/* What the file is, by its mode (Rock Ridge's PX, else made up). */
static inline enum fs_kind iso_kind(const struct iso_file *f)
{
	return fs_mode_kind(f->mode);
}

#endif
