/*
 * lib/loader/elf_xen: small PV kernels linked by make-images.sh with as and
 * ld (Linux's layout: notes in a PT_NOTE segment, or only in sections, or
 * the legacy __xen_guest string; an x86_32 kernel; a plain ELF), damaged
 * copies of them, and bzImage headers.
 */
#include "lib/bytes.h"
#include "lib/errno.h"
#include "lib/loader/elf_xen.h"
#include "tests/unit/check.h"
#include "tests/unit/disk_image.h"

#include <stdlib.h>
#include <string.h>

static struct elf_xen_info info;

static uint8_t *image(const char *name, size_t *len)
{
	return load_file(image_path(name), len);
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void check_linux_layout(const uint8_t *img, size_t len)
{
	CHECK_INT(info.virt_base, 0xffffffff80000000ull);
	CHECK_INT(info.paddr_offset, 0);
	CHECK_INT(info.virt_entry, 0xffffffff81000000ull);
	CHECK_INT(info.virt_hypercall, 0xffffffff81001000ull);
	CHECK_INT(info.virt_kstart, 0xffffffff81000000ull);
	CHECK_INT(info.virt_kend, 0xffffffff81006800ull);
	CHECK_STR(info.guest_os, "linux");
	CHECK_STR(info.xen_version, "xen-3.0");
	CHECK_STR(info.loader, "generic");
	CHECK_INT(info.nsegs, 2);
	CHECK_INT(info.segs[0].dest, 0xffffffff81000000ull);
	CHECK_INT(info.segs[1].dest, 0xffffffff81003000ull);
	CHECK_INT(info.segs[1].filesz, 0x800);
	CHECK_INT(info.segs[1].memsz, 0x3800);
	/* The text segment starts with the entry's nops. */
	CHECK(info.segs[0].offset + info.segs[0].filesz <= len);
	CHECK_INT(img[info.segs[0].offset], 0x90);
}

TEST(elf_xen_notes_in_pt_note)
{
	size_t len;
	uint8_t *img = image("xen-pv.elf", &len);

	if (!img)
		return;
	CHECK_INT(elf_xen_parse(img, len, &info), 0);
	CHECK_STR(info.err, "");
	check_linux_layout(img, len);
	CHECK(!info.legacy);
	CHECK_STR(info.guest_version, "2.6");
	CHECK_STR(info.features, "!writable_page_tables|pae_pgdir_above_4gb");
	CHECK_STR(info.pae_mode, "yes");
	CHECK(info.mod_start_pfn);
	CHECK_INT(info.supported_features, 0x801);
	CHECK(info.has_phys32_entry);
	CHECK_INT(info.phys32_entry, 0x1000040);
	CHECK_INT(info.init_p2m, ELF_XEN_UNSET);
	free(img);
}

TEST(elf_xen_notes_in_sections_only)
{
	size_t len;
	uint8_t *img = image("xen-pv-shdr.elf", &len);

	if (!img)
		return;
	CHECK_INT(elf_xen_parse(img, len, &info), 0);
	check_linux_layout(img, len);
	free(img);
}

TEST(elf_xen_legacy_xen_guest)
{
	size_t len;
	uint8_t *img = image("xen-legacy.elf", &len);

	if (!img)
		return;
	CHECK_INT(elf_xen_parse(img, len, &info), 0);
	CHECK(info.legacy);
	CHECK_INT(info.virt_base, 0xffffffff80000000ull);
	CHECK_INT(info.paddr_offset, 0);
	CHECK_INT(info.virt_hypercall, 0xffffffff80000000ull + 0x1001000);
	CHECK_STR(info.pae_mode, "yes[extended-cr3]");
	CHECK_INT(info.virt_entry, 0xffffffff81000000ull);
	CHECK_INT(info.virt_kend, 0xffffffff81002000ull);
	free(img);
}

TEST(elf_xen_refusals)
{
	size_t len;
	uint8_t *img = image("plain.elf", &len);

	if (img) {
		CHECK_INT(elf_xen_parse(img, len, &info), -ENOEXEC);
		CHECK_STR(info.err, "not a Xen PV kernel");
		free(img);
	}
	img = image("xen-x86_32.elf", &len);
	if (img) {
		CHECK_INT(elf_xen_parse(img, len, &info), -ENOEXEC);
		CHECK_STR(info.err, "this PV-GRUB is 64-bit; the kernel is x86_32");
		free(img);
	}
	CHECK_INT(elf_xen_parse("\177ELF", 4, &info), -ENOEXEC);
	CHECK_STR(info.err, "not an ELF image");
	CHECK_INT(elf_xen_parse("#!/bin/sh\nexit 0\n...........", 28, &info), -ENOEXEC);
	CHECK_STR(info.err, "not an ELF image");
}

/* Offset of program header i. */
static uint8_t *phdr(uint8_t *img, int i)
{
	return img + get_le64(img + 0x20) + (size_t)i * get_le16(img + 0x36);
}

TEST(elf_xen_damaged_headers)
{
	size_t len;
	uint8_t *img = image("xen-pv.elf", &len), *copy;

	if (!img)
		return;
	copy = malloc(len);
	/* Truncated anywhere: an error or (cut in the section headers, which
	 * are not needed) success; never a read past the end (ASan). */
	for (size_t n = 0; n < len; n += 7) {
		int r = elf_xen_parse(img, n, &info);
		CHECK(r == -ENOEXEC || r == 0);
	}
	CHECK_INT(elf_xen_parse(img, 0x3000, &info), -ENOEXEC); /* cut before the notes */

#define RESET() memcpy(copy, img, len)
	RESET();
	put16(copy + 0x38, 1000); /* phnum */
	CHECK_INT(elf_xen_parse(copy, len, &info), -ENOEXEC);
	CHECK_STR(info.err, "bad ELF program headers");
	RESET();
	put64(copy + 0x20, UINT64_MAX - 8); /* phoff */
	CHECK_INT(elf_xen_parse(copy, len, &info), -ENOEXEC);
	RESET();
	put64(phdr(copy, 0) + 32, 0x100000000ull); /* filesz past the image */
	put64(phdr(copy, 0) + 40, 0x100000000ull);
	CHECK_INT(elf_xen_parse(copy, len, &info), -ENOEXEC);
	CHECK_STR(info.err, "ELF segment 0 outside the image");
	RESET();
	put64(phdr(copy, 0) + 40, 0x10); /* filesz > memsz */
	CHECK_INT(elf_xen_parse(copy, len, &info), -ENOEXEC);
	RESET();
	put64(phdr(copy, 1) + 24, 0x1001000); /* data onto text */
	CHECK_INT(elf_xen_parse(copy, len, &info), -ENOEXEC);
	CHECK_STR(info.err, "ELF segments 0 and 1 overlap");
	RESET();
	put64(phdr(copy, 1) + 24, UINT64_MAX - 0x1000); /* wraps */
	CHECK_INT(elf_xen_parse(copy, len, &info), -ENOEXEC);
	CHECK_STR(info.err, "ELF segment 1 wraps around");
	RESET();
	put64(phdr(copy, 1) + 24, 0x80000000ull); /* 2 GiB span */
	CHECK_INT(elf_xen_parse(copy, len, &info), -ENOEXEC);
	RESET();
	put64(phdr(copy, 2) + 32, 0x10000); /* notes past the image */
	CHECK_INT(elf_xen_parse(copy, len, &info), -ENOEXEC);
	RESET();
	/* A note whose size runs past its segment. */
	uint8_t *note = copy + get_le64(phdr(copy, 2) + 8);
	note[4] = 0xff;
	note[5] = 0xff;
	CHECK_INT(elf_xen_parse(copy, len, &info), -ENOEXEC);
	CHECK_STR(info.err, "truncated ELF note");
	RESET();
	copy[18] = 40; /* ARM */
	CHECK_INT(elf_xen_parse(copy, len, &info), -ENOEXEC);
	CHECK_STR(info.err, "not an x86_64 ELF image");
	RESET();
	CHECK_INT(elf_xen_parse(copy, len, &info), 0);
	free(copy);
	free(img);
}

/* Rewrites one Xen note of the image in place (same size). */
static uint8_t *find_note(uint8_t *img, uint32_t type)
{
	uint8_t *n = img + get_le64(phdr(img, 2) + 8), *end = n + get_le64(phdr(img, 2) + 32);

	while (n < end) {
		uint32_t nsz = get_le32(n), dsz = get_le32(n + 4);
		if (get_le32(n + 8) == type)
			return n + 12 + ((nsz + 3) & ~3u);
		n += 12 + ((nsz + 3) & ~3u) + ((dsz + 3) & ~3u);
	}
	return NULL;
}

TEST(elf_xen_note_contents_are_checked)
{
	size_t len;
	uint8_t *img = image("xen-pv.elf", &len), *d;

	if (!img)
		return;
	d = find_note(img, 1); /* ENTRY outside the kernel */
	put64(d, 0x1000);
	CHECK_INT(elf_xen_parse(img, len, &info), -ENOEXEC);
	CHECK_STR(info.err, "entry point 0x1000 outside the kernel");
	put64(d, 0xffffffff81000000ull);
	d = find_note(img, 2); /* hypercall page outside */
	put64(d, 0xffffffff90000000ull);
	CHECK_INT(elf_xen_parse(img, len, &info), -ENOEXEC);
	CHECK_STR(info.err, "hypercall page outside the kernel");
	put64(d, 0xffffffff81001000ull);
	d = find_note(img, 3); /* VIRT_BASE above the kernel: segments move with it */
	put64(d, 0xffffffff90000000ull);
	CHECK_INT(elf_xen_parse(img, len, &info), -ENOEXEC);
	put64(d, 0xffffffff80000000ull);
	d = find_note(img, 5);
	memcpy(d, "xen-2.0", 7);
	CHECK_INT(elf_xen_parse(img, len, &info), -ENOEXEC);
	CHECK_STR(info.err, "kernel is not built for Xen 3.0 and later");
	memcpy(d, "xen-3.0", 7);
	d = find_note(img, 6);
	memcpy(d, "netbsd", 6);
	d = find_note(img, 8);
	memcpy(d, "elf\0", 4);
	CHECK_INT(elf_xen_parse(img, len, &info), -ENOEXEC);
	CHECK_STR(info.err, "kernel is neither for the generic loader nor Linux");
	memcpy(d, "generic", 7);
	CHECK_INT(elf_xen_parse(img, len, &info), 0);
	free(img);
}

TEST(bzimage_header)
{
	static uint8_t img[0x4000];

	CHECK_INT(bzimage_payload(img, sizeof(img), &(size_t){ 0 }, &(size_t){ 0 }), -ENOEXEC);
	img[0x1f1] = 3; /* setup sectors: protected-mode code at 0x800 */
	put16(img + 0x1fe, 0xaa55);
	memcpy(img + 0x202, "HdrS", 4);
	put16(img + 0x206, 0x207);
	size_t off = 0, plen = 0;
	CHECK_INT(bzimage_payload(img, sizeof(img), &off, &plen), -EOPNOTSUPP);
	put16(img + 0x206, 0x20f);
	img[0x248] = 0x40; /* payload_offset */
	img[0x24c] = 0x00; /* payload_length 0x1000 */
	img[0x24d] = 0x10;
	CHECK_INT(bzimage_payload(img, sizeof(img), &off, &plen), 0);
	CHECK_INT(off, 0x840);
	CHECK_INT(plen, 0x1000);
	img[0x24e] = 1; /* 64 KiB more: past the end */
	CHECK_INT(bzimage_payload(img, sizeof(img), &off, &plen), -EINVAL);
	img[0x24e] = 0;
	img[0x1f1] = 0; /* 0 means 4 */
	CHECK_INT(bzimage_payload(img, sizeof(img), &off, &plen), 0);
	CHECK_INT(off, 0xa40);
	img[0x24b] = 0xff; /* offset beyond 4 GiB */
	CHECK_INT(bzimage_payload(img, sizeof(img), &off, &plen), -EINVAL);
	CHECK_INT(bzimage_payload(img, 0x24f, &off, &plen), -ENOEXEC);
}
