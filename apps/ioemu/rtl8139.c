/* The RTL8139C+ network card (see rtl8139.h). */
#include "apps/ioemu/rtl8139.h"

#include "lib/bytes.h"
#include "lib/crc32.h"
#include "lib/errno.h"

#include <string.h>

/* Registers (offsets into the 256) and their bits, from Realtek's data
 * sheets of the RTL8139C and C+. */
enum {
	REG_IDR = 0x00,
	REG_MAR = 0x08,
	REG_TSD = 0x10,	       /* C mode: 4 x 32 bits */
	REG_STATS_ADDR = 0x10, /* C+ mode: 64 bits */
	REG_TSAD = 0x20,       /* C mode: 4 x 32 bits */
	REG_TNPDS = 0x20,      /* C+ mode: 64 bits */
	REG_THPDS = 0x28,
	REG_RBSTART = 0x30,
	REG_CR = 0x37,
	REG_CAPR = 0x38,
	REG_CBR = 0x3a,
	REG_IMR = 0x3c,
	REG_ISR = 0x3e,
	REG_TCR = 0x40,
	REG_RCR = 0x44,
	REG_TCTR = 0x48,
	REG_MPC = 0x4c,
	REG_CFG9346 = 0x50,
	REG_CONFIG0 = 0x51,
	REG_CONFIG1 = 0x52,
	REG_TIMER_INT = 0x54,
	REG_MSR = 0x58,
	REG_CONFIG3 = 0x59,
	REG_CONFIG4 = 0x5a,
	REG_MULINT = 0x5c,
	REG_TSAD_ALL = 0x60,
	REG_BMCR = 0x62,
	REG_BMSR = 0x64,
	REG_ANAR = 0x66,
	REG_ANLPAR = 0x68,
	REG_ANER = 0x6a,
	REG_CONFIG5 = 0xd8,
	REG_TX_POLL = 0xd9,
	REG_RX_MAX_SIZE = 0xda,
	REG_CPCMD = 0xe0,
	REG_INTR_MITIGATE = 0xe2,
	REG_RX_RING = 0xe4,
	REG_TX_THRESH = 0xec,
};

enum {
	CR_RST = 0x10,
	CR_RE = 0x08,
	CR_TE = 0x04,
	CR_BUFE = 0x01,
	ISR_ROK = 0x0001,
	ISR_RER = 0x0002,
	ISR_TOK = 0x0004,
	ISR_TER = 0x0008,
	ISR_RX_EMPTY = 0x0010, /* C mode: rx buffer overflow; C+: no descriptor */
	ISR_SW_INT = 0x0100,
	TSD_SIZE = 0x1fff,
	TSD_OWN = 0x2000,
	TSD_TOK = 0x8000,
	TSD_TABT = 0x40000000,
	RCR_AAP = 0x01,
	RCR_APM = 0x02,
	RCR_AM = 0x04,
	RCR_AB = 0x08,
	RCR_WRAP = 0x80,
	RX_STATUS_ROK = 0x0001,
	RX_STATUS_BAR = 0x2000,
	RX_STATUS_PAM = 0x4000,
	RX_STATUS_MAR = 0x8000,
	CFG9346_MODE = 0xc0,
	CFG9346_AUTOLOAD = 0x40,
	CFG9346_PROGRAM = 0x80,
	CFG9346_UNLOCKED = 0xc0,
	CFG9346_CS = 0x08,
	CFG9346_SK = 0x04,
	CFG9346_DI = 0x02,
	CFG9346_DO = 0x01,
	TX_POLL_HPQ = 0x80,
	TX_POLL_NPQ = 0x40,
	TX_POLL_SW_INT = 0x01,
	CPCMD_RX_ON = 0x0002,
	CPCMD_TX_ON = 0x0001,
	STATS_DUMP = 0x08,
	BMCR_RESET = 0x8000,
	BMCR_RESTART_AN = 0x0200,
	/* HWVERID of an RTL8139C+ in TCR (bits 30-26 and 23-22). */
	TCR_HWVERID = 0x74800000,
	TCR_HWVERID_MASK = 0x7cc00000,
	TCR_LOOPBACK = 0x00060000,
};

/* C+ descriptors: opts1, opts2, a 64-bit buffer address (16 bytes). */
enum {
	CP_DESC_BYTES = 16,
	CP_OWN = 1u << 31,
	CP_RING_END = 1u << 30,
	CP_FIRST = 1u << 29,
	CP_LAST = 1u << 28,
	CP_LARGE_SEND = 1u << 27,
	CP_MSS_SHIFT = 16,
	CP_MSS_MASK = 0x7ff,
	CP_TX_ERROR = 1u << 23,
	CP_TX_IP_CSUM = 1u << 18,
	CP_TX_UDP_CSUM = 1u << 17,
	CP_TX_TCP_CSUM = 1u << 16,
	CP_TX_LENGTH = 0xffff,
	CP_TX_VLAN_TAG = 1u << 17, /* in opts2 */
	CP_RX_MULTICAST = 1u << 26,
	CP_RX_ERROR_LONG = 1u << 21,
	CP_RX_ERROR = 1u << 20,
	CP_RX_LENGTH = 0x1fff,
	OFFLOAD_IP = 1,
	OFFLOAD_L4 = 2,
	STATS_BYTES = 64,
	PCI_CLOCK_HZ = 33000000,
};

static uint16_t reg16(const struct rtl8139 *nic, unsigned reg)
{
	return get_le16(nic->regs + reg);
}

static uint32_t reg32(const struct rtl8139 *nic, unsigned reg)
{
	return get_le32(nic->regs + reg);
}

static bool cplus_tx(const struct rtl8139 *nic)
{
	return reg16(nic, REG_CPCMD) & CPCMD_TX_ON;
}

static bool cplus_rx(const struct rtl8139 *nic)
{
	return reg16(nic, REG_CPCMD) & CPCMD_RX_ON;
}

static void update_irq(struct rtl8139 *nic)
{
	pci_device_set_intx(&nic->pci, (reg16(nic, REG_ISR) & reg16(nic, REG_IMR)) != 0);
}

static void raise(struct rtl8139 *nic, uint16_t bits)
{
	nic_put_le16(nic->regs + REG_ISR, reg16(nic, REG_ISR) | bits);
	update_irq(nic);
}

/* ---- DMA: guest memory, only while the guest lets the card master the bus */

static int dma(struct rtl8139 *nic, uint64_t gpa, void *buf, size_t len, bool write)
{
	return nic_dma("rtl8139", &nic->pci, nic->mem, nic->ops, &nic->stats, gpa, buf, len, write);
}

/* ---- the 93C46 EEPROM ------------------------------------------------------ */

static void eeprom_pins(struct rtl8139_eeprom *e, bool cs, bool sk, bool di)
{
	bool rising = sk && !e->clock;

	e->clock = sk;
	if (!cs) {
		e->state = EEPROM_IDLE;
		e->data_out = false;
		return;
	}
	if (!rising)
		return;
	switch (e->state) {
	case EEPROM_IDLE:
		if (di) {
			e->state = EEPROM_COMMAND;
			e->bits = 0;
			e->shift = 0;
		}
		break;
	case EEPROM_COMMAND:
		/* Two opcode bits and six address bits; only READ (10) is
		 * carried out: the card's EEPROM is not written. */
		e->shift = (uint16_t)(e->shift << 1 | di);
		if (++e->bits < 8)
			break;
		if (e->shift >> 6 != 2) {
			e->state = EEPROM_IGNORING;
			break;
		}
		e->address = e->shift & (RTL8139_EEPROM_WORDS - 1);
		e->shift = e->words[e->address];
		e->left = 16;
		e->data_out = false; /* the dummy bit before the data */
		e->state = EEPROM_READING;
		break;
	case EEPROM_READING:
		e->data_out = e->shift >> 15;
		e->shift = (uint16_t)(e->shift << 1);
		if (--e->left == 0) { /* sequential read: the next word follows */
			e->address = (e->address + 1) & (RTL8139_EEPROM_WORDS - 1);
			e->shift = e->words[e->address];
			e->left = 16;
		}
		break;
	case EEPROM_IGNORING:
		break;
	}
}

static void load_mac_from_eeprom(struct rtl8139 *nic)
{
	for (int i = 0; i < 3; i++)
		nic_put_le16(nic->regs + REG_IDR + 2 * i, nic->eeprom.words[7 + i]);
}

static void cfg9346_written(struct rtl8139 *nic)
{
	uint8_t v = nic->regs[REG_CFG9346];

	switch (v & CFG9346_MODE) {
	case CFG9346_AUTOLOAD:
		load_mac_from_eeprom(nic);
		nic->regs[REG_CFG9346] = v & ~CFG9346_MODE;
		eeprom_pins(&nic->eeprom, false, false, false);
		break;
	case CFG9346_PROGRAM:
		eeprom_pins(&nic->eeprom, v & CFG9346_CS, v & CFG9346_SK, v & CFG9346_DI);
		break;
	default:
		eeprom_pins(&nic->eeprom, false, false, false);
		break;
	}
	nic->regs[REG_CFG9346] = (uint8_t)((nic->regs[REG_CFG9346] & ~CFG9346_DO) |
					   (nic->eeprom.data_out ? CFG9346_DO : 0));
}

/* ---- reset ----------------------------------------------------------------- */

/* The registers a software reset (CR.RST) sets; the ID and multicast
 * registers and the EEPROM keep theirs. */
static void soft_reset(struct rtl8139 *nic)
{
	memset(nic->regs + REG_TSD, 0, RTL8139_REGS - REG_TSD);
	for (int i = 0; i < RTL8139_TX_SLOTS; i++)
		nic_put_le32(nic->regs + REG_TSD + 4 * i, TSD_OWN);
	nic->regs[REG_CR] = CR_BUFE;
	nic_put_le16(nic->regs + REG_CAPR, 0xfff0); /* CAPR + 16 = 0: the ring is empty */
	nic_put_le32(nic->regs + REG_TCR, TCR_HWVERID);
	nic->regs[REG_CONFIG1] = 0x00;
	nic_put_le16(nic->regs + REG_TSAD_ALL, 0x000f); /* every slot the driver's */
	nic_put_le16(nic->regs + REG_BMCR, 0x3100); /* autonegotiation, 100 Mbit/s, full duplex */
	nic_put_le16(nic->regs + REG_BMSR, 0x782d); /* capabilities, link up, negotiated */
	nic_put_le16(nic->regs + REG_ANAR, 0x01e1);
	nic_put_le16(nic->regs + REG_ANLPAR, 0x45e1);
	nic_put_le16(nic->regs + REG_ANER, 0x0001);
	nic->tx_waiting = nic->tx_next = 0;
	nic->cp_tx_index = nic->cp_rx_index = 0;
	nic->cp_tx_waiting = nic->cp_tx_broken = false;
	nic->frame_len = 0;
	nic->timer_base_ns = nic->link && nic->link->now_ns ? nic->link->now_ns(nic->link->ctx) : 0;
	update_irq(nic);
}

void rtl8139_reset(struct rtl8139 *nic)
{
	memset(nic->regs, 0, REG_TSD);
	load_mac_from_eeprom(nic);
	eeprom_pins(&nic->eeprom, false, false, false);
	soft_reset(nic);
}

/* len bytes to the link: 0, -EAGAIN (the link is full: they wait where
 * they are) or another error (dropped, counted). */
static int send_bytes(struct rtl8139 *nic, const uint8_t *bytes, size_t len)
{
	int rc = nic->link->send(nic->link->ctx, bytes, len);

	if (rc == -EAGAIN)
		return rc;
	if (rc < 0)
		nic->stats.tx_dropped++;
	else
		nic->stats.tx_frames++;
	return 0;
}

/* ---- C mode: transmit slots ------------------------------------------------ */

static void update_tsad_all(struct rtl8139 *nic)
{
	uint16_t all = 0;

	for (int i = 0; i < RTL8139_TX_SLOTS; i++) {
		uint32_t tsd = reg32(nic, REG_TSD + 4 * i);

		all |= (tsd & TSD_OWN ? 1 : 0) << i;
		all |= (tsd & TSD_TABT ? 1 : 0) << (4 + i);
		all |= (tsd & TSD_TOK ? 1 : 0) << (12 + i);
	}
	nic_put_le16(nic->regs + REG_TSAD_ALL, all);
}

static void slot_done(struct rtl8139 *nic, unsigned slot, bool ok)
{
	uint32_t tsd = reg32(nic, REG_TSD + 4 * slot) & ~(TSD_TOK | TSD_TABT);

	nic_put_le32(nic->regs + REG_TSD + 4 * slot, tsd | TSD_OWN | (ok ? TSD_TOK : TSD_TABT));
	nic->tx_waiting &= ~(1u << slot);
	nic->tx_next = (slot + 1) % RTL8139_TX_SLOTS;
	update_tsad_all(nic);
	raise(nic, ok ? ISR_TOK : ISR_TER);
}

/* The frame of slot (its TSD written with OWN clear): -EAGAIN when the
 * link cannot take it now. */
static int send_slot(struct rtl8139 *nic, unsigned slot)
{
	size_t size = reg32(nic, REG_TSD + 4 * slot) & TSD_SIZE;
	int rc;

	if (size < NIC_MIN_FRAME || size > NIC_MAX_FRAME) {
		nic->stats.tx_dropped++;
		slot_done(nic, slot, false);
		return 0;
	}
	if (dma(nic, reg32(nic, REG_TSAD + 4 * slot), nic->frame, size, false) < 0) {
		nic->stats.tx_dropped++;
		slot_done(nic, slot, false);
		return 0;
	}
	rc = send_bytes(nic, nic->frame, size);
	if (rc == -EAGAIN)
		return rc;
	slot_done(nic, slot, true); /* on the wire, as far as the guest can tell */
	return 0;
}

static void c_transmit(struct rtl8139 *nic)
{
	if (!(nic->regs[REG_CR] & CR_TE))
		return; /* the slots wait for the transmitter */
	for (unsigned n = 0; n < RTL8139_TX_SLOTS && nic->tx_waiting; n++) {
		unsigned slot = (nic->tx_next + n) % RTL8139_TX_SLOTS;

		if ((nic->tx_waiting & (1u << slot)) && send_slot(nic, slot) == -EAGAIN)
			return;
	}
}

/* ---- C+ mode: the transmit descriptor ring -------------------------------- */

static uint64_t cp_desc_addr(uint64_t ring, unsigned index)
{
	return ring + (uint64_t)index * CP_DESC_BYTES;
}

static void cp_advance(unsigned *index, uint32_t opts1)
{
	*index = opts1 & CP_RING_END ? 0 : (*index + 1) % RTL8139_CP_RING;
}

/* Gives the descriptor at the transmit index back to the guest. */
static void cp_tx_complete(struct rtl8139 *nic, uint32_t opts1, bool error)
{
	uint8_t word[4];

	nic_put_le32(word, (opts1 & ~(CP_OWN | CP_TX_ERROR)) | (error ? CP_TX_ERROR : 0));
	dma(nic, cp_desc_addr(get_le64(nic->regs + REG_TNPDS), nic->cp_tx_index), word, 4, true);
	cp_advance(&nic->cp_tx_index, opts1);
}

/* The gathered frame made ready to go: its VLAN tag (byte-swapped in
 * opts2) remembered, its offloads done, or for a large send its headers
 * found for the segments. False when it cannot go. */
static bool cp_finish_frame(struct rtl8139 *nic, uint32_t opts2, unsigned mss)
{
	size_t room = NIC_MAX_FRAME;

	nic->tx_vlan = opts2 & CP_TX_VLAN_TAG;
	nic->tx_vlan_tag = (uint16_t)((opts2 & 0xff) << 8 | (opts2 >> 8 & 0xff));
	if (nic->tx_vlan)
		room -= 4;
	nic->tx_segment = 0;
	if (nic->tx_large)
		return nic_tso_parse(nic->frame, nic->frame_len, mss, &nic->tso) == 0 &&
		       nic->tso.hdr_len + (nic->tso.payload < mss ? nic->tso.payload : mss) <= room;
	if (nic->frame_len > room)
		return false;
	return !nic->tx_flags ||
	       nic_fill_ipv4_checksums(nic->frame, nic->frame_len, nic->tx_flags & OFFLOAD_IP,
				       nic->tx_flags & OFFLOAD_L4) == 0;
}

/* The ready frame (or a large send's segments from tx_segment on), its
 * VLAN tag inserted, to the link: 0 once all went (or were dropped,
 * counted), -EAGAIN when the link is full (the rest waits). */
static int cp_send(struct rtl8139 *nic)
{
	unsigned segments = nic->tx_large ? nic->tso.segments : 1;

	while (nic->tx_segment < segments) {
		size_t len;
		int rc;

		if (nic->tx_large) {
			len = nic_tso_segment(&nic->tso, nic->frame, nic->tx_segment, nic->segment);
		} else {
			len = nic->frame_len;
			memcpy(nic->segment, nic->frame, len);
		}
		if (nic->tx_vlan) {
			memmove(nic->segment + 16, nic->segment + 12, len - 12);
			nic_put_be16(nic->segment + 12, 0x8100);
			nic_put_be16(nic->segment + 14, nic->tx_vlan_tag);
			len += 4;
		}
		rc = send_bytes(nic, nic->segment, len);
		if (rc == -EAGAIN)
			return rc;
		nic->tx_segment++;
	}
	return 0;
}

static void cp_transmit(struct rtl8139 *nic)
{
	uint64_t ring = get_le64(nic->regs + REG_TNPDS);
	bool sent = false, failed = false;

	if (!(nic->regs[REG_CR] & CR_TE) || !cplus_tx(nic))
		return;
	if (nic->cp_tx_waiting) {
		uint8_t desc[4];

		if (cp_send(nic) == -EAGAIN)
			return;
		nic->cp_tx_waiting = false;
		sent = true;
		if (dma(nic, cp_desc_addr(ring, nic->cp_tx_index), desc, 4, false) == 0)
			cp_tx_complete(nic, get_le32(desc), false);
	}
	/* One lap at most: descriptors the guest owns again at once wait for
	 * its next TxPoll. */
	for (unsigned n = 0; n < RTL8139_CP_RING; n++) {
		uint8_t desc[CP_DESC_BYTES];
		uint32_t opts1, len;

		if (dma(nic, cp_desc_addr(ring, nic->cp_tx_index), desc, sizeof(desc), false) < 0) {
			failed = true;
			break;
		}
		opts1 = get_le32(desc);
		if (!(opts1 & CP_OWN))
			break;
		len = opts1 & CP_TX_LENGTH;
		if (opts1 & CP_FIRST) {
			nic->frame_len = 0;
			nic->cp_tx_broken = false;
			nic->tx_large = opts1 & CP_LARGE_SEND;
			nic->tx_flags = nic->tx_large
						? 0
						: (opts1 & CP_TX_IP_CSUM ? OFFLOAD_IP : 0) |
							  (opts1 & (CP_TX_TCP_CSUM | CP_TX_UDP_CSUM)
								   ? OFFLOAD_L4
								   : 0);
		}
		if (!nic->cp_tx_broken) {
			size_t limit = nic->tx_large ? NIC_TSO_MAX_FRAME : NIC_MAX_FRAME;

			if (nic->frame_len + len > limit ||
			    dma(nic, get_le64(desc + 8), nic->frame + nic->frame_len, len, false) <
				    0)
				nic->cp_tx_broken = true;
			else
				nic->frame_len += len;
		}
		if (!(opts1 & CP_LAST)) {
			cp_tx_complete(nic, opts1, nic->cp_tx_broken);
			continue;
		}
		if (nic->cp_tx_broken || nic->frame_len < NIC_MIN_FRAME ||
		    !cp_finish_frame(nic, get_le32(desc + 4),
				     (opts1 >> CP_MSS_SHIFT) & CP_MSS_MASK)) {
			if (++nic->tx_refused <= 8)
				platform_log(
					nic->ops,
					"rtl8139: a %s frame of %zu bytes cannot go (%lu so far)",
					nic->tx_large ? "large-send" : "transmitted",
					nic->frame_len, nic->tx_refused);
			nic->stats.tx_dropped++;
			failed = true;
			cp_tx_complete(nic, opts1, true);
			continue;
		}
		if (cp_send(nic) == -EAGAIN) {
			nic->cp_tx_waiting = true;
			break;
		}
		sent = true;
		cp_tx_complete(nic, opts1, false);
	}
	if (sent || failed)
		raise(nic, (uint16_t)((sent ? ISR_TOK : 0) | (failed ? ISR_TER : 0)));
}

void rtl8139_tx_resume(struct rtl8139 *nic)
{
	if (cplus_tx(nic))
		cp_transmit(nic);
	else
		c_transmit(nic);
}

/* ---- C+ statistics dump ---------------------------------------------------- */

static void dump_stats(struct rtl8139 *nic)
{
	uint8_t block[STATS_BYTES] = { 0 };
	uint64_t addr = get_le64(nic->regs + REG_STATS_ADDR) & ~(uint64_t)(STATS_BYTES - 1);

	nic_put_le64(block + 0, nic->stats.tx_frames);
	nic_put_le64(block + 8, nic->stats.rx_frames);
	nic_put_le64(block + 16, nic->stats.tx_dropped);
	dma(nic, addr, block, sizeof(block), true);
	nic->regs[REG_STATS_ADDR] &= ~STATS_DUMP;
}

/* ---- receive ---------------------------------------------------------------- */

/* Whether the filter (RCR) takes a frame for dest; *status gets the
 * C-mode header's address bits. */
static bool accepted(const struct rtl8139 *nic, const uint8_t *dest, uint16_t *status)
{
	uint32_t rcr = reg32(nic, REG_RCR);
	bool all = rcr & RCR_AAP;

	if (nic_is_broadcast(dest)) {
		*status = RX_STATUS_BAR;
		return all || (rcr & RCR_AB);
	}
	if (dest[0] & 1) {
		unsigned bit = nic_multicast_hash(dest);

		*status = RX_STATUS_MAR;
		return all || ((rcr & RCR_AM) && (nic->regs[REG_MAR + bit / 8] >> (bit % 8) & 1));
	}
	if (memcmp(dest, nic->regs + REG_IDR, 6) == 0) {
		*status = RX_STATUS_PAM;
		return all || (rcr & RCR_APM);
	}
	*status = 0;
	return all;
}

static int cp_receive(struct rtl8139 *nic, size_t total, bool multicast)
{
	uint64_t at = cp_desc_addr(get_le64(nic->regs + REG_RX_RING), nic->cp_rx_index);
	uint8_t desc[CP_DESC_BYTES];
	uint32_t opts1, done;

	if (dma(nic, at, desc, sizeof(desc), false) < 0) {
		nic->stats.rx_dropped++;
		return 0;
	}
	opts1 = get_le32(desc);
	if (!(opts1 & CP_OWN)) {
		raise(nic, ISR_RX_EMPTY);
		return -ENOBUFS;
	}
	done = (opts1 & CP_RING_END) | CP_FIRST | CP_LAST | (uint32_t)total;
	if (total > (opts1 & CP_RX_LENGTH)) {
		done |= CP_RX_ERROR | CP_RX_ERROR_LONG;
		nic->stats.rx_dropped++;
	} else if (dma(nic, get_le64(desc + 8), nic->rx_frame, total, true) < 0) {
		nic->stats.rx_dropped++;
		return 0; /* the descriptor stays the guest's: its buffer is not */
	} else {
		done |= multicast ? CP_RX_MULTICAST : 0;
		nic->stats.rx_frames++;
	}
	nic_put_le32(desc, done);
	nic_put_le32(desc + 4, 0);
	dma(nic, at + 4, desc + 4, 4, true);
	dma(nic, at, desc, 4, true);
	cp_advance(&nic->cp_rx_index, opts1);
	raise(nic, done & CP_RX_ERROR ? ISR_RER : ISR_ROK);
	return 0;
}

static unsigned rx_ring_size(const struct rtl8139 *nic)
{
	return 8192u << ((reg32(nic, REG_RCR) >> 11) & 3);
}

static void update_bufe(struct rtl8139 *nic)
{
	unsigned size = rx_ring_size(nic);
	unsigned read = (reg16(nic, REG_CAPR) + 16u) % size;

	if (read == reg16(nic, REG_CBR) % size)
		nic->regs[REG_CR] |= CR_BUFE;
	else
		nic->regs[REG_CR] &= ~CR_BUFE;
}

/* Bytes into the C-mode ring at offset: on past its end when RCR.WRAP is
 * set (the guest's buffer has room there), else around to its start. */
static int ring_write(struct rtl8139 *nic, unsigned offset, const uint8_t *bytes, size_t len)
{
	uint64_t base = reg32(nic, REG_RBSTART);
	unsigned size = rx_ring_size(nic);
	size_t first = len;

	if (!(reg32(nic, REG_RCR) & RCR_WRAP) && offset + len > size)
		first = size - offset;
	if (dma(nic, base + offset, (void *)bytes, first, true) < 0)
		return -EFAULT;
	if (first < len && dma(nic, base, (void *)(bytes + first), len - first, true) < 0)
		return -EFAULT;
	return 0;
}

static int c_receive(struct rtl8139 *nic, size_t total, uint16_t status)
{
	unsigned size = rx_ring_size(nic), write = reg16(nic, REG_CBR) % size;
	unsigned read = (reg16(nic, REG_CAPR) + 16u) % size;
	unsigned used = (write + size - read) % size;
	unsigned need = (unsigned)((4 + total + 3) & ~(size_t)3);
	uint8_t header[4];

	if (used + need >= size)
		return -ENOBUFS; /* until the guest moves CAPR on */
	nic_put_le16(header, status | RX_STATUS_ROK);
	nic_put_le16(header + 2, (uint16_t)total);
	if (ring_write(nic, write, header, 4) < 0 ||
	    ring_write(nic, (write + 4) % size, nic->rx_frame, total) < 0) {
		nic->stats.rx_dropped++;
		return 0;
	}
	nic_put_le16(nic->regs + REG_CBR, (uint16_t)((write + need) % size));
	update_bufe(nic);
	nic->stats.rx_frames++;
	raise(nic, ISR_ROK);
	return 0;
}

int rtl8139_receive(struct rtl8139 *nic, const uint8_t *frame, size_t len)
{
	size_t padded = len < NIC_SHORT_FRAME ? NIC_SHORT_FRAME : len;
	uint32_t fcs;
	uint16_t status;

	if (len < NIC_MIN_FRAME || len > NIC_MAX_FRAME)
		return -EMSGSIZE;
	if (!(nic->regs[REG_CR] & CR_RE)) {
		nic->stats.rx_dropped++;
		return 0;
	}
	if (!accepted(nic, frame, &status)) {
		nic->stats.rx_filtered++;
		return 0;
	}
	memcpy(nic->rx_frame, frame, len);
	memset(nic->rx_frame + len, 0, padded - len);
	fcs = crc32_update(0, nic->rx_frame, padded);
	nic_put_le32(nic->rx_frame + padded, fcs);
	if (cplus_rx(nic))
		return cp_receive(nic, padded + NIC_FCS_BYTES, status == RX_STATUS_MAR);
	return c_receive(nic, padded + NIC_FCS_BYTES, status);
}

/* ---- register access ------------------------------------------------------- */

static uint8_t read_byte(struct rtl8139 *nic, unsigned reg)
{
	if (reg >= REG_TCTR && reg < REG_TCTR + 4) {
		uint64_t now =
			nic->link && nic->link->now_ns ? nic->link->now_ns(nic->link->ctx) : 0;
		uint64_t ticks = (now - nic->timer_base_ns) * (PCI_CLOCK_HZ / 1000000u) / 1000u;

		return (uint8_t)(ticks >> (8 * (reg - REG_TCTR)));
	}
	return nic->regs[reg];
}

static bool config_unlocked(const struct rtl8139 *nic)
{
	return (nic->regs[REG_CFG9346] & CFG9346_MODE) == CFG9346_UNLOCKED;
}

/* Stores one byte the guest wrote, through the register's writable bits. */
static void store_byte(struct rtl8139 *nic, unsigned reg, uint8_t v)
{
	uint8_t *r = &nic->regs[reg];

	if (reg < REG_TSD || (reg >= REG_TSAD && reg < REG_RBSTART + 4) ||
	    (reg >= REG_IMR && reg < REG_IMR + 2) || (reg >= REG_RCR && reg < REG_RCR + 4) ||
	    (reg >= REG_TIMER_INT && reg < REG_TIMER_INT + 4) || reg == REG_MULINT ||
	    reg == REG_MULINT + 1 || (reg >= REG_BMCR && reg < REG_BMCR + 2) ||
	    (reg >= REG_ANAR && reg < REG_ANAR + 2) ||
	    (reg >= REG_RX_MAX_SIZE && reg < 0xf0 && reg != REG_TX_POLL)) {
		*r = v;
	} else if (reg >= REG_TSD && reg < REG_TSD + 16) {
		static const uint8_t tsd_mask[4] = { 0xff, 0x3f, 0x3f, 0x00 };

		if (cplus_tx(nic))
			*r = v; /* the statistics address */
		else
			*r = (uint8_t)((*r & ~tsd_mask[reg % 4]) | (v & tsd_mask[reg % 4]));
	} else if (reg == REG_CR) {
		*r = (uint8_t)((*r & CR_BUFE) | (v & (CR_RST | CR_RE | CR_TE)));
	} else if (reg == REG_CAPR || reg == REG_CAPR + 1) {
		*r = v;
	} else if (reg == REG_ISR || reg == REG_ISR + 1) {
		*r &= (uint8_t)~v; /* write one to clear */
	} else if (reg >= REG_TCR && reg < REG_TCR + 4) {
		static const uint8_t tcr_mask[4] = { 0xff, 0xff, 0x3f, 0x83 };

		*r = (uint8_t)((*r & ~tcr_mask[reg - REG_TCR]) | (v & tcr_mask[reg - REG_TCR]));
	} else if (reg >= REG_MPC && reg < REG_MPC + 4) {
		*r = 0;
	} else if (reg == REG_CFG9346) {
		*r = (uint8_t)((*r & CFG9346_DO) | (v & ~CFG9346_DO));
	} else if (reg == REG_CONFIG1 || reg == REG_CONFIG3 || reg == REG_CONFIG4 ||
		   reg == REG_CONFIG5) {
		if (config_unlocked(nic))
			*r = v;
	}
	/* Anything else is read-only (or not there) and keeps its value. */
}

static bool touches(unsigned from, unsigned to, unsigned reg, unsigned len)
{
	return from < reg + len && reg < to;
}

static void written(struct rtl8139 *nic, unsigned from, unsigned to, uint64_t value)
{
	if (touches(from, to, REG_CR, 1)) {
		if (nic->regs[REG_CR] & CR_RST) {
			soft_reset(nic);
			return;
		}
		update_bufe(nic);
	}
	if (touches(from, to, REG_CFG9346, 1))
		cfg9346_written(nic);
	if (touches(from, to, REG_TCTR, 4))
		nic->timer_base_ns =
			nic->link && nic->link->now_ns ? nic->link->now_ns(nic->link->ctx) : 0;
	if (touches(from, to, REG_TIMER_INT, 4) && reg32(nic, REG_TIMER_INT) && !nic->said_timer) {
		platform_log(nic->ops, "rtl8139: the timer interrupt (TimerInt) is not emulated");
		nic->said_timer = true;
	}
	if (touches(from, to, REG_TCR, 4) && (reg32(nic, REG_TCR) & TCR_LOOPBACK) &&
	    !nic->said_loopback) {
		platform_log(nic->ops, "rtl8139: loopback (TCR) is not emulated");
		nic->said_loopback = true;
	}
	if (touches(from, to, REG_BMCR, 2))
		nic_put_le16(nic->regs + REG_BMCR,
			     reg16(nic, REG_BMCR) & (uint16_t) ~(BMCR_RESET | BMCR_RESTART_AN));
	if (touches(from, to, REG_TNPDS, 8))
		nic->cp_tx_index = 0;
	if (touches(from, to, REG_RX_RING, 8))
		nic->cp_rx_index = 0;
	if (touches(from, to, REG_CAPR, 2) || touches(from, to, REG_RCR, 4))
		update_bufe(nic);
	if (touches(from, to, REG_IMR, 4))
		update_irq(nic);
	if (cplus_tx(nic) && touches(from, to, REG_STATS_ADDR, 1) &&
	    (nic->regs[REG_STATS_ADDR] & STATS_DUMP))
		dump_stats(nic);
	if (!cplus_tx(nic) && touches(from, to, REG_TSD, 16)) {
		for (unsigned slot = 0; slot < RTL8139_TX_SLOTS; slot++)
			if (touches(from, to, REG_TSD + 4 * slot, 2) &&
			    !(reg32(nic, REG_TSD + 4 * slot) & TSD_OWN))
				nic->tx_waiting |= 1u << slot;
		update_tsad_all(nic);
	}
	if (touches(from, to, REG_TX_POLL, 1)) {
		uint8_t poll = (uint8_t)(value >> (8 * (REG_TX_POLL - from)));

		if ((poll & TX_POLL_HPQ) && !nic->said_high_priority) {
			platform_log(nic->ops,
				     "rtl8139: the high-priority transmit ring is not emulated");
			nic->said_high_priority = true;
		}
		if (poll & TX_POLL_SW_INT)
			raise(nic, ISR_SW_INT);
		if (poll & TX_POLL_NPQ)
			cp_transmit(nic);
	}
	if (touches(from, to, REG_CR, 1) || touches(from, to, REG_TSD, 16))
		c_transmit(nic);
	/* The guest may have given the card room: acknowledging interrupts,
	 * moving CAPR on, (re)enabling the receiver. */
	if (nic->link->rx_ready &&
	    (touches(from, to, REG_ISR, 2) || touches(from, to, REG_CAPR, 2) ||
	     touches(from, to, REG_CR, 1) || touches(from, to, REG_IMR, 2) ||
	     touches(from, to, REG_CPCMD, 2)))
		nic->link->rx_ready(nic->link->ctx);
}

static uint64_t regs_read(void *dev, uint64_t offset, unsigned size)
{
	struct rtl8139 *nic = dev;
	uint64_t value = 0;

	for (unsigned i = 0; i < size; i++)
		if (offset + i < RTL8139_REGS)
			value |= (uint64_t)read_byte(nic, (unsigned)offset + i) << (8 * i);
	return value;
}

static void regs_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct rtl8139 *nic = dev;
	unsigned from = (unsigned)offset, to = from + size;

	if (offset >= RTL8139_REGS)
		return;
	if (to > RTL8139_REGS)
		to = RTL8139_REGS;
	for (unsigned reg = from; reg < to; reg++)
		store_byte(nic, reg, (uint8_t)(value >> (8 * (reg - from))));
	written(nic, from, to, value);
}

/* ---- set-up ----------------------------------------------------------------- */

int rtl8139_init(struct rtl8139 *nic, const uint8_t mac[6], const struct guest_memory *mem,
		 const struct platform_ops *ops, const struct nic_link *link)
{
	struct pci_device *p = &nic->pci;
	uint16_t *w = nic->eeprom.words;
	int rc;

	memset(nic, 0, sizeof(*nic));
	nic->mem = mem;
	nic->ops = ops;
	nic->link = link;
	pci_device_init(p, "rtl8139", 0x10ec, 0x8139, 0x020000, 0x20, 0);
	p->owner = nic;
	pci_device_set_u16(p, PCI_REG_SUBSYSTEM_VENDOR, 0x1af4);
	pci_device_set_u16(p, PCI_REG_SUBSYSTEM, 0x1100);
	pci_device_set_u8(p, PCI_REG_INTERRUPT_PIN, 1);
	nic->ports = (struct io_region){ "rtl8139-io", IO_SPACE_PORT, 0,   0,
					 regs_read,    regs_write,    nic, NULL };
	nic->memory = (struct io_region){ "rtl8139-mmio", IO_SPACE_MMIO, 0,   0,
					  regs_read,	  regs_write,	 nic, NULL };
	rc = pci_device_set_bar(p, 0, PCI_BAR_IO, RTL8139_REGS, &nic->ports);
	if (rc == 0)
		rc = pci_device_set_bar(p, 1, PCI_BAR_MEM32, RTL8139_REGS, &nic->memory);
	/* The EEPROM as the card's maker fills it: its signature, the PCI
	 * IDs, and the MAC address at words 7-9. */
	w[0] = 0x8129;
	w[1] = 0x10ec;
	w[2] = 0x8139;
	w[3] = 0x1af4;
	w[4] = 0x1100;
	for (int i = 0; i < 3; i++)
		w[7 + i] = (uint16_t)(mac[2 * i] | mac[2 * i + 1] << 8);
	rtl8139_reset(nic);
	return rc;
}
