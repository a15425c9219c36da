/*
 * What lwIP asks of its platform (lib/net/port/arch/cc.h): the time in
 * milliseconds for its timers, random numbers (DHCP's transaction ids),
 * diagnostics on the kernel log and failed assertions.
 */
#define LOG_TAG "lwip"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "lib/format.h"
#include "xen/time.h"

#include <stdarg.h>
#include <stdint.h>

#include "lwip/arch.h"
#include "lwip/sys.h"

u32_t sys_now(void)
{
	return (u32_t)(time_now_ns() / 1000000u);
}

/* xorshift64*, seeded from the clock on first use: transaction ids must
 * differ between boots, not resist prediction. */
unsigned int lwip_port_rand(void)
{
	static uint64_t state;

	if (!state)
		state = time_now_ns() ^ 0x9e3779b97f4a7c15ull;
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (unsigned int)((state * 0x2545f4914f6cdd1dull) >> 32);
}

void lwip_port_diag(const char *fmt, ...)
{
	char line[160];
	va_list ap;

	va_start(ap, fmt);
	format_vbuf(line, sizeof(line), fmt, ap);
	va_end(ap);
	pr_debug("%s", line);
}

void lwip_port_assert(const char *what, const char *file, int line)
{
	panic("lwIP assertion failed at %s:%d: %s", file, line, what);
}
