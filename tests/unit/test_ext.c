/*
 * lib/fs/ext: every image make-images.sh built with mke2fs (ext2/3/4 in many
 * flavours) is read through the reader and compared with the tree it was
 * made from: types, sizes, contents (whole and in odd pieces), directory
 * listings, symlink targets; then lookups through symlinks, the htree and
 * inline-data images, damaged copies, and the UUID and label made from
 * hostile superblock bytes.
 */
#include "lib/errno.h"
#include "lib/fs/ext.h"
#include "tests/unit/check.h"
#include "tests/unit/disk_image.h"
#include "tests/unit/image_tree.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const images[] = {
	"ext2-1k",
	"ext2-4k",
	"ext2-rev0",
	"ext3",
	"ext4",
	"ext4-1k",
	"ext4-64bit-csum",
	"ext4-blockmap",
	"ext4-inline",
	"ext4-metabg",
	"ext4-bigalloc",
	"ext4-64k",
	"ext4-largedir",
	"ext4-casefold-encrypt",
};

static uint8_t work[2 * EXT_MAX_BLOCKSIZE];

static int mount_image(struct mem_disk *m, struct blockdev *dev, struct ext_fs *fs,
		       const char *name)
{
	char fn[64];
	int r;

	snprintf(fn, sizeof(fn), "%s.img", name);
	if (mem_disk_open(m, dev, fn) < 0)
		return -ENOENT;
	r = ext_mount(fs, dev, work, sizeof(work));
	if (r < 0)
		unit_fail(__FILE__, __LINE__, "%s: mount: %d %s", name, r,
			  fs_base_error(&fs->base));
	return r;
}

/* ext_read() for tree_same_content(). */
static int read_ext(void *fs, const void *file, uint64_t off, void *buf, size_t len, size_t *done)
{
	return ext_read(fs, file, off, buf, len, done);
}

/* The ext reader for tree_check_files(). */
static int lookup_ext(void *fs, const char *path, void *file)
{
	return ext_lookup(fs, path, false, file);
}

static char type_ext(const void *file)
{
	return ext_kind(file) == FS_KIND_DIR	   ? 'd'
	       : ext_kind(file) == FS_KIND_SYMLINK ? 'l'
	       : ext_kind(file) == FS_KIND_REG	   ? 'f'
						   : '?';
}

static uint64_t size_ext(const void *file)
{
	return ((const struct ext_inode *)file)->size;
}

/* The incompatible feature that puts the file's type into directory
 * entries (not in revision 0 file systems). */
#define INCOMPAT_FILETYPE 0x0002

static bool listing_has_types;

static int listed_ext(const char *name, size_t len, uint32_t ino, uint8_t type, void *ctx)
{
	static const char types[8] = { [1] = 'f', [2] = 'd', [7] = 'l' };

	(void)ino;
	tree_listed(ctx, name, len,
		    !listing_has_types	      ? 0
		    : type < 8 && types[type] ? types[type]
					      : '?');
	return 0;
}

static int list_ext(void *fs, const void *dir, struct tree_listing *l)
{
	listing_has_types = ((struct ext_fs *)fs)->incompat & INCOMPAT_FILETYPE;
	return ext_readdir(fs, dir, listed_ext, l);
}

static int readlink_ext(void *fs, const void *file, char *buf, size_t size)
{
	return ext_readlink(fs, file, buf, size);
}

static const char *error_ext(void *fs)
{
	return fs_base_error(&((struct ext_fs *)fs)->base);
}

static void check_image(const char *name)
{
	struct mem_disk m;
	struct blockdev dev;
	static struct ext_fs fs;
	struct image_tree t;
	struct ext_inode in;
	struct tree_counts c;
	const struct tree_reader reader = {
		.image = name,
		.fs = &fs,
		.file_size = sizeof(struct ext_inode),
		.odd_piece = 4093,
		.lookup = lookup_ext,
		.type = type_ext,
		.size = size_ext,
		.read = read_ext,
		.list = list_ext,
		.readlink = readlink_ext,
		.error = error_ext,
	};

	tree_load(&t, name);
	if (!t.e || mount_image(&m, &dev, &fs, name) < 0)
		goto out;
	CHECK_INT(!!(fs.incompat & INCOMPAT_FILETYPE), strcmp(name, "ext2-rev0") != 0);
	tree_check_files(&reader, &t, &c);
	/* The root too. */
	struct tree_listing root = { .t = &t, .dir = "" };
	CHECK_INT(ext_lookup(&fs, "/", true, &in), 0);
	CHECK_INT(list_ext(&fs, &in, &root), 0);
	CHECK_INT(root.dots, 2);
	CHECK_INT(root.unknown, 1); /* mke2fs's lost+found, not in the tree */
	CHECK_STR(root.first_unknown, "lost+found");
	CHECK_INT(root.entries, tree_children(&t, "") + 3);
	CHECK(c.files >= 3 && c.dirs > 1);
	free(m.buf);
out:
	tree_free(&t);
}

/* One test per image, so that a failure names the flavour. */
#define IMAGE_TEST(id, name)       \
	TEST(ext_image_##id)       \
	{                          \
		check_image(name); \
	}
IMAGE_TEST(ext2_1k, "ext2-1k")
IMAGE_TEST(ext2_4k, "ext2-4k")
IMAGE_TEST(ext2_rev0, "ext2-rev0")
IMAGE_TEST(ext3, "ext3")
IMAGE_TEST(ext4, "ext4")
IMAGE_TEST(ext4_1k, "ext4-1k")
IMAGE_TEST(ext4_64bit_csum, "ext4-64bit-csum")
IMAGE_TEST(ext4_blockmap, "ext4-blockmap")
IMAGE_TEST(ext4_inline, "ext4-inline")
IMAGE_TEST(ext4_metabg, "ext4-metabg")
IMAGE_TEST(ext4_bigalloc, "ext4-bigalloc")
IMAGE_TEST(ext4_64k, "ext4-64k")
IMAGE_TEST(ext4_largedir, "ext4-largedir")
IMAGE_TEST(ext4_casefold_encrypt, "ext4-casefold-encrypt")

/* Compares the file at path (followed) with the source tree's file. */
static void check_same(struct ext_fs *fs, const char *name, const char *path, const char *host)
{
	struct ext_inode in;
	struct image_tree t = { .src = "src" };
	size_t len;
	uint8_t *want = tree_file(&t, host, &len);
	int r = ext_lookup(fs, path, true, &in);

	if (r < 0 || !want || !tree_same_content(read_ext, fs, &in, want, len, 1 << 16))
		unit_fail(__FILE__, __LINE__, "%s: %s: %d %s", name, path, r,
			  fs_base_error(&fs->base));
	free(want);
}

TEST(ext_symlinks_and_paths)
{
	static struct ext_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	struct ext_inode in;

	for (size_t i = 0; i < sizeof(images) / sizeof(images[0]); i++) {
		const char *name = images[i];

		if (strcmp(name, "ext4-64k") == 0)
			continue; /* made from src/dir only */
		if (mount_image(&m, &dev, &fs, name) < 0)
			continue;
		check_same(&fs, name, "links/fast", "boot/vmlinuz");
		check_same(&fs, name, "/links/slow",
			   "dir/a-directory-with-a-name-long-enough-"
			   "that-a-link-to-it-is-not-fast/target");
		check_same(&fs, name, "links/abs-dir/menu.lst", "boot/grub/menu.lst");
		check_same(&fs, name, "links/rel-dir/deeper/file", "dir/sub/deeper/file");
		check_same(&fs, name, "links/chain7", "medium");
		check_same(&fs, name, "//dir/./sub/../sub/deeper//file", "dir/sub/deeper/file");
		check_same(&fs, name, "links/../boot/grub/../vmlinuz", "boot/vmlinuz");
		check_same(&fs, name, "dir/with space", "dir/with space");
		CHECK_INT(ext_lookup(&fs, "links/chain8", true, &in), -ELOOP);
		CHECK(strstr(fs_base_error(&fs.base), "too many levels") != NULL);
		CHECK_INT(ext_lookup(&fs, "links/chain8", false, &in), 0);
		CHECK(ext_kind(&in) == FS_KIND_SYMLINK);
		CHECK_INT(ext_lookup(&fs, "links/loop-a", true, &in), -ELOOP);
		CHECK_INT(ext_lookup(&fs, "links/dangling", true, &in), -ENOENT);
		CHECK_INT(ext_lookup(&fs, "links/dangling", false, &in), 0);
		CHECK_INT(ext_lookup(&fs, "boot/missing", true, &in), -ENOENT);
		CHECK_STR(fs_base_error(&fs.base), "ext: boot/missing: not found");
		CHECK_INT(ext_lookup(&fs, "boot/vmlinuz/x", true, &in), -ENOTDIR);
		CHECK_INT(ext_lookup(&fs, "boot/vmlinuz/", true, &in), -ENOTDIR);
		CHECK_INT(ext_lookup(&fs, "links/rel-dir/", false, &in), 0);
		CHECK(ext_kind(&in) == FS_KIND_DIR);
		CHECK_INT(ext_lookup(&fs, "..", true, &in), 0);
		CHECK_INT(in.ino, EXT_ROOT_INO);
		CHECK_INT(ext_readlink(&fs, &in, (char[8]){ 0 }, 8), -EINVAL);

		/* Sparse: holes read as zeros, also across their edges. */
		uint8_t buf[6000];
		size_t got;
		CHECK_INT(ext_lookup(&fs, "sparse", true, &in), 0);
		CHECK_INT(ext_read(&fs, &in, 1048570 - 100, buf, sizeof(buf), &got), 0);
		CHECK_INT(got, sizeof(buf));
		CHECK(buf[0] == 0 && buf[99] == 0);
		CHECK_INT(ext_read(&fs, &in, 70 * 1024 * 1024 - 4, buf, 100, &got), 0);
		CHECK_INT(got, 4);
		CHECK(memcmp(buf, "last", 4) == 0);
		free(m.buf);
	}
}

TEST(ext_htree_directories_are_indexed_and_read)
{
	static struct ext_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	struct ext_inode in;
	char line[64];
	int n = 0;
	FILE *f = fopen(image_path("htree-images"), "r");

	CHECK(f != NULL);
	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (mount_image(&m, &dev, &fs, line) < 0)
			continue;
		CHECK_INT(ext_lookup(&fs, "big", true, &in), 0);
		CHECK(in.flags & 0x1000); /* EXT4_INDEX_FL */
		CHECK_INT(ext_lookup(&fs, "big/file-1999", true, &in), 0);
		CHECK_INT(in.size, 5);
		CHECK_INT(ext_lookup(&fs, "big/file-2000", true, &in), -ENOENT);
		free(m.buf);
		n++;
	}
	if (f)
		fclose(f);
	CHECK(n >= 8);
}

TEST(ext_inline_data_is_used)
{
	static struct ext_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	struct ext_inode in;

	if (mount_image(&m, &dev, &fs, "ext4-inline") < 0)
		return;
	CHECK_INT(ext_lookup(&fs, "small", true, &in), 0);
	CHECK(in.flags & 0x10000000); /* 100 bytes: i_block and system.data */
	CHECK_INT(ext_lookup(&fs, "one", true, &in), 0);
	CHECK(in.flags & 0x10000000);
	CHECK_INT(ext_lookup(&fs, "dir/sub", true, &in), 0);
	CHECK(in.flags & 0x10000000); /* an inline directory */
	free(m.buf);
}

/* ---- damaged images ----------------------------------------------------- */

static void poke32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

TEST(ext_refuses_unknown_incompat_features)
{
	static struct ext_fs fs;
	struct mem_disk m;
	struct blockdev dev;

	if (mem_disk_open(&m, &dev, "ext4.img") < 0)
		return;
	uint32_t incompat = get_le32(m.buf + 1024 + 0x60);
	poke32(m.buf + 1024 + 0x60, incompat | 0x1000 | 0x80000000);
	CHECK_INT(ext_mount(&fs, &dev, work, sizeof(work)), -EOPNOTSUPP);
	CHECK_STR(fs_base_error(&fs.base),
		  "ext: unsupported incompatible features 0x80001000 (dirdata unknown)");
	poke32(m.buf + 1024 + 0x60, incompat | 0x1);
	CHECK_INT(ext_mount(&fs, &dev, work, sizeof(work)), -EOPNOTSUPP);
	CHECK_STR(fs_base_error(&fs.base),
		  "ext: unsupported incompatible features 0x1 (compression)");
	/* needs_recovery alone is fine: the journal is ignored. */
	poke32(m.buf + 1024 + 0x60, incompat | 0x4);
	CHECK_INT(ext_mount(&fs, &dev, work, sizeof(work)), 0);
	free(m.buf);
}

TEST(ext_refuses_bad_superblocks)
{
	static struct ext_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	uint8_t save[1024];

	if (mem_disk_open(&m, &dev, "ext2-1k.img") < 0)
		return;
	memcpy(save, m.buf + 1024, sizeof(save));
	m.buf[1024 + 0x38] = 0;
	CHECK_INT(ext_mount(&fs, &dev, work, sizeof(work)), -EINVAL);
	memcpy(m.buf + 1024, save, sizeof(save));
	poke32(m.buf + 1024 + 0x18, 7); /* 128 KiB blocks */
	CHECK_INT(ext_mount(&fs, &dev, work, sizeof(work)), -EUCLEAN);
	memcpy(m.buf + 1024, save, sizeof(save));
	poke32(m.buf + 1024 + 0x28, 0); /* no inodes per group */
	CHECK_INT(ext_mount(&fs, &dev, work, sizeof(work)), -EUCLEAN);
	memcpy(m.buf + 1024, save, sizeof(save));
	poke32(m.buf + 1024 + 0x20, 0); /* no blocks per group */
	CHECK_INT(ext_mount(&fs, &dev, work, sizeof(work)), -EUCLEAN);
	memcpy(m.buf + 1024, save, sizeof(save));
	m.buf[1024 + 0x58] = 100; /* inode size not a power of two */
	CHECK_INT(ext_mount(&fs, &dev, work, sizeof(work)), -EUCLEAN);
	memcpy(m.buf + 1024, save, sizeof(save));
	CHECK_INT(ext_mount(&fs, &dev, work, 1024), -ENOMEM);
	CHECK_INT(ext_mount(&fs, &dev, work, 2048), 0);
	/* Cut short: the device ends before the inode table. */
	dev.size = 4096;
	CHECK_INT(ext_mount(&fs, &dev, work, sizeof(work)), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "past the end") != NULL);
	dev.size = 1500;
	CHECK_INT(ext_mount(&fs, &dev, work, sizeof(work)), -EINVAL);
	free(m.buf);
}

/* Finds the byte offset of inode ino's raw bytes in the image (through the
 * reader itself: group descriptor of group 0). */
static size_t inode_offset(struct ext_fs *fs, const uint8_t *img, uint32_t ino)
{
	uint32_t bs = fs->block_size;
	const uint8_t *gd = img + (size_t)(fs->first_data_block + 1) * bs;
	uint64_t table = get_le32(gd + 8);

	return (size_t)(table * bs + (uint64_t)(ino - 1) * fs->inode_size);
}

TEST(ext_refuses_damaged_extent_trees)
{
	static struct ext_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	struct ext_inode in;
	static uint8_t buf[4096];
	size_t got;

	if (mount_image(&m, &dev, &fs, "ext4") < 0)
		return;
	CHECK_INT(ext_lookup(&fs, "boot/initrd.img", true, &in), 0);
	CHECK(in.ino <= fs.inodes_per_group);
	uint8_t *raw = m.buf + inode_offset(&fs, m.buf, in.ino);
	uint8_t save[60];
	memcpy(save, raw + 0x28, 60);

	/* A root claiming depth 1 whose "index" points back at a block that
	 * is not an extent node: refused, not followed. */
	raw[0x28 + 6] = 1;
	CHECK_INT(ext_read_inode(&fs, in.ino, &in), 0);
	CHECK_INT(ext_read(&fs, &in, 0, buf, sizeof(buf), &got), -EUCLEAN);
	/* Depth beyond the format's maximum. */
	raw[0x28 + 6] = 9;
	CHECK_INT(ext_read_inode(&fs, in.ino, &in), 0);
	CHECK_INT(ext_read(&fs, &in, 0, buf, sizeof(buf), &got), -EUCLEAN);
	/* More entries than fit in the inode. */
	memcpy(raw + 0x28, save, 60);
	raw[0x28 + 4] = 5;
	raw[0x28 + 2] = 5;
	CHECK_INT(ext_read_inode(&fs, in.ino, &in), 0);
	CHECK_INT(ext_read(&fs, &in, 0, buf, sizeof(buf), &got), -EUCLEAN);
	/* An extent pointing past the end of the file system. */
	memcpy(raw + 0x28, save, 60);
	poke32(raw + 0x28 + 12 + 8, 0xfffffff0);
	CHECK_INT(ext_read_inode(&fs, in.ino, &in), 0);
	CHECK_INT(ext_read(&fs, &in, 0, buf, sizeof(buf), &got), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "beyond the file system") != NULL);
	free(m.buf);
}

TEST(ext_refuses_damaged_directories)
{
	static struct ext_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	struct ext_inode in;

	if (mount_image(&m, &dev, &fs, "ext2-4k") < 0)
		return;
	CHECK_INT(ext_lookup(&fs, "dir/sub/deeper", true, &in), 0);
	uint64_t blk = get_le32(in.raw + 0x28);
	uint8_t *b = m.buf + blk * fs.block_size;
	/* "." with rec_len 0 would loop forever if believed. */
	b[4] = 0;
	b[5] = 0;
	CHECK_INT(ext_lookup(&fs, "dir/sub/deeper/file", true, &in), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "bad entry") != NULL);
	/* A directory claiming to be larger than the device. */
	b[4] = 12;
	CHECK_INT(ext_mount(&fs, &dev, work, sizeof(work)), 0); /* forget the cache */
	CHECK_INT(ext_lookup(&fs, "dir/sub/deeper/file", true, &in), 0);
	CHECK_INT(ext_lookup(&fs, "dir/sub/deeper", true, &in), 0);
	in.size = (uint64_t)1 << 40;
	CHECK_INT(ext_readdir(&fs, &in, listed_ext, NULL), -EUCLEAN);
	free(m.buf);
}

static int count_entries(const char *name, size_t len, uint32_t ino, uint8_t type, void *ctx)
{
	(void)name;
	(void)len;
	(void)ino;
	(void)type;
	++*(int *)ctx;
	return 0;
}

/* mke2fs never lets an inline directory grow into the inode's attribute
 * space (the kernel does): make one from dir/sub by giving its system.data
 * attribute a value holding one more entry. */
TEST(ext_inline_directory_spilling_into_attributes)
{
	static struct ext_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	struct ext_inode in;
	uint32_t target;
	int n = 0;

	if (mount_image(&m, &dev, &fs, "ext4-inline") < 0)
		return;
	CHECK_INT(ext_lookup(&fs, "one", true, &in), 0);
	target = in.ino;
	CHECK_INT(ext_lookup(&fs, "dir/sub", true, &in), 0);
	CHECK(in.flags & 0x10000000);
	uint8_t *raw = m.buf + inode_offset(&fs, m.buf, in.ino);
	uint32_t xattr = 128 + get_le16(raw + 0x80), entry = xattr + 4;
	CHECK_INT(get_le32(raw + xattr), 0xea020000);
	CHECK(raw[entry] == 4 && raw[entry + 1] == 7 && memcmp(raw + entry + 16, "data", 4) == 0);
	CHECK_INT(get_le32(raw + entry + 8), 0); /* empty so far */

	uint8_t *de = raw + entry + 200;
	raw[entry + 2] = 200; /* e_value_offs */
	raw[entry + 3] = 0;
	poke32(raw + entry + 8, 12); /* e_value_size */
	poke32(de, target);
	de[4] = 12; /* rec_len */
	de[5] = 0;
	de[6] = 4;
	de[7] = 1;
	memcpy(de + 8, "abcd", 4);
	CHECK_INT(ext_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(ext_lookup(&fs, "dir/sub/abcd", true, &in), 0);
	CHECK_INT(in.ino, target);
	CHECK_INT(ext_lookup(&fs, "dir/sub/deeper/file", true, &in), 0);
	CHECK_INT(ext_lookup(&fs, "dir/sub/..", true, &in), 0);
	CHECK(ext_kind(&in) == FS_KIND_DIR);
	CHECK_INT(ext_lookup(&fs, "dir/sub", true, &in), 0);
	CHECK_INT(ext_readdir(&fs, &in, count_entries, &n), 0);
	CHECK_INT(n, 4); /* ".", "..", deeper, abcd */

	/* The value running past the inode, and an entry cut short. */
	poke32(raw + entry + 8, 1000);
	CHECK_INT(ext_read_inode(&fs, in.ino, &in), 0);
	CHECK_INT(ext_readdir(&fs, &in, count_entries, &n), -EUCLEAN);
	poke32(raw + entry + 8, 16);
	CHECK_INT(ext_read_inode(&fs, in.ino, &in), 0);
	CHECK_INT(ext_readdir(&fs, &in, count_entries, &n), -EUCLEAN);
	free(m.buf);
}

TEST(ext_uuid_and_label_from_hostile_bytes)
{
	static const uint8_t uuid[16] = { 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x23, 0x45,
					  0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba };
	/* Controls, é, a stray byte, a cut sequence, a C1 control, spaces:
	 * all 16 bytes, no NUL. */
	static const char label[16] = "a\001b\177\303\251\377\342\202c\302\205  de";
	static struct ext_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	char buf[EXT_UUID_LEN + 1];

	if (mem_disk_open(&m, &dev, "ext2-1k.img") < 0)
		return;
	memcpy(m.buf + 1024 + 0x68, uuid, sizeof(uuid));
	memcpy(m.buf + 1024 + 0x78, label, sizeof(label));
	CHECK_INT(ext_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fs_base_uuid(&fs.base, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "deadbeef-0001-2345-6789-abcdeffedcba");
	CHECK_INT(fs_base_uuid(&fs.base, buf, sizeof(buf) - 1), -E2BIG);
	CHECK_INT(fs_base_label(&fs.base, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "a?b?\303\251???c?  de");

	/* Trailing spaces stay (GRUB keeps them); a NUL ends the label. */
	memcpy(m.buf + 1024 + 0x78, "x  \0yz", 6);
	CHECK_INT(ext_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fs_base_label(&fs.base, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "x  ");
	CHECK_INT(fs_base_label(&fs.base, buf, 3), -E2BIG);

	/* No label; an all-zero UUID is still GRUB's UUID. */
	memset(m.buf + 1024 + 0x68, 0, 32);
	CHECK_INT(ext_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fs_base_label(&fs.base, buf, sizeof(buf)), -ENOENT);
	CHECK_INT(fs_base_uuid(&fs.base, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "00000000-0000-0000-0000-000000000000");
	free(m.buf);
}
