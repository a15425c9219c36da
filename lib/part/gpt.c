/*
 * GUID partition tables: the header at LBA 1 (or, when that one is damaged,
 * the backup header in the last sector), checked field by field and by its
 * CRC32, then the entries array, checked by its CRC32 before any entry is
 * believed. Partition N is entry N; empty entries (zero type GUID) are
 * skipped but keep their number, as GRUB does, so numbers do not shift when
 * a partition in the middle is deleted. Entry counts and sizes are bounded
 * (PART_GPT_MAX_ENTRIES, PART_GPT_MAX_ENTRY_SIZE) before anything is
 * multiplied.
 */
#include "lib/part/part.h"

#include "lib/crc32.h"
#include "lib/errno.h"
#include "lib/string.h"

#define GPT_HEADER_MIN 92
#define GPT_HEADER_MAX 512
#define GPT_ENTRY_MIN  128

struct gpt_table {
	uint64_t entries_off; /* bytes */
	uint32_t count, entry_size;
};

/* 0 when the header in sector lba is sound and its entries array matches its
 * CRC; fills *t. -EUCLEAN otherwise, or a read error. */
static int gpt_header(const struct blockdev *disk, uint64_t lba, struct gpt_table *t)
{
	uint32_t ss = blockdev_sector_size(disk);
	uint64_t nsect = disk->size / ss;
	uint8_t h[GPT_HEADER_MAX];
	int r;

	if (lba >= nsect)
		return -EUCLEAN;
	r = blockdev_read(disk, lba * ss, h, ss < sizeof(h) ? ss : sizeof(h));
	if (r < 0)
		return r;
	if (memcmp(h, "EFI PART", 8) != 0)
		return -EUCLEAN;

	uint32_t hsize = get_le32(h + 12);
	if (hsize < GPT_HEADER_MIN || hsize > ss || hsize > sizeof(h))
		return -EUCLEAN;
	uint32_t want = get_le32(h + 16);
	memset(h + 16, 0, 4);
	if (crc32_update(0, h, hsize) != want)
		return -EUCLEAN;
	if (get_le64(h + 24) != lba)
		return -EUCLEAN;

	uint64_t entries_lba = get_le64(h + 72);
	uint32_t count = get_le32(h + 80), esize = get_le32(h + 84);
	if (count > PART_GPT_MAX_ENTRIES || esize < GPT_ENTRY_MIN ||
	    esize > PART_GPT_MAX_ENTRY_SIZE || esize % 8 != 0)
		return -EUCLEAN;
	uint64_t bytes = (uint64_t)count * esize; /* <= 2^22: no overflow */
	if (entries_lba < 2 || entries_lba >= nsect || bytes > disk->size - entries_lba * ss)
		return -EUCLEAN;

	/* The entries' CRC, a piece at a time. */
	uint32_t crc = 0;
	uint64_t off = entries_lba * ss;
	for (uint64_t done = 0; done < bytes;) {
		uint8_t buf[512];
		size_t n = bytes - done < sizeof(buf) ? (size_t)(bytes - done) : sizeof(buf);

		r = blockdev_read(disk, off + done, buf, n);
		if (r < 0)
			return r;
		crc = crc32_update(crc, buf, n);
		done += n;
	}
	if (crc != get_le32(h + 88))
		return -EUCLEAN;

	t->entries_off = off;
	t->count = count;
	t->entry_size = esize;
	return 0;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

int part_gpt_walk(const struct blockdev *disk, part_fn fn, void *ctx)
{
	uint32_t ss = blockdev_sector_size(disk);
	uint64_t nsect = disk->size / ss;
	struct gpt_table t;
	int r;

	if (nsect < 3)
		return -EUCLEAN;
	r = gpt_header(disk, 1, &t);
	if (r == -EUCLEAN)
		r = gpt_header(disk, nsect - 1, &t);
	if (r < 0)
		return r;

	for (uint32_t i = 0; i < t.count; i++) {
		uint8_t e[GPT_ENTRY_MIN];
		struct part_info p;

		r = blockdev_read(disk, t.entries_off + (uint64_t)i * t.entry_size, e, sizeof(e));
		if (r < 0)
			return r;
		if (all_zero(e, 16))
			continue;
		memset(&p, 0, sizeof(p));
		p.index = (int)i;
		memcpy(p.gpt_type, e, 16);
		memcpy(p.gpt_guid, e + 16, 16);

		uint64_t first = get_le64(e + 32), last = get_le64(e + 40);
		if (first > last || last >= nsect) {
			p.outside = true; /* sizes left zero: nothing to trust */
		} else {
			p.start = first * ss;
			p.length = (last - first + 1) * ss;
		}
		r = fn(&p, ctx);
		if (r)
			return r;
	}
	return 0;
}
