/*
 * The platform's ops over Xen (see platform_xen.h). The device models
 * check what a guest chose before calling these; these log what Xen
 * refused.
 */
#define LOG_TAG "ioemu"
/* A device model is one of Xen's tools: hvm_op.h's memory types. */
#define __XEN_TOOLS__ 1
#include "apps/ioemu/platform_xen.h"

#include "apps/ioemu/machine.h"
#include "apps/ioemu/vga_xen.h"
#include "drivers/consfront.h"
#include "kernel/log.h"
#include "xen/time.h"

#include <errno.h>
#include <string.h>
#include <xen/hvm/hvm_op.h>
#include <xen/sched.h>

static int dm_result(const char *what, int rc)
{
	if (rc < 0) {
		pr_warn("%s: Xen refused (%d)", what, errno);
		return -errno;
	}
	return 0;
}

static int set_isa_irq_level(void *ctx, unsigned irq, bool level)
{
	struct platform_xen *px = ctx;

	return dm_result(
		"ISA IRQ level",
		xendevicemodel_set_isa_irq_level(px->srv->dm, px->srv->domid, (uint8_t)irq, level));
}

static int set_pci_intx_level(void *ctx, unsigned segment, unsigned bus, unsigned device,
			      unsigned intx, bool level)
{
	struct platform_xen *px = ctx;

	return dm_result("PCI INTx level",
			 xendevicemodel_set_pci_intx_level(px->srv->dm, px->srv->domid,
							   (uint16_t)segment, (uint8_t)bus,
							   (uint8_t)device, (uint8_t)intx, level));
}

static int set_pci_link_route(void *ctx, unsigned link, unsigned isa_irq)
{
	struct platform_xen *px = ctx;

	return dm_result("PCI link route",
			 xendevicemodel_set_pci_link_route(px->srv->dm, px->srv->domid,
							   (uint8_t)link, (uint8_t)isa_irq));
}

static int shutdown(void *ctx, enum platform_shutdown how)
{
	struct platform_xen *px = ctx;

	pr_info("the guest asks for %s", how == PLATFORM_REBOOT ? "a reboot" : "poweroff");
	return dm_result("shutdown",
			 xendevicemodel_shutdown(px->srv->dm, px->srv->domid,
						 how == PLATFORM_REBOOT ? SHUTDOWN_reboot
									: SHUTDOWN_poweroff));
}

static int unplug(void *ctx, unsigned mask)
{
	struct platform_xen *px = ctx;

	pr_info("the guest's PV drivers unplug emulated devices (mask %#x)", mask);
	if (!px->machine) {
		pr_warn("unplug before the machine is attached: nothing to unplug");
		return -ENODEV;
	}
	machine_unplug(px->machine, mask);
	return 0;
}

static int set_rom_area_readonly(void *ctx, bool readonly)
{
	struct platform_xen *px = ctx;

	return dm_result("BIOS area memory type",
			 xendevicemodel_set_mem_type(px->srv->dm, px->srv->domid,
						     readonly ? HVMMEM_ram_ro : HVMMEM_ram_rw,
						     0xc0000 >> 12, 0x40000 >> 12));
}

static int place_vram(void *ctx, bool placed, uint64_t gpa)
{
	struct platform_xen *px = ctx;

	return px->vga ? vga_xen_place(px->vga, placed, gpa) : -ENODEV;
}

static void flush_serial(struct serial_port *p)
{
	while (p->pending_len) {
		long n = consfront_try_write(p->con, p->pending, p->pending_len);

		if (n <= 0)
			return; /* -EAGAIN: the console's event brings us back */
		memmove(p->pending, p->pending + n, p->pending_len - (size_t)n);
		p->pending_len -= (size_t)n;
	}
}

static void serial_out(void *ctx, unsigned port_index, const uint8_t *bytes, size_t len)
{
	struct platform_xen *px = ctx;
	struct serial_port *p;
	size_t room;

	if (port_index >= px->n_serial || !px->serial[port_index].con)
		return;
	p = &px->serial[port_index];
	room = sizeof(p->pending) - p->pending_len;
	if (len > room) {
		if (!p->dropped)
			pr_warn("COM%u: console %u is not read; output dropped", port_index + 1,
				p->console);
		p->dropped += len - room;
		len = room;
	}
	memcpy(p->pending + p->pending_len, bytes, len);
	p->pending_len += len;
	flush_serial(p);
}

static void guest_log(void *ctx, const char *line)
{
	(void)ctx;
	pr_info("guest: %s", line);
}

/* The device models' own messages, which a guest can cause at will and
 * by the thousand: a burst of MESSAGE_BURST, then one more for each second
 * since (up to the burst again), so that a flood of them does not silence
 * what comes after it; how many were not logged is said with the next one
 * that is. */
enum { MESSAGE_BURST = 64 };

static void message(void *ctx, const char *text)
{
	struct platform_xen *px = ctx;
	uint64_t seconds = (time_now_ns() - px->message_refill_ns) / 1000000000u;

	px->messages++;
	if (seconds) {
		px->message_tokens = seconds >= MESSAGE_BURST - px->message_tokens
					     ? MESSAGE_BURST
					     : px->message_tokens + (unsigned)seconds;
		px->message_refill_ns += seconds * 1000000000u;
	}
	if (!px->message_tokens) {
		px->messages_dropped++;
		return;
	}
	px->message_tokens--;
	if (px->messages_dropped)
		pr_warn("(%lu messages of the device models not logged)", px->messages_dropped);
	px->messages_dropped = 0;
	pr_warn("%s (%lu so far)", text, px->messages);
}

static int region_changed(void *ctx, const struct io_region *r, bool added)
{
	struct platform_xen *px = ctx;
	int is_mmio = r->space == IO_SPACE_MMIO;
	uint64_t last = r->base + r->size - 1;

	pr_debug("%s %s %s %#llx-%#llx", added ? "claiming" : "giving back", r->name,
		 is_mmio ? "memory" : "ports", (unsigned long long)r->base,
		 (unsigned long long)last);
	if (added)
		return ioreq_server_claim(px->srv, is_mmio, r->base, last);
	return ioreq_server_unclaim(px->srv, is_mmio, r->base, last);
}

int platform_xen_open(struct platform_xen *px, struct ioreq_server *srv,
		      const struct ioemu_config *cfg, struct poll_source *src)
{
	memset(px, 0, sizeof(*px));
	px->srv = srv;
	px->message_tokens = MESSAGE_BURST;
	px->message_refill_ns = time_now_ns();
	px->ops = (struct platform_ops){
		.ctx = px,
		.set_isa_irq_level = set_isa_irq_level,
		.set_pci_intx_level = set_pci_intx_level,
		.set_pci_link_route = set_pci_link_route,
		.shutdown = shutdown,
		.unplug = unplug,
		.set_rom_area_readonly = set_rom_area_readonly,
		.place_vram = place_vram,
		.serial_out = serial_out,
		.guest_log = guest_log,
		.log = message,
	};
	px->listener = (struct io_bus_listener){ region_changed, px };
	for (unsigned i = 0; i < cfg->n_serial; i++) {
		struct serial_port *p = &px->serial[i];
		int rc = consfront_open(cfg->serial_console[i], &p->con);

		if (rc < 0) {
			pr_err("COM%u: cannot open console %u: %d", i + 1, cfg->serial_console[i],
			       rc);
			return rc;
		}
		p->console = cfg->serial_console[i];
		consfront_notify(p->con, src);
		pr_info("COM%u on console %u", i + 1, p->console);
	}
	px->n_serial = cfg->n_serial;
	return 0;
}

int platform_xen_attach(struct platform_xen *px, struct machine *m)
{
	uint32_t sbdfs[32];
	unsigned n = machine_pci_sbdfs(m, sbdfs, 32);

	px->machine = m;
	for (unsigned i = 0; i < n && i < 32; i++) {
		int rc = ioreq_server_claim_pci(px->srv, sbdfs[i]);

		if (rc < 0)
			return rc;
	}
	pr_info("%u PCI functions registered", n);
	return 0;
}

void platform_xen_serial_poll(struct platform_xen *px)
{
	for (unsigned i = 0; i < px->n_serial; i++) {
		struct serial_port *p = &px->serial[i];
		uint8_t buf[64];
		size_t room;
		long n;

		flush_serial(p);
		if (!px->machine)
			continue;
		/* Input only as fast as the UART takes it: the rest waits in
		 * the console's ring (dom0 then stops sending). */
		while ((room = machine_serial_can_receive(px->machine, i)) > 0) {
			n = consfront_try_read(p->con, buf,
					       room < sizeof(buf) ? room : sizeof(buf));
			if (n <= 0)
				break;
			machine_serial_receive(px->machine, i, buf, (size_t)n);
		}
	}
}
