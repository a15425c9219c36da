/*
 * The Xen platform device at 00:02.0 (5853:0001, class 0xff80, revision
 * 1, subsystem 5853:0001, INTA; BAR0 256 I/O ports, BAR1 16 MiB of
 * prefetchable memory that the guest's PV drivers use as room for grant
 * table frames and the like: it answers nothing itself, reads give 0)
 * and the emulated-device unplug protocol on its fixed ports
 * (docs/misc/hvm-emulated-unplug.pandoc; what QEMU's xen_platform does):
 * - 0x10, 2-byte read: the magic 0x49d2 (never 0xd249: no driver is
 *   blacklisted); 1-byte read: the platform flags;
 * - 0x12, 1-byte read: the protocol version, 1;
 * - 0x10, 2-byte write: the unplug mask (XEN_PLATFORM_UNPLUG_*), passed on;
 *   4-byte write: the drivers' build number; 1-byte write: the platform
 *   flags (bit 0 locks the BIOS area 0xc0000-0xfffff read-only);
 * - 0x12, 2-byte write: the drivers' product number; 1-byte write: a
 *   character of the drivers' log, passed on a line at a time, with a
 *   budget of lines the glue refills (xen_platform_log_refill).
 * Through BAR0: offset 0 is the flags byte again; the old SUSE and VMDP
 * unplug writes (1 at offset 4: disks and nics; 1 or 2 at offset 8: disks
 * or nics) are understood too.
 */
#ifndef APPS_IOEMU_XEN_PLATFORM_H
#define APPS_IOEMU_XEN_PLATFORM_H

#include "apps/ioemu/io_bus.h"
#include "apps/ioemu/pci.h"
#include "apps/ioemu/platform_ops.h"

#include <stddef.h>
#include <stdint.h>

enum {
	XEN_PLATFORM_DEVFN = 0x10,
	XEN_PLATFORM_PORT = 0x10,
	XEN_PLATFORM_PORTS = 16,
	XEN_PLATFORM_MAGIC = 0x49d2,
	XEN_PLATFORM_PROTOCOL_VERSION = 1,
	XEN_PLATFORM_UNPLUG_ALL_DISKS = 0x1,
	XEN_PLATFORM_UNPLUG_ALL_NICS = 0x2,
	XEN_PLATFORM_UNPLUG_AUX_IDE_DISKS = 0x4,
	XEN_PLATFORM_UNPLUG_NVME_DISKS = 0x8,
	XEN_PLATFORM_FLAG_ROM_LOCK = 0x1,
	XEN_PLATFORM_LOG_LINE = 128, /* longer lines are cut into pieces */
	XEN_PLATFORM_LOG_BURST = 64, /* lines passed on between refills */
};

struct xen_platform {
	struct pci_device pci;
	struct io_region fixed_ports, bar_ports, bar_memory;
	const struct platform_ops *ops;
	uint8_t flags;
	unsigned unplugged; /* every bit the guest asked for */
	uint16_t product;
	uint32_t build;
	char log_line[XEN_PLATFORM_LOG_LINE];
	size_t log_len;
	unsigned log_budget;
	unsigned long log_dropped;
};

/* Sets up the function and its BARs and puts the fixed ports on io: 0 or
 * io_bus_add's error. */
int xen_platform_init(struct xen_platform *platform, struct io_bus *io,
		      const struct platform_ops *ops);

/* Gives the drivers' log its budget of lines again (the glue calls this
 * from a timer: once a minute, say). */
void xen_platform_log_refill(struct xen_platform *platform);

#endif
