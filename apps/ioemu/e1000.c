/* The 82540EM network card (see e1000.h). */
#include "apps/ioemu/e1000.h"

#include "lib/bytes.h"
#include "lib/crc32.h"
#include "lib/errno.h"

#include <string.h>

/* Register offsets in BAR 0, from Intel's PCI/PCI-X Family of Gigabit
 * Ethernet Controllers Software Developer's Manual (8254x). */
enum {
	REG_CTRL = 0x0000,
	REG_STATUS = 0x0008,
	REG_EECD = 0x0010,
	REG_EERD = 0x0014,
	REG_CTRL_EXT = 0x0018,
	REG_MDIC = 0x0020,
	REG_FCAL = 0x0028,
	REG_FCAH = 0x002c,
	REG_FCT = 0x0030,
	REG_VET = 0x0038,
	REG_ICR = 0x00c0,
	REG_ITR = 0x00c4,
	REG_ICS = 0x00c8,
	REG_IMS = 0x00d0,
	REG_IMC = 0x00d8,
	REG_RCTL = 0x0100,
	REG_FCTTV = 0x0170,
	REG_TXCW = 0x0178,
	REG_TCTL = 0x0400,
	REG_TIPG = 0x0410,
	REG_LEDCTL = 0x0e00,
	REG_PBA = 0x1000,
	REG_FCRTL = 0x2160,
	REG_FCRTH = 0x2168,
	REG_RDBAL = 0x2800,
	REG_RDBAH = 0x2804,
	REG_RDLEN = 0x2808,
	REG_RDH = 0x2810,
	REG_RDT = 0x2818,
	REG_RDTR = 0x2820,
	REG_RXDCTL = 0x2828,
	REG_RADV = 0x282c,
	REG_RSRPD = 0x2c00,
	REG_TDBAL = 0x3800,
	REG_TDBAH = 0x3804,
	REG_TDLEN = 0x3808,
	REG_TDH = 0x3810,
	REG_TDT = 0x3818,
	REG_TIDV = 0x3820,
	REG_TXDCTL = 0x3828,
	REG_TADV = 0x382c,
	REG_TSPMT = 0x3830,
	REG_STATS_FIRST = 0x4000,
	REG_MPC = 0x4010,
	REG_PRC64 = 0x405c,
	REG_GPRC = 0x4074,
	REG_BPRC = 0x4078,
	REG_MPRC = 0x407c,
	REG_GPTC = 0x4080,
	REG_GORCL = 0x4088,
	REG_GORCH = 0x408c,
	REG_GOTCL = 0x4090,
	REG_GOTCH = 0x4094,
	REG_TORL = 0x40c0,
	REG_TORH = 0x40c4,
	REG_TOTL = 0x40c8,
	REG_TOTH = 0x40cc,
	REG_TPR = 0x40d0,
	REG_TPT = 0x40d4,
	REG_PTC64 = 0x40d8,
	REG_MPTC = 0x40f0,
	REG_BPTC = 0x40f4,
	REG_TSCTC = 0x40f8,
	REG_TSCTFC = 0x40fc,
	REG_STATS_LAST = 0x40fc,
	REG_RXCSUM = 0x5000,
	REG_MTA = 0x5200,
	REG_RA = 0x5400,
	REG_VFTA = 0x5600,
	REG_WUC = 0x5800,
	REG_WUFC = 0x5808,
	REG_MANC = 0x5820,
	REG_IPAV = 0x5838,
	REG_IP4AT = 0x5840,
	REG_IP6AT = 0x5880,
	REG_WUPL = 0x5900,
	REG_WUPM = 0x5a00,
	REG_FFLT = 0x5f00,
	/* I/O BAR 1 */
	IO_IOADDR = 0,
	IO_IODATA = 4,
};

enum {
	CTRL_FD = 1u << 0,
	CTRL_SLU = 1u << 6,
	CTRL_SPD_1000 = 2u << 8,
	CTRL_RST = 1u << 26,
	CTRL_VME = 1u << 30,
	CTRL_PHY_RST = 1u << 31,
	STATUS_FD = 1u << 0,
	STATUS_LU = 1u << 1,
	STATUS_SPEED_1000 = 2u << 6,
	STATUS_ASDV_1000 = 2u << 8,
	EECD_SK = 1u << 0,
	EECD_CS = 1u << 1,
	EECD_DI = 1u << 2,
	EECD_DO = 1u << 3,
	EECD_FWE = 3u << 4,
	EECD_REQ = 1u << 6,
	EECD_GNT = 1u << 7,
	EECD_PRES = 1u << 8,
	EECD_PINS = EECD_SK | EECD_CS | EECD_DI | EECD_FWE | EECD_REQ,
	EEPROM_READ_COMMAND = 6, /* start bit and READ (10): 3 bits, then 6 of address */
	EERD_START = 1u << 0,
	EERD_DONE = 1u << 4,
	CTRL_EXT_EE_RST = 1u << 13,
	MDIC_OP_WRITE = 1u << 26,
	MDIC_OP_READ = 2u << 26,
	MDIC_READY = 1u << 28,
	MDIC_INT = 1u << 29,
	MDIC_ERROR = 1u << 30,
	ICR_TXDW = 1u << 0,
	ICR_TXQE = 1u << 1,
	ICR_RXDMT0 = 1u << 4,
	ICR_RXO = 1u << 6,
	ICR_RXT0 = 1u << 7,
	ICR_MDAC = 1u << 9,
	RCTL_EN = 1u << 1,
	RCTL_UPE = 1u << 3,
	RCTL_MPE = 1u << 4,
	RCTL_BAM = 1u << 15,
	RCTL_VFE = 1u << 18,
	RCTL_BSEX = 1u << 25,
	RCTL_SECRC = 1u << 26,
	TCTL_EN = 1u << 1,
	RAH_AV = 1u << 31,
	RXCSUM_IPOFL = 1u << 8,
	RXCSUM_TUOFL = 1u << 9,
	VLAN_TYPE = 0x8100,
};

/* Descriptors (16 bytes). Receive: buffer address, length, packet
 * checksum, status, errors, special (the VLAN tag). Transmit: the second
 * 32-bit word holds the length, the type (DTYP) and the command bits; the
 * status byte is at 12. */
enum {
	DESC_BYTES = 16,
	RXD_DD = 1u << 0,
	RXD_EOP = 1u << 1,
	RXD_IXSM = 1u << 2,
	RXD_VP = 1u << 3,
	RXD_TCPCS = 1u << 5,
	RXD_IPCS = 1u << 6,
	RXD_ERR_TCPE = 1u << 5,
	RXD_ERR_IPE = 1u << 6,
	RXD_ERR_RXE = 1u << 7,
	TXD_EOP = 1u << 24,
	TXD_IC = 1u << 26,
	TXD_TSE = 1u << 26,
	TXD_RS = 1u << 27,
	TXD_RPS = 1u << 28,
	TXD_DEXT = 1u << 29,
	TXD_VLE = 1u << 30,
	TXD_CTX_TCP = 1u << 24,
	TXD_CTX_IP = 1u << 25,
	TXD_DTYP_SHIFT = 20,
	TXD_DTYP_CONTEXT = 0,
	TXD_DTYP_DATA = 1,
	TXD_STA_DD = 1u << 0,
	POPTS_IXSM = 1u << 0,
	POPTS_TXSM = 1u << 1,
	TCP_FIN = 0x01,
	TCP_PSH = 0x08,
	/* Segments one TSO frame may become: 64 KiB cut at an MSS of 64. */
	TSO_MAX_SEGMENTS = 1024,
};

/* PHY (M88E1011) registers and bits, from the 8254x manual's PHY chapter. */
enum {
	PHY_BMCR = 0,
	PHY_BMSR = 1,
	PHY_ID1 = 2,
	PHY_ID2 = 3,
	PHY_ANAR = 4,
	PHY_ANLPAR = 5,
	PHY_ANER = 6,
	PHY_1000T_CTRL = 9,
	PHY_1000T_STATUS = 10,
	PHY_EXT_STATUS = 15,
	PHY_M88_PSCR = 16,
	PHY_M88_PSSR = 17,
	PHY_M88_INT_ENABLE = 18,
	PHY_M88_EPSCR = 20,
	PHY_M88_LED = 24,
	PHY_M88_PAGE = 29,
	PHY_M88_PAGE_DATA = 30,
	PHY_BMCR_DEFAULT = 0x1140, /* autonegotiation, full duplex, 1000 Mbit/s */
	BMCR_RESET = 0x8000,
	BMCR_LOOPBACK = 0x4000,
	BMCR_RESTART_AN = 0x0200,
	PHY_ADDRESS = 1,
};

/* EEPROM words (8254x manual, EEPROM map). */
enum {
	EEPROM_ID_LED = 0x04,
	EEPROM_SUBSYSTEM = 0x0b,
	EEPROM_SUBSYSTEM_VENDOR = 0x0c,
	EEPROM_DEVICE = 0x0d,
	EEPROM_VENDOR = 0x0e,
	EEPROM_INIT_CONTROL2 = 0x0f,
	EEPROM_INIT_CONTROL3 = 0x24,
	EEPROM_CHECKSUM = 0x3f,
	EEPROM_SUM = 0xbaba,
};

enum {
	PCI_VENDOR_INTEL = 0x8086,
	PCI_DEVICE_82540EM = 0x100e,
	PCI_SUBSYSTEM_VENDOR_QEMU = 0x1af4,
	PCI_SUBSYSTEM_QEMU = 0x1100,
	ETHERTYPE_IPV4 = 0x0800,
	IP_PROTO_TCP = 6,
	IP_PROTO_UDP = 17,
};

static uint32_t *reg(struct e1000 *nic, unsigned offset)
{
	return &nic->regs[offset / 4];
}

static uint32_t reg_value(const struct e1000 *nic, unsigned offset)
{
	return nic->regs[offset / 4];
}

/* The guest asked for something impossible: logged, the first times. */
static void refuse(struct e1000 *nic, const char *what, uint64_t value)
{
	if (++nic->refused <= 8)
		platform_log(nic->ops, "e1000: %s (%#llx)%s", what, (unsigned long long)value,
			     nic->refused == 8 ? "; further refusals are not logged" : "");
}

static void update_irq(struct e1000 *nic)
{
	pci_device_set_intx(&nic->pci, (reg_value(nic, REG_ICR) & reg_value(nic, REG_IMS)) != 0);
}

static void raise(struct e1000 *nic, uint32_t causes)
{
	*reg(nic, REG_ICR) |= causes;
	update_irq(nic);
}

static void rx_ready(struct e1000 *nic)
{
	if (nic->link && nic->link->rx_ready)
		nic->link->rx_ready(nic->link->ctx);
}

/* ---- statistics: 32-bit counters that stick at their maximum ------------- */

static void count(struct e1000 *nic, unsigned offset, uint32_t n)
{
	uint32_t *r = reg(nic, offset);

	*r = *r > UINT32_MAX - n ? UINT32_MAX : *r + n;
}

/* A 64-bit counter: its low register at offset, the high one after. */
static void count64(struct e1000 *nic, unsigned offset, uint32_t n)
{
	uint64_t v = reg_value(nic, offset) | (uint64_t)reg_value(nic, offset + 4) << 32;

	v = v > UINT64_MAX - n ? UINT64_MAX : v + n;
	*reg(nic, offset) = (uint32_t)v;
	*reg(nic, offset + 4) = (uint32_t)(v >> 32);
}

/* PRC64-PRC1522 or PTC64-PTC1522 by the frame's size with its FCS. */
static void count_size(struct e1000 *nic, unsigned first, size_t size)
{
	static const size_t limits[] = { 64, 127, 255, 511, 1023 };
	unsigned i = 0;

	while (i < 5 && size > limits[i])
		i++;
	count(nic, first + 4 * i, 1);
}

static uint32_t read_statistic(struct e1000 *nic, unsigned offset)
{
	uint32_t v = reg_value(nic, offset);

	/* The low halves of the octet counters stay; reading the high half
	 * clears both. Every other counter clears when read. */
	if (offset == REG_GORCL || offset == REG_GOTCL || offset == REG_TORL || offset == REG_TOTL)
		return v;
	if (offset == REG_GORCH || offset == REG_GOTCH || offset == REG_TORH || offset == REG_TOTH)
		*reg(nic, offset - 4) = 0;
	*reg(nic, offset) = 0;
	return v;
}

/* ---- DMA: guest memory, only while the guest lets the card master the bus */

static int dma(struct e1000 *nic, uint64_t gpa, void *buf, size_t len, bool write)
{
	return nic_dma("e1000", &nic->pci, nic->mem, nic->ops, &nic->stats, gpa, buf, len, write);
}

/* ---- the EEPROM: EERD, and Microwire bit-banged through EECD -------------- */

static uint32_t eecd_value(const struct e1000 *nic)
{
	uint32_t v = nic->eecd.pins | EECD_PRES | (nic->eecd.pins & EECD_REQ ? EECD_GNT : 0);
	int bit = nic->eecd.bit_out;

	/* Reading: the current bit of the word stream (0 for the dummy bit
	 * before the first); otherwise DO is high (ready). */
	if (!nic->eecd.reading ||
	    (bit >= 0 && (nic->eeprom[(bit / 16) % E1000_EEPROM_WORDS] >> (15 - bit % 16) & 1)))
		v |= EECD_DO;
	return v;
}

static void eecd_write(struct e1000 *nic, uint32_t value)
{
	uint32_t old = nic->eecd.pins;

	nic->eecd.pins = value & EECD_PINS;
	if (!(value & EECD_CS)) {
		nic->eecd.reading = false;
		return;
	}
	if (!(old & EECD_CS)) { /* selected: a new command */
		nic->eecd.bits_in = 0;
		nic->eecd.command = 0;
		nic->eecd.reading = false;
	}
	if (!((old ^ value) & EECD_SK))
		return;
	if (!(value & EECD_SK)) { /* falling edge: the next bit out */
		if (nic->eecd.reading)
			nic->eecd.bit_out = (nic->eecd.bit_out + 1) % (E1000_EEPROM_WORDS * 16);
		return;
	}
	if (nic->eecd.reading || nic->eecd.bits_in >= 9)
		return;
	nic->eecd.command = nic->eecd.command << 1 | (value & EECD_DI ? 1 : 0);
	if (++nic->eecd.bits_in == 9 && nic->eecd.command >> 6 == EEPROM_READ_COMMAND) {
		/* The data's first bit follows the next falling edge. */
		nic->eecd.bit_out = (int)(nic->eecd.command & 0x3f) * 16 - 1;
		nic->eecd.reading = true;
	}
	/* Other commands (EWEN, WRITE, ERASE) are not carried out: the
	 * EEPROM is read-only here. */
}

static void eerd_write(struct e1000 *nic, uint32_t value)
{
	unsigned address = (value >> 8) & 0xff;

	if (!(value & EERD_START)) {
		*reg(nic, REG_EERD) = value & ~(EERD_START | EERD_DONE);
		return;
	}
	*reg(nic, REG_EERD) =
		(address < E1000_EEPROM_WORDS ? (uint32_t)nic->eeprom[address] << 16 : 0) |
		address << 8 | EERD_DONE;
}

/* ---- the PHY, through MDIC --------------------------------------------------- */

static void phy_reset(struct e1000 *nic)
{
	uint16_t *p = nic->phy;

	memset(nic->phy, 0, sizeof(nic->phy));
	p[PHY_BMCR] = PHY_BMCR_DEFAULT;
	p[PHY_BMSR] = 0x796d;	      /* 10/100 capable, extended status, link up, negotiated */
	p[PHY_ID1] = 0x0141;	      /* Marvell */
	p[PHY_ID2] = 0x0c20;	      /* 88E1011 */
	p[PHY_ANAR] = 0x0de1;	      /* 10/100 half and full, pause */
	p[PHY_ANLPAR] = 0x41e1;	      /* the partner: 10/100 half and full, acknowledged */
	p[PHY_ANER] = 0x0001;	      /* the partner negotiates */
	p[PHY_1000T_CTRL] = 0x0e00;   /* 1000 full duplex advertised */
	p[PHY_1000T_STATUS] = 0x3c00; /* receivers fine, the partner 1000 half and full */
	p[PHY_EXT_STATUS] = 0x3000;   /* 1000BASE-T half and full capable */
	p[PHY_M88_PSCR] = 0x0360;
	p[PHY_M88_PSSR] = 0xac00; /* 1000 Mbit/s, full duplex, resolved, link up */
	p[PHY_M88_EPSCR] = 0x0d60;
}

static bool phy_writable(unsigned r)
{
	return r == PHY_ANAR || r == PHY_1000T_CTRL || r == PHY_M88_PSCR ||
	       r == PHY_M88_INT_ENABLE || r == PHY_M88_EPSCR || r == PHY_M88_LED || r == 22 ||
	       r == 26 || r == PHY_M88_PAGE || r == PHY_M88_PAGE_DATA;
}

static void phy_write(struct e1000 *nic, unsigned r, uint16_t v)
{
	if (r == PHY_BMCR) {
		if (v & BMCR_RESET) {
			/* A software reset: the settings written before it
			 * take effect (they are kept), the control register
			 * is as after power-on. CTRL.PHY_RST resets them all. */
			nic->phy[PHY_BMCR] = PHY_BMCR_DEFAULT;
			return;
		}
		if ((v & BMCR_LOOPBACK) && !nic->said_loopback) {
			platform_log(nic->ops, "e1000: PHY loopback is not emulated");
			nic->said_loopback = true;
		}
		/* Negotiation restarts and is done at once. */
		nic->phy[PHY_BMCR] = v & (uint16_t) ~(BMCR_RESET | BMCR_RESTART_AN);
	} else if (phy_writable(r)) {
		nic->phy[r] = v;
	}
}

static void mdic_write(struct e1000 *nic, uint32_t value)
{
	unsigned phy = (value >> 21) & 0x1f, r = (value >> 16) & 0x1f;
	uint32_t op = value & (3u << 26);

	value &= ~(MDIC_READY | MDIC_ERROR);
	if (phy != PHY_ADDRESS || (op != MDIC_OP_READ && op != MDIC_OP_WRITE)) {
		value |= MDIC_ERROR;
	} else if (op == MDIC_OP_READ) {
		value = (value & ~0xffffu) | nic->phy[r];
	} else {
		phy_write(nic, r, (uint16_t)value);
	}
	*reg(nic, REG_MDIC) = value | MDIC_READY;
	if (value & MDIC_INT)
		raise(nic, ICR_MDAC);
}

/* ---- reset ------------------------------------------------------------------- */

static void load_address(struct e1000 *nic)
{
	const uint16_t *w = nic->eeprom;

	*reg(nic, REG_RA) = (uint32_t)w[0] | (uint32_t)w[1] << 16;
	*reg(nic, REG_RA + 4) = w[2] | RAH_AV;
}

static void tx_forget(struct e1000 *nic)
{
	if (nic->tx_waiting || nic->tx_in_frame)
		nic->stats.tx_dropped++;
	nic->tx_waiting = nic->tx_in_frame = false;
	nic->tx_len = 0;
}

void e1000_reset(struct e1000 *nic)
{
	memset(nic->regs, 0, sizeof(nic->regs));
	*reg(nic, REG_CTRL) = CTRL_FD | CTRL_SLU | CTRL_SPD_1000;
	*reg(nic, REG_STATUS) = STATUS_FD | STATUS_LU | STATUS_SPEED_1000 | STATUS_ASDV_1000;
	*reg(nic, REG_VET) = VLAN_TYPE;
	*reg(nic, REG_PBA) = 0x00100030; /* 48 KiB receive, 16 KiB transmit */
	*reg(nic, REG_LEDCTL) = 0x00000602;
	load_address(nic);
	phy_reset(nic);
	memset(&nic->eecd, 0, sizeof(nic->eecd));
	nic->ioaddr = 0;
	memset(&nic->tso_ctx, 0, sizeof(nic->tso_ctx));
	memset(&nic->csum_ctx, 0, sizeof(nic->csum_ctx));
	tx_forget(nic);
	nic->rx_stalled = false;
	update_irq(nic);
}

/* ---- transmit ------------------------------------------------------------------ */

static uint16_t vlan_type(const struct e1000 *nic)
{
	/* Linux's e1000 clears VET on this chip; the tag is 802.1Q's then. */
	uint16_t vet = (uint16_t)reg_value(nic, REG_VET);

	return vet ? vet : VLAN_TYPE;
}

/*
 * Inserts the Internet checksum of f[css, end] at f[cso] (end: cse, or the
 * frame's last byte when cse is 0), as the card does: whatever the field
 * holds is summed (a pseudo-header's sum, or 0), and 0 goes out as ffff.
 * Nothing is inserted when the offsets are outside the frame.
 */
static void insert_checksum(uint8_t *f, size_t len, unsigned css, unsigned cso, unsigned cse)
{
	size_t end = cse && cse < len ? (size_t)cse + 1 : len;
	uint16_t sum;

	if (css >= end || (size_t)cso + 2 > len)
		return;
	sum = nic_inet_checksum(f + css, end - css, 0);
	nic_put_be16(f + cso, sum ? sum : 0xffff);
}

static void read_context(struct e1000 *nic, const uint8_t *d)
{
	uint32_t cmd = get_le32(d + 8);
	struct e1000_tx_context *c = cmd & TXD_TSE ? &nic->tso_ctx : &nic->csum_ctx;

	c->ipcss = d[0];
	c->ipcso = d[1];
	c->ipcse = get_le16(d + 2);
	c->tucss = d[4];
	c->tucso = d[5];
	c->tucse = get_le16(d + 6);
	c->hdr_len = d[13];
	c->mss = get_le16(d + 14);
	c->ipv4 = cmd & TXD_CTX_IP;
	c->tcp = cmd & TXD_CTX_TCP;
}

static size_t vlan_bytes(const struct e1000 *nic)
{
	return nic->tx_vlan ? 4 : 0;
}

static unsigned segments(const struct e1000 *nic)
{
	size_t payload;

	if (!nic->tx_tse)
		return 1;
	payload = nic->tx_len - nic->tso_ctx.hdr_len;
	return payload ? (unsigned)((payload + nic->tso_ctx.mss - 1) / nic->tso_ctx.mss) : 1;
}

/* Whether the gathered frame can go out as its descriptors ask: for a
 * plain frame, its size, and its checksums inserted here, once; for a TSO
 * frame, its context checked against it (the segments are built as they
 * go, each from the gathered frame). */
static bool prepare_frame(struct e1000 *nic, bool legacy_ic, unsigned css, unsigned cso)
{
	const struct e1000_tx_context *c;
	size_t max = NIC_MAX_FRAME - vlan_bytes(nic);

	if (!nic->tx_tse) {
		if (nic->tx_len < NIC_MIN_FRAME || nic->tx_len > max) {
			refuse(nic, "a transmitted frame of impossible length", nic->tx_len);
			return false;
		}
		c = &nic->csum_ctx;
		if (nic->tx_popts & POPTS_TXSM)
			insert_checksum(nic->tx_frame, nic->tx_len, c->tucss, c->tucso, c->tucse);
		if (nic->tx_popts & POPTS_IXSM)
			insert_checksum(nic->tx_frame, nic->tx_len, c->ipcss, c->ipcso, c->ipcse);
		if (legacy_ic)
			insert_checksum(nic->tx_frame, nic->tx_len, css, cso, 0);
		return true;
	}
	c = &nic->tso_ctx;
	if (c->mss == 0 || c->hdr_len < NIC_MIN_FRAME || nic->tx_len < c->hdr_len ||
	    (size_t)c->ipcss + (c->ipv4 ? 20 : 40) > c->hdr_len ||
	    (size_t)c->tucss + (c->tcp ? 20 : 8) > c->hdr_len ||
	    ((nic->tx_popts & POPTS_TXSM) && (size_t)c->tucso + 2 > c->hdr_len) ||
	    ((nic->tx_popts & POPTS_IXSM) && (size_t)c->ipcso + 2 > c->hdr_len) ||
	    (size_t)c->hdr_len + (nic->tx_len - c->hdr_len < c->mss ? nic->tx_len - c->hdr_len
								    : c->mss) >
		    max ||
	    segments(nic) > TSO_MAX_SEGMENTS) {
		refuse(nic, "a TCP segmentation context that does not fit its frame",
		       (uint64_t)c->hdr_len << 16 | c->mss);
		count(nic, REG_TSCTFC, 1);
		return false;
	}
	return true;
}

/* Segment index of the gathered frame into segment[], its VLAN tag
 * inserted: its length. */
static size_t build_segment(struct e1000 *nic, unsigned index)
{
	uint8_t *s = nic->segment;
	size_t len;

	if (!nic->tx_tse) {
		len = nic->tx_len;
		memcpy(s, nic->tx_frame, len);
	} else {
		const struct e1000_tx_context *c = &nic->tso_ctx;
		size_t hdr = c->hdr_len, payload = nic->tx_len - hdr;
		size_t offset = (size_t)index * c->mss;
		size_t n = payload - offset < c->mss ? payload - offset : c->mss;
		bool last = offset + n >= payload;
		uint8_t *ip = s + c->ipcss, *l4 = s + c->tucss;
		size_t l4_len;

		memcpy(s, nic->tx_frame, hdr);
		memcpy(s + hdr, nic->tx_frame + hdr + offset, n);
		len = hdr + n;
		l4_len = len - c->tucss;
		if (c->ipv4) {
			nic_put_be16(ip + 2, (uint16_t)(len - c->ipcss));
			nic_put_be16(ip + 4, (uint16_t)(nic_get_be16(ip + 4) + index));
		} else {
			nic_put_be16(ip + 4, (uint16_t)(len - c->ipcss - 40));
		}
		if (c->tcp) {
			nic_put_be32(l4 + 4, nic_get_be32(l4 + 4) + (uint32_t)offset);
			if (!last)
				l4[13] &= (uint8_t) ~(TCP_FIN | TCP_PSH);
		} else {
			nic_put_be16(l4 + 4, (uint16_t)l4_len);
		}
		if (nic->tx_popts & POPTS_TXSM) {
			/* The field holds the pseudo-header's sum without the
			 * length: the segment's is added. */
			uint32_t sum = nic_get_be16(s + c->tucso) + (uint32_t)l4_len;

			sum = (sum & 0xffff) + (sum >> 16);
			sum = (sum & 0xffff) + (sum >> 16);
			nic_put_be16(s + c->tucso, (uint16_t)sum);
			insert_checksum(s, len, c->tucss, c->tucso, c->tucse);
		}
		if (nic->tx_popts & POPTS_IXSM)
			insert_checksum(s, len, c->ipcss, c->ipcso, c->ipcse);
	}
	if (nic->tx_vlan) {
		memmove(s + 16, s + 12, len - 12);
		nic_put_be16(s + 12, vlan_type(nic));
		nic_put_be16(s + 14, nic->tx_vlan_tag);
		len += 4;
	}
	return len;
}

static void count_sent(struct e1000 *nic, const uint8_t *frame, size_t len)
{
	count(nic, REG_GPTC, 1);
	count(nic, REG_TPT, 1);
	count64(nic, REG_GOTCL, (uint32_t)len + NIC_FCS_BYTES);
	count64(nic, REG_TOTL, (uint32_t)len + NIC_FCS_BYTES);
	count_size(nic, REG_PTC64, len + NIC_FCS_BYTES);
	if (nic_is_broadcast(frame))
		count(nic, REG_BPTC, 1);
	else if (frame[0] & 1)
		count(nic, REG_MPTC, 1);
}

/* The prepared frame's segments from tx_segment on: 0 once all went (or
 * were dropped by the link, counted), -EAGAIN when the link is full. */
static int send_segments(struct e1000 *nic)
{
	unsigned n = segments(nic);

	while (nic->tx_segment < n) {
		size_t len = build_segment(nic, nic->tx_segment);
		int rc = nic->link->send(nic->link->ctx, nic->segment, len);

		if (rc == -EAGAIN)
			return rc;
		if (rc < 0) {
			nic->stats.tx_dropped++;
		} else {
			nic->stats.tx_frames++;
			count_sent(nic, nic->segment, len);
		}
		nic->tx_segment++;
	}
	if (nic->tx_tse)
		count(nic, REG_TSCTC, 1);
	return 0;
}

/* One descriptor: 0 when done with, -EAGAIN when it ends a frame the link
 * cannot take now (it stays the card's). */
static int take_descriptor(struct e1000 *nic, const uint8_t *d)
{
	uint32_t cmd = get_le32(d + 8);
	unsigned dtyp = (cmd >> TXD_DTYP_SHIFT) & 0xf;
	bool dext = cmd & TXD_DEXT;
	size_t len, limit;

	if (dext && dtyp == TXD_DTYP_CONTEXT) {
		read_context(nic, d);
		return 0;
	}
	if (dext && dtyp != TXD_DTYP_DATA) {
		refuse(nic, "a transmit descriptor of unknown type", dtyp);
		return 0;
	}
	if (!nic->tx_in_frame) {
		nic->tx_in_frame = true;
		nic->tx_broken = false;
		nic->tx_len = 0;
		nic->tx_tse = dext && (cmd & TXD_TSE);
		nic->tx_popts = dext ? (d[13] & (POPTS_IXSM | POPTS_TXSM)) : 0;
	}
	len = dext ? cmd & 0xfffff : cmd & 0xffff;
	limit = nic->tx_tse ? sizeof(nic->tx_frame) : NIC_MAX_FRAME;
	if (!nic->tx_broken && len) {
		if (len > limit - nic->tx_len) {
			refuse(nic, "a transmitted frame longer than the card sends",
			       nic->tx_len + len);
			nic->tx_broken = true;
		} else if (dma(nic, get_le64(d), nic->tx_frame + nic->tx_len, len, false) < 0) {
			nic->tx_broken = true;
		} else {
			nic->tx_len += len;
		}
	}
	if (!(cmd & TXD_EOP))
		return 0;
	nic->tx_in_frame = false;
	nic->tx_vlan = (cmd & TXD_VLE) && (reg_value(nic, REG_CTRL) & CTRL_VME);
	nic->tx_vlan_tag = get_le16(d + 14);
	if (nic->tx_broken || !prepare_frame(nic, !dext && (cmd & TXD_IC), d[13], d[10])) {
		nic->stats.tx_dropped++;
		return 0;
	}
	nic->tx_segment = 0;
	if (send_segments(nic) == -EAGAIN) {
		nic->tx_waiting = true;
		memcpy(nic->tx_eop_desc, d, DESC_BYTES);
		return -EAGAIN;
	}
	return 0;
}

/* Gives a descriptor back: DD when it asked (RS). The interrupt causes. */
static uint32_t tx_write_back(struct e1000 *nic, uint64_t at, const uint8_t *d)
{
	uint8_t status = (uint8_t)((d[12] & 0xf0) | TXD_STA_DD);

	if (!(get_le32(d + 8) & (TXD_RS | TXD_RPS)))
		return 0;
	dma(nic, at + 12, &status, 1, true);
	return ICR_TXDW;
}

static uint64_t ring_base(const struct e1000 *nic, unsigned bal)
{
	return (uint64_t)reg_value(nic, bal + 4) << 32 | reg_value(nic, bal);
}

static void transmit(struct e1000 *nic)
{
	unsigned n = reg_value(nic, REG_TDLEN) / DESC_BYTES;
	uint32_t head = reg_value(nic, REG_TDH), tail = reg_value(nic, REG_TDT);
	uint64_t base = ring_base(nic, REG_TDBAL);
	uint32_t causes = 0;
	bool took = false;

	/* With TDT moved back onto TDH, a frame waiting waits on. */
	if (!(reg_value(nic, REG_TCTL) & TCTL_EN) || nic->tx_busy || head == tail)
		return;
	if (head >= n || tail >= n) {
		refuse(nic, "transmit ring indices outside the ring", (uint64_t)head << 32 | tail);
		return;
	}
	nic->tx_busy = true;
	if (nic->tx_waiting) {
		if (send_segments(nic) == -EAGAIN)
			goto out;
		nic->tx_waiting = false;
		causes |= tx_write_back(nic, base + (uint64_t)head * DESC_BYTES, nic->tx_eop_desc);
		head = (head + 1) % n;
		took = true;
	}
	/* One lap at most. */
	for (unsigned i = 0; i < n && head != tail; i++) {
		uint64_t at = base + (uint64_t)head * DESC_BYTES;
		uint8_t d[DESC_BYTES];

		if (dma(nic, at, d, sizeof(d), false) < 0 || take_descriptor(nic, d) == -EAGAIN)
			break;
		causes |= tx_write_back(nic, at, d);
		head = (head + 1) % n;
		took = true;
	}
	*reg(nic, REG_TDH) = head;
	if (took && head == tail)
		causes |= ICR_TXQE;
	if (causes)
		raise(nic, causes);
out:
	nic->tx_busy = false;
}

void e1000_tx_resume(struct e1000 *nic)
{
	transmit(nic);
}

/* ---- receive ------------------------------------------------------------------- */

static bool vlan_tagged(const struct e1000 *nic, const uint8_t *frame, size_t len)
{
	return len >= 18 && nic_get_be16(frame + 12) == vlan_type(nic);
}

/* Whether RCTL's filters take a frame. */
static bool accepted(const struct e1000 *nic, const uint8_t *frame, size_t len)
{
	uint32_t rctl = reg_value(nic, REG_RCTL);

	if ((rctl & RCTL_VFE) && vlan_tagged(nic, frame, len)) {
		unsigned vid = nic_get_be16(frame + 14) & 0xfff;

		if (!(reg_value(nic, REG_VFTA + 4 * (vid >> 5)) >> (vid & 31) & 1))
			return false;
	}
	if (nic_is_broadcast(frame)) {
		if (rctl & RCTL_BAM)
			return true;
	} else if (frame[0] & 1) {
		if (rctl & RCTL_MPE)
			return true;
	} else if (rctl & RCTL_UPE) {
		return true;
	}
	for (unsigned i = 0; i < 16; i++) {
		uint32_t low = reg_value(nic, REG_RA + 8 * i),
			 high = reg_value(nic, REG_RA + 8 * i + 4);
		uint8_t address[6] = { (uint8_t)low,	     (uint8_t)(low >> 8),
				       (uint8_t)(low >> 16), (uint8_t)(low >> 24),
				       (uint8_t)high,	     (uint8_t)(high >> 8) };

		/* Only entries valid and selecting the destination (AS 00). */
		if ((high & RAH_AV) && !(high & (3u << 16)) && memcmp(frame, address, 6) == 0)
			return true;
	}
	if (frame[0] & 1) {
		static const unsigned shifts[4] = { 4, 3, 2, 0 };
		unsigned hash = ((unsigned)frame[5] << 8 | frame[4]) >> shifts[(rctl >> 12) & 3];

		hash &= 0xfff;
		return reg_value(nic, REG_MTA + 4 * (hash >> 5)) >> (hash & 31) & 1;
	}
	return false;
}

/* RXCSUM's checks of an IPv4 frame with TCP or UDP: the status and error
 * bits of its last descriptor. Other frames get no indication (the guest
 * checks them itself). */
static void rx_checksums(const struct e1000 *nic, const uint8_t *f, size_t len, uint8_t *status,
			 uint8_t *errors)
{
	uint32_t rxcsum = reg_value(nic, REG_RXCSUM);
	size_t at = 12, header, total;
	const uint8_t *ip;

	if (!(rxcsum & (RXCSUM_IPOFL | RXCSUM_TUOFL))) {
		*status |= RXD_IXSM;
		return;
	}
	if (vlan_tagged(nic, f, len))
		at += 4;
	if (len < at + 2 + 20 || nic_get_be16(f + at) != ETHERTYPE_IPV4)
		return;
	ip = f + at + 2;
	header = (size_t)(ip[0] & 0x0f) * 4;
	total = nic_get_be16(ip + 2);
	if ((ip[0] >> 4) != 4 || header < 20 || total < header || total > len - (at + 2))
		return;
	if (rxcsum & RXCSUM_IPOFL) {
		*status |= RXD_IPCS;
		if (nic_inet_checksum(ip, header, 0) != 0)
			*errors |= RXD_ERR_IPE;
	}
	if ((rxcsum & RXCSUM_TUOFL) && (nic_get_be16(ip + 6) & 0x3fff) == 0) {
		const uint8_t *l4 = ip + header;
		size_t l4_len = total - header;
		uint8_t proto = ip[9];
		uint32_t pseudo = proto + (uint32_t)l4_len;

		if (!((proto == IP_PROTO_TCP && l4_len >= 20) ||
		      (proto == IP_PROTO_UDP && l4_len >= 8 && nic_get_be16(l4 + 6) != 0)))
			return;
		for (int i = 12; i < 20; i += 2)
			pseudo += nic_get_be16(ip + i);
		*status |= RXD_TCPCS;
		if (nic_inet_checksum(l4, l4_len, pseudo) != 0)
			*errors |= RXD_ERR_TCPE;
	}
}

static size_t rx_buffer_size(uint32_t rctl)
{
	unsigned bsize = (rctl >> 16) & 3;

	if (!(rctl & RCTL_BSEX))
		return (size_t)2048 >> bsize;
	return bsize ? (size_t)32768 >> bsize : 2048; /* BSEX with 00 is reserved */
}

static void count_received(struct e1000 *nic, const uint8_t *frame, size_t len)
{
	count(nic, REG_GPRC, 1);
	count(nic, REG_TPR, 1);
	count64(nic, REG_GORCL, (uint32_t)len + NIC_FCS_BYTES);
	count64(nic, REG_TORL, (uint32_t)len + NIC_FCS_BYTES);
	count_size(nic, REG_PRC64, len + NIC_FCS_BYTES);
	if (nic_is_broadcast(frame))
		count(nic, REG_BPRC, 1);
	else if (frame[0] & 1)
		count(nic, REG_MPRC, 1);
}

int e1000_receive(struct e1000 *nic, const uint8_t *frame, size_t len)
{
	uint32_t rctl = reg_value(nic, REG_RCTL);
	unsigned n = reg_value(nic, REG_RDLEN) / DESC_BYTES;
	uint32_t head = reg_value(nic, REG_RDH), tail = reg_value(nic, REG_RDT);
	uint64_t base = ring_base(nic, REG_RDBAL);
	size_t buffer = rx_buffer_size(rctl), total, data_len, need, done = 0;
	uint16_t special = 0;
	uint8_t vp = 0, status = 0, errors = 0;
	unsigned free_descs;

	if (len < NIC_MIN_FRAME || len > NIC_MAX_FRAME)
		return -EMSGSIZE;
	if (!(rctl & RCTL_EN) || !(reg_value(nic, REG_STATUS) & STATUS_LU)) {
		nic->stats.rx_dropped++;
		return 0;
	}
	if (!accepted(nic, frame, len)) {
		nic->stats.rx_filtered++;
		return 0;
	}
	if (n == 0 || head >= n || tail >= n) {
		refuse(nic, "receive ring indices outside the ring", (uint64_t)head << 32 | tail);
		nic->stats.rx_dropped++;
		return 0;
	}
	/* The frame as the guest gets it: its tag taken out (CTRL.VME),
	 * padded, with its FCS unless RCTL.SECRC. */
	if ((reg_value(nic, REG_CTRL) & CTRL_VME) && vlan_tagged(nic, frame, len)) {
		special = nic_get_be16(frame + 14);
		vp = RXD_VP;
		memcpy(nic->rx_frame, frame, 12);
		memcpy(nic->rx_frame + 12, frame + 16, len - 16);
		data_len = len - 4;
	} else {
		memcpy(nic->rx_frame, frame, len);
		data_len = len;
	}
	if (data_len < NIC_SHORT_FRAME) {
		memset(nic->rx_frame + data_len, 0, NIC_SHORT_FRAME - data_len);
		data_len = NIC_SHORT_FRAME;
	}
	total = data_len;
	if (!(rctl & RCTL_SECRC)) {
		nic_put_le32(nic->rx_frame + data_len, crc32_update(0, nic->rx_frame, data_len));
		total += NIC_FCS_BYTES;
	}
	need = (total + buffer - 1) / buffer;
	free_descs = (tail + n - head) % n;
	if (need > free_descs) {
		if (need >= n) { /* never room for it in this ring */
			refuse(nic, "a receive ring too small for a frame", n);
			nic->stats.rx_dropped++;
			return 0;
		}
		if (!nic->rx_stalled)
			raise(nic, ICR_RXO);
		nic->rx_stalled = true;
		return -ENOBUFS;
	}
	nic->rx_stalled = false;
	rx_checksums(nic, nic->rx_frame, data_len, &status, &errors);
	while (done < total) {
		uint64_t at = base + (uint64_t)head * DESC_BYTES;
		size_t chunk = total - done < buffer ? total - done : buffer;
		uint8_t d[DESC_BYTES];
		bool last = done + chunk == total;

		if (dma(nic, at, d, sizeof(d), false) < 0) {
			nic->stats.rx_dropped++;
			break;
		}
		if (dma(nic, get_le64(d), nic->rx_frame + done, chunk, true) < 0) {
			/* Its buffer is not the guest's: the frame ends here,
			 * in error, and the rest of it is dropped. */
			last = true;
			errors |= RXD_ERR_RXE;
			nic->stats.rx_dropped++;
		}
		nic_put_le16(d + 8, (uint16_t)chunk);
		nic_put_le16(d + 10, 0);
		d[12] = (uint8_t)(RXD_DD | vp | (last ? RXD_EOP | status : 0));
		d[13] = last ? errors : 0;
		nic_put_le16(d + 14, special);
		dma(nic, at + 8, d + 8, 8, true);
		head = (head + 1) % n;
		done += chunk;
		if (last)
			break;
	}
	*reg(nic, REG_RDH) = head;
	if (done == total && !(errors & RXD_ERR_RXE)) {
		nic->stats.rx_frames++;
		count_received(nic, nic->rx_frame, data_len);
	}
	if (done) {
		uint32_t causes = ICR_RXT0;
		unsigned left = (tail + n - head) % n;

		if ((size_t)left * DESC_BYTES <= reg_value(nic, REG_RDLEN) >>
		    (((rctl >> 8) & 3) + 1))
			causes |= ICR_RXDMT0;
		raise(nic, causes);
	}
	return 0;
}

/* ---- register access -------------------------------------------------------- */

/* Registers the guest writes and reads back, and their writable bits. */
static const struct {
	uint16_t offset, count;
	uint32_t mask;
} plain_registers[] = {
	{ REG_CTRL_EXT, 1, ~CTRL_EXT_EE_RST },
	{ REG_FCAL, 1, 0xffffffff },
	{ REG_FCAH, 1, 0xffff },
	{ REG_FCT, 1, 0xffff },
	{ REG_VET, 1, 0xffff },
	{ REG_ITR, 1, 0xffff },
	{ REG_FCTTV, 1, 0xffff },
	{ REG_TXCW, 1, 0xffffffff },
	{ REG_TIPG, 1, 0x3fffffff },
	{ REG_LEDCTL, 1, 0xffffffff },
	{ REG_PBA, 1, 0xffff },
	{ REG_FCRTL, 1, 0x8000fff8 },
	{ REG_FCRTH, 1, 0xfff8 },
	{ REG_RDTR, 1, 0xffff },
	{ REG_RXDCTL, 1, 0xffffffff },
	{ REG_RADV, 1, 0xffff },
	{ REG_RSRPD, 1, 0xfff },
	{ REG_TIDV, 1, 0xffff },
	{ REG_TXDCTL, 1, 0xffffffff },
	{ REG_TADV, 1, 0xffff },
	{ REG_TSPMT, 1, 0xffffffff },
	{ REG_RXCSUM, 1, 0x3ff },
	{ REG_MTA, 128, 0xffffffff },
	{ REG_VFTA, 128, 0xffffffff },
	{ REG_WUC, 1, 0xffffffff },
	{ REG_WUFC, 1, 0xffffffff },
	{ REG_MANC, 1, 0xffffffff },
	{ REG_IPAV, 1, 0xffffffff },
	{ REG_IP4AT, 7, 0xffffffff },
	{ REG_IP6AT, 4, 0xffffffff },
	{ REG_WUPL, 1, 0xfff },
	{ REG_WUPM, 32, 0xffffffff },
	{ REG_FFLT, 8, 0x7ff },
};

static uint32_t merge(uint32_t old, uint32_t value, uint32_t mask)
{
	return (old & ~mask) | (value & mask);
}

/* A ring register's value as kept: base addresses 16-byte aligned,
 * lengths in 128-byte steps below 1 MiB, indices of 16 bits. */
static uint32_t ring_register(unsigned offset, uint32_t v)
{
	switch (offset & 0xff) {
	case REG_TDBAL & 0xff:
		return v & ~0xfu;
	case REG_TDBAH & 0xff:
		return v;
	case REG_TDLEN & 0xff:
		return v & 0xfff80;
	default:
		return v & 0xffff;
	}
}

static uint32_t reg_read(struct e1000 *nic, unsigned offset)
{
	uint32_t v;

	switch (offset) {
	case REG_ICR:
		v = reg_value(nic, REG_ICR);
		*reg(nic, REG_ICR) = 0;
		update_irq(nic);
		return v;
	case REG_ICS: /* reads as ICR, without clearing it */
		return reg_value(nic, REG_ICR);
	case REG_IMC:
		return 0;
	case REG_EECD:
		return eecd_value(nic);
	}
	if (offset >= REG_STATS_FIRST && offset <= REG_STATS_LAST)
		return read_statistic(nic, offset);
	return offset < E1000_REG_BYTES ? reg_value(nic, offset) : 0;
}

/* A write of the bytes of value that mask selects to the register at
 * offset (4-aligned, inside BAR 0). */
static void reg_write(struct e1000 *nic, unsigned offset, uint32_t value, uint32_t mask)
{
	uint32_t *r, v;

	if (offset >= E1000_REG_BYTES)
		return;
	r = reg(nic, offset);
	v = merge(*r, value, mask);
	switch (offset) {
	case REG_CTRL:
		if (v & CTRL_RST) {
			e1000_reset(nic);
			rx_ready(nic);
			return;
		}
		if ((v & CTRL_PHY_RST) && !(*r & CTRL_PHY_RST))
			phy_reset(nic);
		*r = v;
		return;
	case REG_EECD:
		eecd_write(nic, merge(nic->eecd.pins, value, mask));
		return;
	case REG_EERD:
		eerd_write(nic, v);
		return;
	case REG_MDIC:
		mdic_write(nic, v);
		return;
	case REG_ICR: /* write one to clear */
		*r &= ~(value & mask);
		update_irq(nic);
		return;
	case REG_ICS:
		raise(nic, value & mask);
		return;
	case REG_IMS:
		*r |= value & mask;
		update_irq(nic);
		return;
	case REG_IMC:
		*reg(nic, REG_IMS) &= ~(value & mask);
		update_irq(nic);
		return;
	case REG_RCTL:
		*r = v;
		rx_ready(nic);
		return;
	case REG_TCTL:
		*r = v;
		transmit(nic);
		return;
	case REG_TDT:
		*r = v & 0xffff;
		transmit(nic);
		return;
	case REG_TDBAL:
	case REG_TDBAH:
	case REG_TDLEN:
	case REG_TDH:
		/* The ring moved: a frame half-gathered or waiting is lost. */
		*r = ring_register(offset, v);
		tx_forget(nic);
		return;
	case REG_RDBAL:
	case REG_RDBAH:
	case REG_RDLEN:
	case REG_RDH:
	case REG_RDT:
		*r = ring_register(offset, v);
		rx_ready(nic);
		return;
	}
	if (offset >= REG_RA && offset < REG_RA + 16 * 8) {
		*r = merge(*r, value, mask & (offset & 4 ? 0x8003ffff : 0xffffffff));
		return;
	}
	for (size_t i = 0; i < sizeof(plain_registers) / sizeof(plain_registers[0]); i++) {
		unsigned first = plain_registers[i].offset;

		if (offset >= first && offset < first + 4u * plain_registers[i].count) {
			*r = merge(*r, value, mask & plain_registers[i].mask);
			return;
		}
	}
	/* Anything else is read-only, or not there, and keeps its value. */
}

/* A 32-bit register of BAR 0 (io false) or of the I/O BAR at offset
 * (4-aligned). */
static uint32_t dword_read(struct e1000 *nic, bool io, uint64_t offset)
{
	if (!io)
		return offset < E1000_MMIO_BYTES ? reg_read(nic, (unsigned)offset) : 0;
	if (offset == IO_IOADDR)
		return nic->ioaddr;
	if (offset == IO_IODATA)
		return reg_read(nic, nic->ioaddr & (E1000_MMIO_BYTES - 4));
	return 0;
}

static void dword_write(struct e1000 *nic, bool io, uint64_t offset, uint32_t value, uint32_t mask)
{
	if (!io) {
		if (offset < E1000_MMIO_BYTES)
			reg_write(nic, (unsigned)offset, value, mask);
	} else if (offset == IO_IOADDR) {
		nic->ioaddr = merge(nic->ioaddr, value, mask) & (E1000_MMIO_BYTES - 1);
	} else if (offset == IO_IODATA) {
		reg_write(nic, nic->ioaddr & (E1000_MMIO_BYTES - 4), value, mask);
	}
}

/* Accesses of any size at any offset, cut into the 32-bit registers they
 * touch (each read or written once, its bytes outside the access
 * untouched). */
static uint64_t access_read(struct e1000 *nic, bool io, uint64_t offset, unsigned size)
{
	uint64_t value = 0;

	for (unsigned i = 0; i < size && i < 8;) {
		uint64_t at = offset + i;
		unsigned lane = (unsigned)(at & 3), n = 4 - lane < size - i ? 4 - lane : size - i;
		uint64_t dword = dword_read(nic, io, at - lane) >> (8 * lane);

		value |= (dword & ((UINT64_C(1) << (8 * n)) - 1)) << (8 * i);
		i += n;
	}
	return value;
}

static void access_write(struct e1000 *nic, bool io, uint64_t offset, unsigned size, uint64_t value)
{
	for (unsigned i = 0; i < size && i < 8;) {
		uint64_t at = offset + i;
		unsigned lane = (unsigned)(at & 3), n = 4 - lane < size - i ? 4 - lane : size - i;
		uint32_t bytes = (uint32_t)(((UINT64_C(1) << (8 * n)) - 1) << (8 * lane));
		uint32_t v = (uint32_t)(((value >> (8 * i)) & ((UINT64_C(1) << (8 * n)) - 1))
					<< (8 * lane));

		dword_write(nic, io, at - lane, v, bytes);
		i += n;
	}
}

static uint64_t mmio_read(void *dev, uint64_t offset, unsigned size)
{
	return access_read(dev, false, offset, size);
}

static void mmio_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	access_write(dev, false, offset, size, value);
}

static uint64_t io_read(void *dev, uint64_t offset, unsigned size)
{
	return access_read(dev, true, offset, size);
}

static void io_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	access_write(dev, true, offset, size, value);
}

/* ---- set-up ----------------------------------------------------------------- */

int e1000_init(struct e1000 *nic, const uint8_t mac[6], const struct guest_memory *mem,
	       const struct platform_ops *ops, const struct nic_link *link)
{
	struct pci_device *p = &nic->pci;
	uint16_t *w = nic->eeprom, sum = 0;
	int rc;

	memset(nic, 0, sizeof(*nic));
	nic->mem = mem;
	nic->ops = ops;
	nic->link = link;
	pci_device_init(p, "e1000", PCI_VENDOR_INTEL, PCI_DEVICE_82540EM, 0x020000, 0x03, 0);
	p->owner = nic;
	pci_device_set_u16(p, PCI_REG_SUBSYSTEM_VENDOR, PCI_SUBSYSTEM_VENDOR_QEMU);
	pci_device_set_u16(p, PCI_REG_SUBSYSTEM, PCI_SUBSYSTEM_QEMU);
	pci_device_set_u8(p, PCI_REG_INTERRUPT_PIN, 1);
	nic->memory = (struct io_region){ "e1000-mmio", IO_SPACE_MMIO, 0,   0,
					  mmio_read,	mmio_write,    nic, NULL };
	nic->ports =
		(struct io_region){ "e1000-io", IO_SPACE_PORT, 0, 0, io_read, io_write, nic, NULL };
	rc = pci_device_set_bar(p, 0, PCI_BAR_MEM32, E1000_MMIO_BYTES, &nic->memory);
	if (rc == 0)
		rc = pci_device_set_bar(p, 1, PCI_BAR_IO, E1000_IO_BYTES, &nic->ports);
	/* The EEPROM: the address, the LED and PCI words, no wake-up (APM
	 * off) nor flow control, unused words erased, and the checksum word
	 * making the sum 0xbaba. */
	for (int i = 0; i < E1000_EEPROM_WORDS; i++)
		w[i] = i < 0x10 ? 0 : 0xffff;
	for (int i = 0; i < 3; i++)
		w[i] = (uint16_t)(mac[2 * i] | mac[2 * i + 1] << 8);
	w[EEPROM_ID_LED] = 0xffff; /* the default LED settings */
	w[EEPROM_SUBSYSTEM] = PCI_SUBSYSTEM_QEMU;
	w[EEPROM_SUBSYSTEM_VENDOR] = PCI_SUBSYSTEM_VENDOR_QEMU;
	w[EEPROM_DEVICE] = PCI_DEVICE_82540EM;
	w[EEPROM_VENDOR] = PCI_VENDOR_INTEL;
	w[EEPROM_INIT_CONTROL2] = 0;
	w[EEPROM_INIT_CONTROL3] = 0;
	for (int i = 0; i < EEPROM_CHECKSUM; i++)
		sum = (uint16_t)(sum + w[i]);
	w[EEPROM_CHECKSUM] = (uint16_t)(EEPROM_SUM - sum);
	e1000_reset(nic);
	return rc;
}
