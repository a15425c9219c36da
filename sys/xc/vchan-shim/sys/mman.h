/*
 * <sys/mman.h> for Xen's libxenvchan (mk/libvchan.mk): the stub domain's
 * own (protection bits) plus munmap, which libxenvchan_close calls on
 * rings of more than a page that xengntshr_share_pages shared: in the
 * unikernel it ends that share (sys/xc/gntshr.c), as munmap of a gntalloc
 * mapping does on Linux. Only the vchan library's sources see this.
 */
#ifndef VCHAN_SHIM_SYS_MMAN_H
#define VCHAN_SHIM_SYS_MMAN_H

#include_next <sys/mman.h>

#include <stddef.h>

int munmap(void *addr, size_t length);

#endif
