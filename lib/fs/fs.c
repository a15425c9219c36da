/* The file system front: probing and dispatch to the readers (see fs.h). */
#include "lib/fs/fs.h"

#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

#include <stddef.h>

_Static_assert(FS_WORK_SIZE >= FAT_WORK_SIZE && FS_WORK_SIZE >= ISO_WORK_SIZE,
	       "FS_WORK_SIZE suffices for every reader");
_Static_assert(FS_UUID_SIZE > EXT_UUID_LEN && FS_UUID_SIZE > FAT_UUID_LEN &&
		       FS_UUID_SIZE > ISO_UUID_LEN,
	       "FS_UUID_SIZE suffices for every reader");
_Static_assert(FS_LABEL_SIZE > EXT_LABEL_MAX && FS_LABEL_SIZE > FAT_LABEL_MAX &&
		       FS_LABEL_SIZE > ISO_LABEL_MAX,
	       "FS_LABEL_SIZE suffices for every reader");
_Static_assert(offsetof(struct ext_fs, base) == 0 && offsetof(struct fat_fs, base) == 0 &&
		       offsetof(struct iso_fs, base) == 0,
	       "every reader's struct begins with its base");

/* The base of whichever reader is mounted (each begins with it). */
static const struct fs_base *base(const struct fs *fs)
{
	return (const struct fs_base *)(const void *)&fs->u;
}

static int fail(struct fs *fs, int err, const char *msg)
{
	format_buf(fs->err, sizeof(fs->err), "%s", msg);
	return err;
}

/* Keeps the first error that is more than "not this file system". */
static void remember(struct fs *fs, int r, const char *msg, int *first)
{
	if (r == -EINVAL || *first)
		return;
	*first = r;
	format_buf(fs->err, sizeof(fs->err), "%s", msg);
}

/* Mounts the file system of type t that dev may hold. */
static int mount_as(struct fs *fs, enum fs_type t, const struct blockdev *dev, void *work,
		    size_t work_size)
{
	switch (t) {
	case FS_EXT:
		return ext_mount(&fs->u.ext, dev, work, work_size);
	case FS_FAT:
		return fat_mount(&fs->u.fat, dev, work, work_size);
	case FS_ISO9660:
	case FS_NONE:
	default:
		return iso_mount(&fs->u.iso, dev, work, work_size);
	}
}

int fs_mount(struct fs *fs, const struct blockdev *dev, void *work, size_t work_size)
{
	/* ISO9660's descriptors at 32 KiB, ext's magic at 1 KiB, then FAT's
	 * boot sector, the weakest signature. */
	static const enum fs_type order[] = { FS_ISO9660, FS_EXT, FS_FAT };
	int r, first = 0;

	fs->type = FS_NONE;
	fs->err[0] = '\0';
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		r = mount_as(fs, order[i], dev, work, work_size);
		if (r == 0) {
			fs->type = order[i];
			fs->err[0] = '\0';
			return 0;
		}
		remember(fs, r, fs_base_error(base(fs)), &first);
	}
	if (first)
		return first;
	return fail(fs, -EINVAL, "no ISO9660, ext2/3/4 or FAT file system");
}

const char *fs_type_name(const struct fs *fs)
{
	switch (fs->type) {
	case FS_EXT:
		return "ext2/3/4";
	case FS_FAT:
		return fs->u.fat.type == FAT12	 ? "FAT12"
		       : fs->u.fat.type == FAT16 ? "FAT16"
						 : "FAT32";
	case FS_ISO9660:
		return fs->u.iso.names == ISO_NAMES_ROCK_RIDGE ? "ISO9660 (Rock Ridge)"
		       : fs->u.iso.names == ISO_NAMES_JOLIET   ? "ISO9660 (Joliet)"
							       : "ISO9660";
	case FS_NONE:
	default:
		return "none";
	}
}

const char *fs_error(const struct fs *fs)
{
	if (fs->err[0])
		return fs->err;
	return fs->type == FS_NONE ? "" : fs_base_error(base(fs));
}

int fs_uuid(const struct fs *fs, char *buf, size_t size)
{
	if (size > 0)
		buf[0] = '\0';
	return fs->type == FS_NONE ? -EINVAL : fs_base_uuid(base(fs), buf, size);
}

int fs_label(const struct fs *fs, char *buf, size_t size)
{
	if (size > 0)
		buf[0] = '\0';
	return fs->type == FS_NONE ? -EINVAL : fs_base_label(base(fs), buf, size);
}

/* The checks every call on a mounted file system begins with. */
static int usable(struct fs *fs, const struct fs_file *f)
{
	fs->err[0] = '\0';
	if (fs->type == FS_NONE)
		return fail(fs, -EINVAL, "no file system mounted");
	if (f && f->type != fs->type)
		return fail(fs, -EINVAL, "not a file of this file system");
	return 0;
}

int fs_lookup(struct fs *fs, const char *path, struct fs_file *out)
{
	int r = usable(fs, NULL);

	memset(out, 0, sizeof(*out));
	if (r < 0)
		return r;
	switch (fs->type) {
	case FS_EXT:
		r = ext_lookup(&fs->u.ext, path, true, &out->u.ext);
		break;
	case FS_FAT:
		r = fat_lookup(&fs->u.fat, path, &out->u.fat);
		break;
	case FS_ISO9660:
	default:
		r = iso_lookup(&fs->u.iso, path, true, &out->u.iso);
		break;
	}
	/* A failed lookup leaves nothing usable behind. */
	out->type = r == 0 ? fs->type : FS_NONE;
	return r;
}

int fs_read(struct fs *fs, const struct fs_file *f, uint64_t offset, void *buf, size_t len,
	    size_t *done)
{
	int r = usable(fs, f);

	*done = 0;
	if (r < 0)
		return r;
	switch (fs->type) {
	case FS_EXT:
		return ext_read(&fs->u.ext, &f->u.ext, offset, buf, len, done);
	case FS_FAT:
		return fat_read(&fs->u.fat, &f->u.fat, offset, buf, len, done);
	case FS_ISO9660:
	default:
		return iso_read(&fs->u.iso, &f->u.iso, offset, buf, len, done);
	}
}

enum fs_kind fs_kind(const struct fs_file *f)
{
	switch (f->type) {
	case FS_EXT:
		return ext_kind(&f->u.ext);
	case FS_FAT:
		return fat_kind(&f->u.fat);
	case FS_ISO9660:
		return iso_kind(&f->u.iso);
	case FS_NONE:
	default:
		return FS_KIND_UNKNOWN;
	}
}

uint64_t fs_size(const struct fs_file *f)
{
	switch (f->type) {
	case FS_EXT:
		return f->u.ext.size;
	case FS_FAT:
		return f->u.fat.size;
	case FS_ISO9660:
		return f->u.iso.size;
	case FS_NONE:
	default:
		return 0;
	}
}

/* ---- listings: each reader's entries turned into (name, kind) ------------- */

struct listing {
	fs_dir_fn fn;
	void *ctx;
};

static int ext_entry(const char *name, size_t len, uint32_t ino, uint8_t type, void *ctx)
{
	const struct listing *l = ctx;
	enum fs_kind kind = type == 1	? FS_KIND_REG
			    : type == 2 ? FS_KIND_DIR
			    : type == 7 ? FS_KIND_SYMLINK
			    : type == 0 ? FS_KIND_UNKNOWN
					: FS_KIND_OTHER;

	(void)ino;
	return l->fn(name, len, kind, l->ctx);
}

static int fat_entry(const char *name, size_t len, const struct fat_file *f, void *ctx)
{
	const struct listing *l = ctx;

	return l->fn(name, len, fat_kind(f), l->ctx);
}

static int iso_entry(const char *name, size_t len, const struct iso_file *f, void *ctx)
{
	const struct listing *l = ctx;

	return l->fn(name, len, iso_kind(f), l->ctx);
}

int fs_readdir(struct fs *fs, const struct fs_file *dir, fs_dir_fn fn, void *ctx)
{
	struct listing l = { fn, ctx };
	int r = usable(fs, dir);

	if (r < 0)
		return r;
	switch (fs->type) {
	case FS_EXT:
		return ext_readdir(&fs->u.ext, &dir->u.ext, ext_entry, &l);
	case FS_FAT:
		return fat_readdir(&fs->u.fat, &dir->u.fat, fat_entry, &l);
	case FS_ISO9660:
	default:
		return iso_readdir(&fs->u.iso, &dir->u.iso, iso_entry, &l);
	}
}
