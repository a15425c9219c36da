/* x86_64 CPU primitives: barriers, TSC, pause, atomic exchange. */
#ifndef ARCH_X86_64_CPU_H
#define ARCH_X86_64_CPU_H

#include <stdint.h>

#define barrier() __asm__ volatile("" ::: "memory")
#define mb()	  __asm__ volatile("mfence" ::: "memory")
#define rmb()	  __asm__ volatile("lfence" ::: "memory")
#define wmb()	  __asm__ volatile("sfence" ::: "memory")

/* The barriers <xen/io/ring.h> expects. */
#define xen_mb()  mb()
#define xen_rmb() rmb()
#define xen_wmb() wmb()

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

static inline unsigned long xchg_ulong(volatile unsigned long *p, unsigned long v)
{
	__asm__ volatile("xchgq %0, %1" : "+r"(v), "+m"(*p) : : "memory");
	return v;
}

static inline void sync_clear_bit(unsigned long nr, volatile unsigned long *addr)
{
	__asm__ volatile("lock btrq %1, %0" : "+m"(*addr) : "Ir"(nr) : "memory");
}

static inline void sync_set_bit(unsigned long nr, volatile unsigned long *addr)
{
	__asm__ volatile("lock btsq %1, %0" : "+m"(*addr) : "Ir"(nr) : "memory");
}

#endif
