/*
 * lib/fs/fs: the front finds the file system on images of every kind
 * make-images.sh built (ext, FAT, ISO9660, also inside a partition) and
 * reads the same file through the same calls; devices holding none, or a
 * damaged one, give the right error. Every image's UUID and label are what
 * blkid printed for it (the same forms as GRUB 2's for the images made),
 * and the known values given to the tools.
 */
#include "lib/errno.h"
#include "lib/fs/fs.h"
#include "lib/part/part.h"
#include "tests/unit/check.h"
#include "tests/unit/disk_image.h"
#include "tests/unit/image_tree.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t work[FS_WORK_SIZE];
static struct fs fs;

struct kinds {
	int reg, dir, symlink, other, names;
};

static int count_kind(const char *name, size_t len, enum fs_kind kind, void *ctx)
{
	struct kinds *k = ctx;

	k->names += strlen(name) == len;
	k->reg += kind == FS_KIND_REG;
	k->dir += kind == FS_KIND_DIR;
	k->symlink += kind == FS_KIND_SYMLINK;
	k->other += kind == FS_KIND_OTHER || kind == FS_KIND_UNKNOWN;
	return 0;
}

/* Mounts image file, checks its type name, and reads path against the
 * tree's host file. */
static void check_front(const char *file, const char *type, const char *path, const char *src,
			const char *host)
{
	static uint8_t buf[2 << 20];
	struct image_tree t = { 0 };
	struct mem_disk m;
	struct blockdev dev;
	struct fs_file f;
	size_t len, got;
	uint8_t *want;

	snprintf(t.src, sizeof(t.src), "%s", src);
	want = tree_file(&t, host, &len);
	if (!want || mem_disk_open(&m, &dev, file) < 0) {
		free(want);
		return;
	}
	if (fs_mount(&fs, &dev, work, sizeof(work)) != 0) {
		unit_fail(__FILE__, __LINE__, "%s: %s", file, fs_error(&fs));
		goto out;
	}
	CHECK_STR(fs_type_name(&fs), type);
	CHECK_STR(fs_error(&fs), "");
	CHECK_INT(fs_lookup(&fs, path, &f), 0);
	CHECK(fs_is_reg(&f) && !fs_is_dir(&f));
	CHECK_INT(fs_size(&f), len);
	CHECK(len <= sizeof(buf));
	CHECK_INT(fs_read(&fs, &f, 0, buf, sizeof(buf), &got), 0);
	CHECK_INT(got, len);
	CHECK(memcmp(buf, want, len) == 0);
	CHECK_INT(fs_read(&fs, &f, len - 10, buf, 100, &got), 0);
	CHECK_INT(got, 10);

	struct kinds k = { 0 };
	CHECK_INT(fs_lookup(&fs, "/boot", &f), 0);
	CHECK(fs_is_dir(&f));
	CHECK_INT(fs_readdir(&fs, &f, count_kind, &k), 0);
	CHECK(k.reg >= 1 && k.dir >= 1 && k.other == 0 && k.names == k.reg + k.dir + k.symlink);
	CHECK_INT(fs_lookup(&fs, "boot/nothing", &f), -ENOENT);
	CHECK(strstr(fs_error(&fs), "boot/nothing: not found") != NULL);
	CHECK_INT(fs_readdir(&fs, &f, count_kind, &k), -EINVAL); /* not from a lookup that worked */
out:
	free(want);
	free(m.buf);
}

TEST(fs_mounts_every_kind)
{
	check_front("ext4.img", "ext2/3/4", "/boot/grub/menu.lst", "src", "boot/grub/menu.lst");
	check_front("ext2-1k.img", "ext2/3/4", "links/fast", "src", "boot/vmlinuz");
	check_front("fat12.img", "FAT12", "BOOT/GRUB/menu.lst", "fsrc", "boot/grub/menu.lst");
	check_front("fat16-4k.img", "FAT16", "/boot/vmlinuz", "fsrc", "boot/vmlinuz");
	check_front("fat32.img", "FAT32", "/boot/grub/menu.lst", "fsrc", "boot/grub/menu.lst");
	check_front("iso-rr.iso", "ISO9660 (Rock Ridge)", "links/fast", "isrc", "boot/vmlinuz");
	check_front("iso-rr-joliet.iso", "ISO9660 (Rock Ridge)", "/boot/grub/menu.lst", "isrc",
		    "boot/grub/menu.lst");
	check_front("iso-joliet.iso", "ISO9660 (Joliet)", "/boot/grub/menu.lst", "isrc",
		    "boot/grub/menu.lst");
	check_front("iso-plain.iso", "ISO9660", "/boot/grub/menu.lst", "isrc",
		    "boot/grub/menu.lst");
}

TEST(fs_mounts_inside_a_partition)
{
	struct mem_disk m;
	struct blockdev dev, part;
	struct fs_file f;

	if (mem_disk_open(&m, &dev, "mbr.img") < 0)
		return;
	CHECK_INT(part_find(&dev, 5, &part), 0);
	CHECK_INT(fs_mount(&fs, &part, work, sizeof(work)), 0);
	CHECK_STR(fs_type_name(&fs), "ext2/3/4");
	CHECK_INT(fs_lookup(&fs, "sub/deeper/file", &f), 0);
	CHECK_INT(fs_size(&f), 12345);
	free(m.buf);
}

TEST(fs_tells_none_from_damaged)
{
	static uint8_t zeros[1 << 16];
	struct mem_disk m = { zeros, sizeof(zeros), 0 };
	struct blockdev dev;
	struct fs_file f;
	size_t got;

	mem_blockdev(&dev, &m);
	CHECK_INT(fs_mount(&fs, &dev, work, sizeof(work)), -EINVAL);
	CHECK_STR(fs_error(&fs), "no ISO9660, ext2/3/4 or FAT file system");
	CHECK_STR(fs_type_name(&fs), "none");
	CHECK_INT(fs_lookup(&fs, "x", &f), -EINVAL);
	CHECK_INT(fs_read(&fs, &f, 0, zeros, 1, &got), -EINVAL);

	/* An ext superblock with a bad block size: ext's error, not "none". */
	if (mem_disk_open(&m, &dev, "ext2-1k.img") < 0)
		return;
	m.buf[1024 + 0x18] = 9;
	CHECK_INT(fs_mount(&fs, &dev, work, sizeof(work)), -EUCLEAN);
	CHECK(strstr(fs_error(&fs), "ext: bad block size") != NULL);
	free(m.buf);

	/* An ISO9660 with 512-byte blocks: its error. */
	if (mem_disk_open(&m, &dev, "iso-plain.iso") < 0)
		return;
	m.buf[16 * 2048 + 128] = 0;
	m.buf[16 * 2048 + 129] = 2;
	CHECK_INT(fs_mount(&fs, &dev, work, sizeof(work)), -EOPNOTSUPP);
	CHECK(strstr(fs_error(&fs), "iso9660: logical blocks of 512 bytes") != NULL);
	free(m.buf);

	/* A work area too small for ext's 4 KiB blocks: -ENOMEM, said so. */
	if (mem_disk_open(&m, &dev, "ext4.img") < 0)
		return;
	CHECK_INT(fs_mount(&fs, &dev, work, 4096), -ENOMEM);
	CHECK(strstr(fs_error(&fs), "work area") != NULL);
	free(m.buf);
}

/* ---- UUIDs and labels -------------------------------------------------------- */

/* Every file system image make-images.sh built, with its file name. */
static const char *const fs_images[] = {
	"ext2-1k.img",
	"ext2-4k.img",
	"ext2-rev0.img",
	"ext3.img",
	"ext4.img",
	"ext4-1k.img",
	"ext4-64bit-csum.img",
	"ext4-blockmap.img",
	"ext4-inline.img",
	"ext4-metabg.img",
	"ext4-bigalloc.img",
	"ext4-64k.img",
	"ext4-largedir.img",
	"ext4-casefold-encrypt.img",
	"fat12.img",
	"fat12-2k.img",
	"fat16.img",
	"fat16-4k.img",
	"fat32.img",
	"iso-rr.iso",
	"iso-rr-joliet.iso",
	"iso-reloc.iso",
	"iso-joliet.iso",
	"iso-plain.iso",
};

/* The value of "KEY=" in what blkid printed for image (NAME.blkid), "" when
 * it printed none; false when the file is missing. */
static bool blkid_value(const char *image, const char *key, char *out, size_t size)
{
	char fn[96], line[256];
	size_t klen = strlen(key);
	bool found = false;
	FILE *f;

	snprintf(fn, sizeof(fn), "%.*s.blkid", (int)strcspn(image, "."), image);
	f = fopen(image_path(fn), "r");
	if (!f) {
		unit_fail(__FILE__, __LINE__, "no %s", fn);
		return false;
	}
	out[0] = '\0';
	while (!found && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, key, klen) == 0 && line[klen] == '=') {
			snprintf(out, size, "%s", line + klen + 1);
			found = true;
		}
	}
	fclose(f);
	if (!found)
		unit_fail(__FILE__, __LINE__, "%s: no %s line", fn, key);
	return found;
}

/* fs_uuid() or fs_label() of the mounted fs against blkid's value. */
static void check_ident(const char *image, const char *key,
			int (*get)(const struct fs *, char *, size_t))
{
	char want[128], got[FS_LABEL_SIZE > FS_UUID_SIZE ? FS_LABEL_SIZE : FS_UUID_SIZE];
	int r;

	if (!blkid_value(image, key, want, sizeof(want)))
		return;
	r = get(&fs, got, sizeof(got));
	if (want[0] == '\0' ? r != -ENOENT : r != 0 || strcmp(got, want) != 0)
		unit_fail(__FILE__, __LINE__, "%s: %s: %d \"%s\", blkid says \"%s\"", image, key, r,
			  got, want);
}

TEST(fs_uuid_and_label_are_blkids)
{
	for (size_t i = 0; i < sizeof(fs_images) / sizeof(fs_images[0]); i++) {
		struct mem_disk m;
		struct blockdev dev;

		if (mem_disk_open(&m, &dev, fs_images[i]) < 0)
			continue;
		if (fs_mount(&fs, &dev, work, sizeof(work)) != 0)
			unit_fail(__FILE__, __LINE__, "%s: %s", fs_images[i], fs_error(&fs));
		else {
			check_ident(fs_images[i], "UUID", fs_uuid);
			check_ident(fs_images[i], "LABEL", fs_label);
		}
		free(m.buf);
	}
}

/* The UUID and label of image (NULL: it has none) as the tools were told. */
static void check_known(const char *image, const char *uuid, const char *label)
{
	char buf[FS_LABEL_SIZE];
	struct mem_disk m;
	struct blockdev dev;

	if (mem_disk_open(&m, &dev, image) < 0)
		return;
	CHECK_INT(fs_mount(&fs, &dev, work, sizeof(work)), 0);
	if (uuid) {
		CHECK_INT(fs_uuid(&fs, buf, sizeof(buf)), 0);
		CHECK_STR(buf, uuid);
		/* Exactly the text and its NUL fit; one byte less does not. */
		CHECK_INT(fs_uuid(&fs, buf, strlen(uuid) + 1), 0);
		CHECK_INT(fs_uuid(&fs, buf, strlen(uuid)), -E2BIG);
		CHECK_STR(buf, "");
	}
	if (label) {
		CHECK_INT(fs_label(&fs, buf, sizeof(buf)), 0);
		CHECK_STR(buf, label);
		CHECK_INT(fs_label(&fs, buf, strlen(label)), -E2BIG);
	} else {
		CHECK_INT(fs_label(&fs, buf, sizeof(buf)), -ENOENT);
		CHECK_STR(buf, "");
	}
	free(m.buf);
}

TEST(fs_uuid_and_label_are_the_ones_given)
{
	check_known("ext4.img", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "PVGRUB root");
	check_known("ext2-1k.img", NULL, "sixteen-chars-16");
	check_known("ext2-4k.img", NULL, NULL);
	check_known("fat16.img", "1A2B-3C4D", "PVGRUB FAT");
	check_known("fat32.img", "DEAD-BEEF", "PVGRUB F32");
	check_known("fat12.img", NULL, NULL);
	check_known("iso-rr.iso", "2023-12-24-23-59-59-00", "PVGRUB_RR");
	check_known("iso-rr-joliet.iso", NULL, "PVGRUB RRJ");
	check_known("iso-joliet.iso", "2021-06-07-08-09-10-00", "PvGrub Joliet");
	check_known("iso-plain.iso", NULL, "ISOIMAGE");
}

TEST(fs_uuid_and_label_need_a_mount)
{
	static uint8_t zeros[1 << 16];
	struct mem_disk m = { zeros, sizeof(zeros), 0 };
	struct blockdev dev;
	char buf[FS_LABEL_SIZE] = "x";

	mem_blockdev(&dev, &m);
	CHECK_INT(fs_mount(&fs, &dev, work, sizeof(work)), -EINVAL);
	CHECK_INT(fs_uuid(&fs, buf, sizeof(buf)), -EINVAL);
	CHECK_STR(buf, "");
	CHECK_INT(fs_label(&fs, buf, sizeof(buf)), -EINVAL);
	CHECK_INT(fs_uuid(&fs, buf, 0), -EINVAL);
}
