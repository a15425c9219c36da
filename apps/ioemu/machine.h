/*
 * The PC the guest sees, as QEMU's xenfv machine builds it (or pc with
 * accel=xen: the same without the Xen platform device), from the parsed
 * configuration: on PCI bus 0, the i440FX host bridge (00:00.0), the PIIX3
 * ISA bridge (00:01.0), its IDE function (00:01.1), PIIX4 power management
 * with ACPI (00:01.3), the Xen platform device (00:02.0, xenfv only); then
 * what libxl adds with -device, each in the first free slot: the VGA
 * device (00:03.0 on xenfv, 00:02.0 on pc), then the NICs (rtl8139 or
 * e1000, each allocated for the configuration); on the ISA ports, the CMOS NVRAM, the
 * reset ports, the PCI host ports (0xcf8-0xcfb), the keyboard controller and the 16550 UARTs the
 * -serial options ask for. One entry point carries out a request Xen sent: port, memory or PCI
 * configuration.
 *
 * The glue (main.c) gives the ops table and an I/O bus listener: every
 * region put on (or taken off) the bus reaches the listener, from the
 * first at machine_init on, for its range to be claimed from Xen
 * (XEN_DMOP_map_io_range_to_ioreq_server: port or memory); the PCI
 * functions to claim are machine_pci_sbdfs().
 */
#ifndef APPS_IOEMU_MACHINE_H
#define APPS_IOEMU_MACHINE_H

#include "apps/ioemu/cmos.h"
#include "apps/ioemu/dm_argv.h"
#include "apps/ioemu/e1000.h"
#include "apps/ioemu/i440fx.h"
#include "apps/ioemu/ide.h"
#include "apps/ioemu/io_bus.h"
#include "apps/ioemu/ioreq.h"
#include "apps/ioemu/pci.h"
#include "apps/ioemu/piix3.h"
#include "apps/ioemu/piix4_pm.h"
#include "apps/ioemu/piix_ide_stub.h"
#include "apps/ioemu/platform_ops.h"
#include "apps/ioemu/i8042.h"
#include "apps/ioemu/pci_host_ports.h"
#include "apps/ioemu/pci_rom.h"
#include "apps/ioemu/reset_ports.h"
#include "apps/ioemu/rtl8139.h"
#include "apps/ioemu/uart.h"
#include "apps/ioemu/vga_pci.h"
#include "apps/ioemu/xen_platform.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Guest RAM above this stays above 4 GiB when -machine gives no
 * max-ram-below-4g (QEMU's Xen machine: HVM_BELOW_4G_RAM_END). */
#define MACHINE_DEFAULT_RAM_BELOW_4G UINT64_C(0xf0000000)

struct machine {
	struct platform_ops ops;
	struct io_bus io;
	struct pci_bus pci;
	struct i440fx host_bridge;
	struct piix3 isa_bridge;
	struct piix_ide_stub ide;
	struct piix4_pm pm;
	struct xen_platform xen_platform;
	struct vga_pci vga;
	struct cmos cmos;
	struct reset_ports reset;
	struct pci_host_ports host_ports;
	struct i8042 keyboard_controller;
	struct uart uarts[IOEMU_MAX_SERIAL];
	unsigned n_uarts;
	struct machine_nic {
		enum ioemu_nic_model model;
		struct rtl8139 *rtl8139; /* the one of the model, allocated */
		struct e1000 *e1000;
		struct pci_device *pci;
		struct pci_rom rom;
	} nics[IOEMU_MAX_NICS];
	unsigned n_nics;
	bool nics_unplugged;
	bool has_pm, has_xen_platform, has_vga;
	struct ide *ide_devices; /* machine_attach_ide's */
};

/*
 * Builds the machine cfg describes into m (ops copied; mem for repeated
 * accesses through guest memory; listener may be NULL). Returns 0, or a
 * negative errno with the reason logged through ops (a configuration the
 * machine cannot have).
 */
int machine_init(struct machine *m, const struct ioemu_config *cfg, const struct guest_memory *mem,
		 const struct platform_ops *ops, const struct io_bus_listener *listener);

/* Frees what machine_init allocated (the network cards); m may be built
 * again afterwards. */
void machine_release(struct machine *m);

/* Puts the IDE controller behind the PIIX3 IDE function: its bus-master
 * registers as BAR4, its legacy ports on the bus. 0 or a negative errno. */
int machine_attach_ide(struct machine *m, struct ide *ide);

/* The guest's PV drivers asked the platform device to unplug mask
 * (XEN_PLATFORM_UNPLUG_*): the emulated disks it names go (ide_unplug_disks),
 * the NICs leave the PCI bus and their links are told (nic_link's
 * unplugged), what cannot be unplugged is logged. Returns the number of
 * devices gone. */
unsigned machine_unplug(struct machine *m, unsigned mask);

/*
 * Carries out a request Xen sent: IOREQ_TYPE_PIO and IOREQ_TYPE_COPY on
 * the I/O bus, IOREQ_TYPE_PCI_CONFIG on the PCI bus; a read's value into
 * *data when it is inline. Returns 0, or -EINVAL for a request refused
 * (another type included); the request must be answered either way.
 */
int machine_dispatch(struct machine *m, const struct ioreq_req *req, uint64_t *data);

/*
 * NIC index (cfg's order) sends on link (kept by the caller) from now on;
 * until then its frames are dropped. -ENODEV for a NIC the machine lacks.
 */
int machine_connect_nic(struct machine *m, unsigned index, const struct nic_link *link);

/* NIC index's boot ROM (kept by the caller) behind its ROM BAR. 0,
 * -ENODEV for a NIC the machine lacks, or pci_rom_attach's error. */
int machine_attach_nic_rom(struct machine *m, unsigned index, const uint8_t *image, uint32_t size);

/* A frame from NIC index's network: the card's receive results
 * (rtl8139_receive, e1000_receive), -ENODEV for a NIC the machine lacks
 * or that was unplugged. */
int machine_nic_receive(struct machine *m, unsigned index, const uint8_t *frame, size_t len);

/* NIC index's link takes frames again (rtl8139_tx_resume, e1000_tx_resume). */
void machine_nic_tx_resume(struct machine *m, unsigned index);

/* Gives the VGA function its video RAM (m->vga.vram_size bytes) and
 * ROM (see vga_pci_attach): its ROM BAR, ports and window appear.
 * -ENODEV when the machine has no VGA. */
int machine_attach_vga(struct machine *m, uint8_t *vram, const uint8_t *rom, uint32_t rom_size);

/*
 * Where the device model's own memory in the guest goes (video RAM, then
 * option ROMs), in guest-physical bytes: after the guest's RAM in QEMU's
 * RAM-address space for a Xen guest, i.e. the RAM's end below 4 GiB, or
 * 4 GiB plus the RAM above it when there is some (-m and
 * max-ram-below-4g as cfg holds them).
 */
uint64_t machine_device_memory_base(const struct ioemu_config *cfg);

/* The PCI functions to register with Xen (see pci_bus_sbdfs). */
unsigned machine_pci_sbdfs(const struct machine *m, uint32_t *sbdfs, unsigned max);

/* The first PCI slot (device number) with no function, from which the
 * next -device function goes; 32 when the bus is full. */
unsigned machine_next_free_slot(const struct machine *m);

/* Console input for COM<index + 1>: how much it takes now, and taking it
 * (returns how many bytes it took; 0 for a port the machine lacks). */
size_t machine_serial_can_receive(const struct machine *m, unsigned index);
size_t machine_serial_receive(struct machine *m, unsigned index, const uint8_t *bytes, size_t len);

#endif
