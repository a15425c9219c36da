/*
 * The path lookup every file-system reader shares: a path is split at '/'
 * and walked from the root directory one name at a time, symlinks met on
 * the way are spliced in (their target, then what was left of the path;
 * an absolute target starts again at the root, a relative one in the
 * directory holding the link) and the walk is bounded. What a name means
 * is the reader's: a small table of operations on its own nodes (inodes,
 * directory entries) looks a name up in a directory (".." and "."
 * included, as the file system stores them), says what a node is and
 * reads a symlink's target.
 *
 * Errors, with the message in base->err starting with base->name:
 * -E2BIG (the path, or the path after splicing a target, longer than
 * FS_PATH_MAX - 1 bytes), -ENOTDIR (a name after something that is not a
 * directory, or a trailing '/' after one), -ENOENT (a name not there, or
 * longer than the reader's names can be), -ELOOP (more symlinks than
 * max_links), and those of the operations.
 */
#ifndef LIB_FS_PATH_WALK_H
#define LIB_FS_PATH_WALK_H

#include "lib/fs/fs_base.h"

#include <stdbool.h>
#include <stddef.h>

struct path_walk_ops {
	size_t node_size;   /* bytes of one node, copied as they are */
	size_t name_max;    /* longer names are not found */
	unsigned max_links; /* symlinks followed in one lookup */
	/* The root directory into node. */
	int (*root)(void *fs, void *node);
	/* Looks name (len bytes, not NUL-terminated) up in directory dir:
	 * 1 with what it names in *out, 0 when it is not there, or -errno. */
	int (*find)(void *fs, const void *dir, const char *name, size_t len, void *out);
	enum fs_kind (*kind)(const void *node);
	/* The target of a symlink into buf (size bytes), NUL-terminated; NULL
	 * when the file system has no symlinks. */
	int (*readlink)(void *fs, const void *node, char *buf, size_t size);
};

/* Looks path (absolute or relative to the root; empty names skipped) up in
 * fs, whose base is base (path and link are the walk's work space), and
 * puts what it names into out. A symlink as the last name is followed only
 * when follow is set. cur and out are node_size bytes each; cur is work
 * space. */
int path_walk(struct fs_base *base, const struct path_walk_ops *ops, void *fs, const char *path,
	      bool follow, void *cur, void *out);

#endif
