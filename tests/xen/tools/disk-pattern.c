/*
 * dom0 test helper for block-device tests: writes or checks the test
 * pattern in a disk image. Byte at disk offset o holds
 * ((o / 512) * 13 + (o % 512) * 7 + SEED) & 0xff.
 *   disk-pattern write FILE FIRST-SECTOR COUNT SEED
 *   disk-pattern check FILE FIRST-SECTOR COUNT SEED
 * check prints "disk-pattern: ok" or the first differing byte; exit 0 or 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t pattern(uint64_t off, unsigned seed)
{
	return (uint8_t)(((off >> 9) * 13 + (off & 511) * 7 + seed) & 0xff);
}

int main(int argc, char **argv)
{
	uint8_t sector[512];
	uint64_t first, count;
	unsigned seed;
	int writing;
	FILE *f;

	if (argc != 6 || (strcmp(argv[1], "write") && strcmp(argv[1], "check"))) {
		fprintf(stderr, "usage: disk-pattern write|check FILE FIRST COUNT SEED\n");
		return 2;
	}
	writing = strcmp(argv[1], "write") == 0;
	first = strtoull(argv[3], NULL, 0);
	count = strtoull(argv[4], NULL, 0);
	seed = (unsigned)strtoul(argv[5], NULL, 0);
	f = fopen(argv[2], writing ? "r+b" : "rb");
	if (!f || fseek(f, (long)(first * 512), SEEK_SET) != 0) {
		perror("disk-pattern: open/seek");
		return 1;
	}
	for (uint64_t s = first; s < first + count; s++) {
		if (writing) {
			for (unsigned i = 0; i < 512; i++)
				sector[i] = pattern(s * 512 + i, seed);
			if (fwrite(sector, 512, 1, f) != 1) {
				perror("disk-pattern: write");
				return 1;
			}
			continue;
		}
		if (fread(sector, 512, 1, f) != 1) {
			perror("disk-pattern: read");
			return 1;
		}
		for (unsigned i = 0; i < 512; i++) {
			if (sector[i] != pattern(s * 512 + i, seed)) {
				printf("disk-pattern: sector %llu byte %u is 0x%02x, expected "
				       "0x%02x\n",
				       (unsigned long long)s, i, sector[i],
				       pattern(s * 512 + i, seed));
				return 1;
			}
		}
	}
	if (fclose(f) != 0) {
		perror("disk-pattern: close");
		return 1;
	}
	if (!writing)
		printf("disk-pattern: ok\n");
	return 0;
}
