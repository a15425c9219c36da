/* panic() and kernel_exit(): the last console line, then SCHEDOP_shutdown. */
#define LOG_TAG "kernel"
#include <stddef.h>
#include "kernel/panic.h"

#include "kernel/log.h"
#include "lib/format.h"
#include "xen/hypervisor.h"

#include <stdarg.h>

noreturn void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	format_vbuf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk("panic: %s\n", msg);
	xen_shutdown(SHUTDOWN_crash);
}

noreturn void kernel_exit(int status)
{
	if (status == 0) {
		printk("exit: status 0, powering off\n");
		xen_shutdown(SHUTDOWN_poweroff);
	}
	printk("exit: status %d, shutting down as crashed\n", status);
	xen_shutdown(SHUTDOWN_crash);
}
