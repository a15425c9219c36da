/*
 * Read-only ext2/ext3/ext4 on an untrusted block device: superblock, group
 * descriptors (32- and 64-byte), inodes, extent trees and classic block
 * maps, holes, inline data, directories (htree-indexed ones read linearly),
 * symlinks and path lookup.
 *
 * Choices:
 * - Checksums (metadata_csum, gdt_csum) are not verified: every structure is
 *   checked for being well formed and inside the device before use, so a
 *   damaged file system gives an error or wrong bytes, never a crash.
 * - The journal is ignored, also when the needs_recovery flag is set: a
 *   boot loader does not replay it, and a kernel just installed has been
 *   synced. Read-only compatible features never stop reading.
 * - Incompatible features other than those below are refused with
 *   -EOPNOTSUPP and fs->err naming the bits: filetype, needs_recovery,
 *   meta_bg, extents, 64bit, mmp, flex_bg, ea_inode, metadata_csum_seed,
 *   largedir, inline_data, encrypt (encrypted inodes are refused one by one)
 *   and casefold (names are compared byte for byte).
 * - The UUID and label are those GRUB 2 gives (what `search --fs-uuid` and
 *   `search --label` in a grub.cfg compare with): s_uuid as lowercase
 *   8-4-4-4-12 hex digits, always there; s_volume_name up to its first NUL,
 *   not trimmed, made printable (fs_label_text() in lib/fs/names.h).
 * - Nothing is allocated: ext_mount() takes a work area, at least two blocks
 *   big, and uses up to EXT_CACHE_SLOTS blocks of it as a metadata cache.
 *   Directories larger than the device are refused; symlinks are followed
 *   at most EXT_MAX_SYMLINKS times; paths are at most EXT_PATH_MAX - 1 bytes.
 *
 * Every function returns 0 or -errno; on error, fs->base.err holds a message
 * for the user (fs_base_error()); fs_base_uuid() and fs_base_label() give
 * the UUID and label.
 */
#ifndef LIB_FS_EXT_H
#define LIB_FS_EXT_H

#include "lib/blockdev.h"
#include "lib/fs/fs_base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXT_CACHE_SLOTS	  BLOCK_CACHE_SLOTS
#define EXT_PATH_MAX	  FS_PATH_MAX
#define EXT_MAX_SYMLINKS  8
#define EXT_INODE_RAW	  1024 /* bytes of an inode kept (inline data lives in them) */
#define EXT_ROOT_INO	  2
#define EXT_MAX_BLOCKSIZE 65536
#define EXT_UUID_LEN	  36 /* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" */
#define EXT_LABEL_MAX	  16 /* bytes of s_volume_name */

/* The file types of an inode's mode (mode & EXT_S_IFMT). */
#define EXT_S_IFMT  0xf000
#define EXT_S_IFDIR 0x4000
#define EXT_S_IFREG 0x8000
#define EXT_S_IFLNK 0xa000

struct ext_inode {
	uint32_t ino;
	uint16_t mode;
	uint32_t flags;	  /* i_flags */
	uint64_t size;	  /* bytes */
	uint32_t raw_len; /* bytes of raw[] read from disk */
	uint8_t raw[EXT_INODE_RAW];
};

struct ext_fs {
	struct fs_base base; /* device, cache, messages, UUID and label, path walk */
	uint32_t block_size, inode_size, inodes_per_group, blocks_per_group;
	uint32_t desc_size, first_data_block, first_meta_bg, cluster_ratio;
	uint32_t compat, incompat, ro_compat;
	uint32_t backup_bgs[2];
	uint64_t blocks_count, inodes_count, groups;
};

/* Reads the superblock of dev and checks everything needed before any file
 * can be read, the root directory included. work (work_size bytes, at least
 * two blocks of the file system: 2 * EXT_MAX_BLOCKSIZE always suffices)
 * must stay valid while fs is used. -EINVAL when dev holds no ext file
 * system, -EOPNOTSUPP for a feature this reader does not have, -EUCLEAN
 * for a damaged one, -ENOMEM when work is too small. */
int ext_mount(struct ext_fs *fs, const struct blockdev *dev, void *work, size_t work_size);

int ext_read_inode(struct ext_fs *fs, uint32_t ino, struct ext_inode *out);

/* Looks up path (absolute or relative to the root; "." and ".." work;
 * symlinks in the middle are always followed, the last component's only
 * when follow is set) and reads its inode. -ENOENT, -ENOTDIR, -ELOOP (more
 * than EXT_MAX_SYMLINKS links), -E2BIG (path too long). */
int ext_lookup(struct ext_fs *fs, const char *path, bool follow, struct ext_inode *out);

/* Reads up to len bytes at offset of the file (or directory, or symlink)
 * into buf; *done is how many (fewer only at the end of the file). Holes and
 * unwritten extents read as zeros. */
int ext_read(struct ext_fs *fs, const struct ext_inode *in, uint64_t offset, void *buf, size_t len,
	     size_t *done);

/* Called for each entry of a directory, "." and ".." included, with the
 * name (not NUL-terminated), its inode number and the entry's file type byte
 * (0 when the file system does not store it). A nonzero return stops the
 * walk and is returned by ext_readdir(). */
typedef int (*ext_dir_fn)(const char *name, size_t len, uint32_t ino, uint8_t type, void *ctx);

int ext_readdir(struct ext_fs *fs, const struct ext_inode *dir, ext_dir_fn fn, void *ctx);

/* The target of a symlink into buf (size bytes), NUL-terminated. -EINVAL
 * when in is not a symlink, -E2BIG when the target does not fit. */
int ext_readlink(struct ext_fs *fs, const struct ext_inode *in, char *buf, size_t size);

/* What the inode is, by its mode. */
static inline enum fs_kind ext_kind(const struct ext_inode *in)
{
	return fs_mode_kind(in->mode);
}

#endif
