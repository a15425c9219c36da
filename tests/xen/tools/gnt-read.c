/*
 * dom0 test helper: maps page REF granted by domain DOMID through gntdev
 * (Debian's libxengnttab) and checks it holds the self-test pattern
 * (byte i == (i * 7 + SEED) & 0xff). Prints "gnt-read: ok <sum>" and exits
 * 0, or says what differed and exits 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <xengnttab.h>

int main(int argc, char **argv)
{
	xengnttab_handle *xgt;
	const uint8_t *page;
	unsigned long sum = 0;
	unsigned seed;
	int domid, ref;

	if (argc != 4) {
		fprintf(stderr, "usage: gnt-read DOMID REF SEED\n");
		return 2;
	}
	domid = atoi(argv[1]);
	ref = atoi(argv[2]);
	seed = (unsigned)atoi(argv[3]);
	xgt = xengnttab_open(NULL, 0);
	if (!xgt) {
		perror("gnt-read: xengnttab_open");
		return 1;
	}
	page = xengnttab_map_grant_ref(xgt, (uint32_t)domid, (uint32_t)ref, PROT_READ);
	if (!page) {
		perror("gnt-read: xengnttab_map_grant_ref");
		return 1;
	}
	for (unsigned i = 0; i < 4096; i++) {
		uint8_t want = (uint8_t)((i * 7 + seed) & 0xff);
		if (page[i] != want) {
			printf("gnt-read: byte %u is 0x%02x, expected 0x%02x\n", i, page[i], want);
			return 1;
		}
		sum += page[i];
	}
	xengnttab_unmap(xgt, (void *)page, 1);
	xengnttab_close(xgt);
	printf("gnt-read: ok %lu\n", sum);
	return 0;
}
