/* apps/ioemu/pci: configuration space through the write masks, BAR sizing
 * and decoding (regions following on the I/O bus), unaligned and
 * out-of-range accesses, absent functions, INTx. */
#include "apps/ioemu/pci.h"
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "tests/unit/platform_recorder.h"

static uint64_t zero_read(void *dev, uint64_t offset, unsigned size)
{
	return 0x5a;
}

static void ignore_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
}

struct listened {
	unsigned added, removed;
	uint64_t last_base;
};

static int listen(void *ctx, const struct io_region *r, bool added)
{
	struct listened *l = ctx;

	if (added)
		l->added++, l->last_base = r->base;
	else
		l->removed++;
	return 0;
}

struct bar_events {
	unsigned calls, last_bar;
	bool last_decoded;
	uint64_t last_addr;
};

static void bar_changed(struct pci_device *dev, unsigned bar, bool decoded, uint64_t addr)
{
	struct bar_events *e = dev->owner;

	e->calls++;
	e->last_bar = bar;
	e->last_decoded = decoded;
	e->last_addr = addr;
}

static const struct pci_device_ops event_ops = { .bar_changed = bar_changed };

static uint64_t cfg(struct pci_bus *bus, unsigned devfn, unsigned reg, unsigned size)
{
	struct ioreq_req r = { .type = IOREQ_TYPE_PCI_CONFIG,
			       .read = true,
			       .size = size,
			       .count = 1,
			       .addr = (uint64_t)devfn << 32 | reg };
	uint64_t data = 0xdead;

	CHECK_INT(pci_bus_dispatch(bus, &r, &data), 0);
	return data;
}

static void cfg_write(struct pci_bus *bus, unsigned devfn, unsigned reg, unsigned size,
		      uint32_t value)
{
	struct ioreq_req r = { .type = IOREQ_TYPE_PCI_CONFIG,
			       .size = size,
			       .count = 1,
			       .addr = (uint64_t)devfn << 32 | reg,
			       .data = value };
	uint64_t data = 0;

	CHECK_INT(pci_bus_dispatch(bus, &r, &data), 0);
}

struct rig {
	struct platform_recorder rec;
	struct platform_ops ops;
	struct io_bus io;
	struct pci_bus bus;
	struct listened heard;
	struct io_bus_listener listener;
};

static void rig_init(struct rig *g)
{
	platform_recorder_init(&g->rec, &g->ops);
	io_bus_init(&g->io, NULL);
	g->heard = (struct listened){ 0 };
	g->listener = (struct io_bus_listener){ listen, &g->heard };
	io_bus_set_listener(&g->io, &g->listener);
	pci_bus_init(&g->bus, &g->io, &g->ops);
}

TEST(pci_ids_are_read_only)
{
	static struct rig g;
	struct pci_device d;

	rig_init(&g);
	pci_device_init(&d, "d", 0x8086, 0x1237, 0x060000, 0x02, 0x80);
	CHECK_INT(pci_bus_add(&g.bus, &d, 0), 0);
	CHECK_INT(pci_bus_add(&g.bus, &d, 8), -EEXIST);
	CHECK_INT(cfg(&g.bus, 0, 0, 4), 0x12378086);
	CHECK_INT(cfg(&g.bus, 0, 8, 4), 0x06000002);
	CHECK_INT(cfg(&g.bus, 0, 0x0e, 1), 0x80);
	cfg_write(&g.bus, 0, 0, 4, 0xffffffff);
	cfg_write(&g.bus, 0, 8, 4, 0xffffffff);
	cfg_write(&g.bus, 0, 0x0c, 4, 0xffffffff); /* cache line, latency writable */
	CHECK_INT(cfg(&g.bus, 0, 0, 4), 0x12378086);
	CHECK_INT(cfg(&g.bus, 0, 8, 4), 0x06000002);
	CHECK_INT(cfg(&g.bus, 0, 0x0c, 4), 0x0080ffff);
	/* Command: only its defined bits; status stays. */
	cfg_write(&g.bus, 0, 4, 4, 0xffffffff);
	CHECK_INT(cfg(&g.bus, 0, 4, 4), 0x00000547);
	cfg_write(&g.bus, 0, 0x3c, 2, 0xffff);
	CHECK_INT(cfg(&g.bus, 0, 0x3c, 2), 0x00ff); /* line writable, pin not */
}

TEST(pci_accesses_by_bytes_and_out_of_range)
{
	static struct rig g;
	struct pci_device d, e;

	rig_init(&g);
	pci_device_init(&d, "d", 0x1111, 0x2222, 0, 0, 0);
	pci_device_init(&e, "e", 0x3333, 0x4444, 0, 0, 0);
	pci_device_writable(&d, 0x40, PCI_CONFIG_BYTES - 0x40);
	pci_device_writable(&e, 0, PCI_CONFIG_BYTES);
	CHECK_INT(pci_bus_add(&g.bus, &d, 0x08), 0);
	CHECK_INT(pci_bus_add(&g.bus, &e, 0x09), 0);
	/* Unaligned, within the space. */
	cfg_write(&g.bus, 0x08, 0x41, 4, 0x44332211);
	CHECK_INT(cfg(&g.bus, 0x08, 0x40, 4), 0x33221100);
	CHECK_INT(cfg(&g.bus, 0x08, 0x43, 2), 0x4433);
	/* Crossing the end: the bytes beyond read as ones, are not written
	 * (the next function is untouched). */
	cfg_write(&g.bus, 0x08, 0xfe, 4, 0xaabbccdd);
	CHECK_INT(cfg(&g.bus, 0x08, 0xfe, 4), 0xffffccdd);
	CHECK_INT(cfg(&g.bus, 0x09, 0, 2), 0x3333);
	/* Extended registers (0x100-0xfff) and beyond: ones, dropped. */
	CHECK_INT(cfg(&g.bus, 0x08, 0x100, 4), 0xffffffff);
	CHECK_INT(cfg(&g.bus, 0x08, 0xffc, 2), 0xffff);
	cfg_write(&g.bus, 0x08, 0x200, 4, 0);
	CHECK_INT(cfg(&g.bus, 0x08, 0x1000, 4), 0xffffffff);
	/* Absent functions, another bus, another segment. */
	CHECK_INT(cfg(&g.bus, 0x10, 0, 4), 0xffffffff);
	CHECK_INT(cfg(&g.bus, 0x10, 0, 1), 0xff);
	CHECK_INT(cfg(&g.bus, 0x108, 0, 4), 0xffffffff);
	CHECK_INT(cfg(&g.bus, 0x10008, 0, 2), 0xffff);
	cfg_write(&g.bus, 0x108, 0x40, 4, 0);
	CHECK_INT(cfg(&g.bus, 0x08, 0x40, 1), 0x00);
	CHECK_INT(cfg(&g.bus, 0x08, 0x41, 1), 0x11);
	CHECK(g.bus.absent_accesses >= 5);
}

TEST(pci_malformed_requests)
{
	static struct rig g;
	struct ioreq_req r = { .type = IOREQ_TYPE_PCI_CONFIG, .read = true, .size = 8, .count = 1 };
	uint64_t data = 0;

	rig_init(&g);
	CHECK_INT(pci_bus_dispatch(&g.bus, &r, &data), -EINVAL);
	CHECK_INT(data, 0xffffffff);
	r.size = 3;
	CHECK_INT(pci_bus_dispatch(&g.bus, &r, &data), -EINVAL);
	r.size = 4;
	r.data_is_ptr = true;
	CHECK_INT(pci_bus_dispatch(&g.bus, &r, &data), -EINVAL);
	r.data_is_ptr = false;
	r.type = IOREQ_TYPE_PIO;
	CHECK_INT(pci_bus_dispatch(&g.bus, &r, &data), -EINVAL);
	CHECK_INT(g.bus.refused, 4);
	CHECK_INT(pci_config_read(&g.bus, 300, 0, 4), 0xffffffff);
}

TEST(pci_bar_sizing)
{
	static struct rig g;
	struct pci_device d;

	rig_init(&g);
	pci_device_init(&d, "d", 0x5853, 0x0001, 0xff8000, 1, 0);
	CHECK_INT(pci_device_set_bar(&d, 0, PCI_BAR_IO, 256, NULL), 0);
	CHECK_INT(pci_device_set_bar(&d, 1, PCI_BAR_MEM32_PREFETCH, 16u << 20, NULL), 0);
	CHECK_INT(pci_device_set_bar(&d, 2, PCI_BAR_MEM32, 4096, NULL), 0);
	CHECK_INT(pci_device_set_bar(&d, PCI_ROM_SLOT, PCI_BAR_ROM, 64 << 10, NULL), 0);
	CHECK_INT(pci_device_set_bar(&d, 3, PCI_BAR_IO, 3, NULL), -EINVAL);
	CHECK_INT(pci_device_set_bar(&d, 3, PCI_BAR_IO, 2, NULL), -EINVAL);
	CHECK_INT(pci_device_set_bar(&d, 3, PCI_BAR_MEM32, 8, NULL), -EINVAL);
	CHECK_INT(pci_device_set_bar(&d, 3, PCI_BAR_ROM, 4096, NULL), -EINVAL);
	CHECK_INT(pci_device_set_bar(&d, PCI_ROM_SLOT, PCI_BAR_IO, 4096, NULL), -EINVAL);
	CHECK_INT(pci_device_set_bar(&d, 7, PCI_BAR_IO, 16, NULL), -EINVAL);
	CHECK_INT(pci_bus_add(&g.bus, &d, 0x10), 0);
	CHECK_INT(cfg(&g.bus, 0x10, 0x10, 4), 0x1);
	CHECK_INT(cfg(&g.bus, 0x10, 0x14, 4), 0x8);
	for (unsigned reg = 0x10; reg < 0x28; reg += 4)
		cfg_write(&g.bus, 0x10, reg, 4, 0xffffffff);
	CHECK_INT(cfg(&g.bus, 0x10, 0x10, 4), 0xffffff01);
	CHECK_INT(cfg(&g.bus, 0x10, 0x14, 4), 0xff000008);
	CHECK_INT(cfg(&g.bus, 0x10, 0x18, 4), 0xfffff000);
	CHECK_INT(cfg(&g.bus, 0x10, 0x1c, 4), 0); /* unused */
	/* The ROM BAR as hvmloader sizes it: all address bits, enable off. */
	cfg_write(&g.bus, 0x10, 0x30, 4, 0xfffff800);
	CHECK_INT(cfg(&g.bus, 0x10, 0x30, 4), 0xffff0000);
	cfg_write(&g.bus, 0x10, 0x30, 4, 0xffffffff);
	CHECK_INT(cfg(&g.bus, 0x10, 0x30, 4), 0xffff0001);
	/* A byte at a time keeps the size alignment too. */
	cfg_write(&g.bus, 0x10, 0x10, 1, 0xff);
	CHECK_INT(cfg(&g.bus, 0x10, 0x10, 4), 0xffffff01);
	cfg_write(&g.bus, 0x10, 0x15, 2, 0x1234);
	CHECK_INT(cfg(&g.bus, 0x10, 0x14, 4), 0xff000008); /* bits 8-23 are size */
}

TEST(pci_bar_decoding_moves_its_region)
{
	static struct rig g;
	struct pci_device d;
	struct bar_events events = { 0 };
	struct io_region ports = { "p", IO_SPACE_PORT, 0, 0, zero_read, ignore_write, NULL, NULL };
	struct io_region mem = { "m", IO_SPACE_MMIO, 0, 0, zero_read, ignore_write, NULL, NULL };
	struct io_region fixed = { "f",	      IO_SPACE_PORT, 0xc100, 4,
				   zero_read, ignore_write,  NULL,   NULL };

	rig_init(&g);
	pci_device_init(&d, "d", 1, 2, 0, 0, 0);
	d.ops = &event_ops;
	d.owner = &events;
	CHECK_INT(pci_device_set_bar(&d, 0, PCI_BAR_IO, 256, &ports), 0);
	CHECK_INT(pci_device_set_bar(&d, 1, PCI_BAR_MEM32, 4096, &mem), 0);
	CHECK_INT(ports.size, 256);
	CHECK(mem.space == IO_SPACE_MMIO);
	CHECK_INT(io_bus_add(&g.io, &fixed), 0);
	CHECK_INT(pci_bus_add(&g.bus, &d, 0x18), 0);
	CHECK_INT(g.heard.added, 1); /* the fixed region only */
	/* Addresses first, decode off: nothing decodes. */
	cfg_write(&g.bus, 0x18, 0x10, 4, 0xc001);
	cfg_write(&g.bus, 0x18, 0x14, 4, 0xf0001000);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xc000) == NULL);
	CHECK_INT(events.calls, 0);
	/* I/O on. */
	cfg_write(&g.bus, 0x18, 4, 2, PCI_COMMAND_IO);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xc0ff) == &ports);
	CHECK(io_bus_find(&g.io, IO_SPACE_MMIO, 0xf0001000) == NULL);
	CHECK_INT(events.calls, 1);
	CHECK(events.last_decoded);
	CHECK_INT(events.last_addr, 0xc000);
	CHECK_INT(g.heard.last_base, 0xc000);
	/* Memory on too, then the I/O BAR moved while decoding. */
	cfg_write(&g.bus, 0x18, 4, 2, PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
	CHECK(io_bus_find(&g.io, IO_SPACE_MMIO, 0xf0001fff) == &mem);
	cfg_write(&g.bus, 0x18, 0x10, 4, 0xd001);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xc000) == NULL);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xd000) == &ports);
	CHECK_INT(events.last_addr, 0xd000);
	/* Sizing with decode on: all ones is not an address. */
	cfg_write(&g.bus, 0x18, 0x14, 4, 0xffffffff);
	CHECK(io_bus_find(&g.io, IO_SPACE_MMIO, 0xfffff000) == NULL);
	CHECK(!d.bars[1].decoded);
	cfg_write(&g.bus, 0x18, 0x14, 4, 0xe0000000);
	CHECK(io_bus_find(&g.io, IO_SPACE_MMIO, 0xe0000000) == &mem);
	/* Over another device's ports: not decoded, counted, logged. */
	cfg_write(&g.bus, 0x18, 0x10, 4, 0xc101);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xc100) == &fixed);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xc1ff) == NULL);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xd000) == NULL);
	CHECK_INT(g.bus.bar_conflicts, 1);
	CHECK(g.rec.log_lines >= 1);
	/* Address 0 and the top of the port space do not decode. */
	cfg_write(&g.bus, 0x18, 0x10, 4, 0x0001);
	CHECK(!d.bars[0].decoded);
	cfg_write(&g.bus, 0x18, 0x10, 4, 0xff01);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xff00) == &ports);
	cfg_write(&g.bus, 0x18, 0x10, 4, 0x10001);
	CHECK(!d.bars[0].decoded);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xff00) == NULL);
	/* Decode off: regions leave the bus, and the listener hears it. */
	cfg_write(&g.bus, 0x18, 0x10, 4, 0xc001);
	cfg_write(&g.bus, 0x18, 4, 1, 0);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xc000) == NULL);
	CHECK(io_bus_find(&g.io, IO_SPACE_MMIO, 0xe0000000) == NULL);
	CHECK(!events.last_decoded);
	CHECK_INT(g.heard.added - g.heard.removed, 1);
	/* Removal takes decoded BARs off the bus. */
	cfg_write(&g.bus, 0x18, 4, 1, PCI_COMMAND_IO);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xc000) == &ports);
	CHECK_INT(pci_bus_remove(&g.bus, &d), 0);
	CHECK_INT(pci_bus_remove(&g.bus, &d), -ENOENT);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xc000) == NULL);
	CHECK_INT(cfg(&g.bus, 0x18, 0, 4), 0xffffffff);
}

TEST(pci_rom_bar_decodes_with_its_enable_bit)
{
	static struct rig g;
	struct pci_device d;
	struct io_region rom = { "rom", IO_SPACE_MMIO, 0, 0, zero_read, ignore_write, NULL, NULL };

	rig_init(&g);
	pci_device_init(&d, "d", 1, 2, 0, 0, 0);
	CHECK_INT(pci_device_set_bar(&d, PCI_ROM_SLOT, PCI_BAR_ROM, 0x10000, &rom), 0);
	CHECK_INT(pci_bus_add(&g.bus, &d, 0x18), 0);
	cfg_write(&g.bus, 0x18, 4, 2, PCI_COMMAND_MEMORY);
	cfg_write(&g.bus, 0x18, 0x30, 4, 0xfebf0000);
	CHECK(!d.bars[PCI_ROM_SLOT].decoded);
	cfg_write(&g.bus, 0x18, 0x30, 1, 0x01);
	CHECK(io_bus_find(&g.io, IO_SPACE_MMIO, 0xfebf0000) == &rom);
	cfg_write(&g.bus, 0x18, 4, 2, 0);
	CHECK(io_bus_find(&g.io, IO_SPACE_MMIO, 0xfebf0000) == NULL);
}

TEST(pci_intx_follows_the_line_and_intx_disable)
{
	static struct rig g;
	struct pci_device d, quiet;

	rig_init(&g);
	pci_device_init(&d, "d", 1, 2, 0, 0, 0);
	pci_device_set_u8(&d, PCI_REG_INTERRUPT_PIN, 2); /* INTB */
	pci_device_init(&quiet, "q", 1, 3, 0, 0, 0);
	CHECK_INT(pci_bus_add(&g.bus, &d, 0x1a), 0); /* device 3, function 2 */
	CHECK_INT(pci_bus_add(&g.bus, &quiet, 0x20), 0);
	pci_device_set_intx(&d, true);
	CHECK(g.rec.intx[3][1]);
	CHECK_INT(g.rec.intx_calls, 1);
	CHECK_INT(cfg(&g.bus, 0x1a, PCI_REG_STATUS, 1) & PCI_STATUS_INTERRUPT,
		  PCI_STATUS_INTERRUPT);
	pci_device_set_intx(&d, true); /* no change: Xen is not told again */
	CHECK_INT(g.rec.intx_calls, 1);
	cfg_write(&g.bus, 0x1a, PCI_REG_COMMAND, 2, PCI_COMMAND_INTX_DISABLE);
	CHECK(!g.rec.intx[3][1]);
	CHECK_INT(cfg(&g.bus, 0x1a, PCI_REG_STATUS, 1) & PCI_STATUS_INTERRUPT,
		  PCI_STATUS_INTERRUPT);
	cfg_write(&g.bus, 0x1a, PCI_REG_COMMAND, 2, 0);
	CHECK(g.rec.intx[3][1]);
	pci_device_set_intx(&d, false);
	CHECK(!g.rec.intx[3][1]);
	CHECK_INT(cfg(&g.bus, 0x1a, PCI_REG_STATUS, 1) & PCI_STATUS_INTERRUPT, 0);
	/* No pin: nothing to tell. */
	pci_device_set_intx(&quiet, true);
	CHECK_INT(g.rec.intx_calls, 4);
}

TEST(pci_sbdfs_list_the_functions)
{
	static struct rig g;
	struct pci_device a, b;
	uint32_t sbdfs[4];

	rig_init(&g);
	pci_device_init(&a, "a", 1, 2, 0, 0, 0);
	pci_device_init(&b, "b", 1, 3, 0, 0, 0);
	CHECK_INT(pci_bus_add(&g.bus, &a, 0x0b), 0);
	CHECK_INT(pci_bus_add(&g.bus, &b, 0x00), 0);
	CHECK_INT(pci_bus_add(&g.bus, &b, 256), -EINVAL);
	CHECK_INT(pci_bus_sbdfs(&g.bus, sbdfs, 4), 2);
	CHECK_INT(sbdfs[0], 0x00);
	CHECK_INT(sbdfs[1], 0x0b);
	CHECK_INT(pci_bus_sbdfs(&g.bus, sbdfs, 1), 2);
}
