/*
 * What Xen's libxenvchan (io.c, built by mk/libvchan.mk) takes from
 * <xenctrl.h>: the memory barriers around its ring indices. Only the
 * vchan library's sources see this directory.
 */
#ifndef VCHAN_SHIM_XENCTRL_H
#define VCHAN_SHIM_XENCTRL_H

/* x86_64: stores are not reordered with stores nor loads with loads, so
 * the read and write barriers only keep the compiler from reordering; the
 * full barrier orders a store before a later load. */
#define xen_mb()  __asm__ __volatile__("mfence" ::: "memory")
#define xen_rmb() __asm__ __volatile__("" ::: "memory")
#define xen_wmb() __asm__ __volatile__("" ::: "memory")

#endif
