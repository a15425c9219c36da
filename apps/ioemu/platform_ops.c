/*
 * The checked way to the platform's outside (see platform_ops.h): the
 * arguments' ranges as Xen's device model operations take them, and a
 * log line for each request not carried out.
 */
#include "apps/ioemu/platform_ops.h"

#include "lib/errno.h"

#include <stdarg.h>
#include <stdio.h>

void platform_log(const struct platform_ops *ops, const char *fmt, ...)
{
	char message[160];
	va_list ap;

	if (!ops || !ops->log)
		return;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	ops->log(ops->ctx, message);
}

/* rc as returned by an entry (or -ENOSYS for none), logged when < 0. */
static int outcome(const struct platform_ops *ops, int rc, const char *what)
{
	if (rc < 0)
		platform_log(ops, "%s not carried out: %s", what, errno_name(rc));
	return rc;
}

int platform_set_isa_irq(const struct platform_ops *ops, unsigned irq, bool level)
{
	char what[48];

	snprintf(what, sizeof(what), "ISA IRQ %u %s", irq, level ? "high" : "low");
	if (irq > 15)
		return outcome(ops, -EINVAL, what);
	return outcome(ops,
		       ops->set_isa_irq_level ? ops->set_isa_irq_level(ops->ctx, irq, level)
					      : -ENOSYS,
		       what);
}

int platform_set_pci_intx(const struct platform_ops *ops, unsigned device, unsigned intx,
			  bool level)
{
	char what[48];

	snprintf(what, sizeof(what), "00:%02x INT%c %s", device, 'A' + (intx & 3),
		 level ? "high" : "low");
	if (device > 31 || intx > 3)
		return outcome(ops, -EINVAL, what);
	return outcome(ops,
		       ops->set_pci_intx_level
			       ? ops->set_pci_intx_level(ops->ctx, 0, 0, device, intx, level)
			       : -ENOSYS,
		       what);
}

int platform_set_link_route(const struct platform_ops *ops, unsigned link, unsigned isa_irq)
{
	char what[48];

	snprintf(what, sizeof(what), "PCI link %u to IRQ %u", link, isa_irq);
	if (link > 3 || isa_irq > 15)
		return outcome(ops, -EINVAL, what);
	return outcome(ops,
		       ops->set_pci_link_route ? ops->set_pci_link_route(ops->ctx, link, isa_irq)
					       : -ENOSYS,
		       what);
}

int platform_shutdown(const struct platform_ops *ops, enum platform_shutdown how)
{
	const char *what = how == PLATFORM_REBOOT ? "reboot" : "power off";

	platform_log(ops, "the guest asks to %s", what);
	return outcome(ops, ops->shutdown ? ops->shutdown(ops->ctx, how) : -ENOSYS, what);
}

int platform_unplug(const struct platform_ops *ops, unsigned mask)
{
	char what[48];

	snprintf(what, sizeof(what), "unplug of %#x", mask);
	platform_log(ops, "the guest's PV drivers ask for the %s", what);
	return outcome(ops, ops->unplug ? ops->unplug(ops->ctx, mask) : -ENOSYS, what);
}

int platform_set_rom_area_readonly(const struct platform_ops *ops, bool readonly)
{
	return outcome(ops,
		       ops->set_rom_area_readonly ? ops->set_rom_area_readonly(ops->ctx, readonly)
						  : -ENOSYS,
		       readonly ? "BIOS area read-only" : "BIOS area writable");
}

int platform_place_vram(const struct platform_ops *ops, bool placed, uint64_t gpa)
{
	char what[64];

	snprintf(what, sizeof(what), "video RAM %s %#llx", placed ? "to" : "back from",
		 (unsigned long long)gpa);
	if (placed && (gpa & 0xfff))
		return outcome(ops, -EINVAL, what);
	return outcome(ops, ops->place_vram ? ops->place_vram(ops->ctx, placed, gpa) : -ENOSYS,
		       what);
}

void platform_serial_out(const struct platform_ops *ops, unsigned port_index, const uint8_t *bytes,
			 size_t len)
{
	if (ops->serial_out)
		ops->serial_out(ops->ctx, port_index, bytes, len);
}

void platform_guest_log(const struct platform_ops *ops, const char *line)
{
	if (ops->guest_log)
		ops->guest_log(ops->ctx, line);
	else
		platform_log(ops, "guest: %s", line);
}
