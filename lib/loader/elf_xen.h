/*
 * A Xen PV kernel image in memory, taken apart for a loader: the ELF64
 * x86_64 header and program headers, the Xen ELF notes (from PT_NOTE
 * segments, else SHT_NOTE sections; note numbers from <xen/elfnote.h>) or
 * the legacy `__xen_guest` string, and what follows from them as Xen's own
 * domain builder computes it: virt_base, the paddr offset, the entry point,
 * the hypercall page, the load range [virt_kstart, virt_kend) and the
 * segments to copy there. Also the bzImage header, to find the compressed
 * ELF inside (decompressing it is the caller's business).
 *
 * Everything in the image is untrusted: each offset and size is checked
 * against the image and each sum for overflow; errors are -ENOEXEC (with
 * info->err saying why) or -EINVAL for impossible sizes.
 */
#ifndef LIB_LOADER_ELF_XEN_H
#define LIB_LOADER_ELF_XEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_XEN_MAX_SEGMENTS 16
#define ELF_XEN_MAX_PHDRS    64
#define ELF_XEN_MAX_SHDRS    256
#define ELF_XEN_MAX_SPAN     (1ull << 30) /* bytes from virt_kstart to virt_kend */
#define ELF_XEN_UNSET	     UINT64_MAX

struct elf_xen_segment {
	uint64_t offset; /* in the image */
	uint64_t filesz; /* bytes copied from the image */
	uint64_t memsz;	 /* bytes at dest; the rest after filesz is zeroed */
	uint64_t dest;	 /* virtual address */
};

struct elf_xen_info {
	/* What the notes (or __xen_guest) say; ELF_XEN_UNSET when absent. */
	uint64_t virt_base, paddr_offset, virt_entry, virt_hypercall;
	uint64_t init_p2m, hv_start_low;
	uint32_t phys32_entry;			      /* 0 when absent */
	bool has_phys32_entry, mod_start_pfn, legacy; /* legacy: from __xen_guest */
	uint32_t supported_features;
	char guest_os[32], guest_version[32], xen_version[32], loader[32];
	char features[256], pae_mode[32];

	/* What a loader needs, computed. */
	uint64_t virt_offset; /* virt_base - paddr_offset: added to p_paddr */
	uint64_t virt_kstart, virt_kend;
	uint64_t elf_entry; /* e_entry */
	int nsegs;
	struct elf_xen_segment segs[ELF_XEN_MAX_SEGMENTS];
	char err[128];
};

/* Parses img[0..len). 0 with *info filled, or -ENOEXEC (info->err: "not an
 * ELF image", "not a Xen PV kernel", "this PV-GRUB is 64-bit; the kernel is
 * x86_32", out-of-range or overlapping segments, ...). */
int elf_xen_parse(const void *img, size_t len, struct elf_xen_info *info);

/* Finds the payload of a bzImage (setup header at 0x1f1: boot flag 0xaa55,
 * "HdrS", protocol >= 2.08): *off and *plen locate it in img. -ENOEXEC when
 * img is not a bzImage, -EOPNOTSUPP for a protocol before 2.08, -EINVAL when
 * the payload lies outside img. */
int bzimage_payload(const void *img, size_t len, size_t *off, size_t *plen);

#endif
