/* apps/ioemu/machine: the xenfv and pc machines built from libxl's
 * arguments, QEMU's slot order, what the listener is told, dispatch of
 * each request type, and hvmloader's first steps through it. */
#include "apps/ioemu/machine.h"
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "tests/unit/platform_recorder.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const xenfv_args[] = { "-xen-domid", "7",	    "-serial",
					  "/dev/hvc3",	"-device",  "cirrus-vga,vgamem_mb=8",
					  "-boot",	"order=dc", "-smp",
					  "2",		"-machine", "xenfv,suppress-vmdesc=on",
					  "-m",		"120" };

static const char *const pc_args[] = { "-xen-domid", "7",
				       "-serial",    "/dev/hvc3",
				       "-serial",    "/dev/hvc4",
				       "-device",    "VGA,vgamem_mb=16",
				       "-machine",   "pc,accel=xen,suppress-vmdesc=on",
				       "-no-acpi",   "-m",
				       "6144" };

struct claims {
	unsigned ports, memory, released;
};

static int claim(void *ctx, const struct io_region *r, bool added)
{
	struct claims *c = ctx;

	if (!added)
		c->released++;
	else if (r->space == IO_SPACE_PORT)
		c->ports++;
	else
		c->memory++;
	return 0;
}

struct rig {
	struct platform_recorder rec;
	struct platform_ops ops;
	struct ioemu_config cfg;
	struct claims claims;
	struct io_bus_listener listener;
	struct machine m;
};

static int rig_init(struct rig *g, const char *const *argv, int argc)
{
	char err[160];

	platform_recorder_init(&g->rec, &g->ops);
	CHECK_INT(dm_argv_parse(&g->cfg, argv, argc, err, sizeof(err)), 0);
	g->claims = (struct claims){ 0 };
	g->listener = (struct io_bus_listener){ claim, &g->claims };
	return machine_init(&g->m, &g->cfg, NULL, &g->ops, &g->listener);
}

static uint64_t cfg_read(struct machine *m, unsigned devfn, unsigned reg, unsigned size)
{
	struct ioreq_req r = { .type = IOREQ_TYPE_PCI_CONFIG,
			       .read = true,
			       .size = size,
			       .count = 1,
			       .addr = (uint64_t)devfn << 32 | reg };
	uint64_t data = 0;

	CHECK_INT(machine_dispatch(m, &r, &data), 0);
	return data;
}

static void cfg_write(struct machine *m, unsigned devfn, unsigned reg, unsigned size,
		      uint32_t value)
{
	struct ioreq_req r = { .type = IOREQ_TYPE_PCI_CONFIG,
			       .size = size,
			       .count = 1,
			       .addr = (uint64_t)devfn << 32 | reg,
			       .data = value };
	uint64_t data = 0;

	CHECK_INT(machine_dispatch(m, &r, &data), 0);
}

TEST(machine_xenfv_slots)
{
	static struct rig g;
	uint32_t sbdfs[16];

	CHECK_INT(rig_init(&g, xenfv_args, ARGC(xenfv_args)), 0);
	CHECK_INT(machine_pci_sbdfs(&g.m, sbdfs, 16), 6);
	CHECK_INT(sbdfs[0], 0x00);
	CHECK_INT(sbdfs[1], 0x08);
	CHECK_INT(sbdfs[2], 0x09);
	CHECK_INT(sbdfs[3], 0x0b);
	CHECK_INT(sbdfs[4], 0x10);
	CHECK_INT(sbdfs[5], 0x18);
	CHECK_INT(cfg_read(&g.m, 0x00, 0, 4), 0x12378086);
	CHECK_INT(cfg_read(&g.m, 0x08, 0, 4), 0x70008086);
	CHECK_INT(cfg_read(&g.m, 0x09, 0, 4), 0x70108086);
	CHECK_INT(cfg_read(&g.m, 0x09, 0x08, 4), 0x01018000);
	CHECK_INT(cfg_read(&g.m, 0x0b, 0, 4), 0x71138086);
	CHECK_INT(cfg_read(&g.m, 0x10, 0, 4), 0x00015853);
	CHECK_INT(cfg_read(&g.m, 0x18, 0, 4), 0x00b81013);
	CHECK_INT(cfg_read(&g.m, 0x18, 0x08, 4) >> 8, 0x030000);
	CHECK_INT(cfg_read(&g.m, 0x20, 0, 4), 0xffffffff);
	CHECK_INT(machine_next_free_slot(&g.m), 4);
	/* Claimed at once: CMOS, port 0x92, the 0xcf8 window, the keyboard
	 * controller's two ports, COM1, SMI, GPE0, platform ports. */
	CHECK_INT(g.claims.ports, 9);
	CHECK_INT(g.claims.memory, 0);
	CHECK_INT(g.m.n_uarts, 1);
	/* The boot order where SeaBIOS reads it. */
	CHECK_INT(g.m.cmos.bytes[CMOS_BOOT_FLAGS_2], 0x23);
	CHECK_INT(g.m.cmos.bytes[CMOS_VCPU_COUNT], 1);
}

TEST(machine_pc_without_platform_device)
{
	static struct rig g;
	uint32_t sbdfs[16];

	CHECK_INT(rig_init(&g, pc_args, ARGC(pc_args)), 0);
	CHECK_INT(machine_pci_sbdfs(&g.m, sbdfs, 16), 4);
	CHECK_INT(sbdfs[3], 0x10); /* the VGA in slot 2 */
	CHECK_INT(cfg_read(&g.m, 0x10, 0, 4), 0x11111234);
	CHECK_INT(cfg_read(&g.m, 0x0b, 0, 4), 0xffffffff); /* no ACPI, no PM */
	CHECK(!g.m.has_pm);
	CHECK(!g.m.has_xen_platform);
	CHECK_INT(g.m.n_uarts, 2);
	/* No platform ports: 0x10 reads as ones. */
	{
		struct ioreq_req r = {
			.type = IOREQ_TYPE_PIO, .read = true, .size = 2, .count = 1, .addr = 0x10
		};
		uint64_t data = 0;

		CHECK_INT(machine_dispatch(&g.m, &r, &data), 0);
		CHECK_INT(data, 0xffff);
	}
	/* 6 GiB: 3.75 GiB below 4 GiB, the rest above. */
	CHECK_INT(g.m.cmos.bytes[CMOS_MEMORY_ABOVE_4G] |
			  g.m.cmos.bytes[CMOS_MEMORY_ABOVE_4G + 1] << 8 |
			  g.m.cmos.bytes[CMOS_MEMORY_ABOVE_4G + 2] << 16,
		  ((uint64_t)(6144 - 3840) << 20) >> 16);
}

TEST(machine_hvmloader_first_steps)
{
	static struct rig g;
	struct ioreq_req r;
	uint64_t data = 0;

	CHECK_INT(rig_init(&g, xenfv_args, ARGC(xenfv_args)), 0);
	/* PIRQ routes, the PM block, SCI_EN, BARs (decode off), decode on. */
	for (unsigned link = 0; link < 4; link++)
		cfg_write(&g.m, 0x08, 0x60 + link, 1, 5 + link);
	CHECK_INT(g.rec.link_route[3], 8);
	cfg_write(&g.m, 0x0b, 0x40, 4, 0xb001);
	cfg_write(&g.m, 0x0b, 0x80, 1, 1);
	r = (struct ioreq_req){
		.type = IOREQ_TYPE_PIO, .size = 1, .count = 1, .addr = 0xb2, .data = 0xf1
	};
	CHECK_INT(machine_dispatch(&g.m, &r, &data), 0);
	r = (struct ioreq_req){
		.type = IOREQ_TYPE_PIO, .read = true, .size = 1, .count = 1, .addr = 0xb004
	};
	CHECK_INT(machine_dispatch(&g.m, &r, &data), 0);
	CHECK_INT(data & 1, 1);
	cfg_write(&g.m, 0x10, 0x10, 4, 0xffffffff);
	CHECK_INT(cfg_read(&g.m, 0x10, 0x10, 4), 0xffffff01);
	cfg_write(&g.m, 0x10, 0x10, 4, 0xc001);
	cfg_write(&g.m, 0x10, 0x14, 4, 0xf2000000);
	cfg_write(&g.m, 0x09, 0x20, 4, 0xc101);
	cfg_write(&g.m, 0x18, 0x10, 4, 0xf0000000);
	cfg_write(&g.m, 0x10, 4, 2, PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
	cfg_write(&g.m, 0x09, 4, 2, PCI_COMMAND_IO | PCI_COMMAND_MASTER);
	cfg_write(&g.m, 0x18, 4, 2, PCI_COMMAND_MEMORY);
	CHECK(io_bus_find(&g.m.io, IO_SPACE_PORT, 0xc0ff) == &g.m.xen_platform.bar_ports);
	CHECK(io_bus_find(&g.m.io, IO_SPACE_PORT, 0xc10f) == &g.m.ide.bus_master);
	CHECK(io_bus_find(&g.m.io, IO_SPACE_MMIO, 0xf2000000) == &g.m.xen_platform.bar_memory);
	CHECK(io_bus_find(&g.m.io, IO_SPACE_MMIO, 0xf0000000) == NULL); /* a stub */
	CHECK_INT(g.claims.memory, 1);
	CHECK_INT(g.claims.ports, 9 + 1 + 2);
	/* The magic through the machine. */
	r = (struct ioreq_req){
		.type = IOREQ_TYPE_PIO, .read = true, .size = 2, .count = 1, .addr = 0x10
	};
	CHECK_INT(machine_dispatch(&g.m, &r, &data), 0);
	CHECK_INT(data, 0x49d2);
	/* Console input reaches COM1 only. */
	CHECK_INT(machine_serial_can_receive(&g.m, 0), 1);
	CHECK_INT(machine_serial_receive(&g.m, 0, (const uint8_t *)"ab", 2), 1);
	CHECK_INT(machine_serial_can_receive(&g.m, 1), 0);
	CHECK_INT(machine_serial_receive(&g.m, 1, (const uint8_t *)"ab", 2), 0);
}

TEST(machine_refuses_other_requests)
{
	static struct rig g;
	struct ioreq_req r = { .type = IOREQ_TYPE_TIMEOFFSET, .size = 8, .count = 1 };
	uint64_t data = 0;

	CHECK_INT(rig_init(&g, xenfv_args, ARGC(xenfv_args)), 0);
	CHECK_INT(machine_dispatch(&g.m, &r, &data), -EINVAL);
	r.type = IOREQ_TYPE_INVALIDATE;
	CHECK_INT(machine_dispatch(&g.m, &r, &data), -EINVAL);
}

TEST(machine_bad_configuration_is_refused)
{
	static struct rig g;
	struct ioemu_config cfg;

	CHECK_INT(rig_init(&g, xenfv_args, ARGC(xenfv_args)), 0);
	cfg = g.cfg;
	memcpy(cfg.boot_order, "x", 2);
	CHECK_INT(machine_init(&g.m, &cfg, NULL, &g.ops, NULL), -EINVAL);
	CHECK(strstr(g.rec.log, "CMOS") != NULL);
	cfg = g.cfg;
	cfg.vga = IOEMU_VGA_STD;
	cfg.vgamem_mb = 0;
	CHECK_INT(machine_init(&g.m, &cfg, NULL, &g.ops, NULL), -EINVAL);
	CHECK(strstr(g.rec.log, "VGA") != NULL);
}

static unsigned unplugged_links;

static void count_unplugged(void *ctx)
{
	(void)ctx;
	unplugged_links++;
}

static int send_anywhere(void *ctx, const uint8_t *frame, size_t len)
{
	(void)ctx, (void)frame, (void)len;
	return 0;
}

TEST(machine_nics_in_qemus_slots_and_unplugged)
{
	static const char *const args[] = {
		"-xen-domid",
		"7",
		"-device",
		"rtl8139,id=nic0,netdev=net0,mac=00:16:3e:12:34:56",
		"-netdev",
		"type=tap,id=net0,ifname=vif7.0-emu,br=xenbr0,script=no,downscript=no",
		"-device",
		"rtl8139,id=nic1,netdev=net1,mac=00:16:3e:12:34:57",
		"-netdev",
		"type=tap,id=net1,ifname=vif7.1-emu,br=xenbr0,script=no,downscript=no",
		"-machine",
		"xenfv",
		"-m",
		"120",
	};
	static struct rig g;
	static const struct nic_link link = { NULL, send_anywhere, NULL, NULL, count_unplugged };
	uint8_t frame[60] = { 0 };

	CHECK_INT(rig_init(&g, args, ARGC(args)), 0);
	CHECK_INT(g.m.n_nics, 2);
	CHECK_INT(cfg_read(&g.m, 0x18, 0, 4), 0x813910ec);
	CHECK_INT(cfg_read(&g.m, 0x20, 0, 4), 0x813910ec);
	CHECK_INT(machine_connect_nic(&g.m, 1, &link), 0);
	CHECK_INT(machine_connect_nic(&g.m, 2, &link), -ENODEV);
	CHECK_INT(machine_nic_receive(&g.m, 0, frame, sizeof(frame)), 0); /* receiver off */
	unplugged_links = 0;
	CHECK_INT(machine_unplug(&g.m, XEN_PLATFORM_UNPLUG_ALL_NICS), 2);
	CHECK_INT(unplugged_links, 1);
	CHECK_INT(cfg_read(&g.m, 0x18, 0, 4), 0xffffffff);
	CHECK_INT(machine_nic_receive(&g.m, 0, frame, sizeof(frame)), -ENODEV);
	CHECK_INT(machine_unplug(&g.m, XEN_PLATFORM_UNPLUG_ALL_NICS), 0);
}

TEST(machine_e1000_beside_an_rtl8139)
{
	static const char *const args[] = {
		"-xen-domid",
		"7",
		"-device",
		"e1000,id=nic0,netdev=net0,mac=00:16:3e:12:34:56",
		"-netdev",
		"type=tap,id=net0,ifname=vif7.0-emu,br=xenbr0,script=no,downscript=no",
		"-device",
		"rtl8139,id=nic1,netdev=net1,mac=00:16:3e:12:34:57",
		"-netdev",
		"type=tap,id=net1,ifname=vif7.1-emu,br=xenbr0,script=no,downscript=no",
		"-machine",
		"xenfv",
		"-m",
		"120",
	};
	static struct rig g;
	static const uint8_t rom[3000] = { 0x55, 0xaa };

	CHECK_INT(rig_init(&g, args, ARGC(args)), 0);
	CHECK_INT(cfg_read(&g.m, 0x18, 0, 4), 0x100e8086);
	CHECK_INT(cfg_read(&g.m, 0x20, 0, 4), 0x813910ec);
	CHECK_INT(machine_attach_nic_rom(&g.m, 0, rom, sizeof(rom)), 0);
	CHECK_INT(machine_attach_nic_rom(&g.m, 2, rom, sizeof(rom)), -ENODEV);
	cfg_write(&g.m, 0x18, 0x30, 4, 0xffffffff);
	CHECK_INT(cfg_read(&g.m, 0x18, 0x30, 4), 0xfffff001); /* 4 KiB for 3000 bytes, enabled */
	CHECK_INT(machine_unplug(&g.m, XEN_PLATFORM_UNPLUG_ALL_NICS), 2);
	machine_release(&g.m);
	CHECK_INT(g.m.n_nics, 0);
}
