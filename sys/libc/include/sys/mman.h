/*
 * <sys/mman.h> for stub domain programs: newlib has none, and Xen's
 * library APIs (xengnttab, xenforeignmemory) take these protection bits.
 * There is no mmap(); memory comes from malloc or the kernel's mappings.
 */
#ifndef STUBDOM_SYS_MMAN_H
#define STUBDOM_SYS_MMAN_H

#define PROT_NONE  0x0
#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4

#endif
