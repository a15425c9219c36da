/*
 * lwIP's platform definitions for the unikernel: little-endian x86_64, the
 * C library's headers, diagnostics on the kernel log, a failed assertion a
 * panic, and random numbers from sys/net/lwip_sys.c.
 */
#ifndef LIB_NET_PORT_ARCH_CC_H
#define LIB_NET_PORT_ARCH_CC_H

#ifndef BYTE_ORDER
#define BYTE_ORDER LITTLE_ENDIAN
#endif

void lwip_port_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void lwip_port_assert(const char *what, const char *file, int line);
unsigned int lwip_port_rand(void);

#define LWIP_PLATFORM_DIAG(x)	lwip_port_diag x
#define LWIP_PLATFORM_ASSERT(x) lwip_port_assert(x, __FILE__, __LINE__)
#define LWIP_RAND()		((u32_t)lwip_port_rand())

#endif
