/*
 * lib/loader/pv_layout: the builder-like layout for the numbers of Debian's
 * kernel (virt_base 0xffffffff80000000, kernel from 16 MiB to 74 MiB), the
 * page tables it describes, a mapping that crosses a 1 GiB boundary, and
 * the refusals (too little memory, impossible addresses).
 */
#include "lib/errno.h"
#include "lib/loader/pv_layout.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <string.h>

static struct elf_xen_info kernel(uint64_t base, uint64_t start, uint64_t end)
{
	struct elf_xen_info info;

	memset(&info, 0, sizeof(info));
	info.virt_base = base;
	info.virt_kstart = start;
	info.virt_kend = end;
	info.virt_entry = start + 0x1c0;
	info.virt_hypercall = ELF_XEN_UNSET;
	return info;
}

static uint64_t fake_mfn(uint64_t pfn, void *ctx)
{
	(void)ctx;
	return pfn * 3 + 7;
}

TEST(pv_layout_debian_kernel)
{
	struct elf_xen_info info =
		kernel(0xffffffff80000000ull, 0xffffffff81000000ull, 0xffffffff84a00000ull);
	struct pv_layout l;
	char err[160];

	CHECK_INT(pv_layout_plan(&l, &info, 1096188, 65536, err, sizeof(err)), 0);
	CHECK_INT(l.kernel_pfn, 4096);
	CHECK_INT(l.kernel_pages, 14848);
	CHECK_INT(l.ramdisk_pfn, 18944);
	CHECK_INT(l.ramdisk_pages, 268);
	CHECK_INT(l.p2m_pfn, 19212);
	CHECK_INT(l.p2m_pages, 128);
	CHECK_INT(l.start_info_pfn, 19340);
	CHECK_INT(l.xenstore_pfn, 19341);
	CHECK_INT(l.console_pfn, 19342);
	CHECK_INT(l.pt_pfn, 19343);
	CHECK_INT(l.nr_l4, 1);
	CHECK_INT(l.nr_l3, 1);
	CHECK_INT(l.nr_l2, 1);
	CHECK_INT(l.nr_l1, 40);
	CHECK_INT(l.pt_pages, 43);
	CHECK_INT(l.stack_pfn, 19386);
	/* 80 MiB: the next 4 MiB boundary after the stack and 512 KiB. */
	CHECK_INT(l.mapped_pages, 20480);
	CHECK_INT(l.entry, 0xffffffff810001c0ull);
	CHECK_INT(l.hypercall_page, 0);
	CHECK_INT(pv_layout_va(&l, l.start_info_pfn), 0xffffffff80000000ull + 19340ull * 4096);
}

TEST(pv_layout_no_ramdisk_and_hypercall_page)
{
	struct elf_xen_info info =
		kernel(0xffffffff80000000ull, 0xffffffff81000000ull, 0xffffffff81400000ull);
	struct pv_layout l;
	char err[160];

	info.virt_hypercall = 0xffffffff81001000ull;
	CHECK_INT(pv_layout_plan(&l, &info, 0, 8192, err, sizeof(err)), 0);
	CHECK_INT(l.ramdisk_pages, 0);
	CHECK_INT(l.p2m_pfn, l.ramdisk_pfn);
	CHECK_INT(l.p2m_pages, 16);
	CHECK_INT(l.hypercall_page, 0xffffffff81001000ull);
	CHECK(l.stack_pfn + 1 + PV_PADDING_PAGES <= l.mapped_pages);
	CHECK_INT(l.mapped_pages % 1024, 0);
}

TEST(pv_layout_page_tables_map_every_pfn)
{
	struct elf_xen_info info =
		kernel(0xffffffff80000000ull, 0xffffffff81000000ull, 0xffffffff81800000ull);
	struct pv_layout l;
	uint64_t **tables;
	char err[160];

	CHECK_INT(pv_layout_plan(&l, &info, 3 << 20, 16384, err, sizeof(err)), 0);
	tables = calloc(l.pt_pages, sizeof(*tables));
	for (uint64_t i = 0; i < l.pt_pages; i++)
		tables[i] = calloc(PV_PT_ENTRIES, sizeof(uint64_t));
	pv_layout_page_tables(&l, tables, fake_mfn, NULL);

	/* L4 slot 511 -> L3 (table 1), slot 510 -> L2 (table 2). */
	CHECK_INT(tables[0][511] & PV_PTE_ADDR_MASK, fake_mfn(l.pt_pfn + 1, NULL) << 12);
	CHECK(tables[0][511] & PV_PTE_PRESENT);
	for (int i = 0; i < 511; i++)
		CHECK_INT(tables[0][i], 0);
	CHECK_INT(tables[1][510] & PV_PTE_ADDR_MASK, fake_mfn(l.pt_pfn + 2, NULL) << 12);
	for (uint64_t pfn = 0; pfn < l.mapped_pages; pfn++) {
		uint64_t l1 = 3 + pfn / 512, e = tables[l1][pfn % 512];
		bool table = pfn >= l.pt_pfn && pfn < l.pt_pfn + l.pt_pages;

		CHECK_INT(tables[2][pfn / 512] & PV_PTE_ADDR_MASK, fake_mfn(l.pt_pfn + l1, NULL)
									   << 12);
		if ((e & PV_PTE_ADDR_MASK) != fake_mfn(pfn, NULL) << 12 || !(e & PV_PTE_PRESENT) ||
		    !!(e & PV_PTE_RW) == table) {
			CHECK_INT(e, (fake_mfn(pfn, NULL) << 12) | (table ? 0x21 : 0x23));
			break;
		}
	}
	/* Nothing mapped past the end. */
	CHECK_INT(tables[2][l.mapped_pages / 512], 0);
	for (uint64_t i = 0; i < l.pt_pages; i++)
		free(tables[i]);
	free(tables);
}

TEST(pv_layout_crossing_a_gigabyte)
{
	/* Mapped from 1 GiB - 4 MiB to past 1 GiB: two L2 tables. */
	struct elf_xen_info info = kernel(0x3fc00000ull, 0x3fc00000ull, 0x40400000ull);
	struct pv_layout l;
	uint64_t **tables;
	char err[160];

	CHECK_INT(pv_layout_plan(&l, &info, 0, 16384, err, sizeof(err)), 0);
	CHECK_INT(l.nr_l3, 1);
	CHECK_INT(l.nr_l2, 2);
	tables = calloc(l.pt_pages, sizeof(*tables));
	for (uint64_t i = 0; i < l.pt_pages; i++)
		tables[i] = calloc(PV_PT_ENTRIES, sizeof(uint64_t));
	pv_layout_page_tables(&l, tables, fake_mfn, NULL);
	CHECK_INT(tables[1][0] & PV_PTE_ADDR_MASK, fake_mfn(l.pt_pfn + 2, NULL) << 12);
	CHECK_INT(tables[1][1] & PV_PTE_ADDR_MASK, fake_mfn(l.pt_pfn + 3, NULL) << 12);
	CHECK_INT(tables[2][510] & PV_PTE_ADDR_MASK, fake_mfn(l.pt_pfn + 4, NULL) << 12);
	CHECK_INT(tables[3][0] & PV_PTE_ADDR_MASK, fake_mfn(l.pt_pfn + 6, NULL) << 12);
	for (uint64_t i = 0; i < l.pt_pages; i++)
		free(tables[i]);
	free(tables);
}

TEST(pv_layout_refusals)
{
	struct elf_xen_info info =
		kernel(0xffffffff80000000ull, 0xffffffff81000000ull, 0xffffffff84a00000ull);
	struct elf_xen_info bad;
	struct pv_layout l;
	char err[160];

	/* 64 MiB cannot hold a kernel mapped up to 80 MiB. */
	CHECK_INT(pv_layout_plan(&l, &info, 0, 16384, err, sizeof(err)), -EFBIG);
	CHECK(strstr(err, "not enough memory") != NULL);
	CHECK(strstr(err, "the domain has 64 MiB") != NULL);
	CHECK_INT(pv_layout_plan(&l, &info, 300ull << 20, 65536, err, sizeof(err)), -EFBIG);
	CHECK(strstr(err, "ramdisk") != NULL);

	bad = info;
	bad.virt_base += 8;
	CHECK_INT(pv_layout_plan(&l, &bad, 0, 65536, err, sizeof(err)), -EINVAL);
	bad = info;
	bad.virt_entry = info.virt_kend;
	CHECK_INT(pv_layout_plan(&l, &bad, 0, 65536, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "entry point") != NULL);
	bad = info;
	bad.virt_kstart = info.virt_base - 4096;
	CHECK_INT(pv_layout_plan(&l, &bad, 0, 65536, err, sizeof(err)), -EINVAL);
	/* A mapping that would wrap past the top of the address space. */
	bad = kernel(0xfffffffffff00000ull, 0xfffffffffff00000ull, 0xfffffffffff80000ull);
	CHECK_INT(pv_layout_plan(&l, &bad, 0, 65536, err, sizeof(err)), -EINVAL);
	CHECK_INT(pv_layout_plan(&l, &info, 0, 0, err, sizeof(err)), -EINVAL);
}
