/*
 * libFuzzer harness: the whole xenfv (or pc) machine, with an rtl8139 (or
 * an e1000), under arbitrary PCI
 * configuration accesses (any function, register 0-0x1fff, any size
 * including bad ones), port and MMIO accesses (inline and through guest
 * memory), and console input, as a hostile guest could make them. After
 * each step: every function keeps its IDs, class, revision and header
 * type; every BAR reads back size-aligned with its type bits; a decoding
 * BAR's region is on the bus at the BAR's address (or the conflict was
 * counted), a BAR that does not decode has none; the bus's regions never
 * overlap; the UARTs' FIFOs stay within bounds; what reaches Xen is in
 * range (IRQs, links, devices). Reads out of the 256 bytes are caught by
 * ASan.
 */
#include "apps/ioemu/machine.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int isa_irq(void *ctx, unsigned irq, bool level)
{
	(void)ctx, (void)level;
	if (irq > 15)
		__builtin_trap();
	return 0;
}

static int pci_intx(void *ctx, unsigned segment, unsigned bus, unsigned device, unsigned intx,
		    bool level)
{
	(void)ctx, (void)level;
	if (segment || bus || device > 31 || intx > 3)
		__builtin_trap();
	return 0;
}

static int link_route(void *ctx, unsigned link, unsigned irq)
{
	(void)ctx;
	if (link > 3 || irq > 15)
		__builtin_trap();
	return 0;
}

static int shutdown_or_unplug(void *ctx, unsigned value)
{
	(void)ctx, (void)value;
	return 0;
}

static int shutdown(void *ctx, enum platform_shutdown how)
{
	return shutdown_or_unplug(ctx, how);
}

static int rom_area(void *ctx, bool readonly)
{
	(void)ctx, (void)readonly;
	return 0;
}

static void serial_out(void *ctx, unsigned port, const uint8_t *bytes, size_t len)
{
	(void)ctx, (void)bytes;
	if (port > 3 || len != 1)
		__builtin_trap();
}

static void text(void *ctx, const char *line)
{
	(void)ctx;
	if (strlen(line) >= 256)
		__builtin_trap();
}

static const struct platform_ops ops = { .set_isa_irq_level = isa_irq,
					 .set_pci_intx_level = pci_intx,
					 .set_pci_link_route = link_route,
					 .shutdown = shutdown,
					 .unplug = shutdown_or_unplug,
					 .set_rom_area_readonly = rom_area,
					 .serial_out = serial_out,
					 .guest_log = text,
					 .log = text };

static uint8_t ram[4096];

static int ram_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	(void)ctx;
	if (gpa > sizeof(ram) || len > sizeof(ram) - gpa)
		return -1;
	memcpy(buf, &ram[gpa], len);
	return 0;
}

static int ram_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	(void)ctx;
	if (gpa > sizeof(ram) || len > sizeof(ram) - gpa)
		return -1;
	memcpy(&ram[gpa], buf, len);
	return 0;
}

static const struct guest_memory mem = { ram_read, ram_write, NULL };

/* The input, consumed from the front; zeros once it runs out. */
struct input {
	const uint8_t *data;
	size_t left;
};

static uint64_t take(struct input *in, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes; i++)
		if (in->left) {
			v |= (uint64_t)*in->data++ << (8 * i);
			in->left--;
		}
	return v;
}

static const char *const xenfv_args[] = {
	"-xen-domid", "1",
	"-serial",    "/dev/hvc3",
	"-serial",    "/dev/hvc4",
	"-device",    "cirrus-vga,vgamem_mb=8",
	"-device",    "rtl8139,id=nic0,netdev=net0,mac=00:16:3e:00:00:01",
	"-netdev",    "type=tap,id=net0,ifname=vif1.0-emu,script=no,downscript=no",
	"-machine",   "xenfv",
	"-m",	      "256"
};
static const char *const pc_args[] = {
	"-xen-domid", "1",
	"-serial",    "/dev/hvc3",
	"-device",    "VGA,vgamem_mb=16",
	"-device",    "e1000,id=nic0,netdev=net0,mac=00:16:3e:00:00:02",
	"-netdev",    "type=tap,id=net0,ifname=vif1.0-emu,script=no,downscript=no",
	"-machine",   "pc,accel=xen",
	"-m",	      "256"
};

struct snapshot {
	uint8_t ids[256][16];
};

static void check_machine(struct machine *m, const struct snapshot *before)
{
	for (unsigned devfn = 0; devfn < 256; devfn++) {
		const struct pci_device *dev = m->pci.functions[devfn];

		if (!dev)
			continue;
		/* IDs, revision, class, header type. */
		if (memcmp(dev->config, before->ids[devfn], 4) ||
		    memcmp(dev->config + 8, before->ids[devfn] + 8, 4) ||
		    dev->config[0x0e] != before->ids[devfn][0x0e])
			__builtin_trap();
		for (unsigned bar = 0; bar < PCI_BAR_SLOTS; bar++) {
			const struct pci_bar *b = &dev->bars[bar];
			unsigned reg = bar == PCI_ROM_SLOT ? 0x30 : 0x10 + 4 * bar;
			uint32_t v = pci_device_get_u32(dev, reg);
			struct io_region *found;

			if (b->kind == PCI_BAR_UNUSED) {
				if (v != 0 || b->decoded)
					__builtin_trap();
				continue;
			}
			if (b->kind == PCI_BAR_IO && ((v & 3) != 1 || (v & ~3u & (b->size - 1))))
				__builtin_trap();
			if ((b->kind == PCI_BAR_MEM32 || b->kind == PCI_BAR_MEM32_PREFETCH) &&
			    ((v & 0xf) != (b->kind == PCI_BAR_MEM32 ? 0 : 8) ||
			     (v & ~0xfu & (b->size - 1))))
				__builtin_trap();
			if (b->kind == PCI_BAR_ROM && (v & 0x7fe || (v & ~0x7ffu & (b->size - 1))))
				__builtin_trap();
			if (!b->region)
				continue;
			found = io_bus_find(&m->io, b->region->space, b->region->base);
			if (!b->decoded && found == b->region)
				__builtin_trap();
			if (b->decoded && found == b->region && b->region->base != b->addr)
				__builtin_trap();
			if (b->decoded && found != b->region && m->pci.bar_conflicts == 0)
				__builtin_trap();
		}
	}
	for (const struct io_region *r = m->io.regions; r; r = r->next)
		for (const struct io_region *o = r->next; o; o = o->next)
			if (r->space == o->space && r->base < o->base + o->size &&
			    o->base < r->base + r->size)
				__builtin_trap();
	for (unsigned i = 0; i < m->n_uarts; i++)
		if (m->uarts[i].fifo_count > UART_FIFO_BYTES ||
		    m->uarts[i].fifo_head >= UART_FIFO_BYTES)
			__builtin_trap();
}

static uint64_t size_mask(unsigned size)
{
	return size >= 8 ? UINT64_MAX : (UINT64_C(1) << (8 * size)) - 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct machine m;
	static struct snapshot before;
	static const unsigned sizes[8] = { 1, 2, 4, 8, 1, 2, 4, 3 };
	struct ioemu_config cfg;
	struct input in = { data, size };
	char err[160];
	bool pc = size && (data[0] & 0x80);
	int rc;

	rc = pc ? dm_argv_parse(&cfg, pc_args, sizeof(pc_args) / sizeof(pc_args[0]), err,
				sizeof(err))
		: dm_argv_parse(&cfg, xenfv_args, sizeof(xenfv_args) / sizeof(xenfv_args[0]), err,
				sizeof(err));
	if (rc < 0 || machine_init(&m, &cfg, &mem, &ops, NULL) < 0)
		__builtin_trap();
	for (unsigned devfn = 0; devfn < 256; devfn++)
		if (m.pci.functions[devfn])
			memcpy(before.ids[devfn], m.pci.functions[devfn]->config, 16);
	take(&in, 1);

	for (unsigned steps = 0; in.left && steps < 512; steps++) {
		uint8_t op = (uint8_t)take(&in, 1);
		unsigned access = sizes[op >> 5];
		struct ioreq_req req = { .size = access, .count = 1 };
		uint64_t value = 0xa5a5a5a5a5a5a5a5;

		switch (op & 7) {
		case 0: /* configuration read or write */
		case 1:
			req.type = IOREQ_TYPE_PCI_CONFIG;
			req.read = !(op & 1);
			req.addr = take(&in, 1) << 32 | (take(&in, 2) & 0x1fff);
			if (op & 0x10)
				req.addr |= take(&in, 1) << 40; /* another bus */
			req.data = take(&in, 4);
			break;
		case 2: /* a port */
		case 3:
			req.type = IOREQ_TYPE_PIO;
			req.read = !(op & 1);
			req.addr = take(&in, 2);
			req.data = take(&in, 4);
			break;
		case 4: /* memory: BARs live high */
			req.type = IOREQ_TYPE_COPY;
			req.read = op & 0x08;
			req.addr = take(&in, 4);
			req.data = take(&in, 8);
			break;
		case 5: /* repeated, through guest memory */
			req.type = op & 0x08 ? IOREQ_TYPE_COPY : IOREQ_TYPE_PIO;
			req.read = op & 0x10;
			req.df = op & 0x01;
			req.data_is_ptr = true;
			req.addr = req.type == IOREQ_TYPE_PIO ? take(&in, 2) : take(&in, 4);
			req.count = (uint32_t)take(&in, 1) + 1;
			req.data = take(&in, 2) & 0x1fff;
			break;
		case 6: { /* console input */
			uint8_t bytes[32];
			unsigned port = (unsigned)take(&in, 1) % 4,
				 len = (unsigned)take(&in, 1) % 32;
			size_t room = machine_serial_can_receive(&m, port);

			for (unsigned i = 0; i < len; i++)
				bytes[i] = (uint8_t)take(&in, 1);
			if (machine_serial_receive(&m, port, bytes, len) > room)
				__builtin_trap();
			check_machine(&m, &before);
			continue;
		}
		default: /* the GPE status a hotplug controller sets */
			if (m.has_pm)
				piix4_pm_raise_gpe(&m.pm, (unsigned)take(&in, 1) % 20);
			check_machine(&m, &before);
			continue;
		}
		rc = machine_dispatch(&m, &req, &value);
		if (rc == 0 && req.read && !req.data_is_ptr && value > size_mask(req.size))
			__builtin_trap();
		if (req.type == IOREQ_TYPE_PCI_CONFIG && req.size != 1 && req.size != 2 &&
		    req.size != 4 && rc != -EINVAL)
			__builtin_trap();
		check_machine(&m, &before);
	}
	machine_release(&m);
	return 0;
}
