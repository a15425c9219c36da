/*
 * lib/part: partition tables made by sfdisk (MBR with logical partitions),
 * sgdisk and fdisk (GPT, 512-byte and 4 KiB sectors) are listed exactly as
 * the tools list them, with GRUB legacy's numbers; a file system inside a
 * partition is read through the window; damaged copies (EBR loops, bad CRCs,
 * impossible entry counts, a cut-short disk) give errors, not nonsense.
 */
#include "lib/crc32.h"
#include "lib/errno.h"
#include "lib/fs/ext.h"
#include "lib/part/part.h"
#include "tests/unit/check.h"
#include "tests/unit/disk_image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t work[2 * EXT_MAX_BLOCKSIZE];

static void poke32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Compares part_list() with the tool's listing NAME.parts. */
static void check_listing(const struct blockdev *dev, const char *name, enum part_scheme want)
{
	struct part_info p[16];
	enum part_scheme scheme;
	char fn[64], type[64];
	long long idx, start, size;
	int n = part_list(dev, &scheme, p, 16), i = 0;
	FILE *f;

	CHECK_INT(scheme, want);
	snprintf(fn, sizeof(fn), "%s.parts", name);
	f = fopen(image_path(fn), "r");
	if (!f) {
		unit_fail(__FILE__, __LINE__, "no %s", fn);
		return;
	}
	while (fscanf(f, "%lld %lld %lld %63s", &idx, &start, &size, type) == 4) {
		if (i >= n) {
			unit_fail(__FILE__, __LINE__, "%s: partition %lld missing", name, idx);
			break;
		}
		CHECK_INT(p[i].index, idx);
		CHECK_INT(p[i].start, start);
		CHECK_INT(p[i].length, size);
		if (want == PART_MBR)
			CHECK_INT(p[i].mbr_type, strtol(type, NULL, 16));
		i++;
	}
	fclose(f);
	CHECK_INT(n, i);
}

/* Reads a file of src/dir through the ext reader on partition index. */
static void check_fs_in(const struct blockdev *disk, int index)
{
	static struct ext_fs fs;
	struct blockdev part;
	struct ext_inode in;
	uint8_t buf[12345];
	size_t got, len;
	uint8_t *want = load_file(image_path("src/dir/sub/deeper/file"), &len);

	CHECK_INT(part_find(disk, index, &part), 0);
	CHECK_INT(ext_mount(&fs, &part, work, sizeof(work)), 0);
	CHECK_INT(ext_lookup(&fs, "sub/deeper/file", true, &in), 0);
	CHECK_INT(ext_read(&fs, &in, 0, buf, sizeof(buf), &got), 0);
	CHECK(want && len == sizeof(buf) && got == len && memcmp(buf, want, len) == 0);
	free(want);
}

TEST(part_mbr_with_logical_partitions)
{
	struct mem_disk m;
	struct blockdev dev, part;

	if (mem_disk_open(&m, &dev, "mbr.img") < 0)
		return;
	check_listing(&dev, "mbr", PART_MBR);
	check_fs_in(&dev, 5);
	CHECK_INT(part_find(&dev, 7, &part), -ENOENT);
	CHECK_INT(part_find(&dev, 0, &part), 0);
	CHECK_INT(part.base, 1048576);
	CHECK_INT(part.size, 4194304);

	struct part_info p[8];
	CHECK_INT(part_list(&dev, NULL, p, 8), 7);
	CHECK(p[0].bootable && !p[1].bootable);

	/* A window never reads outside itself. */
	uint8_t b[16];
	CHECK_INT(blockdev_read(&part, part.size - 8, b, 16), -ERANGE);
	CHECK_INT(blockdev_read(&part, part.size - 16, b, 16), 0);
	CHECK_INT(blockdev_read(&part, UINT64_MAX, b, 16), -ERANGE);
	free(m.buf);
}

/* The byte offset of the EBR of logical partition index (4, 5, ...). */
static size_t ebr_offset(const uint8_t *img, int index)
{
	size_t ext = (size_t)get_le32(img + 446 + 3 * 16 + 8) * 512, ebr = ext;

	for (int i = 4; i < index; i++)
		ebr = ext + (size_t)get_le32(img + ebr + 446 + 16 + 8) * 512;
	return ebr;
}

TEST(part_mbr_ebr_loops_and_strays)
{
	struct mem_disk m;
	struct blockdev dev, part;
	struct part_info p[16];

	if (mem_disk_open(&m, &dev, "mbr.img") < 0)
		return;
	size_t last = ebr_offset(m.buf, 6);
	uint8_t save[16];
	memcpy(save, m.buf + last + 446 + 16, 16);

	/* The last EBR links to an empty sector, then back to the second EBR:
	 * a loop. */
	uint32_t second_rel = (uint32_t)((ebr_offset(m.buf, 5) - ebr_offset(m.buf, 4)) / 512);
	m.buf[last + 446 + 16 + 4] = 0x05;
	poke32(m.buf + last + 446 + 16 + 8, 1);
	poke32(m.buf + last + 446 + 16 + 12, 1);
	CHECK_INT(part_list(&dev, NULL, p, 16), -EUCLEAN); /* no EBR signature there */
	poke32(m.buf + last + 446 + 16 + 8, second_rel);
	CHECK_INT(part_list(&dev, NULL, p, 16), -ELOOP);
	CHECK_INT(part_find(&dev, 5, &part), 0); /* before the loop: still there */
	CHECK_INT(part_find(&dev, 200, &part), -ELOOP);

	/* A link leaving the extended partition. */
	poke32(m.buf + last + 446 + 16 + 8, 1000000);
	CHECK_INT(part_list(&dev, NULL, p, 16), -EUCLEAN);
	memcpy(m.buf + last + 446 + 16, save, 16);
	CHECK_INT(part_list(&dev, NULL, p, 16), 7);

	/* A logical partition reaching out of its extended partition is listed
	 * as outside, and cannot be opened. */
	size_t second = ebr_offset(m.buf, 5);
	uint32_t len = get_le32(m.buf + second + 446 + 12);
	poke32(m.buf + second + 446 + 12, 0x7fffffff);
	CHECK_INT(part_list(&dev, NULL, p, 16), 6);
	CHECK_INT(part_find(&dev, 5, &part), -ERANGE);
	poke32(m.buf + second + 446 + 12, len);

	/* A disk cut short: partitions past its end are outside. */
	dev.size = 12 * 1024 * 1024;
	CHECK_INT(part_find(&dev, 0, &part), 0);
	CHECK_INT(part_find(&dev, 3, &part), -ERANGE); /* the extended one */
	CHECK_INT(part_find(&dev, 4, &part), -ENOENT); /* so no logical ones */
	CHECK_INT(part_list(&dev, NULL, p, 16), 3);
	free(m.buf);
}

TEST(part_no_table_is_the_whole_disk)
{
	struct mem_disk m;
	struct blockdev dev, part;
	enum part_scheme scheme;
	struct part_info p[4];

	if (mem_disk_open(&m, &dev, "ext4.img") < 0)
		return;
	CHECK_INT(part_list(&dev, &scheme, p, 4), 0);
	CHECK_INT(scheme, PART_NONE);
	CHECK_INT(part_find(&dev, PART_WHOLE_DISK, &part), 0);
	CHECK_INT(part.size, dev.size);
	CHECK_INT(part_find(&dev, 0, &part), -ENOENT);
	/* A boot sector with a 0x55aa signature but status bytes that are not
	 * 0x00/0x80 (a file system's boot code) is not a table either. */
	m.buf[510] = 0x55;
	m.buf[511] = 0xaa;
	m.buf[446] = 0x12;
	CHECK_INT(part_list(&dev, &scheme, p, 4), 0);
	CHECK_INT(scheme, PART_NONE);
	m.buf[446] = 0x80;
	CHECK_INT(part_list(&dev, &scheme, p, 4), 0); /* all four entries empty */
	CHECK_INT(scheme, PART_MBR);
	/* Too small for a boot sector. */
	dev.size = 100;
	CHECK_INT(part_list(&dev, &scheme, p, 4), 0);
	CHECK_INT(scheme, PART_NONE);
	free(m.buf);
}

TEST(part_gpt)
{
	struct mem_disk m;
	struct blockdev dev, part;
	struct part_info p[8];

	if (mem_disk_open(&m, &dev, "gpt.img") < 0)
		return;
	check_listing(&dev, "gpt", PART_GPT);
	check_fs_in(&dev, 3);
	CHECK_INT(part_find(&dev, 2, &part), -ENOENT); /* entry 3 is empty */
	CHECK_INT(part_list(&dev, NULL, p, 8), 4);
	/* Linux filesystem data GUID 0FC63DAF-8483-4772-8E79-3D69D8477DE4 */
	static const uint8_t linux_fs[16] = { 0xaf, 0x3d, 0xc6, 0x0f, 0x83, 0x84, 0x72, 0x47,
					      0x8e, 0x79, 0x3d, 0x69, 0xd8, 0x47, 0x7d, 0xe4 };
	CHECK(memcmp(p[0].gpt_type, linux_fs, 16) == 0);
	free(m.buf);
}

TEST(part_gpt_backup_header)
{
	struct mem_disk m;
	struct blockdev dev;

	if (mem_disk_open(&m, &dev, "gpt-backup.img") < 0)
		return;
	check_listing(&dev, "gpt", PART_GPT);
	check_fs_in(&dev, 3);
	free(m.buf);
}

TEST(part_gpt_4k_sectors)
{
	struct mem_disk m;
	struct blockdev dev;
	struct part_info p[4];

	if (mem_disk_open(&m, &dev, "gpt4k.img") < 0)
		return;
	CHECK_INT(part_list(&dev, NULL, p, 4), -EUCLEAN); /* read as 512: no header */
	dev.sector_size = 4096;
	check_listing(&dev, "gpt4k", PART_GPT);
	free(m.buf);
}

/* Rewrites the header CRC of the GPT header at byte off. */
static void fix_header_crc(uint8_t *h)
{
	poke32(h + 16, 0);
	poke32(h + 16, crc32_update(0, h, get_le32(h + 12)));
}

TEST(part_gpt_damaged)
{
	struct mem_disk m;
	struct blockdev dev, part;
	struct part_info p[8];

	if (mem_disk_open(&m, &dev, "gpt.img") < 0)
		return;
	uint8_t *h = m.buf + 512, *backup = m.buf + m.len - 512;
	uint8_t save[512], save_b[512];
	memcpy(save, h, 512);
	memcpy(save_b, backup, 512);

	/* Entries not matching their CRC in both copies. */
	m.buf[1024 + 56] ^= 1;
	size_t backup_entries = (size_t)get_le64(backup + 72) * 512;
	m.buf[backup_entries + 56] ^= 1;
	CHECK_INT(part_list(&dev, NULL, p, 8), -EUCLEAN);
	m.buf[backup_entries + 56] ^= 1;
	CHECK_INT(part_list(&dev, NULL, p, 8), 4); /* the backup's are intact */
	m.buf[1024 + 56] ^= 1;

	/* Entry counts and sizes that would overflow, with valid header CRCs;
	 * the backup header damaged too so that nothing rescues them. */
	memset(backup, 0, 512);
	poke32(h + 80, 0xffffffff);
	fix_header_crc(h);
	CHECK_INT(part_list(&dev, NULL, p, 8), -EUCLEAN);
	memcpy(h, save, 512);
	poke32(h + 84, 0x80000000);
	fix_header_crc(h);
	CHECK_INT(part_list(&dev, NULL, p, 8), -EUCLEAN);
	memcpy(h, save, 512);
	poke32(h + 84, 100); /* too small */
	fix_header_crc(h);
	CHECK_INT(part_list(&dev, NULL, p, 8), -EUCLEAN);
	memcpy(h, save, 512);
	poke32(h + 72, 0xfffffff0); /* entries past the end */
	poke32(h + 76, 0xffffffff);
	fix_header_crc(h);
	CHECK_INT(part_list(&dev, NULL, p, 8), -EUCLEAN);
	memcpy(h, save, 512);
	poke32(h + 12, 4096); /* header larger than a sector */
	fix_header_crc(h);
	CHECK_INT(part_list(&dev, NULL, p, 8), -EUCLEAN);
	memcpy(h, save, 512);
	poke32(h + 24, 5); /* claims to be somewhere else */
	fix_header_crc(h);
	CHECK_INT(part_list(&dev, NULL, p, 8), -EUCLEAN);
	memcpy(h, save, 512);
	CHECK_INT(part_list(&dev, NULL, p, 8), 4);

	/* An entry past the end of the disk, with the CRCs made to match. */
	uint8_t *e = m.buf + 1024 + 128 * 4;
	poke32(e + 40, 0xfffffff0);
	poke32(e + 44, 0);
	poke32(h + 88, crc32_update(0, m.buf + 1024, 128 * 128));
	fix_header_crc(h);
	CHECK_INT(part_list(&dev, NULL, p, 8), 3);
	CHECK_INT(part_find(&dev, 4, &part), -ERANGE);
	/* first > last */
	poke32(e + 40, 1);
	poke32(h + 88, crc32_update(0, m.buf + 1024, 128 * 128));
	fix_header_crc(h);
	CHECK_INT(part_find(&dev, 4, &part), -ERANGE);

	/* A protective MBR with no GPT at all. */
	memset(h, 0, 512);
	CHECK_INT(part_list(&dev, NULL, p, 8), -EUCLEAN);
	memcpy(backup, save_b, 512);
	free(m.buf);
}

TEST(crc32_check_value)
{
	CHECK_INT(crc32_update(0, "123456789", 9), 0xcbf43926);
	CHECK_INT(crc32_update(crc32_update(0, "1234", 4), "56789", 5), 0xcbf43926);
	CHECK_INT(crc32_update(0, "", 0), 0);
}
