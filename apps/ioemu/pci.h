/*
 * PCI bus 0 of the emulated machine and its functions' configuration
 * spaces: 256 bytes each, written only through per-byte write masks (IDs,
 * class and header type are read-only), BARs that size themselves as PCI
 * wants (write all ones, read back the size mask), the command register's
 * I/O, memory and INTx-disable bits, and a BAR's region on the I/O bus
 * following where the guest puts it. Accesses arrive from Xen as
 * IOREQ_TYPE_PCI_CONFIG requests (addr = SBDF << 32 | register) for the
 * functions registered with it (pci_bus_sbdfs); they are carried out a
 * byte at a time, so an unaligned access or one past the 256 bytes
 * touches nothing outside its function (bytes beyond read as ones).
 */
#ifndef APPS_IOEMU_PCI_H
#define APPS_IOEMU_PCI_H

#include "apps/ioemu/io_bus.h"
#include "apps/ioemu/ioreq.h"
#include "apps/ioemu/platform_ops.h"

#include <stdbool.h>
#include <stdint.h>

enum {
	PCI_CONFIG_BYTES = 256,
	PCI_BAR_SLOTS = 7, /* BAR0-5 and the expansion ROM */
	PCI_ROM_SLOT = 6,
	PCI_REG_VENDOR = 0x00,
	PCI_REG_DEVICE = 0x02,
	PCI_REG_COMMAND = 0x04,
	PCI_REG_STATUS = 0x06,
	PCI_REG_REVISION = 0x08,
	PCI_REG_CLASS = 0x09, /* programming interface, subclass, class */
	PCI_REG_HEADER_TYPE = 0x0e,
	PCI_REG_BAR0 = 0x10,
	PCI_REG_SUBSYSTEM_VENDOR = 0x2c,
	PCI_REG_SUBSYSTEM = 0x2e,
	PCI_REG_ROM = 0x30,
	PCI_REG_INTERRUPT_LINE = 0x3c,
	PCI_REG_INTERRUPT_PIN = 0x3d,
};

enum {
	PCI_COMMAND_IO = 0x1,
	PCI_COMMAND_MEMORY = 0x2,
	PCI_COMMAND_MASTER = 0x4,
	PCI_COMMAND_INTX_DISABLE = 0x400,
	PCI_STATUS_INTERRUPT = 0x8,
	PCI_HEADER_MULTI_FUNCTION = 0x80,
};

enum pci_bar_kind {
	PCI_BAR_UNUSED,
	PCI_BAR_IO,
	PCI_BAR_MEM32,
	PCI_BAR_MEM32_PREFETCH,
	PCI_BAR_ROM, /* slot 6 only */
};

struct pci_bar {
	enum pci_bar_kind kind;
	uint32_t size;
	/* The region that answers the BAR's range, kept on the bus at the
	 * BAR's address while it decodes; NULL for a BAR seen only in the
	 * configuration space. */
	struct io_region *region;
	bool decoded; /* its enable bits are on and its address usable */
	uint64_t addr;
};

struct pci_bus;
struct pci_device;

/* What a function adds to the generic configuration space. */
struct pci_device_ops {
	/* After the guest wrote bytes [reg, reg + len) (all below 256),
	 * stored through the write masks. */
	void (*config_written)(struct pci_device *dev, unsigned reg, unsigned len);
	/* After BAR slot bar started decoding at addr, or stopped. */
	void (*bar_changed)(struct pci_device *dev, unsigned bar, bool decoded, uint64_t addr);
};

struct pci_device {
	const char *name;
	uint8_t config[PCI_CONFIG_BYTES];
	uint8_t write_mask[PCI_CONFIG_BYTES]; /* 1 bits: the guest may change them */
	struct pci_bar bars[PCI_BAR_SLOTS];
	const struct pci_device_ops *ops; /* may be NULL */
	void *owner;			  /* the device model this function is part of */
	struct pci_bus *bus;		  /* set by pci_bus_add */
	uint8_t devfn;
	bool intx_level;    /* what the device model says of its line */
	bool intx_asserted; /* what Xen was last told */
};

struct pci_bus {
	struct pci_device *functions[256]; /* by devfn */
	struct io_bus *io;
	const struct platform_ops *platform;
	unsigned long absent_accesses; /* to functions not here */
	unsigned long refused;	       /* malformed requests */
	unsigned long bar_conflicts;   /* BARs put over another region */
};

/*
 * Sets up a function: IDs, class (class << 16 | subclass << 8 | prog-if),
 * revision and header type read-only; command (I/O, memory, bus master,
 * parity and SERR responses, INTx disable), cache line size, latency timer
 * and interrupt line writable; everything else read-only and zero until
 * the device model says otherwise (pci_device_set_*).
 */
void pci_device_init(struct pci_device *dev, const char *name, uint16_t vendor, uint16_t device,
		     uint32_t class_code, uint8_t revision, uint8_t header_type);

/* Read-only bytes set by the device model (little-endian). */
void pci_device_set_u8(struct pci_device *dev, unsigned reg, uint8_t value);
void pci_device_set_u16(struct pci_device *dev, unsigned reg, uint16_t value);
void pci_device_set_u32(struct pci_device *dev, unsigned reg, uint32_t value);
/* Makes bytes [reg, reg + len) writable by the guest (all bits). */
void pci_device_writable(struct pci_device *dev, unsigned reg, unsigned len);

/*
 * Declares BAR slot bar (0-5, or PCI_ROM_SLOT with PCI_BAR_ROM): its kind
 * and size (a power of two: I/O 4 B-64 KiB, memory 16 B-2 GiB, ROM 2 KiB-
 * 2 GiB), answered by region (its space and size are set here; NULL: the
 * configuration space only). -EINVAL for a slot, kind or size that does
 * not fit.
 */
int pci_device_set_bar(struct pci_device *dev, unsigned bar, enum pci_bar_kind kind, uint32_t size,
		       struct io_region *region);

/* The device model's INTx line (the pin in its interrupt-pin register)
 * high or low; Xen is told of what the guest sees: low while the command
 * register's INTx disable bit is set. */
void pci_device_set_intx(struct pci_device *dev, bool level);

uint16_t pci_device_get_u16(const struct pci_device *dev, unsigned reg);
uint32_t pci_device_get_u32(const struct pci_device *dev, unsigned reg);

void pci_bus_init(struct pci_bus *bus, struct io_bus *io, const struct platform_ops *platform);

/* Puts dev at devfn (device << 3 | function). -EINVAL beyond 255, -EEXIST
 * when the slot is taken. */
int pci_bus_add(struct pci_bus *bus, struct pci_device *dev, unsigned devfn);

/* Takes dev off the bus (an unplugged NIC): its BARs stop decoding. */
int pci_bus_remove(struct pci_bus *bus, struct pci_device *dev);

/* A configuration access of size 1, 2 or 4 at reg (0-0xfff) of devfn.
 * Bytes outside the 256, and every byte of an absent function, read as
 * 0xff and are dropped on write. */
uint32_t pci_config_read(struct pci_bus *bus, unsigned devfn, unsigned reg, unsigned size);
void pci_config_write(struct pci_bus *bus, unsigned devfn, unsigned reg, unsigned size,
		      uint32_t value);

/* Carries out an IOREQ_TYPE_PCI_CONFIG request: segment 0, bus 0 only.
 * Returns 0, or -EINVAL for another type, a pointer or a size not 1, 2
 * or 4 (a read then gives all ones). */
int pci_bus_dispatch(struct pci_bus *bus, const struct ioreq_req *req, uint64_t *data);

/* The SBDFs (segment << 16 | bus << 8 | devfn) of the functions present,
 * at most max of them into sbdfs; returns how many there are. */
unsigned pci_bus_sbdfs(const struct pci_bus *bus, uint32_t *sbdfs, unsigned max);

#endif
