/*
 * libFuzzer harness: arbitrary bytes as a PV kernel image: the ELF parser
 * and, when the bytes carry a bzImage header, the payload finder, whose
 * payload is then parsed as an ELF too. What a successful parse hands out
 * must be inside the image and the load range; the boot layout planned
 * from it (lib/loader/pv_layout, for a 256 MiB domain) must fit the domain
 * and, when it is small, its page tables must map exactly its pages.
 */
#include "lib/loader/elf_xen.h"
#include "lib/loader/pv_layout.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct elf_xen_info info;

#define DOMAIN_PAGES   65536u
#define MAX_TABLES_RUN 64u

static uint64_t identity(uint64_t pfn, void *ctx)
{
	(void)ctx;
	return pfn + 1;
}

static void plan(void)
{
	static uint64_t pages[MAX_TABLES_RUN][PV_PT_ENTRIES];
	uint64_t *tables[MAX_TABLES_RUN];
	struct pv_layout l;
	char err[160];
	uint64_t mapped = 0;

	if (pv_layout_plan(&l, &info, 1u << 20, DOMAIN_PAGES, err, sizeof(err)) != 0) {
		if (strnlen(err, sizeof(err)) == 0)
			__builtin_trap();
		return;
	}
	if (l.mapped_pages > DOMAIN_PAGES || l.stack_pfn >= l.mapped_pages ||
	    l.pt_pfn + l.pt_pages > l.stack_pfn || l.kernel_pfn + l.kernel_pages > l.ramdisk_pfn)
		__builtin_trap();
	if (l.pt_pages > MAX_TABLES_RUN)
		return;
	memset(pages, 0, sizeof(pages));
	for (unsigned i = 0; i < l.pt_pages; i++)
		tables[i] = pages[i];
	pv_layout_page_tables(&l, tables, identity, NULL);
	for (unsigned i = 1 + l.nr_l3 + l.nr_l2; i < l.pt_pages; i++)
		for (unsigned e = 0; e < PV_PT_ENTRIES; e++)
			mapped += (pages[i][e] & PV_PTE_PRESENT) != 0;
	if (mapped != l.mapped_pages)
		__builtin_trap();
}

static void parse(const uint8_t *img, size_t len)
{
	if (elf_xen_parse(img, len, &info) != 0) {
		if (strnlen(info.err, sizeof(info.err)) == 0)
			__builtin_trap(); /* every refusal says why */
		return;
	}
	if (info.nsegs < 1 || info.nsegs > ELF_XEN_MAX_SEGMENTS ||
	    info.virt_kend - info.virt_kstart > ELF_XEN_MAX_SPAN ||
	    info.virt_entry < info.virt_kstart || info.virt_entry >= info.virt_kend)
		__builtin_trap();
	for (int i = 0; i < info.nsegs; i++) {
		const struct elf_xen_segment *s = &info.segs[i];
		if (s->offset > len || s->filesz > len - s->offset || s->filesz > s->memsz ||
		    s->dest < info.virt_kstart || s->memsz > info.virt_kend - s->dest)
			__builtin_trap();
	}
	plan();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off, len;

	parse(data, size);
	if (bzimage_payload(data, size, &off, &len) == 0) {
		if (off > size || len > size - off)
			__builtin_trap();
		parse(data + off, len);
	}
	return 0;
}
