/*
 * What every file-system reader (ext, fat, iso9660) keeps of a mounted file
 * system and gives the same way, whichever it is: the device and its cache
 * of metadata blocks, the name starting its messages, the message of the
 * last error, the UUID and label found at mount (as GRUB 2 gives them),
 * and the work space of its path walk (lib/fs/path_walk.h). Each reader's
 * struct begins with a struct fs_base named base, so the front (fs.h)
 * reaches it without knowing which reader it is.
 *
 * Also what a file is (enum fs_kind), which each reader's *_kind() says.
 */
#ifndef LIB_FS_FS_BASE_H
#define LIB_FS_FS_BASE_H

#include "lib/blockdev.h"
#include "lib/fs/block_cache.h"

#include <stddef.h>
#include <stdint.h>

/* Paths, symlink targets included, are at most FS_PATH_MAX - 1 bytes. */
#define FS_PATH_MAX 1024

/* Buffer sizes that hold any reader's UUID and label, NUL included. */
#define FS_UUID_SIZE  37 /* ext2/3/4's "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" */
#define FS_LABEL_SIZE 49 /* 16 UCS-2 characters of Joliet as UTF-8 */

/* What a directory entry or a file is; UNKNOWN only in listings of ext2
 * file systems without file types in their directories. */
enum fs_kind { FS_KIND_UNKNOWN, FS_KIND_REG, FS_KIND_DIR, FS_KIND_SYMLINK, FS_KIND_OTHER };

struct fs_base {
	struct blockdev dev;
	struct block_cache cache; /* metadata blocks (FAT: sectors) */
	const char *name;	  /* "ext", "fat", "iso9660": starts the messages */
	char path[FS_PATH_MAX], link[FS_PATH_MAX];
	char uuid[FS_UUID_SIZE], label[FS_LABEL_SIZE]; /* "" when none */
	char err[128];
};

/* Makes b the base of a file system on dev named name (kept, not copied)
 * that has no error, UUID or label yet. */
void fs_base_init(struct fs_base *b, const char *name, const struct blockdev *dev);

/* The message for the last error, "" when there was none. */
const char *fs_base_error(const struct fs_base *b);

/* The UUID or the label kept at mount into buf (size bytes,
 * NUL-terminated): 0, -ENOENT when the file system has none, -E2BIG when
 * buf is too small. */
int fs_base_uuid(const struct fs_base *b, char *buf, size_t size);
int fs_base_label(const struct fs_base *b, char *buf, size_t size);

/* Reads [off, off + len) of the device into buf: 0, or -errno with the
 * message in b->err (a read past the end is -EUCLEAN naming the byte). */
int fs_base_read(struct fs_base *b, uint64_t off, void *buf, size_t len);

/* Block `block` of the device through the cache: *out points at it until
 * the next read through the cache. The caller has checked the block
 * number. Errors as fs_base_read(). */
int fs_base_block(struct fs_base *b, uint64_t block, const uint8_t **out);

/* Writes the message (printf-style) into b->err and returns e. */
#define fs_base_fail(b, e, ...) fs_fail((b)->err, sizeof((b)->err), (e), __VA_ARGS__)

/* The kind of a POSIX mode's file type (ext2/3/4 inodes, Rock Ridge's PX). */
static inline enum fs_kind fs_mode_kind(uint32_t mode)
{
	switch (mode & 0170000) {
	case 0040000:
		return FS_KIND_DIR;
	case 0100000:
		return FS_KIND_REG;
	case 0120000:
		return FS_KIND_SYMLINK;
	default:
		return FS_KIND_OTHER;
	}
}

#endif
