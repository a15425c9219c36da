/*
 * Xen PV kernel images (see elf_xen.h). The acceptance rules and address
 * computation follow what Xen's domain builder does with the same image:
 * LOADER "generic" or GUEST_OS "linux", XEN_VERSION "xen-3.0"; VIRT_BASE
 * defaults to 0; PADDR_OFFSET to 0 with notes and to VIRT_BASE with
 * __xen_guest; segments land at p_paddr + VIRT_BASE - PADDR_OFFSET.
 */
#include "lib/loader/elf_xen.h"

#include "lib/bytes.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

#include <stdarg.h>
#include <xen/elfnote.h>

#define EHDR64_SIZE 64
#define PHDR64_SIZE 56
#define SHDR64_SIZE 64
#define ET_EXEC	    2
#define EM_386	    3
#define EM_X86_64   62
#define PT_LOAD	    1
#define PT_NOTE	    4
#define SHT_NOTE    7
#define PAGE_SHIFT  12

/* __xen_guest strings longer than this are refused. */
#define LEGACY_MAX 1024

struct image {
	const uint8_t *p;
	size_t len;
	struct elf_xen_info *info;
};

__attribute__((format(printf, 2, 3))) static int fail(struct elf_xen_info *info, const char *fmt,
						      ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_vbuf(info->err, sizeof(info->err), fmt, ap);
	va_end(ap);
	return -ENOEXEC;
}

/* True when [off, off + size) lies inside the image. */
static bool inside(const struct image *im, uint64_t off, uint64_t size)
{
	return off <= im->len && size <= im->len - off;
}

/* Copies a string note (or legacy value) of n bytes, stopping at a NUL. */
static void set_string(char *dst, size_t cap, const uint8_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n && i + 1 < cap && src[i]; i++)
		dst[i] = (char)src[i];
	dst[i] = '\0';
}

static int note_number(struct elf_xen_info *info, uint32_t type, const uint8_t *d, uint64_t n,
		       uint64_t *out)
{
	switch (n) {
	case 1:
		*out = d[0];
		return 0;
	case 2:
		*out = get_le16(d);
		return 0;
	case 4:
		*out = get_le32(d);
		return 0;
	case 8:
		*out = get_le64(d);
		return 0;
	}
	return fail(info, "Xen note %u: a number of %llu bytes", type, (unsigned long long)n);
}

static int xen_note(struct elf_xen_info *info, uint32_t type, const uint8_t *d, uint64_t n)
{
	uint64_t v = 0;
	int r = 0;

	switch (type) {
	case XEN_ELFNOTE_ENTRY:
		r = note_number(info, type, d, n, &info->virt_entry);
		break;
	case XEN_ELFNOTE_HYPERCALL_PAGE:
		r = note_number(info, type, d, n, &info->virt_hypercall);
		break;
	case XEN_ELFNOTE_VIRT_BASE:
		r = note_number(info, type, d, n, &info->virt_base);
		break;
	case XEN_ELFNOTE_PADDR_OFFSET:
		r = note_number(info, type, d, n, &info->paddr_offset);
		break;
	case XEN_ELFNOTE_INIT_P2M:
		r = note_number(info, type, d, n, &info->init_p2m);
		break;
	case XEN_ELFNOTE_HV_START_LOW:
		r = note_number(info, type, d, n, &info->hv_start_low);
		break;
	case XEN_ELFNOTE_MOD_START_PFN:
		r = note_number(info, type, d, n, &v);
		info->mod_start_pfn = v != 0;
		break;
	case XEN_ELFNOTE_PHYS32_ENTRY:
		r = note_number(info, type, d, n, &v);
		info->phys32_entry = (uint32_t)v;
		info->has_phys32_entry = true;
		break;
	case XEN_ELFNOTE_SUPPORTED_FEATURES:
		r = note_number(info, type, d, n, &v);
		info->supported_features = (uint32_t)v;
		break;
	case XEN_ELFNOTE_XEN_VERSION:
		set_string(info->xen_version, sizeof(info->xen_version), d, n);
		break;
	case XEN_ELFNOTE_GUEST_OS:
		set_string(info->guest_os, sizeof(info->guest_os), d, n);
		break;
	case XEN_ELFNOTE_GUEST_VERSION:
		set_string(info->guest_version, sizeof(info->guest_version), d, n);
		break;
	case XEN_ELFNOTE_LOADER:
		set_string(info->loader, sizeof(info->loader), d, n);
		break;
	case XEN_ELFNOTE_FEATURES:
		set_string(info->features, sizeof(info->features), d, n);
		break;
	case XEN_ELFNOTE_PAE_MODE:
		set_string(info->pae_mode, sizeof(info->pae_mode), d, n);
		break;
	default:
		break; /* not needed to load the kernel */
	}
	return r;
}

/* Walks the notes in [off, off + size) of the image (checked by the
 * caller); sets *found when one is Xen's. Names and descriptions are padded
 * to 4 bytes, as Xen's notes are in both ELF classes. */
static int notes(const struct image *im, uint64_t off, uint64_t size, bool *found)
{
	const uint8_t *p = im->p + off;
	uint64_t pos = 0;

	while (size - pos >= 12) {
		uint64_t namesz = get_le32(p + pos), descsz = get_le32(p + pos + 4);
		uint32_t type = get_le32(p + pos + 8);
		uint64_t name = pos + 12, desc = name + ((namesz + 3) & ~3ull);

		if (desc > size || descsz > size - desc)
			return fail(im->info, "truncated ELF note");
		if (namesz == 4 && memcmp(p + name, "Xen", 4) == 0) {
			int r = xen_note(im->info, type, p + desc, descsz);
			if (r < 0)
				return r;
			*found = true;
		}
		pos = desc + ((descsz + 3) & ~3ull);
		if (pos > size)
			break;
	}
	return 0;
}

static bool parse_number(const char *s, size_t n, int base, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == n)
		return false;
	for (; i < n; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
			     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
						    : 99;
		if (d >= (unsigned)base || v > (UINT64_MAX - d) / (unsigned)base)
			return false;
		v = v * (unsigned)base + d;
	}
	*out = v;
	return true;
}

/* "KEY=VALUE,KEY=VALUE..." of the __xen_guest section. */
static int legacy_string(struct elf_xen_info *info, const uint8_t *s, size_t n)
{
	uint64_t hypercall_pfn = ELF_XEN_UNSET;

	for (size_t pos = 0; pos < n;) {
		size_t end = pos, eq;

		while (end < n && s[end] != ',' && s[end] != '\0')
			end++;
		for (eq = pos; eq < end && s[eq] != '='; eq++)
			;
		const char *key = (const char *)s + pos, *val = (const char *)s + eq + 1;
		size_t klen = eq - pos, vlen = eq < end ? end - eq - 1 : 0;
#define KEY(k) (klen == sizeof(k) - 1 && memcmp(key, k, klen) == 0)
		if (eq < end) {
			bool ok = true;
			if (KEY("GUEST_OS"))
				set_string(info->guest_os, sizeof(info->guest_os), s + eq + 1,
					   vlen);
			else if (KEY("XEN_VER"))
				set_string(info->xen_version, sizeof(info->xen_version), s + eq + 1,
					   vlen);
			else if (KEY("LOADER"))
				set_string(info->loader, sizeof(info->loader), s + eq + 1, vlen);
			else if (KEY("PAE"))
				set_string(info->pae_mode, sizeof(info->pae_mode), s + eq + 1,
					   vlen);
			else if (KEY("FEATURES"))
				set_string(info->features, sizeof(info->features), s + eq + 1,
					   vlen);
			else if (KEY("VIRT_BASE"))
				ok = parse_number(val, vlen, 10, &info->virt_base);
			else if (KEY("ELF_PADDR_OFFSET"))
				ok = parse_number(val, vlen, 10, &info->paddr_offset);
			else if (KEY("HYPERCALL_PAGE"))
				ok = parse_number(val, vlen, 16, &hypercall_pfn);
			if (!ok)
				return fail(info, "__xen_guest: bad number for %.*s", (int)klen,
					    key);
		}
#undef KEY
		if (end < n && s[end] == '\0')
			break;
		pos = end + 1;
	}
	if (hypercall_pfn != ELF_XEN_UNSET) {
		uint64_t base = info->virt_base == ELF_XEN_UNSET ? 0 : info->virt_base;
		if (hypercall_pfn > (UINT64_MAX >> PAGE_SHIFT))
			return fail(info, "__xen_guest: bad HYPERCALL_PAGE");
		info->virt_hypercall = base + (hypercall_pfn << PAGE_SHIFT);
	}
	return 0;
}

/* Section headers: Xen notes in SHT_NOTE sections, else __xen_guest. */
static int sections(const struct image *im, bool *found)
{
	const uint8_t *h = im->p;
	struct elf_xen_info *info = im->info;
	uint64_t shoff = get_le64(h + 0x28);
	uint32_t entsize = get_le16(h + 0x3a), shnum = get_le16(h + 0x3c);
	uint32_t strndx = get_le16(h + 0x3e);
	int r;

	if (shoff == 0 || shnum == 0)
		return 0;
	if (entsize < SHDR64_SIZE || shnum > ELF_XEN_MAX_SHDRS ||
	    !inside(im, shoff, (uint64_t)shnum * entsize))
		return fail(info, "bad ELF section headers");

	for (uint32_t i = 0; i < shnum && !*found; i++) {
		const uint8_t *s = h + shoff + (uint64_t)i * entsize;
		uint64_t off = get_le64(s + 24), size = get_le64(s + 32);

		if (get_le32(s + 4) != SHT_NOTE)
			continue;
		if (!inside(im, off, size))
			return fail(info, "ELF note section outside the image");
		r = notes(im, off, size, found);
		if (r < 0)
			return r;
	}
	if (*found || strndx >= shnum)
		return 0;

	const uint8_t *strtab = h + shoff + (uint64_t)strndx * entsize;
	uint64_t str_off = get_le64(strtab + 24), str_size = get_le64(strtab + 32);
	if (!inside(im, str_off, str_size))
		return fail(info, "ELF section names outside the image");
	for (uint32_t i = 0; i < shnum; i++) {
		const uint8_t *s = h + shoff + (uint64_t)i * entsize;
		uint64_t name = get_le32(s), off = get_le64(s + 24), size = get_le64(s + 32);
		static const char want[] = "__xen_guest";

		if (name >= str_size || str_size - name < sizeof(want) ||
		    memcmp(h + str_off + name, want, sizeof(want)) != 0)
			continue;
		if (!inside(im, off, size))
			return fail(info, "__xen_guest outside the image");
		if (size > LEGACY_MAX)
			return fail(info, "__xen_guest longer than %d bytes", LEGACY_MAX);
		r = legacy_string(info, h + off, (size_t)size);
		if (r < 0)
			return r;
		info->legacy = true;
		*found = true;
		return 0;
	}
	return 0;
}

static bool overlap(const struct elf_xen_segment *a, const struct elf_xen_segment *b)
{
	return a->dest < b->dest + b->memsz && b->dest < a->dest + a->memsz;
}

/* The PT_LOAD segments and the load range. */
static int segments(const struct image *im, uint64_t phoff, uint32_t entsize, uint32_t phnum)
{
	struct elf_xen_info *info = im->info;
	uint64_t pstart = UINT64_MAX, pend = 0;

	for (uint32_t i = 0; i < phnum; i++) {
		const uint8_t *ph = im->p + phoff + (uint64_t)i * entsize;
		uint64_t off = get_le64(ph + 8), paddr = get_le64(ph + 24);
		uint64_t filesz = get_le64(ph + 32), memsz = get_le64(ph + 40);

		if (get_le32(ph) != PT_LOAD || memsz == 0)
			continue;
		if (filesz > memsz || !inside(im, off, filesz))
			return fail(info, "ELF segment %u outside the image", i);
		if (paddr > UINT64_MAX - memsz)
			return fail(info, "ELF segment %u wraps around", i);
		if (info->nsegs >= ELF_XEN_MAX_SEGMENTS)
			return fail(info, "more than %d ELF segments", ELF_XEN_MAX_SEGMENTS);
		struct elf_xen_segment *sg = &info->segs[info->nsegs++];
		sg->offset = off;
		sg->filesz = filesz;
		sg->memsz = memsz;
		sg->dest = paddr; /* made virtual below */
		if (paddr < pstart)
			pstart = paddr;
		if (paddr + memsz > pend)
			pend = paddr + memsz;
	}
	if (info->nsegs == 0)
		return fail(info, "no loadable ELF segments");
	if (pend - pstart > ELF_XEN_MAX_SPAN)
		return fail(info, "kernel spans %llu MiB",
			    (unsigned long long)((pend - pstart) >> 20));

	info->virt_kstart = pstart + info->virt_offset;
	if (info->virt_kstart > UINT64_MAX - (pend - pstart))
		return fail(info, "kernel load range wraps around");
	info->virt_kend = info->virt_kstart + (pend - pstart);
	for (int i = 0; i < info->nsegs; i++)
		info->segs[i].dest = info->virt_kstart + (info->segs[i].dest - pstart);
	for (int i = 0; i < info->nsegs; i++)
		for (int j = i + 1; j < info->nsegs; j++)
			if (overlap(&info->segs[i], &info->segs[j]))
				return fail(info, "ELF segments %d and %d overlap", i, j);
	return 0;
}

int elf_xen_parse(const void *img, size_t len, struct elf_xen_info *info)
{
	struct image im = { img, len, info };
	const uint8_t *h = img;
	bool found = false;
	int r;

	memset(info, 0, sizeof(*info));
	info->virt_base = info->paddr_offset = info->virt_entry = ELF_XEN_UNSET;
	info->virt_hypercall = info->init_p2m = info->hv_start_low = ELF_XEN_UNSET;

	if (len < 20 || memcmp(h, "\177ELF", 4) != 0)
		return fail(info, "not an ELF image");
	if (h[4] == 1 && h[5] == 1 && get_le16(h + 18) == EM_386)
		return fail(info, "this PV-GRUB is 64-bit; the kernel is x86_32");
	if (h[4] != 2 || h[5] != 1 || len < EHDR64_SIZE || get_le16(h + 18) != EM_X86_64)
		return fail(info, "not an x86_64 ELF image");
	if (get_le16(h + 16) != ET_EXEC)
		return fail(info, "not an ELF executable");
	info->elf_entry = get_le64(h + 0x18);

	uint64_t phoff = get_le64(h + 0x20);
	uint32_t phentsize = get_le16(h + 0x36), phnum = get_le16(h + 0x38);
	if (phentsize < PHDR64_SIZE || phnum == 0 || phnum > ELF_XEN_MAX_PHDRS ||
	    !inside(&im, phoff, (uint64_t)phnum * phentsize))
		return fail(info, "bad ELF program headers");

	for (uint32_t i = 0; i < phnum; i++) {
		const uint8_t *ph = h + phoff + (uint64_t)i * phentsize;
		uint64_t off = get_le64(ph + 8), size = get_le64(ph + 32);

		if (get_le32(ph) != PT_NOTE)
			continue;
		if (!inside(&im, off, size))
			return fail(info, "ELF note segment outside the image");
		r = notes(&im, off, size, &found);
		if (r < 0)
			return r;
	}
	if (!found) {
		r = sections(&im, &found);
		if (r < 0)
			return r;
	}
	if (!found)
		return fail(info, "not a Xen PV kernel");

	if (strncmp(info->loader, "generic", 7) != 0 && strncmp(info->guest_os, "linux", 5) != 0)
		return fail(info, "kernel is neither for the generic loader nor Linux");
	if (strncmp(info->xen_version, "xen-3.0", 7) != 0)
		return fail(info, "kernel is not built for Xen 3.0 and later");

	if (info->paddr_offset != ELF_XEN_UNSET && info->virt_base == ELF_XEN_UNSET)
		return fail(info, "PADDR_OFFSET set without VIRT_BASE");
	if (info->virt_base == ELF_XEN_UNSET)
		info->virt_base = 0;
	if (info->paddr_offset == ELF_XEN_UNSET)
		info->paddr_offset = info->legacy ? info->virt_base : 0;
	info->virt_offset = info->virt_base - info->paddr_offset; /* may wrap, as in Xen */

	r = segments(&im, phoff, phentsize, phnum);
	if (r < 0)
		return r;
	if (info->virt_entry == ELF_XEN_UNSET)
		info->virt_entry = info->elf_entry;
	if (info->virt_entry < info->virt_kstart || info->virt_entry >= info->virt_kend)
		return fail(info, "entry point 0x%llx outside the kernel",
			    (unsigned long long)info->virt_entry);
	if (info->virt_base > info->virt_kstart)
		return fail(info, "VIRT_BASE above the kernel");
	if (info->virt_hypercall != ELF_XEN_UNSET &&
	    (info->virt_hypercall < info->virt_kstart || info->virt_hypercall >= info->virt_kend))
		return fail(info, "hypercall page outside the kernel");
	if (info->init_p2m != ELF_XEN_UNSET && info->init_p2m >= info->virt_kstart &&
	    info->init_p2m < info->virt_kend)
		return fail(info, "INIT_P2M inside the kernel");
	return 0;
}

int bzimage_payload(const void *img, size_t len, size_t *off, size_t *plen)
{
	const uint8_t *h = img;

	if (len < 0x250 || get_le16(h + 0x1fe) != 0xaa55 || memcmp(h + 0x202, "HdrS", 4) != 0)
		return -ENOEXEC;
	if (get_le16(h + 0x206) < 0x208)
		return -EOPNOTSUPP;

	uint64_t setup = h[0x1f1] ? h[0x1f1] : 4;
	uint64_t start = (setup + 1) * 512 + get_le32(h + 0x248);
	uint64_t n = get_le32(h + 0x24c);
	if (n == 0 || start > len || n > len - start)
		return -EINVAL;
	*off = (size_t)start;
	*plen = (size_t)n;
	return 0;
}
