/*
 * MBR partition tables: the four primary entries of sector 0 (numbers 0-3)
 * and the chain of EBRs in the first extended partition (types 0x05, 0x0f,
 * 0x85), whose non-empty data entries are numbered 4, 5, ... Each EBR must
 * lie inside the extended partition and the chain is followed at most
 * PART_MAX_LOGICAL times, so a loop ends in -ELOOP. A logical partition that
 * leaves its extended partition, or any partition past the end of the disk,
 * is reported with `outside` set.
 */
#include "lib/part/part.h"

#include "lib/errno.h"
#include "lib/string.h"

#define MBR_TABLE     446
#define MBR_ENTRY     16
#define MBR_SIGNATURE 510

static bool is_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0f || type == 0x85;
}

static bool has_signature(const uint8_t *sector)
{
	return sector[MBR_SIGNATURE] == 0x55 && sector[MBR_SIGNATURE + 1] == 0xaa;
}

bool part_mbr_valid(const uint8_t *sector0, bool *protective)
{
	*protective = false;
	if (!has_signature(sector0))
		return false;
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = sector0 + MBR_TABLE + i * MBR_ENTRY;
		if (e[0] != 0x00 && e[0] != 0x80)
			return false; /* a boot sector of some file system, not a table */
		if (e[4] == 0xee)
			*protective = true;
	}
	return true;
}

/* Describes the range [first, first + count) sectors inside the container
 * [lo, hi) sectors. */
static void set_range(struct part_info *p, uint64_t first, uint64_t count, uint64_t lo, uint64_t hi,
		      uint32_t ss)
{
	p->start = first * ss;
	p->length = count * ss;
	p->outside = count == 0 || first < lo || first > hi || count > hi - first;
}

int part_mbr_walk(const struct blockdev *disk, const uint8_t *sector0, part_fn fn, void *ctx)
{
	uint32_t ss = blockdev_sector_size(disk);
	uint64_t nsect = disk->size / ss;
	uint64_t ext_first = 0, ext_count = 0;
	bool have_ext = false;
	int r;

	for (int i = 0; i < 4; i++) {
		const uint8_t *e = sector0 + MBR_TABLE + i * MBR_ENTRY;
		struct part_info p;

		if (e[4] == 0)
			continue;
		memset(&p, 0, sizeof(p));
		p.index = i;
		p.mbr_type = e[4];
		p.bootable = e[0] == 0x80;
		set_range(&p, get_le32(e + 8), get_le32(e + 12), 0, nsect, ss);
		if (is_extended(e[4]) && !have_ext && !p.outside) {
			have_ext = true;
			ext_first = get_le32(e + 8);
			ext_count = get_le32(e + 12);
		}
		r = fn(&p, ctx);
		if (r)
			return r;
	}
	if (!have_ext)
		return 0;

	uint64_t ebr = ext_first, ext_end = ext_first + ext_count;
	int index = 4;
	for (int hops = 0;; hops++) {
		uint8_t sec[512];

		if (hops >= PART_MAX_LOGICAL)
			return -ELOOP;
		if (ebr < ext_first || ebr >= ext_end)
			return -EUCLEAN;
		r = blockdev_read(disk, ebr * ss, sec, sizeof(sec));
		if (r < 0)
			return r;
		if (!has_signature(sec))
			return -EUCLEAN;

		const uint8_t *data = sec + MBR_TABLE, *next = sec + MBR_TABLE + MBR_ENTRY;
		if (data[4] != 0 && get_le32(data + 12) != 0) {
			struct part_info p;

			memset(&p, 0, sizeof(p));
			p.index = index++;
			p.mbr_type = data[4];
			p.bootable = data[0] == 0x80;
			/* The data entry is relative to its own EBR; it may not leave
			 * the extended partition nor cover the EBR itself. */
			set_range(&p, ebr + get_le32(data + 8), get_le32(data + 12), ebr + 1,
				  ext_end, ss);
			r = fn(&p, ctx);
			if (r)
				return r;
		}
		if (!is_extended(next[4]) || get_le32(next + 8) == 0)
			return 0;
		/* The link is relative to the start of the extended partition. */
		ebr = ext_first + get_le32(next + 8);
	}
}
