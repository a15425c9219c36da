/* The path walk shared by the file-system readers (see path_walk.h). */
#include "lib/fs/path_walk.h"

#include "lib/errno.h"
#include "lib/string.h"

/* Puts the target of the symlink just found (ending the name that ends at
 * end) in place of the path up to end. */
static int splice(struct fs_base *b, const struct path_walk_ops *ops, void *fs, const void *link,
		  size_t end, size_t *plen)
{
	size_t tlen, rest = *plen - end;
	int r = ops->readlink(fs, link, b->link, sizeof(b->link));

	if (r < 0)
		return r;
	tlen = strlen(b->link);
	if (tlen + rest + 1 > sizeof(b->path) - 1)
		return fs_base_fail(b, -E2BIG, "%s: path too long after symlinks", b->name);
	memcpy(b->link + tlen, b->path + end, rest + 1);
	*plen = tlen + rest;
	memcpy(b->path, b->link, *plen + 1);
	return 0;
}

int path_walk(struct fs_base *b, const struct path_walk_ops *ops, void *fs, const char *path,
	      bool follow, void *cur, void *out)
{
	size_t pos = 0, plen = strnlen(path, sizeof(b->path));
	bool want_dir = false;
	unsigned links = 0;
	int r;

	b->err[0] = '\0';
	if (plen >= sizeof(b->path))
		return fs_base_fail(b, -E2BIG, "%s: path too long", b->name);
	memcpy(b->path, path, plen + 1);
	r = ops->root(fs, cur);
	if (r < 0)
		return r;
	for (;;) {
		while (b->path[pos] == '/')
			pos++;
		if (b->path[pos] == '\0')
			break;
		size_t end = pos;
		while (b->path[end] && b->path[end] != '/')
			end++;
		bool last = b->path[end] == '\0';

		if (ops->kind(cur) != FS_KIND_DIR)
			return fs_base_fail(b, -ENOTDIR, "%s: %.*s: not a directory", b->name,
					    (int)pos, b->path);
		if (end - pos > ops->name_max)
			return fs_base_fail(b, -ENOENT, "%s: %s: name too long", b->name, b->path);
		r = ops->find(fs, cur, b->path + pos, end - pos, out);
		if (r < 0)
			return r;
		if (r == 0)
			return fs_base_fail(b, -ENOENT, "%s: %s: not found", b->name, b->path);

		if (ops->readlink && ops->kind(out) == FS_KIND_SYMLINK && (!last || follow)) {
			if (++links > ops->max_links)
				return fs_base_fail(b, -ELOOP,
						    "%s: %s: too many levels of symlinks", b->name,
						    b->path);
			r = splice(b, ops, fs, out, end, &plen);
			if (r < 0)
				return r;
			pos = 0;
			if (b->path[0] == '/' && (r = ops->root(fs, cur)) < 0)
				return r;
			continue; /* a relative target resolves in cur, the link's directory */
		}
		memcpy(cur, out, ops->node_size);
		pos = end;
		want_dir = !last;
	}
	if (want_dir && ops->kind(cur) != FS_KIND_DIR)
		return fs_base_fail(b, -ENOTDIR, "%s: %s: not a directory", b->name, b->path);
	memcpy(out, cur, ops->node_size);
	return 0;
}
