/*
 * Booting another x86_64 PV kernel in this domain, in place of ourselves:
 * the new kernel is laid out in our own memory as Xen's domain builder
 * would lay it out (lib/loader/pv_layout.h), given a p2m list that is a
 * permutation of our frames (every one of them, none lost), a start_info
 * with our console, xenstore and shared_info and its own command line and
 * ramdisk, and bootstrap page tables; then the domain is handed over.
 *
 *   chainboot_prepare()       plan, take the frames, zero the kernel's;
 *                             whole pages of the ELF image's segments
 *                             become the kernel's pages where they are
 *                             (no copy, no second 60 MiB for Linux)
 *   chainboot_load_kernel()   copy the rest of the segments (+ hypercall
 *                             page)
 *   chainboot_ramdisk_page()  where each ramdisk page goes (caller fills)
 *   chainboot_finish()        p2m, start_info, page tables, trampoline;
 *                             pins the new tables (still undoable)
 *   chainboot_abandon()       gives everything back (back to the menu)
 *   chainboot_jump()          no return: revokes grants, drops watches,
 *                             closes ports but console and xenstore,
 *                             rewrites machine-to-phys, switches tables
 *
 * Devices (blkfront, netfront) must be closed and left for a successor
 * before chainboot_jump.
 */
#ifndef SYS_CHAINBOOT_H
#define SYS_CHAINBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/loader/elf_xen.h"
#include "lib/loader/pv_layout.h"

struct chainboot {
	struct pv_layout layout;
	/* Our frame (pfn) holding each pfn < mapped_pages of the new layout;
	 * 0 for the xenstore and console pages, which keep their frames. */
	unsigned long *frame;
	/* The pfns whose frame is a page of the ELF image (bitmap), lent by
	 * the caller's buffer rather than taken from the page allocator. */
	uint64_t *lent;
	uint64_t frames_taken, frames_lent;
	uint64_t trampoline_pfn;   /* the page the hand-over runs from */
	bool trampoline_over_ours; /* at an address of our direct map */
	bool pinned, code_mapped;
	char err[192];
};

/* Plans the boot of the kernel whose ELF image (parsed into info) is at
 * elf, with ramdisk_bytes of ramdisk. Each whole page of a segment that
 * sits on a page boundary in the image, where it lands, becomes the
 * kernel's page as it is: from here on, those pages of the image belong to
 * the kernel; the caller frees the image only after chainboot_abandon().
 * 0, or -EFBIG / -ENOMEM (not enough memory) or -EINVAL, with cb->err
 * saying what. */
int chainboot_prepare(struct chainboot *cb, const struct elf_xen_info *info, const void *elf,
		      uint64_t ramdisk_bytes);
/* Copies what was not lent of the kernel's segments from its ELF image
 * (the one given to chainboot_prepare). */
void chainboot_load_kernel(struct chainboot *cb, const void *elf, const struct elf_xen_info *info);
/* The page that ramdisk page index goes to (index < layout.ramdisk_pages);
 * the caller writes all of it (zero past the end of the ramdisk). */
void *chainboot_ramdisk_page(struct chainboot *cb, uint64_t index);
/* Builds the rest and pins the new page tables. 0, or -errno with cb->err
 * (then chainboot_abandon). */
int chainboot_finish(struct chainboot *cb, const char *cmdline);
void chainboot_abandon(struct chainboot *cb);
/* Hands the domain to the new kernel. Returns only if it cannot start the
 * hand-over (-errno, cb->err); after that point failures crash the domain
 * (Xen's log says why). */
int chainboot_jump(struct chainboot *cb);

#endif
