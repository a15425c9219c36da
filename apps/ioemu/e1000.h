/*
 * An Intel 82540EM gigabit network card ("e1000"), as QEMU's -device
 * e1000 presents it (PCI 8086:100e revision 3, subsystem 1af4:1100), for
 * Linux's e1000, Windows' and BSD's drivers and iPXE: its registers in
 * memory BAR 0 (128 KiB) and through the IOADDR/IODATA window of I/O BAR
 * 1, the 64-word Microwire EEPROM holding the MAC address (bit-banged
 * through EECD or read through EERD), the MDIC registers of an M88E1011
 * PHY always linked at 1000 Mbit/s full duplex, interrupts (ICR & IMS on
 * INTA, delivered at once: the moderation timers are accepted, not run),
 * the statistics registers, and both data paths:
 *  - receive into the guest's ring of legacy descriptors (RDBA/RDLEN/
 *    RDH/RDT), a frame over as many buffers of RCTL's size as it needs,
 *    filtered by RCTL (promiscuous, broadcast, the 16 exact addresses of
 *    RAL/RAH, the multicast table by RCTL.MO, the VLAN table), the VLAN
 *    tag stripped when CTRL.VME, IPv4 TCP/UDP checksums checked (RXCSUM);
 *  - transmit from TDH to TDT: legacy descriptors (checksum by CSO/CSS),
 *    context and data descriptors (IP and TCP/UDP checksum insertion,
 *    TCP segmentation of IPv4 and IPv6 frames up to 64 KiB, UDP
 *    fragmentation by TSE without TCP), gather until EOP, VLAN insertion.
 * Every descriptor, address, length and offset comes from the guest and
 * is checked: DMA goes only through guest memory, only while the guest
 * lets the function master the bus; ring indices outside a ring are
 * refused; a ring is walked at most one lap per kick. Not there: wake-up
 * and its filters, manageability, flow control (pause frames), loopback,
 * the packet buffer memory and FIFO registers, interrupt moderation,
 * writing the EEPROM, the receive descriptor's packet checksum field.
 */
#ifndef APPS_IOEMU_E1000_H
#define APPS_IOEMU_E1000_H

#include "apps/ioemu/io_bus.h"
#include "apps/ioemu/nic.h"
#include "apps/ioemu/pci.h"
#include "apps/ioemu/platform_ops.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	E1000_MMIO_BYTES = 0x20000,
	E1000_IO_BYTES = 0x40,
	E1000_REG_BYTES = 0x6000, /* registers kept; above them all read 0 */
	E1000_EEPROM_WORDS = 64,
	E1000_PHY_REGS = 32,
	/* The largest frame gathered for segmentation: 64 KiB of payload
	 * and the headers before it. */
	E1000_TSO_MAX = 65536 + 256,
};

/* What a context descriptor said, for the frames after it. */
struct e1000_tx_context {
	uint8_t ipcss, ipcso, tucss, tucso, hdr_len;
	uint16_t ipcse, tucse, mss;
	bool ipv4, tcp;
};

struct e1000 {
	struct pci_device pci;
	struct io_region memory, ports;
	const struct guest_memory *mem;
	const struct platform_ops *ops;
	const struct nic_link *link;
	uint32_t regs[E1000_REG_BYTES / 4];
	uint32_t ioaddr; /* the I/O window's register offset */
	uint16_t phy[E1000_PHY_REGS];
	uint16_t eeprom[E1000_EEPROM_WORDS];
	/* EECD's Microwire state: the pins last written, the command bits
	 * shifted in, and the bit of the EEPROM going out while reading. */
	struct {
		uint32_t pins;
		unsigned bits_in;
		uint32_t command;
		int bit_out;
		bool reading;
	} eecd;
	/* Offloads: one context for segmentation, one for checksums. */
	struct e1000_tx_context tso_ctx, csum_ctx;
	/* The frame being gathered from its descriptors, and how: */
	bool tx_in_frame, tx_broken, tx_tse;
	uint8_t tx_popts;	       /* data descriptors' IXSM/TXSM */
	uint8_t tx_css, tx_cso, tx_ic; /* a legacy descriptor's checksum */
	size_t tx_len;
	/* A frame gathered, its offloads done, that the link refused
	 * (-EAGAIN): its segments from tx_segment on wait, the descriptor
	 * ending it (at TDH) not yet given back. */
	bool tx_waiting, tx_vlan;
	uint16_t tx_vlan_tag;
	unsigned tx_segment;
	uint8_t tx_eop_desc[16];
	bool tx_busy; /* transmitting: a nested kick waits for this one */
	bool rx_stalled;
	uint8_t tx_frame[E1000_TSO_MAX];
	uint8_t segment[NIC_MAX_FRAME];
	uint8_t rx_frame[NIC_MAX_FRAME + NIC_FCS_BYTES];
	struct nic_stats stats;
	unsigned long refused; /* the guest's impossible requests, logged at first */
	bool said_loopback;
};

/*
 * Sets up the card with address mac (in its EEPROM and RAL0/RAH0),
 * reaching guest memory through mem and the network through link (both
 * kept by the caller). 0 or -EINVAL (a BAR that cannot be declared).
 */
int e1000_init(struct e1000 *nic, const uint8_t mac[6], const struct guest_memory *mem,
	       const struct platform_ops *ops, const struct nic_link *link);

/*
 * A frame from the network (no FCS; padded here to NIC_SHORT_FRAME).
 * Returns 0 once the card took it or dropped it (its filter, its receiver
 * off, a ring it cannot use: counted), -ENOBUFS when the guest has not
 * given it descriptors enough for it now (keep it: the link's rx_ready,
 * or a poll, says when to try again), -EMSGSIZE for a frame outside
 * NIC_MIN_FRAME-NIC_MAX_FRAME.
 */
int e1000_receive(struct e1000 *nic, const uint8_t *frame, size_t len);

/* The link can take frames again after an -EAGAIN: the frame waiting
 * goes out, and transmission goes on up to TDT. */
void e1000_tx_resume(struct e1000 *nic);

/* The card as after a power-on: registers at their defaults, the
 * EEPROM's address in RAL0/RAH0, the PHY linked, rings and frames gone. */
void e1000_reset(struct e1000 *nic);

#endif
