/* apps/ioemu/e1000: the 82540EM as Linux's e1000 and iPXE drive it (the
 * EEPROM through EERD and bit-banged, the PHY through MDIC, the I/O
 * window), its receive ring and filter, transmit with legacy, context and
 * data descriptors, checksum insertion and TCP segmentation, a link that
 * is full, and a hostile guest's rings, offsets and accesses. */
#include "apps/ioemu/e1000.h"
#include "lib/crc32.h"
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "tests/unit/platform_recorder.h"

enum { RAM = 512 * 1024, IO = 0xc000, MMIO = 0xf0000000u, DEVFN = 0x20, MAX_SENT = 16 };

/* Registers and bits the tests use (8254x manual). */
enum {
	CTRL = 0x0000,
	STATUS = 0x0008,
	EECD = 0x0010,
	EERD = 0x0014,
	MDIC = 0x0020,
	VET = 0x0038,
	ICR = 0x00c0,
	ICS = 0x00c8,
	IMS = 0x00d0,
	IMC = 0x00d8,
	RCTL = 0x0100,
	TCTL = 0x0400,
	RDBAL = 0x2800,
	RDBAH = 0x2804,
	RDLEN = 0x2808,
	RDH = 0x2810,
	RDT = 0x2818,
	TDBAL = 0x3800,
	TDBAH = 0x3804,
	TDLEN = 0x3808,
	TDH = 0x3810,
	TDT = 0x3818,
	GPRC = 0x4074,
	GPTC = 0x4080,
	GORCL = 0x4088,
	GORCH = 0x408c,
	TSCTC = 0x40f8,
	TSCTFC = 0x40fc,
	RXCSUM = 0x5000,
	MTA = 0x5200,
	RAL0 = 0x5400,
	RAH0 = 0x5404,
	VFTA = 0x5600,
	ICR_TXDW = 0x01,
	ICR_TXQE = 0x02,
	ICR_LSC = 0x04,
	ICR_RXDMT0 = 0x10,
	ICR_RXO = 0x40,
	ICR_RXT0 = 0x80,
	RCTL_EN = 0x2,
	RCTL_UPE = 0x8,
	RCTL_MPE = 0x10,
	RCTL_BAM = 0x8000,
	RCTL_VFE = 0x40000,
	RCTL_SECRC = 0x4000000,
	TCTL_EN = 0x2,
	TCTL_PSP = 0x8,
	TXD_EOP = 1u << 24,
	TXD_IC = 1u << 26,
	TXD_TSE = 1u << 26,
	TXD_RS = 1u << 27,
	TXD_DEXT = 1u << 29,
	TXD_VLE = 1u << 30,
	TXD_DATA = 1u << 20,
	CTX_TCP = 1u << 24,
	CTX_IP = 1u << 25,
	POPTS_IXSM = 1,
	POPTS_TXSM = 2,
	RX_RING = 0x2000,
	TX_RING = 0x1000,
	RX_BUFFERS = 0x10000,
};

struct rig {
	struct platform_recorder rec;
	struct platform_ops ops;
	struct io_bus io;
	struct pci_bus bus;
	struct guest_memory mem;
	struct nic_link link;
	struct e1000 nic;
	uint8_t ram[RAM];
	uint8_t sent[MAX_SENT][NIC_MAX_FRAME];
	size_t sent_len[MAX_SENT];
	unsigned n_sent, rx_ready_calls;
	int send_rc;
	int send_budget; /* frames taken before -EAGAIN; negative: no limit */
};

static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t peer[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };

static int ram_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	struct rig *g = ctx;

	if (gpa > RAM || len > RAM - gpa)
		return -EFAULT;
	memcpy(buf, g->ram + gpa, len);
	return 0;
}

static int ram_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	struct rig *g = ctx;

	if (gpa > RAM || len > RAM - gpa)
		return -EFAULT;
	memcpy(g->ram + gpa, buf, len);
	return 0;
}

static int link_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct rig *g = ctx;

	if (g->send_rc)
		return g->send_rc;
	if (g->send_budget == 0)
		return -EAGAIN;
	if (g->send_budget > 0)
		g->send_budget--;
	if (g->n_sent < MAX_SENT) {
		memcpy(g->sent[g->n_sent], frame, len);
		g->sent_len[g->n_sent] = len;
	}
	g->n_sent++;
	return 0;
}

static void link_rx_ready(void *ctx)
{
	((struct rig *)ctx)->rx_ready_calls++;
}

static void rig_init(struct rig *g)
{
	memset(g, 0, sizeof(*g));
	g->send_budget = -1;
	platform_recorder_init(&g->rec, &g->ops);
	g->mem = (struct guest_memory){ ram_read, ram_write, g };
	g->link = (struct nic_link){ g, link_send, link_rx_ready, NULL, NULL };
	io_bus_init(&g->io, &g->mem);
	pci_bus_init(&g->bus, &g->io, &g->ops);
	CHECK_INT(e1000_init(&g->nic, mac, &g->mem, &g->ops, &g->link), 0);
	CHECK_INT(pci_bus_add(&g->bus, &g->nic.pci, DEVFN), 0);
	pci_config_write(&g->bus, DEVFN, 0x10, 4, MMIO);
	pci_config_write(&g->bus, DEVFN, 0x14, 4, IO);
	pci_config_write(&g->bus, DEVFN, 4, 2,
			 PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

static uint64_t rd(struct rig *g, unsigned reg, unsigned size)
{
	struct ioreq_req r = {
		.type = IOREQ_TYPE_COPY, .read = true, .size = size, .count = 1, .addr = MMIO + reg
	};
	uint64_t data = 0xdeadbeef;

	io_bus_dispatch(&g->io, &r, &data);
	return data;
}

static uint32_t rd32(struct rig *g, unsigned reg)
{
	return (uint32_t)rd(g, reg, 4);
}

static void wr_size(struct rig *g, unsigned reg, unsigned size, uint64_t value)
{
	struct ioreq_req r = {
		.type = IOREQ_TYPE_COPY, .size = size, .count = 1, .addr = MMIO + reg, .data = value
	};
	uint64_t data = value;

	io_bus_dispatch(&g->io, &r, &data);
}

static void wr(struct rig *g, unsigned reg, uint32_t value)
{
	wr_size(g, reg, 4, value);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)be16(p) << 16 | be16(p + 2);
}

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* A transmit descriptor: address, the 32-bit command word, the upper one. */
static void put_txd(struct rig *g, unsigned index, uint64_t addr, uint32_t lower, uint32_t upper)
{
	uint8_t *d = g->ram + TX_RING + 16 * index;

	put32(d, (uint32_t)addr);
	put32(d + 4, (uint32_t)(addr >> 32));
	put32(d + 8, lower);
	put32(d + 12, upper);
}

/* A context descriptor. */
static void put_ctx(struct rig *g, unsigned index, unsigned ipcss, unsigned ipcso, unsigned ipcse,
		    unsigned tucss, unsigned tucso, uint32_t cmd, unsigned hdr_len, unsigned mss)
{
	uint8_t *d = g->ram + TX_RING + 16 * index;

	memset(d, 0, 16);
	d[0] = (uint8_t)ipcss;
	d[1] = (uint8_t)ipcso;
	put16(d + 2, (uint16_t)ipcse);
	d[4] = (uint8_t)tucss;
	d[5] = (uint8_t)tucso;
	put32(d + 8, cmd | TXD_DEXT);
	d[13] = (uint8_t)hdr_len;
	put16(d + 14, (uint16_t)mss);
}

/* Linux's e1000_read_eeprom on an 82540 (Microwire, 6 address bits). */
static void ee_write(struct rig *g, uint32_t *eecd, uint32_t v)
{
	*eecd = v;
	wr(g, EECD, v);
}

static void ee_shift_out(struct rig *g, uint32_t *eecd, unsigned value, unsigned bits)
{
	for (unsigned mask = 1u << (bits - 1); mask; mask >>= 1) {
		uint32_t v = (*eecd & ~4u) | (value & mask ? 4u : 0);

		ee_write(g, eecd, v);
		ee_write(g, eecd, v | 1); /* clock up */
		ee_write(g, eecd, v);	  /* clock down */
	}
	ee_write(g, eecd, *eecd & ~4u);
}

static unsigned ee_read_words(struct rig *g, unsigned first, unsigned n, uint16_t *out)
{
	uint32_t eecd = rd32(g, EECD);
	unsigned ok = 0;

	ee_write(g, &eecd, eecd | 0x40); /* REQ */
	eecd = rd32(g, EECD);
	if (!(eecd & 0x80)) /* GNT */
		return 0;
	eecd &= ~(0x08u | 0x80u | 0x100u);
	ee_write(g, &eecd, eecd & ~(4u | 1u));
	ee_write(g, &eecd, eecd | 2); /* CS */
	for (unsigned i = 0; i < n; i++) {
		uint16_t data = 0;

		ee_shift_out(g, &eecd, 6, 3); /* READ */
		ee_shift_out(g, &eecd, first + i, 6);
		for (int bit = 0; bit < 16; bit++) {
			ee_write(g, &eecd, eecd | 1);
			data = (uint16_t)(data << 1 | (rd32(g, EECD) & 0x08 ? 1 : 0));
			ee_write(g, &eecd, eecd & ~1u);
		}
		out[i] = data;
		ok++;
		/* Standby: deselect, clock up, select, clock down. */
		ee_write(g, &eecd, eecd & ~3u);
		ee_write(g, &eecd, eecd | 1);
		ee_write(g, &eecd, eecd | 2);
		ee_write(g, &eecd, eecd & ~1u);
	}
	ee_write(g, &eecd, eecd & ~(2u | 0x40u));
	return ok;
}

static unsigned eerd_read(struct rig *g, unsigned word)
{
	uint32_t v;

	wr(g, EERD, word << 8 | 1);
	v = rd32(g, EERD);
	CHECK(v & 0x10);
	return v >> 16;
}

static uint32_t mdic(struct rig *g, uint32_t op, unsigned phy, unsigned reg, uint16_t data)
{
	wr(g, MDIC, op << 26 | phy << 21 | reg << 16 | data);
	return rd32(g, MDIC);
}

/* A frame to dest from peer: IPv4 with UDP (or TCP) carrying payload
 * bytes, checksums zero. */
static size_t ip_frame(uint8_t *f, const uint8_t *dest, uint8_t proto, size_t payload)
{
	size_t l4 = proto == 6 ? 20 : 8, ip_len = 20 + l4 + payload;

	memset(f, 0, 14 + ip_len);
	memcpy(f, dest, 6);
	memcpy(f + 6, peer, 6);
	f[12] = 0x08;
	f[14] = 0x45;
	put_be16(f + 16, (uint16_t)ip_len);
	put_be16(f + 18, 0x1234);
	f[22] = 64;
	f[23] = proto;
	f[26] = 192, f[27] = 0, f[28] = 2, f[29] = 10;
	f[30] = 192, f[31] = 0, f[32] = 2, f[33] = 1;
	put_be16(f + 34, 0x3039);
	put_be16(f + 36, 80);
	if (proto == 6) {
		put_be16(f + 38, 0x0102), put_be16(f + 40, 0x0304); /* sequence */
		f[46] = 0x50;					    /* header length 20 */
		f[47] = 0x18;					    /* PSH | ACK */
		put_be16(f + 48, 0xffff);
	} else {
		put_be16(f + 38, (uint16_t)(8 + payload));
	}
	for (size_t i = 0; i < payload; i++)
		f[14 + 20 + l4 + i] = (uint8_t)(i * 7 + i / 251);
	return 14 + ip_len;
}

/* The pseudo-header's sum (addresses, protocol, length) of an IPv4 frame. */
static uint32_t pseudo_sum(const uint8_t *f, size_t l4_len)
{
	uint32_t sum = f[23] + (uint32_t)l4_len;

	for (int i = 26; i < 34; i += 2)
		sum += be16(f + i);
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* The receive ring of Linux's e1000_configure_rx: 8 descriptors of 2 KiB. */
static void rx_start(struct rig *g, uint32_t rctl, unsigned buffer)
{
	for (unsigned i = 0; i < 8; i++) {
		uint8_t *d = g->ram + RX_RING + 16 * i;

		memset(d, 0, 16);
		put32(d, RX_BUFFERS + i * buffer);
	}
	wr(g, RDBAL, RX_RING);
	wr(g, RDBAH, 0);
	wr(g, RDLEN, 8 * 16);
	wr(g, RDH, 0);
	wr(g, RDT, 7);
	wr(g, RCTL, rctl | RCTL_EN);
	wr(g, IMS, 0x9d); /* RXT0 RXDMT0 RXSEQ LSC TXDW, as Linux */
}

static void tx_start(struct rig *g)
{
	memset(g->ram + TX_RING, 0, 16 * 16);
	wr(g, TDBAL, TX_RING);
	wr(g, TDBAH, 0);
	wr(g, TDLEN, 16 * 16);
	wr(g, TDH, 0);
	wr(g, TDT, 0);
	wr(g, TCTL, TCTL_EN | TCTL_PSP | 0x0f << 4 | 0x40 << 12);
	wr(g, IMS, 0x9d);
}

TEST(e1000_identity_eeprom_and_phy)
{
	static struct rig g;
	uint16_t words[64], sum = 0, bitbanged[3];

	rig_init(&g);
	CHECK_INT(pci_config_read(&g.bus, DEVFN, 0, 4), 0x100e8086);
	CHECK_INT(pci_config_read(&g.bus, DEVFN, 8, 4), 0x02000003);
	CHECK_INT(pci_config_read(&g.bus, DEVFN, 0x2c, 4), 0x11001af4);
	CHECK_INT(pci_config_read(&g.bus, DEVFN, 0x3d, 1), 1);
	CHECK(io_bus_find(&g.io, IO_SPACE_MMIO, MMIO + 0x1ffff) == &g.nic.memory);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, IO + 0x3f) == &g.nic.ports);
	/* Link up, full duplex, 1000 Mbit/s. */
	CHECK_INT(rd32(&g, STATUS) & 0xc3, 0x83);
	/* The EEPROM through EERD (iPXE): the address, and a sum of 0xbaba. */
	for (unsigned i = 0; i < 64; i++) {
		words[i] = (uint16_t)eerd_read(&g, i);
		sum = (uint16_t)(sum + words[i]);
	}
	CHECK_INT(sum, 0xbaba);
	CHECK_INT(words[0], 0x5452);
	CHECK_INT(words[1], 0x1200);
	CHECK_INT(words[2], 0x5634);
	CHECK_INT(words[0x0d], 0x100e);
	CHECK_INT(words[0x0e], 0x8086);
	/* The same words bit-banged, as Linux's e1000 reads them. */
	CHECK_INT(rd32(&g, EECD) & 0x300, 0x100); /* present, 64 words */
	CHECK_INT(ee_read_words(&g, 0, 3, bitbanged), 3);
	CHECK_INT(bitbanged[0], words[0]);
	CHECK_INT(bitbanged[1], words[1]);
	CHECK_INT(bitbanged[2], words[2]);
	CHECK_INT(ee_read_words(&g, 0x3f, 1, bitbanged), 1);
	CHECK_INT(bitbanged[0], words[0x3f]);
	/* RAL0/RAH0 hold the address, valid. */
	CHECK_INT(rd32(&g, RAL0), 0x12005452);
	CHECK_INT(rd32(&g, RAH0), 0x80005634);
	/* The PHY at address 1: an M88E1011 linked and negotiated. */
	CHECK_INT(mdic(&g, 2, 1, 2, 0), 0x10000000u | 2u << 26 | 1u << 21 | 2u << 16 | 0x0141);
	CHECK_INT(mdic(&g, 2, 1, 3, 0) & 0xfff0, 0x0c20);
	CHECK_INT(mdic(&g, 2, 1, 1, 0) & 0x0024, 0x0024);
	CHECK_INT(mdic(&g, 2, 1, 17, 0) & 0xec00, 0xac00);
	CHECK_INT(mdic(&g, 2, 1, 10, 0) & 0x0c00, 0x0c00);
	CHECK(mdic(&g, 2, 2, 2, 0) & 0x40000000u); /* no PHY there */
	mdic(&g, 1, 1, 4, 0x01e1);
	CHECK_INT(mdic(&g, 2, 1, 4, 0) & 0xffff, 0x01e1);
	mdic(&g, 1, 1, 0, 0x1340); /* restart negotiation: done at once */
	CHECK_INT(mdic(&g, 2, 1, 0, 0) & 0xffff, 0x1140);
	mdic(&g, 1, 1, 16, 0x0068); /* a software reset keeps the settings */
	mdic(&g, 1, 1, 0, 0x9140);
	CHECK_INT(mdic(&g, 2, 1, 16, 0) & 0xffff, 0x0068);
	CHECK_INT(mdic(&g, 2, 1, 0, 0) & 0xffff, 0x1140);
	mdic(&g, 1, 1, 2, 0x1234); /* the ID is read-only */
	CHECK_INT(mdic(&g, 2, 1, 2, 0) & 0xffff, 0x0141);
	/* MDIC's interrupt. */
	wr(&g, IMS, 0x200);
	wr(&g, MDIC, 1u << 29 | 2u << 26 | 1u << 21 | 1u << 16);
	CHECK(g.rec.intx[4][0]);
	CHECK_INT(rd32(&g, ICR), 0x200);
	CHECK(!g.rec.intx[4][0]);
}

TEST(e1000_io_window_and_reset)
{
	static struct rig g;

	rig_init(&g);
	/* IOADDR/IODATA reach the registers as the memory BAR does. */
	port_out(&g.io, IO, 4, STATUS);
	CHECK_INT(port_in(&g.io, IO, 4), STATUS);
	CHECK_INT(port_in(&g.io, IO + 4, 4), rd32(&g, STATUS));
	port_out(&g.io, IO, 4, IMS);
	port_out(&g.io, IO + 4, 4, 0x80);
	CHECK_INT(rd32(&g, IMS), 0x80);
	CHECK_INT(port_in(&g.io, IO + 6, 2), 0);
	CHECK_INT(port_in(&g.io, IO + 0x20, 4), 0);
	/* Linux resets the 82540 through the window. */
	wr(&g, RAL0 + 8, 0x11111111);
	wr(&g, RAH0 + 8, 0x80002222);
	wr(&g, RCTL, RCTL_EN | RCTL_UPE);
	port_out(&g.io, IO, 4, CTRL);
	port_out(&g.io, IO + 4, 4, rd32(&g, CTRL) | 1u << 26);
	CHECK_INT(rd32(&g, CTRL) & (1u << 26), 0);
	CHECK_INT(rd32(&g, IMS), 0);
	CHECK_INT(rd32(&g, RCTL), 0);
	CHECK_INT(rd32(&g, RAH0 + 8), 0);
	CHECK_INT(rd32(&g, RAH0), 0x80005634);
	CHECK_INT(rd32(&g, VET), 0x8100);
	/* Accesses of one and two bytes: the rest of the register stays. */
	wr(&g, RDBAL, 0x12345670);
	wr_size(&g, RDBAL + 1, 1, 0xab);
	CHECK_INT(rd32(&g, RDBAL), 0x1234ab70);
	CHECK_INT(rd(&g, RDBAL + 2, 2), 0x1234);
	CHECK_INT(rd(&g, RDBAL, 8), 0x1234ab70);
}

TEST(e1000_interrupts_and_statistics)
{
	static struct rig g;

	rig_init(&g);
	wr(&g, ICS, ICR_LSC);
	CHECK(!g.rec.intx[4][0]); /* masked */
	wr(&g, IMS, ICR_LSC | ICR_RXT0);
	CHECK(g.rec.intx[4][0]);
	CHECK_INT(rd32(&g, ICS), ICR_LSC); /* ICS reads as ICR */
	CHECK_INT(rd32(&g, ICR), ICR_LSC);
	CHECK_INT(rd32(&g, ICR), 0); /* read cleared it */
	CHECK(!g.rec.intx[4][0]);
	wr(&g, ICS, ICR_RXT0);
	CHECK(g.rec.intx[4][0]);
	wr(&g, IMC, ICR_RXT0);
	CHECK(!g.rec.intx[4][0]);
	CHECK_INT(rd32(&g, IMS), ICR_LSC);
	wr(&g, ICR, ICR_RXT0); /* write one to clear */
	CHECK_INT(rd32(&g, ICR), 0);
	/* Every statistics register answers; a frame is counted, and the
	 * counters clear when read. */
	for (unsigned r = 0x4000; r < 0x4100; r += 4)
		CHECK_INT(rd32(&g, r), 0);
	rx_start(&g, RCTL_BAM, 2048);
	{
		uint8_t f[100];
		size_t len = ip_frame(f, mac, 17, 40);

		CHECK_INT(e1000_receive(&g.nic, f, len), 0);
		CHECK_INT(rd32(&g, GPRC), 1);
		CHECK_INT(rd32(&g, GPRC), 0);
		CHECK_INT(rd32(&g, GORCL), len + 4);
		CHECK_INT(rd32(&g, GORCL), len + 4); /* the low half stays */
		CHECK_INT(rd32(&g, GORCH), 0);
		CHECK_INT(rd32(&g, GORCL), 0); /* reading the high half cleared both */
	}
}

TEST(e1000_receive_into_descriptors)
{
	static struct rig g;
	uint8_t f[1514];
	size_t len;
	const uint8_t *d = g.ram + RX_RING;

	rig_init(&g);
	rx_start(&g, RCTL_BAM, 2048);
	len = ip_frame(f, mac, 17, 10); /* 52 bytes: padded to 60, then the FCS */
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(get16(d + 8), 64);
	CHECK_INT(d[12], 0x07); /* DD EOP IXSM */
	CHECK_INT(d[13], 0);
	CHECK(memcmp(g.ram + RX_BUFFERS, f, len) == 0);
	CHECK_INT(g.ram[RX_BUFFERS + 59], 0);
	CHECK_INT(get32(g.ram + RX_BUFFERS + 60), crc32_update(0, g.ram + RX_BUFFERS, 60));
	CHECK_INT(rd32(&g, RDH), 1);
	CHECK(g.rec.intx[4][0]);
	CHECK_INT(rd32(&g, ICR) & ICR_RXT0, ICR_RXT0);
	/* RCTL.SECRC: no FCS. */
	wr(&g, RCTL, RCTL_EN | RCTL_BAM | RCTL_SECRC);
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(get16(d + 16 + 8), 60);
	/* 1 KiB buffers (BSIZE 01): a long frame takes two descriptors, EOP
	 * on the second. */
	rx_start(&g, RCTL_BAM | 1u << 16, 1024);
	len = ip_frame(f, mac, 17, 1400);
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(get16(d + 8), 1024);
	CHECK_INT(d[12] & 0x03, 0x01); /* DD, not EOP */
	CHECK_INT(get16(d + 16 + 8), len + 4 - 1024);
	CHECK_INT(d[16 + 12] & 0x03, 0x03);
	CHECK(memcmp(g.ram + RX_BUFFERS, f, 1024) == 0);
	CHECK(memcmp(g.ram + RX_BUFFERS + 1024, f + 1024, len - 1024) == 0);
	CHECK_INT(rd32(&g, RDH), 2);
	/* Five descriptors left (RDT 7): two frames of two, then the fifth
	 * cannot hold one: -ENOBUFS, nothing taken, RXO said once. */
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(rd32(&g, RDH), 6);
	CHECK_INT(rd32(&g, ICR) & (ICR_RXDMT0 | ICR_RXO), ICR_RXDMT0);
	CHECK_INT(e1000_receive(&g.nic, f, len), -ENOBUFS);
	CHECK_INT(rd32(&g, RDH), 6);
	CHECK_INT(rd32(&g, ICR) & ICR_RXO, ICR_RXO);
	CHECK_INT(e1000_receive(&g.nic, f, len), -ENOBUFS);
	CHECK_INT(rd32(&g, ICR) & ICR_RXO, 0);
	/* A small frame fits the last one; then RDH == RDT: full. */
	CHECK_INT(e1000_receive(&g.nic, f, 60), 0);
	CHECK_INT(rd32(&g, RDH), 7);
	CHECK_INT(e1000_receive(&g.nic, f, 60), -ENOBUFS);
	/* The guest gives descriptors back: the link is told. */
	g.rx_ready_calls = 0;
	wr(&g, RDT, 3);
	CHECK(g.rx_ready_calls > 0);
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(rd32(&g, RDH), 1);
	CHECK_INT(e1000_receive(&g.nic, f, 10), -EMSGSIZE);
	CHECK_INT(e1000_receive(&g.nic, f, 1519), -EMSGSIZE);
}

TEST(e1000_receive_filter_and_vlan)
{
	static struct rig g;
	uint8_t f[1514], tagged[1518];
	size_t len;
	const uint8_t group[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb };
	const uint8_t other[6] = { 0x52, 0x54, 0x00, 0x99, 0x99, 0x99 };
	unsigned hash = ((unsigned)group[5] << 8 | group[4]) >> 4 & 0xfff;

	rig_init(&g);
	rx_start(&g, 0, 2048);
	len = ip_frame(f, other, 17, 10);
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(g.nic.stats.rx_filtered, 1);
	/* A second exact address (RAL1/RAH1). */
	wr(&g, RAL0 + 8, 0x99005452);
	wr(&g, RAH0 + 8, 0x80009999);
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(g.nic.stats.rx_frames, 1);
	/* Broadcast only with BAM. */
	len = ip_frame(f, (const uint8_t[6]){ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, 17, 10);
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(g.nic.stats.rx_filtered, 2);
	wr(&g, RCTL, RCTL_EN | RCTL_BAM);
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(g.nic.stats.rx_frames, 2);
	/* Multicast by the table (MO 00: address bits 47:36). */
	len = ip_frame(f, group, 17, 10);
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(g.nic.stats.rx_filtered, 3);
	wr(&g, MTA + 4 * (hash >> 5), 1u << (hash & 31));
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(g.nic.stats.rx_frames, 3);
	/* Promiscuous. */
	len = ip_frame(f, (const uint8_t[6]){ 0x02, 0x42, 0, 0, 0, 9 }, 17, 10);
	wr(&g, RCTL, RCTL_EN | RCTL_UPE | RCTL_MPE);
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(g.nic.stats.rx_frames, 4);
	/* CTRL.VME: the tag goes to the descriptor (VP, special). */
	len = ip_frame(f, mac, 17, 100);
	memcpy(tagged, f, 12);
	tagged[12] = 0x81, tagged[13] = 0x00, tagged[14] = 0x20, tagged[15] = 0x05;
	memcpy(tagged + 16, f + 12, len - 12);
	wr(&g, CTRL, rd32(&g, CTRL) | 1u << 30);
	CHECK_INT(e1000_receive(&g.nic, tagged, len + 4), 0);
	{
		const uint8_t *d = g.ram + RX_RING + 16 * 4;

		CHECK_INT(d[12] & 0x0b, 0x0b); /* DD EOP VP */
		CHECK_INT(get16(d + 14), 0x2005);
		CHECK_INT(get16(d + 8), len + 4);
		CHECK(memcmp(g.ram + RX_BUFFERS + 4 * 2048, f, len) == 0);
	}
	/* RCTL.VFE: VLAN 5 not in the table, then in it. */
	wr(&g, RCTL, RCTL_EN | RCTL_VFE);
	CHECK_INT(e1000_receive(&g.nic, tagged, len + 4), 0);
	CHECK_INT(g.nic.stats.rx_filtered, 4);
	CHECK_INT(g.nic.stats.rx_frames, 5);
	wr(&g, RCTL, RCTL_EN | RCTL_VFE | RCTL_UPE);
	CHECK_INT(e1000_receive(&g.nic, tagged, len + 4), 0);
	CHECK_INT(g.nic.stats.rx_filtered, 5);
	wr(&g, VFTA, 1u << 5);
	CHECK_INT(e1000_receive(&g.nic, tagged, len + 4), 0);
	CHECK_INT(g.nic.stats.rx_frames, 6);
	/* Receiver off: dropped, not kept. */
	wr(&g, RCTL, 0);
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(g.nic.stats.rx_frames, 6);
}

TEST(e1000_receive_checksums)
{
	static struct rig g;
	uint8_t f[1514];
	size_t len;
	const uint8_t *d = g.ram + RX_RING;

	rig_init(&g);
	rx_start(&g, 0, 2048);
	wr(&g, RXCSUM, 0x300); /* IP and TCP/UDP */
	len = ip_frame(f, mac, 6, 300);
	put_be16(f + 24, nic_inet_checksum(f + 14, 20, 0));
	put_be16(f + 50, nic_inet_checksum(f + 34, len - 34, pseudo_sum(f, len - 34)));
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(d[12], 0x63); /* DD EOP TCPCS IPCS */
	CHECK_INT(d[13], 0);
	f[60] ^= 1; /* the payload damaged */
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(d[16 + 12], 0x63);
	CHECK_INT(d[16 + 13], 0x20); /* TCPE */
	f[60] ^= 1;
	f[24] ^= 1; /* the IP header damaged */
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(d[32 + 13], 0x40); /* IPE */
	/* Not IP: no indication; offloads off: IXSM. */
	f[12] = 0x86, f[13] = 0xdd;
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(d[48 + 12], 0x03);
	wr(&g, RXCSUM, 0);
	CHECK_INT(e1000_receive(&g.nic, f, len), 0);
	CHECK_INT(d[64 + 12], 0x07);
}

TEST(e1000_transmit_legacy_and_checksum_offload)
{
	static struct rig g;
	uint8_t f[1514];
	size_t len;

	rig_init(&g);
	tx_start(&g);
	/* A legacy frame in two descriptors, RS on the last (Linux's plain
	 * frames). */
	len = ip_frame(f, peer, 17, 200);
	memcpy(g.ram + 0x8000, f, len);
	put_txd(&g, 0, 0x8000, 100 | 0x02000000u, 0);
	put_txd(&g, 1, 0x8000 + 100, (uint32_t)(len - 100) | TXD_EOP | 0x02000000u | TXD_RS, 0);
	wr(&g, TDT, 2);
	CHECK_INT(g.n_sent, 1);
	CHECK_INT(g.sent_len[0], len);
	CHECK(memcmp(g.sent[0], f, len) == 0);
	CHECK_INT(rd32(&g, TDH), 2);
	CHECK_INT(g.ram[TX_RING + 12] & 1, 0); /* no RS: not written back */
	CHECK_INT(g.ram[TX_RING + 16 + 12] & 1, 1);
	CHECK(g.rec.intx[4][0]);
	CHECK_INT(rd32(&g, ICR) & (ICR_TXDW | ICR_TXQE), ICR_TXDW | ICR_TXQE);
	CHECK_INT(rd32(&g, GPTC), 1);
	/* A legacy descriptor's checksum (IC, CSO, CSS): the UDP one, the
	 * field holding the pseudo-header's sum. */
	put_be16(f + 40, fold(pseudo_sum(f, len - 34)));
	memcpy(g.ram + 0x8000, f, len);
	put_txd(&g, 2, 0x8000, (uint32_t)len | 40u << 16 | TXD_EOP | TXD_IC | TXD_RS, 34u << 8);
	wr(&g, TDT, 3);
	CHECK_INT(g.n_sent, 2);
	CHECK_INT(nic_inet_checksum(g.sent[1] + 34, len - 34, pseudo_sum(g.sent[1], len - 34)), 0);
	/* Linux's checksum offload: a context (TUCSS 34, TUCSO 40 for UDP),
	 * then data descriptors with TXSM; and the IP header's (IXSM). */
	memcpy(g.ram + 0x8000, f, len);
	put_ctx(&g, 3, 14, 24, 33, 34, 40, 0, 0, 0);
	put_txd(&g, 4, 0x8000, 60 | TXD_DEXT | TXD_DATA, (POPTS_TXSM | POPTS_IXSM) << 8);
	put_txd(&g, 5, 0x8000 + 60, (uint32_t)(len - 60) | TXD_DEXT | TXD_DATA | TXD_EOP | TXD_RS,
		0);
	wr(&g, TDT, 6);
	CHECK_INT(g.n_sent, 3);
	CHECK_INT(g.sent_len[2], len);
	CHECK_INT(nic_inet_checksum(g.sent[2] + 14, 20, 0), 0);
	CHECK_INT(nic_inet_checksum(g.sent[2] + 34, len - 34, pseudo_sum(g.sent[2], len - 34)), 0);
	CHECK(memcmp(g.sent[2] + 42, f + 42, len - 42) == 0);
	CHECK_INT(g.ram[TX_RING + 5 * 16 + 12] & 1, 1);
	/* VLAN insertion (CTRL.VME, VLE on the last descriptor). */
	wr(&g, CTRL, rd32(&g, CTRL) | 1u << 30);
	put_txd(&g, 6, 0x8000, (uint32_t)len | TXD_EOP | TXD_VLE | TXD_RS, 0x0123u << 16);
	wr(&g, TDT, 7);
	CHECK_INT(g.n_sent, 4);
	CHECK_INT(g.sent_len[3], len + 4);
	CHECK_INT(be16(g.sent[3] + 12), 0x8100);
	CHECK_INT(be16(g.sent[3] + 14), 0x0123);
	CHECK(memcmp(g.sent[3] + 16, f + 12, len - 12) == 0);
}

/* A TCP frame as Linux's e1000_tso leaves it: total length and IP
 * checksum 0, the TCP field holding the pseudo-header's sum without the
 * length; headers of hdr bytes (IPv4 or IPv6), payload bytes after. */
static size_t tso_frame(uint8_t *f, bool v6, size_t payload, size_t *hdr)
{
	size_t ip = v6 ? 40 : 20, tcp_at = 14 + ip;
	uint32_t sum = 6;

	memset(f, 0, tcp_at + 32 + payload);
	memcpy(f, peer, 6);
	memcpy(f + 6, mac, 6);
	if (v6) {
		f[12] = 0x86, f[13] = 0xdd;
		f[14] = 0x60;
		f[20] = 6;
		f[21] = 64;
		for (int i = 0; i < 32; i++)
			f[22 + i] = (uint8_t)(0x20 + i);
		for (int i = 22; i < 54; i += 2)
			sum += be16(f + i);
	} else {
		f[12] = 0x08;
		f[14] = 0x45;
		f[22] = 64;
		f[23] = 6;
		f[26] = 10, f[27] = 0, f[28] = 0, f[29] = 2;
		f[30] = 10, f[31] = 0, f[32] = 0, f[33] = 1;
		put_be16(f + 18, 0x7700);
		put_be16(f + 20, 0x4000); /* DF */
		for (int i = 26; i < 34; i += 2)
			sum += be16(f + i);
	}
	put_be16(f + tcp_at, 40000);
	put_be16(f + tcp_at + 2, 5201);
	put_be16(f + tcp_at + 4, 0xfffe); /* the sequence number wraps */
	put_be16(f + tcp_at + 6, 0x1000);
	f[tcp_at + 12] = 0x80; /* 32 bytes: timestamps */
	f[tcp_at + 13] = 0x19; /* FIN PSH ACK */
	put_be16(f + tcp_at + 14, 502);
	f[tcp_at + 20] = 1, f[tcp_at + 21] = 1, f[tcp_at + 22] = 8, f[tcp_at + 23] = 10;
	put_be16(f + tcp_at + 16, fold(sum));
	*hdr = tcp_at + 32;
	for (size_t i = 0; i < payload; i++)
		f[*hdr + i] = (uint8_t)(i * 13 + i / 256);
	return *hdr + payload;
}

/* Checks the segments sent[first...] of a TSO frame f (headers hdr): each
 * one's lengths, identification, sequence number, flags and checksums,
 * and that their payloads make the frame's. */
static void check_segments(struct rig *g, unsigned first, const uint8_t *f, size_t len, size_t hdr,
			   bool v6, unsigned mss)
{
	size_t payload = len - hdr, done = 0, tcp_at = v6 ? 54 : 34;
	unsigned n = (unsigned)((payload + mss - 1) / mss);

	CHECK(g->n_sent >= first + n);
	for (unsigned i = 0; i < n && first + i < MAX_SENT; i++) {
		const uint8_t *s = g->sent[first + i];
		size_t seg_len = g->sent_len[first + i], part = seg_len - hdr;
		uint32_t sum = 6 + (uint32_t)(seg_len - tcp_at);
		bool last = i + 1 == n;

		CHECK_INT(part, last ? payload - done : mss);
		CHECK(memcmp(s, f, 14) == 0);
		if (v6) {
			CHECK_INT(be16(s + 18), seg_len - 54);
			for (int j = 22; j < 54; j += 2)
				sum += be16(s + j);
		} else {
			CHECK_INT(be16(s + 16), seg_len - 14);
			CHECK_INT(be16(s + 18), 0x7700 + i);
			CHECK_INT(nic_inet_checksum(s + 14, 20, 0), 0);
			for (int j = 26; j < 34; j += 2)
				sum += be16(s + j);
		}
		CHECK_INT(be32(s + tcp_at + 4), (uint32_t)(0xfffe1000u + done));
		CHECK_INT(s[tcp_at + 13], last ? 0x19 : 0x10);
		CHECK(memcmp(s + tcp_at + 20, f + tcp_at + 20, 12) == 0);
		CHECK_INT(nic_inet_checksum(s + tcp_at, seg_len - tcp_at, sum), 0);
		CHECK(memcmp(s + hdr, f + hdr + done, part) == 0);
		done += part;
	}
	CHECK_INT(done, payload);
}

/* Linux's TSO: a context, then the frame in data descriptors with TSE,
 * TXSM (and IXSM for IPv4): the headers in one, the payload in two. */
static void queue_tso(struct rig *g, unsigned at, uint64_t buf, size_t len, size_t hdr, bool v6,
		      unsigned mss)
{
	uint32_t data = TXD_DEXT | TXD_DATA | TXD_TSE;
	uint32_t popts = (POPTS_TXSM | (v6 ? 0 : POPTS_IXSM)) << 8;
	size_t half = (len - hdr) / 2;
	unsigned tcp_at = v6 ? 54 : 34;

	put_ctx(g, at, 14, 24, v6 ? 0 : 33, tcp_at, tcp_at + 16,
		(v6 ? 0 : CTX_IP) | CTX_TCP | TXD_TSE | (uint32_t)(len - hdr), (unsigned)hdr, mss);
	put_txd(g, at + 1, buf, (uint32_t)hdr | data, popts);
	put_txd(g, at + 2, buf + hdr, (uint32_t)half | data, popts);
	put_txd(g, at + 3, buf + hdr + half, (uint32_t)(len - hdr - half) | data | TXD_EOP | TXD_RS,
		popts);
}

TEST(e1000_tcp_segmentation_ipv4_and_ipv6)
{
	static struct rig g;
	static uint8_t f[16384];
	size_t hdr, len;

	rig_init(&g);
	tx_start(&g);
	len = tso_frame(f, false, 10000, &hdr);
	memcpy(g.ram + 0x20000, f, len);
	queue_tso(&g, 0, 0x20000, len, hdr, false, 1448);
	wr(&g, TDT, 4);
	check_segments(&g, 0, f, len, hdr, false, 1448);
	CHECK_INT(g.ram[TX_RING + 3 * 16 + 12] & 1, 1);
	CHECK_INT(rd32(&g, TDH), 4);
	CHECK_INT(rd32(&g, TSCTC), 1);
	CHECK_INT(rd32(&g, GPTC), 7);
	/* IPv6, a smaller MSS, the payload not a multiple of it. */
	len = tso_frame(f, true, 3001, &hdr);
	memcpy(g.ram + 0x20000, f, len);
	queue_tso(&g, 4, 0x20000, len, hdr, true, 1000);
	g.n_sent = 0;
	wr(&g, TDT, 8);
	check_segments(&g, 0, f, len, hdr, true, 1000);
	/* A frame of just headers goes out as one. */
	len = tso_frame(f, false, 0, &hdr);
	memcpy(g.ram + 0x20000, f, len);
	put_ctx(&g, 8, 14, 24, 33, 34, 50, CTX_IP | CTX_TCP | TXD_TSE, (unsigned)hdr, 1448);
	put_txd(&g, 9, 0x20000, (uint32_t)hdr | TXD_DEXT | TXD_DATA | TXD_TSE | TXD_EOP,
		(POPTS_TXSM | POPTS_IXSM) << 8);
	g.n_sent = 0;
	wr(&g, TDT, 10);
	CHECK_INT(g.n_sent, 1);
	CHECK_INT(g.sent_len[0], hdr);
}

TEST(e1000_transmit_waits_for_a_full_link)
{
	static struct rig g;
	static uint8_t f[16384];
	size_t hdr, len;

	rig_init(&g);
	tx_start(&g);
	len = tso_frame(f, false, 10000, &hdr);
	memcpy(g.ram + 0x20000, f, len);
	queue_tso(&g, 0, 0x20000, len, hdr, false, 1448);
	put_txd(&g, 4, 0x20000, 60 | TXD_EOP | TXD_RS, 0);
	/* The link takes three segments, then is full. */
	g.send_budget = 3;
	wr(&g, TDT, 5);
	CHECK_INT(g.n_sent, 3);
	CHECK_INT(rd32(&g, TDH), 3); /* at the frame's last descriptor */
	CHECK_INT(g.ram[TX_RING + 3 * 16 + 12] & 1, 0);
	wr(&g, TDT, 5); /* kicking again changes nothing */
	CHECK_INT(g.n_sent, 3);
	g.send_budget = -1;
	e1000_tx_resume(&g.nic);
	check_segments(&g, 0, f, len, hdr, false, 1448);
	CHECK_INT(g.n_sent, 8);
	CHECK_INT(g.ram[TX_RING + 3 * 16 + 12] & 1, 1);
	CHECK_INT(rd32(&g, TDH), 5);
	CHECK_INT(g.sent_len[7], 60);
	/* A link that fails: dropped, counted, the descriptor given back. */
	g.send_rc = -EIO;
	put_txd(&g, 5, 0x20000, 60 | TXD_EOP | TXD_RS, 0);
	wr(&g, TDT, 6);
	CHECK_INT(g.ram[TX_RING + 5 * 16 + 12] & 1, 1);
	CHECK_INT(g.nic.stats.tx_dropped, 1);
	/* A reset forgets a frame waiting. */
	g.send_rc = 0;
	g.send_budget = 0;
	put_txd(&g, 6, 0x20000, 60 | TXD_EOP | TXD_RS, 0);
	wr(&g, TDT, 7);
	CHECK(g.nic.tx_waiting);
	wr(&g, CTRL, 1u << 26);
	CHECK(!g.nic.tx_waiting);
	g.send_budget = -1;
	e1000_tx_resume(&g.nic);
	CHECK_INT(g.n_sent, 8);
}

TEST(e1000_hostile_guest)
{
	static struct rig g;
	static uint8_t f[16384];
	size_t hdr, len;
	uint8_t small[100];

	rig_init(&g);
	tx_start(&g);
	len = tso_frame(f, false, 3000, &hdr);
	memcpy(g.ram + 0x20000, f, len);
	/* Segmentation contexts that cannot be: MSS 0, headers longer than
	 * the frame, the TCP header past them, segments longer than a frame;
	 * each refused, its descriptors given back, nothing sent. */
	put_ctx(&g, 0, 14, 24, 33, 34, 50, CTX_IP | CTX_TCP | TXD_TSE, (unsigned)hdr, 0);
	put_txd(&g, 1, 0x20000, (uint32_t)len | TXD_DEXT | TXD_DATA | TXD_TSE | TXD_EOP | TXD_RS,
		(POPTS_TXSM | POPTS_IXSM) << 8);
	put_ctx(&g, 2, 14, 24, 33, 34, 50, CTX_IP | CTX_TCP | TXD_TSE, 255, 1448);
	put_txd(&g, 3, 0x20000, 200 | TXD_DEXT | TXD_DATA | TXD_TSE | TXD_EOP | TXD_RS,
		(POPTS_TXSM | POPTS_IXSM) << 8);
	put_ctx(&g, 4, 14, 24, 33, 250, 252, CTX_IP | CTX_TCP | TXD_TSE, 60, 1448);
	put_txd(&g, 5, 0x20000, (uint32_t)len | TXD_DEXT | TXD_DATA | TXD_TSE | TXD_EOP | TXD_RS,
		(POPTS_TXSM | POPTS_IXSM) << 8);
	put_ctx(&g, 6, 14, 24, 33, 34, 50, CTX_IP | CTX_TCP | TXD_TSE, (unsigned)hdr, 9000);
	put_txd(&g, 7, 0x20000, (uint32_t)len | TXD_DEXT | TXD_DATA | TXD_TSE | TXD_EOP | TXD_RS,
		(POPTS_TXSM | POPTS_IXSM) << 8);
	/* A frame gathered past 64 KiB, a plain frame longer than 1518, one
	 * whose buffer is outside memory, a descriptor of no known type. */
	for (unsigned i = 8; i < 12; i++)
		put_txd(&g, i, 0x20000, 0xffff0 | TXD_DEXT | TXD_DATA | TXD_TSE, 0);
	put_txd(&g, 12, 0x20000, 0xffff0 | TXD_DEXT | TXD_DATA | TXD_TSE | TXD_EOP | TXD_RS, 0);
	put_txd(&g, 13, 0x20000, 2000 | TXD_EOP | TXD_RS, 0);
	put_txd(&g, 14, UINT64_C(0xfffffffffffffff0), 100 | TXD_EOP | TXD_RS, 0);
	put_txd(&g, 15, 0x20000, 100 | TXD_DEXT | 7u << 20 | TXD_EOP | TXD_RS, 0);
	wr(&g, TDT, 0); /* TDT == TDH: nothing */
	CHECK_INT(rd32(&g, TDH), 0);
	wr(&g, TDT, 15); /* the whole ring but one */
	CHECK_INT(rd32(&g, TDH), 15);
	wr(&g, TDT, 0); /* and the last */
	CHECK_INT(g.n_sent, 0);
	CHECK_INT(rd32(&g, TDH), 0);
	CHECK_INT(rd32(&g, TSCTFC), 4);
	for (unsigned i = 1; i < 16; i += i < 7 ? 2 : i < 12 ? 5 : 1)
		CHECK_INT(g.ram[TX_RING + i * 16 + 12] & 1, 1);
	CHECK_INT(g.ram[TX_RING + 9 * 16 + 12] & 1, 0);
	CHECK_INT(g.nic.stats.tx_dropped, 7);
	CHECK(g.rec.log_lines > 0);
	/* One lap at most: every descriptor a plain frame's, TDT one behind
	 * TDH; the guest sees each sent once. */
	for (unsigned i = 0; i < 16; i++)
		put_txd(&g, i, 0x20000, 60 | TXD_EOP | TXD_RS, 0);
	wr(&g, TDT, 15);
	CHECK_INT(g.n_sent, 15);
	CHECK_INT(rd32(&g, TDH), 15);
	/* Heads and tails outside the ring: refused, nothing read. */
	wr(&g, TDH, 200);
	wr(&g, TDT, 100);
	CHECK_INT(g.n_sent, 15);
	wr(&g, TDLEN, 0);
	wr(&g, TDH, 0);
	wr(&g, TDT, 5);
	CHECK_INT(g.n_sent, 15);
	wr(&g, TDLEN, 0xffffffff);
	CHECK_INT(rd32(&g, TDLEN), 0xfff80);
	rx_start(&g, RCTL_BAM, 2048);
	len = ip_frame(small, mac, 17, 10);
	wr(&g, RDH, 9);
	CHECK_INT(e1000_receive(&g.nic, small, len), 0);
	CHECK_INT(g.nic.stats.rx_dropped, 1);
	wr(&g, RDH, 0);
	wr(&g, RDLEN, 0);
	CHECK_INT(e1000_receive(&g.nic, small, len), 0);
	CHECK_INT(g.nic.stats.rx_dropped, 2);
	/* A receive buffer outside memory: the descriptor ends the frame in
	 * error (RXE); a ring outside memory: the frame dropped. */
	rx_start(&g, RCTL_BAM, 2048);
	put32(g.ram + RX_RING, 0xfffff000u);
	put32(g.ram + RX_RING + 4, 0xffffffffu);
	CHECK_INT(e1000_receive(&g.nic, small, len), 0);
	CHECK_INT(g.ram[RX_RING + 12] & 0x03, 0x03);
	CHECK_INT(g.ram[RX_RING + 13], 0x80);
	wr(&g, RDBAH, 0x12345678);
	CHECK_INT(e1000_receive(&g.nic, small, len), 0);
	/* Bus mastering off: no DMA at all. */
	rx_start(&g, RCTL_BAM, 2048);
	pci_config_write(&g.bus, DEVFN, 4, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_IO);
	memset(g.ram + RX_BUFFERS, 0x55, 64);
	CHECK_INT(e1000_receive(&g.nic, small, len), 0);
	CHECK_INT(g.ram[RX_BUFFERS], 0x55);
	CHECK(g.nic.stats.dma_refused > 0);
	/* Accesses of every size at every offset of both BARs. */
	pci_config_write(&g.bus, DEVFN, 4, 2,
			 PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	for (unsigned off = 0; off < 0x20000; off += off < 0x6100 ? 1 : 61) {
		for (unsigned size = 1; size <= 8; size *= 2) {
			rd(&g, off, size);
			wr_size(&g, off, size, 0xa5a5a5a55a5a5a5aULL);
		}
	}
	for (unsigned off = 0; off < 0x40; off++)
		for (unsigned size = 1; size <= 4; size *= 2) {
			port_in(&g.io, (uint16_t)(IO + off), size);
			port_out(&g.io, (uint16_t)(IO + off), size, 0x5a5a5a5a);
		}
	CHECK(g.nic.tx_len <= sizeof(g.nic.tx_frame));
}
