/* apps/ioemu/xen_platform: its PCI identity and BARs, the unplug
 * handshake as Linux makes it, the log port, the old unplug writes. */
#include "apps/ioemu/xen_platform.h"
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "tests/unit/platform_recorder.h"

struct rig {
	struct platform_recorder rec;
	struct platform_ops ops;
	struct io_bus io;
	struct pci_bus bus;
	struct xen_platform platform;
};

static void rig_init(struct rig *g)
{
	platform_recorder_init(&g->rec, &g->ops);
	io_bus_init(&g->io, NULL);
	pci_bus_init(&g->bus, &g->io, &g->ops);
	CHECK_INT(xen_platform_init(&g->platform, &g->io, &g->ops), 0);
	CHECK_INT(pci_bus_add(&g->bus, &g->platform.pci, XEN_PLATFORM_DEVFN), 0);
}

TEST(xen_platform_pci_identity)
{
	static struct rig g;

	rig_init(&g);
	CHECK_INT(pci_config_read(&g.bus, 0x10, 0, 4), 0x00015853);
	CHECK_INT(pci_config_read(&g.bus, 0x10, 8, 4), 0xff800001);
	CHECK_INT(pci_config_read(&g.bus, 0x10, 0x2c, 4), 0x00015853);
	CHECK_INT(pci_config_read(&g.bus, 0x10, 0x3d, 1), 1);
	pci_config_write(&g.bus, 0x10, 0x10, 4, 0xffffffff);
	pci_config_write(&g.bus, 0x10, 0x14, 4, 0xffffffff);
	CHECK_INT(pci_config_read(&g.bus, 0x10, 0x10, 4), 0xffffff01);
	CHECK_INT(pci_config_read(&g.bus, 0x10, 0x14, 4), 0xff000008);
	/* Placed and enabled as hvmloader does: BAR1 answers 0. */
	pci_config_write(&g.bus, 0x10, 0x10, 4, 0xc001);
	pci_config_write(&g.bus, 0x10, 0x14, 4, 0xf0000000);
	pci_config_write(&g.bus, 0x10, 4, 2, PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
	CHECK(io_bus_find(&g.io, IO_SPACE_MMIO, 0xf0ffffff) == &g.platform.bar_memory);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xc0ff) == &g.platform.bar_ports);
	{
		struct ioreq_req r = { .type = IOREQ_TYPE_COPY,
				       .read = true,
				       .size = 8,
				       .count = 1,
				       .addr = 0xf0000100 };
		uint64_t data = 1;

		CHECK_INT(io_bus_dispatch(&g.io, &r, &data), 0);
		CHECK_INT(data, 0);
	}
}

TEST(xen_platform_linux_unplug_handshake)
{
	static struct rig g;

	rig_init(&g);
	/* arch/x86/xen/platform-pci-unplug.c: magic, version, product,
	 * build, magic again (not blacklisted), then the mask. */
	CHECK_INT(port_in(&g.io, 0x10, 2), 0x49d2);
	CHECK_INT(port_in(&g.io, 0x12, 1), 1);
	port_out(&g.io, 0x12, 2, 3);
	port_out(&g.io, 0x10, 4, 1);
	CHECK_INT(g.platform.product, 3);
	CHECK_INT(g.platform.build, 1);
	CHECK_INT(port_in(&g.io, 0x10, 2), 0x49d2);
	CHECK_INT(g.rec.unplug_calls, 0);
	port_out(&g.io, 0x10, 2,
		 XEN_PLATFORM_UNPLUG_ALL_DISKS | XEN_PLATFORM_UNPLUG_ALL_NICS |
			 XEN_PLATFORM_UNPLUG_AUX_IDE_DISKS);
	CHECK_INT(g.rec.unplug_calls, 1);
	CHECK_INT(g.rec.unplug_mask, 7);
	CHECK_INT(g.platform.unplugged, 7);
	/* Other sizes and ports read as ones. */
	CHECK_INT(port_in(&g.io, 0x10, 4), 0xffffffff);
	CHECK_INT(port_in(&g.io, 0x12, 2), 0xffff);
	CHECK_INT(port_in(&g.io, 0x11, 1), 0xff);
	CHECK_INT(port_in(&g.io, 0x1f, 1), 0xff);
	port_out(&g.io, 0x11, 1, 0);
	CHECK(strstr(g.rec.log, "ignored") != NULL);
}

TEST(xen_platform_flags_lock_the_rom_area)
{
	static struct rig g;

	rig_init(&g);
	CHECK_INT(port_in(&g.io, 0x10, 1), 0);
	port_out(&g.io, 0x10, 1, 0xff);
	CHECK_INT(g.rec.rom_readonly, 1);
	CHECK_INT(port_in(&g.io, 0x10, 1), XEN_PLATFORM_FLAG_ROM_LOCK);
	port_out(&g.io, 0x10, 1, 0);
	CHECK_INT(g.rec.rom_readonly, 0);
	/* Xen refusing: the flag does not change. */
	g.rec.fail_with = -EPERM;
	port_out(&g.io, 0x10, 1, 1);
	CHECK_INT(port_in(&g.io, 0x10, 1), 0);
}

TEST(xen_platform_log_lines)
{
	static struct rig g;
	const char *text = "xen_pv: hello\tworld\n";

	rig_init(&g);
	for (const char *c = text; *c; c++)
		port_out(&g.io, 0x12, 1, (uint8_t)*c);
	CHECK_INT(g.rec.guest_log_lines, 1);
	CHECK_STR(g.rec.guest_log, "xen_pv: hello?world");
	/* A long line goes out in pieces. */
	for (int i = 0; i < 200; i++)
		port_out(&g.io, 0x12, 1, 'x');
	CHECK_INT(g.rec.guest_log_lines, 2);
	CHECK_INT(strlen(g.rec.guest_log), XEN_PLATFORM_LOG_LINE - 1);
	/* The budget: then one note, drops counted, and a refill. */
	for (int i = 0; i < 2 * XEN_PLATFORM_LOG_BURST; i++)
		port_out(&g.io, 0x12, 1, '\n');
	CHECK_INT(g.rec.guest_log_lines, XEN_PLATFORM_LOG_BURST);
	CHECK(strstr(g.rec.log, "log too much") != NULL);
	CHECK(g.platform.log_dropped > 0);
	xen_platform_log_refill(&g.platform);
	CHECK(strstr(g.rec.log, "dropped") != NULL);
	port_out(&g.io, 0x12, 1, 'y');
	port_out(&g.io, 0x12, 1, '\n');
	CHECK_STR(g.rec.guest_log, "y");
}

TEST(xen_platform_old_unplug_writes)
{
	static struct rig g;

	rig_init(&g);
	pci_config_write(&g.bus, 0x10, 0x10, 4, 0xc001);
	pci_config_write(&g.bus, 0x10, 4, 2, PCI_COMMAND_IO);
	port_out(&g.io, 0xc004, 4, 2); /* not the SUSE value */
	CHECK_INT(g.rec.unplug_calls, 0);
	port_out(&g.io, 0xc008, 4, 2);
	CHECK_INT(g.rec.unplug_mask, XEN_PLATFORM_UNPLUG_ALL_NICS);
	port_out(&g.io, 0xc004, 4, 1);
	CHECK_INT(g.rec.unplug_mask, XEN_PLATFORM_UNPLUG_ALL_NICS | XEN_PLATFORM_UNPLUG_ALL_DISKS);
	CHECK_INT(g.rec.unplug_calls, 2);
	port_out(&g.io, 0xc000, 1, 1);
	CHECK_INT(port_in(&g.io, 0xc000, 1), 1);
	CHECK_INT(port_in(&g.io, 0xc001, 1), 0xff);
}
