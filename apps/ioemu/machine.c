/* The xenfv machine (see machine.h): its devices in QEMU's order. */
#include "apps/ioemu/machine.h"

#include "apps/ioemu/ide.h"

#include "lib/errno.h"

#include <stdlib.h>
#include <string.h>

static bool slot_free(const struct machine *m, unsigned slot)
{
	for (unsigned function = 0; function < 8; function++)
		if (m->pci.functions[slot << 3 | function])
			return false;
	return true;
}

static int add_function(struct machine *m, struct pci_device *dev, unsigned devfn)
{
	int rc = pci_bus_add(&m->pci, dev, devfn);

	if (rc < 0)
		platform_log(&m->ops, "machine: %s cannot go at %02x.%x: %s", dev->name, devfn >> 3,
			     devfn & 7, errno_name(rc));
	return rc;
}

static int failed(struct machine *m, const char *what, int rc)
{
	platform_log(&m->ops, "machine: %s: %s", what, errno_name(rc));
	return rc;
}

/* A NIC's link until the glue connects its own. */
static int send_nowhere(void *ctx, const uint8_t *frame, size_t len)
{
	(void)ctx, (void)frame, (void)len;
	return -ENOTCONN;
}

static const struct nic_link unconnected_link = { NULL, send_nowhere, NULL, NULL, NULL };

/* A card of the model cfg names, allocated, on the bus in the next free
 * slot. */
static int add_nic(struct machine *m, struct machine_nic *n, const struct ioemu_nic *cfg)
{
	int rc;

	n->model = cfg->model;
	if (cfg->model == IOEMU_NIC_E1000) {
		n->e1000 = calloc(1, sizeof(*n->e1000));
		if (!n->e1000)
			return -ENOMEM;
		rc = e1000_init(n->e1000, cfg->mac, m->io.mem, &m->ops, &unconnected_link);
		n->pci = &n->e1000->pci;
	} else {
		n->rtl8139 = calloc(1, sizeof(*n->rtl8139));
		if (!n->rtl8139)
			return -ENOMEM;
		rc = rtl8139_init(n->rtl8139, cfg->mac, m->io.mem, &m->ops, &unconnected_link);
		n->pci = &n->rtl8139->pci;
	}
	if (rc == 0)
		rc = add_function(m, n->pci, machine_next_free_slot(m) << 3);
	return rc;
}

/* Where the card's link is kept. */
static const struct nic_link **nic_link(struct machine_nic *n)
{
	return n->e1000 ? &n->e1000->link : &n->rtl8139->link;
}

static int build_pci(struct machine *m, const struct ioemu_config *cfg)
{
	int rc;

	i440fx_init(&m->host_bridge);
	rc = add_function(m, &m->host_bridge.pci, I440FX_DEVFN);
	if (rc < 0)
		return rc;
	piix3_init(&m->isa_bridge, &m->ops);
	rc = add_function(m, &m->isa_bridge.pci, PIIX3_DEVFN);
	if (rc < 0)
		return rc;
	rc = piix_ide_stub_init(&m->ide);
	if (rc == 0)
		rc = add_function(m, &m->ide.pci, PIIX_IDE_DEVFN);
	if (rc < 0)
		return failed(m, "IDE", rc);
	if (cfg->acpi) {
		rc = piix4_pm_init(&m->pm, &m->io, &m->ops);
		if (rc == 0)
			rc = add_function(m, &m->pm.pci, PIIX4_PM_DEVFN);
		if (rc < 0)
			return failed(m, "power management", rc);
		m->has_pm = true;
	}
	if (cfg->platform_device) {
		rc = xen_platform_init(&m->xen_platform, &m->io, &m->ops);
		if (rc == 0)
			rc = add_function(m, &m->xen_platform.pci, XEN_PLATFORM_DEVFN);
		if (rc < 0)
			return failed(m, "Xen platform device", rc);
		m->has_xen_platform = true;
	}
	if (cfg->vga != IOEMU_VGA_NONE) {
		rc = vga_pci_init(&m->vga, cfg->vga, cfg->vgamem_mb, &m->ops);
		if (rc == 0)
			rc = add_function(m, &m->vga.pci, machine_next_free_slot(m) << 3);
		if (rc < 0)
			return failed(m, "VGA", rc);
		m->has_vga = true;
	}
	for (unsigned i = 0; i < cfg->n_nics && i < IOEMU_MAX_NICS; i++) {
		rc = add_nic(m, &m->nics[i], &cfg->nics[i]);
		if (rc < 0)
			return failed(m, "network card", rc);
		m->n_nics++;
	}
	return 0;
}

static uint64_t ram_below_4g(const struct ioemu_config *cfg)
{
	uint64_t ram = (uint64_t)cfg->ram_mb << 20;
	uint64_t split = cfg->ram_below_4g ? cfg->ram_below_4g : MACHINE_DEFAULT_RAM_BELOW_4G;

	return ram < split ? ram : split;
}

uint64_t machine_device_memory_base(const struct ioemu_config *cfg)
{
	uint64_t ram = (uint64_t)cfg->ram_mb << 20, below = ram_below_4g(cfg);

	return ram > below ? (UINT64_C(1) << 32) + (ram - below) : ram;
}

static int build_isa(struct machine *m, const struct ioemu_config *cfg)
{
	uint64_t ram = (uint64_t)cfg->ram_mb << 20, below = ram_below_4g(cfg);
	int rc;

	rc = cmos_init(&m->cmos, &m->io, below, ram - below, cfg->vcpus, cfg->boot_order);
	if (rc < 0)
		return failed(m, "CMOS (boot order?)", rc);
	rc = reset_ports_init(&m->reset, &m->io, &m->ops);
	if (rc < 0)
		return failed(m, "reset ports", rc);
	rc = pci_host_ports_init(&m->host_ports, &m->io, &m->reset);
	if (rc < 0)
		return failed(m, "PCI host ports", rc);
	rc = i8042_init(&m->keyboard_controller, &m->io, &m->ops);
	if (rc < 0)
		return failed(m, "keyboard controller", rc);
	if (cfg->n_serial > IOEMU_MAX_SERIAL)
		return failed(m, "serial ports", -EINVAL);
	for (unsigned i = 0; i < cfg->n_serial; i++) {
		rc = uart_init(&m->uarts[i], i, &m->io, &m->ops);
		if (rc < 0)
			return failed(m, "serial port", rc);
		m->n_uarts++;
	}
	return 0;
}

int machine_init(struct machine *m, const struct ioemu_config *cfg, const struct guest_memory *mem,
		 const struct platform_ops *ops, const struct io_bus_listener *listener)
{
	int rc;

	memset(m, 0, sizeof(*m));
	m->ops = *ops;
	io_bus_init(&m->io, mem);
	io_bus_set_listener(&m->io, listener);
	pci_bus_init(&m->pci, &m->io, &m->ops);
	rc = build_pci(m, cfg);
	if (rc == 0)
		rc = build_isa(m, cfg);
	return rc;
}

void machine_release(struct machine *m)
{
	for (unsigned i = 0; i < IOEMU_MAX_NICS; i++) {
		free(m->nics[i].rtl8139);
		free(m->nics[i].e1000);
		m->nics[i].rtl8139 = NULL;
		m->nics[i].e1000 = NULL;
	}
	m->n_nics = 0;
}

int machine_attach_ide(struct machine *m, struct ide *ide)
{
	int rc = pci_device_set_bar(&m->ide.pci, PIIX_IDE_BUS_MASTER_BAR, PCI_BAR_IO,
				    PIIX_IDE_BUS_MASTER_PORTS, ide_bus_master_region(ide));

	if (rc == 0)
		rc = ide_add_legacy_regions(ide, &m->io);
	if (rc < 0)
		return failed(m, "IDE", rc);
	m->ide_devices = ide;
	return 0;
}

unsigned machine_unplug(struct machine *m, unsigned mask)
{
	unsigned gone = 0;

	if (mask & (XEN_PLATFORM_UNPLUG_ALL_DISKS | XEN_PLATFORM_UNPLUG_AUX_IDE_DISKS)) {
		bool aux_only = !(mask & XEN_PLATFORM_UNPLUG_ALL_DISKS);

		gone = m->ide_devices ? ide_unplug_disks(m->ide_devices, aux_only) : 0;
		platform_log(&m->ops, "unplug: %u emulated IDE disk(s) gone%s", gone,
			     aux_only ? " (the primary master stays)" : "");
	}
	if ((mask & XEN_PLATFORM_UNPLUG_ALL_NICS) && !m->nics_unplugged) {
		for (unsigned i = 0; i < m->n_nics; i++) {
			const struct nic_link *link = *nic_link(&m->nics[i]);

			pci_bus_remove(&m->pci, m->nics[i].pci);
			if (link->unplugged)
				link->unplugged(link->ctx);
		}
		m->nics_unplugged = true;
		gone += m->n_nics;
		platform_log(&m->ops, "unplug: %u emulated network card(s) gone", m->n_nics);
	}
	if (mask & XEN_PLATFORM_UNPLUG_NVME_DISKS)
		platform_log(&m->ops, "unplug: this machine has no NVMe disks");
	return gone;
}

int machine_connect_nic(struct machine *m, unsigned index, const struct nic_link *link)
{
	if (index >= m->n_nics)
		return -ENODEV;
	*nic_link(&m->nics[index]) = link;
	return 0;
}

int machine_attach_nic_rom(struct machine *m, unsigned index, const uint8_t *image, uint32_t size)
{
	int rc;

	if (index >= m->n_nics)
		return -ENODEV;
	rc = pci_rom_attach(&m->nics[index].rom, m->nics[index].pci, image, size);
	if (rc < 0)
		return failed(m, "network card boot ROM", rc);
	return 0;
}

int machine_nic_receive(struct machine *m, unsigned index, const uint8_t *frame, size_t len)
{
	if (index >= m->n_nics || m->nics_unplugged)
		return -ENODEV;
	if (m->nics[index].e1000)
		return e1000_receive(m->nics[index].e1000, frame, len);
	return rtl8139_receive(m->nics[index].rtl8139, frame, len);
}

void machine_nic_tx_resume(struct machine *m, unsigned index)
{
	if (index >= m->n_nics || m->nics_unplugged)
		return;
	if (m->nics[index].e1000)
		e1000_tx_resume(m->nics[index].e1000);
	else
		rtl8139_tx_resume(m->nics[index].rtl8139);
}

int machine_attach_vga(struct machine *m, uint8_t *vram, const uint8_t *rom, uint32_t rom_size)
{
	int rc;

	if (!m->has_vga)
		return failed(m, "VGA memory for a machine without VGA", -ENODEV);
	rc = vga_pci_attach(&m->vga, &m->io, vram, rom, rom_size);
	if (rc < 0)
		return failed(m, "VGA", rc);
	return 0;
}

int machine_dispatch(struct machine *m, const struct ioreq_req *req, uint64_t *data)
{
	switch (req->type) {
	case IOREQ_TYPE_PIO:
	case IOREQ_TYPE_COPY:
		return io_bus_dispatch(&m->io, req, data);
	case IOREQ_TYPE_PCI_CONFIG:
		return pci_bus_dispatch(&m->pci, req, data);
	default:
		return -EINVAL;
	}
}

unsigned machine_pci_sbdfs(const struct machine *m, uint32_t *sbdfs, unsigned max)
{
	return pci_bus_sbdfs(&m->pci, sbdfs, max);
}

unsigned machine_next_free_slot(const struct machine *m)
{
	unsigned slot = 0;

	while (slot < 32 && !slot_free(m, slot))
		slot++;
	return slot;
}

size_t machine_serial_can_receive(const struct machine *m, unsigned index)
{
	return index < m->n_uarts ? uart_can_receive(&m->uarts[index]) : 0;
}

size_t machine_serial_receive(struct machine *m, unsigned index, const uint8_t *bytes, size_t len)
{
	return index < m->n_uarts ? uart_receive(&m->uarts[index], bytes, len) : 0;
}
