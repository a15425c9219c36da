/*
 * A Realtek RTL8139C+ network card, as QEMU's rtl8139 presents it (PCI
 * 10ec:8139 revision 0x20, so Linux drives it with 8139cp; 8139too and
 * boot firmware use the older mode): its 256 registers in I/O BAR 0 and
 * memory BAR 1, the 93C46 EEPROM holding the MAC address (bit-banged
 * through Cfg9346), the MII registers of an always-linked 100 Mbit/s
 * full-duplex PHY, interrupts (ISR & IMR on INTA), and both data paths:
 *  - C mode: four transmit slots (TSAD/TSD) and a receive ring buffer
 *    (RBSTART, RCR's length and WRAP, CAPR/CBR) with its 4-byte headers;
 *  - C+ mode (CpCmd): 16-byte descriptor rings in guest memory, transmit
 *    by TxPoll with gather over fragments, IP/TCP/UDP checksum offload
 *    and VLAN tag insertion, receive into descriptors the guest owns.
 * The receive filter follows RCR (all, own address, broadcast, multicast
 * by MAR's hash). Every descriptor, address and length comes from the
 * guest and is checked: DMA goes only through guest memory, only while
 * the guest lets the function master the bus, and a ring is walked at
 * most one lap per kick. Not there: the timer interrupt (TimerInt),
 * loopback, high-priority transmit, wake-up.
 */
#ifndef APPS_IOEMU_RTL8139_H
#define APPS_IOEMU_RTL8139_H

#include "apps/ioemu/io_bus.h"
#include "apps/ioemu/nic.h"
#include "apps/ioemu/pci.h"
#include "apps/ioemu/platform_ops.h"

#include <stdbool.h>
#include <stdint.h>

enum {
	RTL8139_REGS = 256,
	RTL8139_TX_SLOTS = 4,
	RTL8139_CP_RING = 64, /* descriptors a C+ ring has at most */
	RTL8139_EEPROM_WORDS = 64,
};

/* A 93C46 serial EEPROM (64 words of 16 bits) on Cfg9346's pins. */
struct rtl8139_eeprom {
	uint16_t words[RTL8139_EEPROM_WORDS];
	enum { EEPROM_IDLE, EEPROM_COMMAND, EEPROM_READING, EEPROM_IGNORING } state;
	unsigned bits;	/* command bits taken, in EEPROM_COMMAND */
	uint16_t shift; /* the command, or the word going out */
	unsigned address, left;
	bool clock, data_out;
};

struct rtl8139 {
	struct pci_device pci;
	struct io_region ports, memory;
	const struct guest_memory *mem;
	const struct platform_ops *ops;
	const struct nic_link *link;
	uint8_t regs[RTL8139_REGS];
	struct rtl8139_eeprom eeprom;
	uint64_t timer_base_ns;
	/* C mode: transmit slots waiting for the link (bit per slot) and the
	 * slot to try first. */
	unsigned tx_waiting, tx_next;
	/* C+ mode: the next descriptor of each ring; a frame gathered and
	 * refused by the link (-EAGAIN) waits in frame[] with its last
	 * descriptor not yet given back. */
	unsigned cp_tx_index, cp_rx_index;
	bool cp_tx_waiting, cp_tx_broken;
	size_t frame_len;
	uint8_t frame[NIC_TSO_MAX_FRAME];
	uint8_t segment[NIC_MAX_FRAME + 4]; /* what goes to the link */
	uint8_t tx_flags;		    /* the frame's offloads, from its first descriptor */
	bool tx_large, tx_vlan;		    /* a large send (LargeSend); a tag to insert */
	uint16_t tx_vlan_tag;
	struct nic_tso tso;
	unsigned tx_segment; /* the next segment to send */
	unsigned long tx_refused;
	uint8_t rx_frame[NIC_MAX_FRAME + NIC_FCS_BYTES];
	struct nic_stats stats;
	bool said_timer, said_loopback, said_high_priority;
};

/*
 * Sets up the card with address mac (in its EEPROM and ID registers),
 * reaching guest memory through mem and the network through link (both
 * kept by the caller). 0 or -EINVAL (a BAR that cannot be declared).
 */
int rtl8139_init(struct rtl8139 *nic, const uint8_t mac[6], const struct guest_memory *mem,
		 const struct platform_ops *ops, const struct nic_link *link);

/*
 * A frame from the network (no FCS; padded here to NIC_SHORT_FRAME).
 * Returns 0 once the card took it or dropped it by its filter or because
 * its receiver is off (counted), -ENOBUFS when the guest has no room for
 * it now (keep it: the link's rx_ready, or a poll, says when to try
 * again), -EMSGSIZE for a frame outside NIC_MIN_FRAME-NIC_MAX_FRAME.
 */
int rtl8139_receive(struct rtl8139 *nic, const uint8_t *frame, size_t len);

/* The link can take frames again after an -EAGAIN: the frames waiting
 * go out, and transmission goes on. */
void rtl8139_tx_resume(struct rtl8139 *nic);

/* The card's registers as after a power-on (the EEPROM's address loaded). */
void rtl8139_reset(struct rtl8139 *nic);

#endif
