/*
 * Read-only FAT12, FAT16 and FAT32 on an untrusted block device: the boot
 * sector's BIOS parameter block, the file allocation table, directories
 * with VFAT long names (their checksums checked) and 8.3 names, path lookup
 * and reading files at any offset.
 *
 * Choices:
 * - The FAT type follows the BPB as Linux reads it: FAT32 when the 16-bit
 *   FAT size is 0, else FAT12 below 4085 clusters and FAT16 above. Sector
 *   sizes 512 to 4096; FSInfo is ignored; FAT32's active FAT is used when
 *   mirroring is off.
 * - Names: a long name whose entries are out of sequence or whose checksum
 *   does not match the 8.3 entry is ignored (the 8.3 name stands). Long
 *   names are given as UTF-8; 8.3 names as stored (lower-cased where the
 *   NT flags say so; bytes above 0x7f of their code page are passed as they
 *   are, control characters as '?'; entries with a blank name are skipped).
 *   Lookups compare a component with both names, ASCII letters regardless
 *   of case.
 * - Directories: subdirectories list "." and ".." as stored; the root has
 *   neither ("." and ".." in a path work everywhere). A directory holds at
 *   most FAT_DIR_MAX_ENTRIES entries (the format's limit).
 * - Cluster chains are followed only while their clusters are valid: a
 *   free, reserved, bad or out-of-range cluster, a loop (found by Brent's
 *   method, and in any case no chain is longer than the cluster count) or
 *   a chain shorter than the file is an error. Reads of runs of contiguous
 *   clusters are single device reads; a cursor makes sequential reads of a
 *   file follow its chain once.
 * - The UUID and label are those GRUB 2 gives (what `search --fs-uuid` and
 *   `search --label` in a grub.cfg compare with): the boot sector's volume
 *   serial number as "XXXX-XXXX" (upper-case hex, high half first), always
 *   there; the label of the root directory's first volume label entry
 *   (attributes VOLUME_ID, perhaps ARCHIVE; the boot sector's copy is not
 *   used), trailing spaces removed, made printable (fs_label_text() in
 *   lib/fs/names.h). The root directory is searched at mount up to its end
 *   marker; when it cannot be read that far, the volume has no label.
 * - Nothing is allocated: fat_mount() takes a work area for a cache of up
 *   to FAT_CACHE_SLOTS sectors (at least two sectors; FAT_WORK_SIZE always
 *   suffices). Paths are at most FAT_PATH_MAX - 1 bytes.
 *
 * Every function returns 0 or -errno; on error, fs->base.err holds a message
 * for the user (fs_base_error()); fs_base_uuid() and fs_base_label() give
 * the UUID and label.
 */
#ifndef LIB_FS_FAT_H
#define LIB_FS_FAT_H

#include "lib/blockdev.h"
#include "lib/fs/fs_base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FAT_CACHE_SLOTS	    BLOCK_CACHE_SLOTS
#define FAT_MAX_SECTOR	    4096
#define FAT_WORK_SIZE	    (FAT_CACHE_SLOTS * FAT_MAX_SECTOR)
#define FAT_PATH_MAX	    FS_PATH_MAX
#define FAT_NAME_MAX	    765 /* bytes of UTF-8 of a 255-unit long name */
#define FAT_DIR_MAX_ENTRIES 65536
#define FAT_UUID_LEN	    9  /* "XXXX-XXXX" */
#define FAT_LABEL_MAX	    11 /* bytes of a volume label entry's name */

/* Directory entry attributes. */
#define FAT_ATTR_READ_ONLY 0x01
#define FAT_ATTR_HIDDEN	   0x02
#define FAT_ATTR_SYSTEM	   0x04
#define FAT_ATTR_VOLUME_ID 0x08
#define FAT_ATTR_DIRECTORY 0x10
#define FAT_ATTR_ARCHIVE   0x20

enum fat_type { FAT12 = 12, FAT16 = 16, FAT32 = 32 };

/* A file or directory as its directory entry describes it. */
struct fat_file {
	uint32_t cluster; /* first cluster; 0 for an empty file and the FAT12/16 root */
	uint32_t size;	  /* bytes (0 for directories) */
	uint8_t attr;
	bool root;
};

struct fat_fs {
	struct fs_base base; /* device, cache, messages, UUID and label, path walk */
	enum fat_type type;
	uint32_t sector_size, cluster_size, sectors_per_cluster;
	uint32_t fat_start;		   /* sector of the FAT in use */
	uint32_t fat_sectors;		   /* of one FAT */
	uint32_t root_start, root_entries; /* FAT12/16: the fixed root directory */
	uint32_t root_cluster;		   /* FAT32 */
	uint32_t data_start;		   /* sector of cluster 2 */
	uint32_t clusters;		   /* data clusters: 2 .. clusters + 1 */
	/* Where the last walk left off in a chain (one for file data, one
	 * for directories): cluster number index of the chain starting at
	 * first, and its loop-detection state. */
	struct fat_cursor {
		uint32_t first, index, cluster;
		uint32_t tortoise, power, lam;
		bool valid;
	} cursor[2];
};

/* Reads the boot sector of dev and checks the layout it describes, the
 * root directory included. work (work_size bytes, at least two sectors)
 * must stay valid while fs is used. -EINVAL when dev holds no FAT file
 * system, -EUCLEAN for a damaged one, -ENOMEM when work is too small. */
int fat_mount(struct fat_fs *fs, const struct blockdev *dev, void *work, size_t work_size);

/* Looks up path (absolute or relative to the root; "." and ".." work;
 * components compared regardless of ASCII case). -ENOENT, -ENOTDIR,
 * -E2BIG (path too long). */
int fat_lookup(struct fat_fs *fs, const char *path, struct fat_file *out);

/* Reads up to len bytes at offset of a file into buf; *done is how many
 * (fewer only at the end of the file). Directories read as empty. */
int fat_read(struct fat_fs *fs, const struct fat_file *f, uint64_t offset, void *buf, size_t len,
	     size_t *done);

/* Called for each entry of a directory with its name (long name if any,
 * else 8.3; NUL-terminated, at most FAT_NAME_MAX bytes) and what it
 * describes. A nonzero return stops the walk and is returned by
 * fat_readdir(). */
typedef int (*fat_dir_fn)(const char *name, size_t len, const struct fat_file *f, void *ctx);

int fat_readdir(struct fat_fs *fs, const struct fat_file *dir, fat_dir_fn fn, void *ctx);

/* The root directory. */
void fat_root(const struct fat_fs *fs, struct fat_file *out);

/* What the entry is, by its attributes (a directory, else a file unless it
 * is a volume label). */
static inline enum fs_kind fat_kind(const struct fat_file *f)
{
	if (f->root || (f->attr & FAT_ATTR_DIRECTORY))
		return FS_KIND_DIR;
	return f->attr & FAT_ATTR_VOLUME_ID ? FS_KIND_OTHER : FS_KIND_REG;
}

#endif
