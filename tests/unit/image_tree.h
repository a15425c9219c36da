/*
 * The trees make-images.sh made file system images from, as the parser
 * tests compare them: NAME.manifest (type, size, path, link target of each
 * file, tab-separated) and NAME.src (the tree's directory, for contents),
 * and files read through a reader compared with the tree's.
 */
#ifndef TESTS_UNIT_IMAGE_TREE_H
#define TESTS_UNIT_IMAGE_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tree_entry {
	char type; /* 'f', 'd' or 'l' as find -printf %y */
	long long size;
	char path[512], target[512];
};

struct image_tree {
	char src[256];
	struct tree_entry *e;
	int n;
};

/* Loads NAME.manifest and NAME.src; on failure reports it and leaves
 * t->e NULL. tree_free() releases it. */
void tree_load(struct image_tree *t, const char *name);
void tree_free(struct image_tree *t);

/* The entry for path, NULL when there is none. */
const struct tree_entry *tree_find(const struct image_tree *t, const char *path);

/* The contents of the tree's file at path (malloc'd, caller frees). */
uint8_t *tree_file(const struct image_tree *t, const char *path, size_t *len);

/* How many entries dir ("" for the root) has, "." and ".." aside. */
int tree_children(const struct image_tree *t, const char *dir);

/* A reader's read of a file: up to len bytes at off into buf, *done how
 * many; 0 or -errno. */
typedef int (*tree_read_fn)(void *fs, const void *file, uint64_t off, void *buf, size_t len,
			    size_t *done);

/* Whether reading the file through read() in pieces of `piece` bytes (at
 * most 64 KiB) gives want[0..len), and a read at its end gives nothing. */
bool tree_same_content(tree_read_fn read, void *fs, const void *file, const uint8_t *want,
		       size_t len, size_t piece);

/* A directory listing checked against the tree: each entry the reader
 * lists goes to tree_listed(). */
struct tree_listing {
	const struct image_tree *t;
	const char *dir; /* "" for the root */
	int entries, dots, unknown;
	char first_unknown[1024]; /* the first unknown entry's path */
};

/* One listed entry: name[0..len) and its type as tree_reader.type gives
 * it, 0 when the reader cannot tell, '?' for a name the reader should not
 * have produced. Not in the tree, or of another type: unknown. */
void tree_listed(struct tree_listing *l, const char *name, size_t len, char type);

/* A file system reader as tree_check_files() walks it; `file` is the
 * reader's own handle type, file_size bytes. */
struct tree_reader {
	const char *image; /* for messages */
	void *fs;
	size_t file_size;
	size_t odd_piece; /* a read size that is not a divisor of the block size */
	int (*lookup)(void *fs, const char *path, void *file);
	char (*type)(const void *file); /* 'f', 'd', 'l', or '?' for anything else */
	uint64_t (*size)(const void *file);
	tree_read_fn read;
	int (*list)(void *fs, const void *dir, struct tree_listing *l);
	int (*readlink)(void *fs, const void *file, char *buf, size_t size); /* NULL: none */
	const char *(*error)(void *fs);
};

struct tree_counts {
	int files, dirs, links;
};

/* Looks up every entry of the tree through the reader and compares it:
 * a file's type, size and contents (read whole and in odd pieces), a
 * directory's listing, a symlink's target. Failures are reported; *c
 * counts what was compared. */
void tree_check_files(const struct tree_reader *r, const struct image_tree *t,
		      struct tree_counts *c);

#endif
