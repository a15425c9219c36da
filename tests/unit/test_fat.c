/*
 * lib/fs/fat: every FAT image make-images.sh built with mkfs.fat and filled
 * with mtools is read through the reader and compared with the tree it was
 * made from (types, sizes, contents whole and in odd pieces, listings with
 * their names' case); then lookups regardless of case, by 8.3 name, through
 * "." and "..", and damaged copies: boot sectors, loops and bad clusters in
 * the FAT, long names whose checksum does not match; the UUID from the boot
 * sector's serial number and the label from the root directory's entry, as
 * GRUB 2 takes them, from hostile bytes too.
 */
#include "lib/errno.h"
#include "lib/fs/fat.h"
#include "tests/unit/check.h"
#include "tests/unit/disk_image.h"
#include "tests/unit/image_tree.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t work[FAT_WORK_SIZE];

static int mount_image(struct mem_disk *m, struct blockdev *dev, struct fat_fs *fs,
		       const char *name)
{
	char fn[64];
	int r;

	snprintf(fn, sizeof(fn), "%s.img", name);
	if (mem_disk_open(m, dev, fn) < 0)
		return -ENOENT;
	r = fat_mount(fs, dev, work, sizeof(work));
	if (r < 0) {
		unit_fail(__FILE__, __LINE__, "%s: mount: %d %s", name, r,
			  fs_base_error(&fs->base));
		free(m->buf);
	}
	return r;
}

/* fat_read() for tree_same_content(). */
static int read_fat(void *fs, const void *file, uint64_t off, void *buf, size_t len, size_t *done)
{
	return fat_read(fs, file, off, buf, len, done);
}

/* The FAT reader for tree_check_files(); FAT has no symlinks. */
static int lookup_fat(void *fs, const char *path, void *file)
{
	return fat_lookup(fs, path, file);
}

static char type_fat(const void *file)
{
	return fat_kind(file) == FS_KIND_DIR ? 'd' : fat_kind(file) == FS_KIND_REG ? 'f' : '?';
}

static uint64_t size_fat(const void *file)
{
	return ((const struct fat_file *)file)->size;
}

static int listed_fat(const char *name, size_t len, const struct fat_file *f, void *ctx)
{
	tree_listed(ctx, name, len, strlen(name) != len ? '?' : type_fat(f));
	return 0;
}

static int list_fat(void *fs, const void *dir, struct tree_listing *l)
{
	return fat_readdir(fs, dir, listed_fat, l);
}

static const char *error_fat(void *fs)
{
	return fs_base_error(&((struct fat_fs *)fs)->base);
}

static void check_image(const char *name, enum fat_type type)
{
	static struct fat_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	struct image_tree t;
	struct fat_file f;
	struct tree_counts c;
	const struct tree_reader reader = {
		.image = name,
		.fs = &fs,
		.file_size = sizeof(struct fat_file),
		.odd_piece = 4093,
		.lookup = lookup_fat,
		.type = type_fat,
		.size = size_fat,
		.read = read_fat,
		.list = list_fat,
		.error = error_fat,
	};

	tree_load(&t, name);
	if (!t.e || mount_image(&m, &dev, &fs, name) < 0)
		goto out;
	CHECK_INT(fs.type, type);
	tree_check_files(&reader, &t, &c);
	/* The root: no "." or "..", and the deleted fillers are gone. */
	struct tree_listing root = { .t = &t, .dir = "" };
	CHECK_INT(fat_lookup(&fs, "/", &f), 0);
	CHECK(f.root && fat_kind(&f) == FS_KIND_DIR);
	CHECK_INT(list_fat(&fs, &f, &root), 0);
	CHECK_INT(root.dots, 0);
	CHECK_INT(root.unknown, 0);
	CHECK_INT(root.entries, tree_children(&t, ""));
	CHECK(c.files >= 300 && c.dirs > 10 && c.links == 0);
	free(m.buf);
out:
	tree_free(&t);
}

TEST(fat_image_fat12)
{
	check_image("fat12", FAT12);
}

TEST(fat_image_fat12_2k_sectors)
{
	check_image("fat12-2k", FAT12);
}

TEST(fat_image_fat16)
{
	check_image("fat16", FAT16);
}

TEST(fat_image_fat16_4k_sectors)
{
	check_image("fat16-4k", FAT16);
}

TEST(fat_image_fat32)
{
	check_image("fat32", FAT32);
}

static const char *const all_images[] = { "fat12", "fat12-2k", "fat16", "fat16-4k", "fat32" };

/* Compares the file at path with the tree's file at host. */
static void check_same(struct fat_fs *fs, const char *name, const char *path, const char *host)
{
	struct image_tree t = { .src = "fsrc" };
	struct fat_file f;
	size_t len;
	uint8_t *want = tree_file(&t, host, &len);
	int r = fat_lookup(fs, path, &f);

	if (r < 0 || !want || !tree_same_content(read_fat, fs, &f, want, len, 1 << 16))
		unit_fail(__FILE__, __LINE__, "%s: %s: %d %s", name, path, r,
			  fs_base_error(&fs->base));
	free(want);
}

TEST(fat_lookups_ignore_case_and_know_short_names)
{
	static struct fat_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	struct fat_file f;

	for (size_t i = 0; i < sizeof(all_images) / sizeof(all_images[0]); i++) {
		const char *name = all_images[i];

		if (mount_image(&m, &dev, &fs, name) < 0)
			continue;
		check_same(&fs, name, "BOOT/GRUB/MENU.LST", "boot/grub/menu.lst");
		check_same(&fs, name, "Boot/Vmlinuz", "boot/vmlinuz");
		check_same(&fs, name, "mixedcase.txt", "MixedCase.Txt");
		check_same(&fs, name, "upper.txt", "UPPER.TXT");
		check_same(&fs, name, "LOWER.TXT", "lower.txt");
		check_same(&fs, name, "a long file name with spaces.TXT",
			   "A Long File Name With Spaces.txt");
		check_same(&fs, name, "ALONGF~1.TXT", "A Long File Name With Spaces.txt");
		check_same(&fs, name, "ünïcödé €.TXT", "ünïcödé €.txt");
		check_same(&fs, name, "//d1/./d2/../d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/deep file",
			   "d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/deep file");
		check_same(&fs, name, "../boot/./grub/../../boot/grub/menu.lst",
			   "boot/grub/menu.lst");
		CHECK_INT(fat_lookup(&fs, "Ünïcödé €.txt", &f), -ENOENT); /* ASCII only folds */
		CHECK_INT(fat_lookup(&fs, "boot/missing", &f), -ENOENT);
		CHECK_STR(fs_base_error(&fs.base), "fat: boot/missing: not found");
		CHECK_INT(fat_lookup(&fs, "boot/vmlinuz/x", &f), -ENOTDIR);
		CHECK_INT(fat_lookup(&fs, "boot/vmlinuz/", &f), -ENOTDIR);
		CHECK_INT(fat_lookup(&fs, "d1/d2/", &f), 0);
		CHECK(fat_kind(&f) == FS_KIND_DIR && !f.root);
		CHECK_INT(fat_lookup(&fs, "d1/..", &f), 0);
		CHECK(f.root);
		CHECK_INT(fat_lookup(&fs, "d1/d2/..", &f), 0);
		CHECK(!f.root && fat_kind(&f) == FS_KIND_DIR);
		free(m.buf);
	}
}

TEST(fat_reads_at_offsets_and_past_the_end)
{
	static struct fat_fs fs;
	static uint8_t buf[300000];
	struct image_tree t = { .src = "fsrc" };
	struct mem_disk m;
	struct blockdev dev;
	struct fat_file f;
	size_t len, got;
	uint8_t *want = tree_file(&t, "late/frag", &len);

	if (!want || mount_image(&m, &dev, &fs, "fat16") < 0) {
		free(want);
		return;
	}
	CHECK_INT(fat_lookup(&fs, "late/frag", &f), 0);
	/* Backwards through the fragmented file, across every cluster edge. */
	for (size_t off = len - 700; off < len; off -= 511) {
		CHECK_INT(fat_read(&fs, &f, off, buf, 700, &got), 0);
		CHECK_INT(got, off + 700 <= len ? 700 : len - off);
		if (memcmp(buf, want + off, got) != 0) {
			unit_fail(__FILE__, __LINE__, "differs at %zu", off);
			break;
		}
		if (off < 511)
			break;
	}
	CHECK_INT(fat_read(&fs, &f, 0, buf, sizeof(buf), &got), 0);
	CHECK_INT(got, len);
	CHECK(memcmp(buf, want, len) == 0);
	CHECK_INT(fat_read(&fs, &f, len + 1000, buf, 10, &got), 0);
	CHECK_INT(got, 0);
	CHECK_INT(fat_lookup(&fs, "empty", &f), 0);
	CHECK_INT(fat_read(&fs, &f, 0, buf, 10, &got), 0);
	CHECK_INT(got, 0);
	CHECK_INT(fat_lookup(&fs, "boot", &f), 0);
	CHECK_INT(fat_read(&fs, &f, 0, buf, 10, &got), 0);
	CHECK_INT(got, 0);
	free(want);
	free(m.buf);
}

/* ---- damaged images ------------------------------------------------------ */

static void poke16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void poke32(uint8_t *p, uint32_t v)
{
	poke16(p, (uint16_t)v);
	poke16(p + 2, (uint16_t)(v >> 16));
}

/* Sets cluster c's entry in every FAT of the image. */
static void set_fat(const struct fat_fs *fs, uint8_t *img, unsigned nfats, uint32_t c, uint32_t v)
{
	for (unsigned k = 0; k < nfats; k++) {
		uint8_t *fat =
			img + (size_t)(fs->fat_start + k * fs->fat_sectors) * fs->sector_size;

		if (fs->type == FAT12) {
			uint8_t *p = fat + c + c / 2;
			uint16_t old = (uint16_t)(p[0] | p[1] << 8);
			poke16(p, c & 1 ? (uint16_t)((old & 0x000f) | v << 4)
					: (uint16_t)((old & 0xf000) | (v & 0xfff)));
		} else if (fs->type == FAT16) {
			poke16(fat + 2 * c, (uint16_t)v);
		} else {
			poke32(fat + 4 * c, v);
		}
	}
}

TEST(fat_refuses_bad_boot_sectors)
{
	static struct fat_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	uint8_t save[512];

	if (mem_disk_open(&m, &dev, "fat16.img") < 0)
		return;
	memcpy(save, m.buf, sizeof(save));
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	poke16(m.buf + 11, 1000); /* bytes per sector */
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), -EINVAL);
	CHECK_STR(fs_base_error(&fs.base), "fat: no FAT boot sector");
	memcpy(m.buf, save, sizeof(save));
	m.buf[13] = 3; /* sectors per cluster */
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), -EINVAL);
	memcpy(m.buf, save, sizeof(save));
	m.buf[16] = 0; /* no FATs */
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), -EINVAL);
	memcpy(m.buf, save, sizeof(save));
	poke16(m.buf + 19, 40); /* fewer sectors than the metadata */
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "no room for data") != NULL);
	memcpy(m.buf, save, sizeof(save));
	poke16(m.buf + 22, 1); /* a FAT too small for the clusters */
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "do not fit") != NULL);
	memcpy(m.buf, save, sizeof(save));
	poke16(m.buf + 22, 0xffff); /* a FAT larger than the device */
	poke16(m.buf + 19, 0);
	poke32(m.buf + 32, 0xffffffff);
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), -EUCLEAN);
	memcpy(m.buf, save, sizeof(save));
	CHECK_INT(fat_mount(&fs, &dev, work, 512), -ENOMEM);
	CHECK_INT(fat_mount(&fs, &dev, work, 1024), 0);
	dev.size = 500;
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), -EINVAL);
	dev.size = 4096; /* cut inside the FAT */
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), -EUCLEAN);
	free(m.buf);

	if (mem_disk_open(&m, &dev, "fat32.img") < 0)
		return;
	poke32(m.buf + 44, 0x0fffffff); /* root cluster */
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "root cluster") != NULL);
	poke32(m.buf + 44, 2);
	poke16(m.buf + 42, 0x0100); /* FAT32 version 1.0 */
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), -EOPNOTSUPP);
	free(m.buf);
}

/* The FAT's entry for cluster c, read here without the reader. */
static int next_of(const struct fat_fs *fs, const uint8_t *img, uint32_t c, uint32_t *next)
{
	const uint8_t *fat = img + (size_t)fs->fat_start * fs->sector_size;

	if (fs->type == FAT12) {
		const uint8_t *p = fat + c + c / 2;
		uint32_t v = (uint32_t)(p[0] | p[1] << 8);
		*next = c & 1 ? v >> 4 : v & 0xfff;
	} else if (fs->type == FAT16) {
		*next = get_le16(fat + 2 * c);
	} else {
		*next = get_le32(fat + 4 * c) & 0x0fffffff;
	}
	return *next >= 2 && *next < fs->clusters + 2 ? 0 : -1;
}

static int count_entries(const char *name, size_t len, const struct fat_file *f, void *ctx)
{
	(void)name;
	(void)len;
	(void)f;
	++*(int *)ctx;
	return 0;
}

static void damaged_chains(const char *name)
{
	static struct fat_fs fs;
	static uint8_t buf[1 << 16];
	struct mem_disk m;
	struct blockdev dev;
	struct fat_file f, big;
	size_t got;
	int n = 0;

	if (mount_image(&m, &dev, &fs, name) < 0)
		return;
	unsigned nfats = m.buf[16];
	CHECK_INT(fat_lookup(&fs, "boot/vmlinuz", &f), 0);
	uint32_t c = f.cluster; /* mtools wrote the file in one run */
	uint64_t far = (uint64_t)fs.cluster_size * 20;

	/* A loop: the sixth cluster leads back to the third. */
	set_fat(&fs, m.buf, nfats, c + 5, c + 2);
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fat_read(&fs, &f, far, buf, 100, &got), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "loops") != NULL);
	/* Out of range, free, bad. */
	set_fat(&fs, m.buf, nfats, c + 5, fs.clusters + 2);
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fat_read(&fs, &f, far, buf, 100, &got), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "out of range") != NULL);
	set_fat(&fs, m.buf, nfats, c + 5, 0);
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fat_read(&fs, &f, far, buf, 100, &got), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "free cluster") != NULL);
	set_fat(&fs, m.buf, nfats, c + 5,
		fs.type == FAT12   ? 0xff7
		: fs.type == FAT16 ? 0xfff7
				   : 0x0ffffff7);
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fat_read(&fs, &f, far, buf, 100, &got), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "bad cluster") != NULL);
	/* Ending early: the start still reads. */
	set_fat(&fs, m.buf, nfats, c + 5, 0x0fffffff);
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fat_read(&fs, &f, 0, buf, 100, &got), 0);
	CHECK_INT(fat_read(&fs, &f, far, buf, 100, &got), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "shorter than the file") != NULL);
	/* A first cluster out of range; a size larger than the file system. */
	f.cluster = fs.clusters + 2;
	CHECK_INT(fat_read(&fs, &f, 0, buf, 100, &got), -EUCLEAN);
	f.cluster = c;
	f.size = 0xffffffff;
	CHECK_INT(fat_read(&fs, &f, 0, buf, 100, &got), -EUCLEAN);

	/* A directory whose first or second cluster leads back to the first. */
	CHECK_INT(fat_lookup(&fs, "big", &big), 0);
	uint32_t second = 0;
	CHECK_INT(next_of(&fs, m.buf, big.cluster, &second), 0);
	set_fat(&fs, m.buf, nfats, second, big.cluster);
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fat_lookup(&fs, "big/not-there", &f), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "loops") != NULL);
	set_fat(&fs, m.buf, nfats, big.cluster, big.cluster);
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fat_readdir(&fs, &big, count_entries, &n), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "loops") != NULL);
	CHECK(n < 1000);
	free(m.buf);
}

TEST(fat_refuses_damaged_chains_fat12)
{
	damaged_chains("fat12");
}

TEST(fat_refuses_damaged_chains_fat16)
{
	damaged_chains("fat16");
}

TEST(fat_refuses_damaged_chains_fat32)
{
	damaged_chains("fat32");
}

/* The 8.3 entry of a file in the root of a FAT12/16 image, by its name. */
static uint8_t *root_entry(const struct fat_fs *fs, uint8_t *img, const char *name83)
{
	uint8_t *root = img + (size_t)fs->root_start * fs->sector_size;

	for (uint32_t i = 0; i < fs->root_entries; i++)
		if (memcmp(root + 32 * i, name83, 11) == 0)
			return root + 32 * i;
	return NULL;
}

TEST(fat_long_names_need_their_checksum_and_sequence)
{
	static struct fat_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	struct fat_file f;

	if (mount_image(&m, &dev, &fs, "fat16") < 0)
		return;
	uint8_t *e = root_entry(&fs, m.buf, "MIXEDC~1TXT");
	CHECK(e != NULL);
	if (!e)
		goto out;
	uint8_t *lfn = e - 32;
	CHECK_INT(lfn[11], 0x0f);
	CHECK_INT(lfn[0], 0x41); /* the only (and last) entry of the name */
	CHECK_INT(fat_lookup(&fs, "MixedCase.Txt", &f), 0);

	/* (each change is followed by a mount, which forgets the cache) */
	lfn[13] ^= 1; /* checksum */
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fat_lookup(&fs, "MixedCase.Txt", &f), -ENOENT);
	CHECK_INT(fat_lookup(&fs, "mixedc~1.txt", &f), 0);
	lfn[13] ^= 1;
	lfn[0] = 0x42; /* claims two entries: out of sequence */
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fat_lookup(&fs, "MixedCase.Txt", &f), -ENOENT);
	CHECK_INT(fat_lookup(&fs, "MIXEDC~1.TXT", &f), 0);
	lfn[0] = 0x41;
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fat_lookup(&fs, "MixedCase.Txt", &f), 0);
	e[0] = 0xe5; /* deleted */
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fat_lookup(&fs, "MixedCase.Txt", &f), -ENOENT);
	CHECK_INT(fat_lookup(&fs, "MIXEDC~1.TXT", &f), -ENOENT);
	e[0] = 'M';
	/* A directory entry whose cluster is out of range. */
	poke16(e + 26, 0xfff0);
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fat_lookup(&fs, "MixedCase.Txt", &f), 0);
	size_t got;
	uint8_t b[16];
	CHECK_INT(fat_read(&fs, &f, 0, b, sizeof(b), &got), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "out of range") != NULL);
out:
	free(m.buf);
}

/* ---- UUID and label ------------------------------------------------------ */

/* The root directory's volume label entry in the image, NULL if none. */
static uint8_t *label_entry(const struct fat_fs *fs, uint8_t *img)
{
	uint64_t sector = fs->type == FAT32 ? fs->data_start + (uint64_t)(fs->root_cluster - 2) *
								       fs->sectors_per_cluster
					    : fs->root_start;
	uint8_t *e = img + sector * fs->sector_size;

	for (unsigned i = 0; i < fs->sector_size / 32; i++, e += 32)
		if (e[11] == FAT_ATTR_VOLUME_ID)
			return e;
	return NULL;
}

static void check_ident(struct fat_fs *fs, const char *uuid, const char *label)
{
	char buf[FAT_LABEL_MAX + 1];

	CHECK_INT(fs_base_uuid(&fs->base, buf, sizeof(buf)), 0);
	CHECK_STR(buf, uuid);
	if (label) {
		CHECK_INT(fs_base_label(&fs->base, buf, sizeof(buf)), 0);
		CHECK_STR(buf, label);
	} else {
		CHECK_INT(fs_base_label(&fs->base, buf, sizeof(buf)), -ENOENT);
	}
}

static void label_from_root(const char *name, unsigned serial_at, const char *uuid,
			    const char *label)
{
	static struct fat_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	uint8_t *e, save[32];

	if (mount_image(&m, &dev, &fs, name) < 0)
		return;
	check_ident(&fs, uuid, label);
	e = label_entry(&fs, m.buf);
	if (!e) {
		unit_fail(__FILE__, __LINE__, "%s: no volume label entry", name);
		free(m.buf);
		return;
	}
	memcpy(save, e, sizeof(save));

	/* The serial number, high half first; for FAT16, where FAT32's would
	 * be (boot code) is not looked at (for FAT32, FAT16's place is part
	 * of its parameters). */
	poke32(m.buf + serial_at, 0x00ff0a0b);
	if (serial_at == 39)
		poke32(m.buf + 67, 0x11111111);
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	check_ident(&fs, "00FF-0A0B", label);

	/* The boot sector's copy of the label is not the label. */
	memcpy(m.buf + serial_at + 4, "BOOT SECTOR", 11);
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	check_ident(&fs, "00FF-0A0B", label);

	/* ARCHIVE may be set; a leading 0x05 stands for 0xe5 (not UTF-8: '?'),
	 * control characters become '?', trailing spaces go. */
	e[11] = FAT_ATTR_VOLUME_ID | FAT_ATTR_ARCHIVE;
	memcpy(e, "\005AB\001C      ", 11);
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	check_ident(&fs, "00FF-0A0B", "?AB?C");
	memcpy(e, "           ", 11);
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	check_ident(&fs, "00FF-0A0B", NULL);

	/* Other attributes with it, or a deleted entry: no label. */
	memcpy(e, save, sizeof(save));
	e[11] = FAT_ATTR_VOLUME_ID | FAT_ATTR_HIDDEN;
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	check_ident(&fs, "00FF-0A0B", NULL);
	memcpy(e, save, sizeof(save));
	e[0] = 0xe5;
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	check_ident(&fs, "00FF-0A0B", NULL);
	free(m.buf);
}

TEST(fat_uuid_and_label_fat16)
{
	label_from_root("fat16", 39, "1A2B-3C4D", "PVGRUB FAT");
}

TEST(fat_uuid_and_label_fat32)
{
	label_from_root("fat32", 67, "DEAD-BEEF", "PVGRUB F32");
}

TEST(fat_label_search_stops_at_damage)
{
	static struct fat_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	uint8_t *e;

	/* FAT32's root is a chain of one-sector clusters: with the label
	 * entry gone and the chain broken after the first, the search for a
	 * label stops there and the mount still works. */
	if (mount_image(&m, &dev, &fs, "fat32") < 0)
		return;
	e = label_entry(&fs, m.buf);
	if (e)
		e[0] = 0xe5;
	set_fat(&fs, m.buf, 2, fs.root_cluster, 0);
	CHECK_INT(fat_mount(&fs, &dev, work, sizeof(work)), 0);
	check_ident(&fs, "DEAD-BEEF", NULL);
	free(m.buf);
}
