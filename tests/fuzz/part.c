/*
 * libFuzzer harness: arbitrary bytes as a disk with 512-byte and with 4 KiB
 * sectors, once as they are and once with the primary GPT's CRCs made to
 * match (else the fuzzer could hardly get past them). Every partition
 * listed must lie inside the disk, and every window part_find() hands out
 * must read up to its end and not one byte further.
 */
#include "lib/blockdev.h"
#include "lib/crc32.h"
#include "lib/part/part.h"
#include "tests/fuzz/mem_blockdev.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Makes the CRCs of a GPT header in sector 1 (sector size ss) right. */
static void fix_gpt(uint8_t *d, size_t size, uint32_t ss)
{
	if (size < 2 * (size_t)ss || memcmp(d + ss, "EFI PART", 8) != 0)
		return;
	uint8_t *h = d + ss;
	uint64_t lba = get_le64(h + 72);
	uint64_t bytes = (uint64_t)get_le32(h + 80) * get_le32(h + 84);
	if (lba < size / ss && bytes <= size - lba * ss)
		put32(h + 88, crc32_update(0, d + lba * ss, (size_t)bytes));
	uint32_t hsize = get_le32(h + 12);
	if (hsize >= 92 && hsize <= ss && hsize <= 512) {
		put32(h + 16, 0);
		put32(h + 16, crc32_update(0, h, hsize));
	}
}

static void walk(const uint8_t *d, size_t size, uint32_t ss)
{
	struct blockdev disk = mem_blockdev(d, size, ss), part;
	struct part_info p[16];
	enum part_scheme scheme;
	uint8_t b;

	int n = part_list(&disk, &scheme, p, 16);
	for (int i = 0; i < n && i < 16; i++)
		if (p[i].outside || p[i].start > size || p[i].length > size - p[i].start)
			__builtin_trap();

	/* Each listed partition, the whole disk, and one number not listed. */
	int want[18], nwant = 0;
	want[nwant++] = PART_WHOLE_DISK;
	for (int i = 0; i < n && i < 16; i++)
		want[nwant++] = p[i].index;
	want[nwant++] = n > 0 && n <= 16 ? p[n - 1].index + 1 : 0;
	for (int i = 0; i < nwant; i++) {
		if (part_find(&disk, want[i], &part) != 0)
			continue;
		if (part.base + part.size > size)
			__builtin_trap();
		if (part.size && blockdev_read(&part, part.size - 1, &b, 1) != 0)
			__builtin_trap();
		if (blockdev_read(&part, part.size, &b, 1) == 0)
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy;

	walk(data, size, 512);
	walk(data, size, 4096);
	copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	fix_gpt(copy, size, 512);
	walk(copy, size, 512);
	memcpy(copy, data, size);
	fix_gpt(copy, size, 4096);
	walk(copy, size, 4096);
	free(copy);
	return 0;
}
