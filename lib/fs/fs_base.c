/* The part of a mounted file system every reader keeps (see fs_base.h). */
#include "lib/fs/fs_base.h"

#include "lib/fs/names.h"
#include "lib/string.h"

void fs_base_init(struct fs_base *b, const char *name, const struct blockdev *dev)
{
	b->dev = *dev;
	b->name = name;
	b->path[0] = b->link[0] = '\0';
	b->uuid[0] = b->label[0] = '\0';
	b->err[0] = '\0';
}

const char *fs_base_error(const struct fs_base *b)
{
	return b->err;
}

int fs_base_uuid(const struct fs_base *b, char *buf, size_t size)
{
	return fs_ident_copy(b->uuid, buf, size);
}

int fs_base_label(const struct fs_base *b, char *buf, size_t size)
{
	return fs_ident_copy(b->label, buf, size);
}

int fs_base_read(struct fs_base *b, uint64_t off, void *buf, size_t len)
{
	return fs_dev_read(&b->dev, b->name, b->err, sizeof(b->err), off, buf, len);
}

int fs_base_block(struct fs_base *b, uint64_t block, const uint8_t **out)
{
	return block_cache_get(&b->cache, &b->dev, block, out, b->err, sizeof(b->err));
}
