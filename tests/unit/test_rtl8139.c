/* apps/ioemu/rtl8139 (and nic.c's helpers): the card as Linux's 8139cp
 * and 8139too drive it (EEPROM, C+ descriptor rings with offloads, the C
 * mode slots and receive ring), its filter, a link that is full, and a
 * hostile guest's rings and addresses. */
#include "apps/ioemu/rtl8139.h"
#include "lib/bytes.h"
#include "lib/crc32.h"
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "tests/unit/platform_recorder.h"

enum { RAM = 256 * 1024, IO = 0xc000, DEVFN = 0x20 };

struct rig {
	struct platform_recorder rec;
	struct platform_ops ops;
	struct io_bus io;
	struct pci_bus bus;
	struct guest_memory mem;
	struct nic_link link;
	struct rtl8139 nic;
	uint8_t ram[RAM];
	uint8_t sent[8][NIC_MAX_FRAME];
	size_t sent_len[8];
	unsigned n_sent, rx_ready_calls;
	int send_rc;
};

static const uint8_t mac[6] = { 0x00, 0x16, 0x3e, 0x12, 0x34, 0x56 };

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
	if (g->n_sent < 8) {
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
	platform_recorder_init(&g->rec, &g->ops);
	g->mem = (struct guest_memory){ ram_read, ram_write, g };
	g->link = (struct nic_link){ g, link_send, link_rx_ready, NULL, NULL };
	io_bus_init(&g->io, &g->mem);
	pci_bus_init(&g->bus, &g->io, &g->ops);
	CHECK_INT(rtl8139_init(&g->nic, mac, &g->mem, &g->ops, &g->link), 0);
	CHECK_INT(pci_bus_add(&g->bus, &g->nic.pci, DEVFN), 0);
	pci_config_write(&g->bus, DEVFN, 0x10, 4, IO);
	pci_config_write(&g->bus, DEVFN, 0x14, 4, 0xf0000000);
	pci_config_write(&g->bus, DEVFN, 4, 2,
			 PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

static uint64_t rd(struct rig *g, unsigned reg, unsigned size)
{
	return port_in(&g->io, (uint16_t)(IO + reg), size);
}

static void wr(struct rig *g, unsigned reg, unsigned size, uint64_t value)
{
	port_out(&g->io, (uint16_t)(IO + reg), size, value);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_desc(struct rig *g, uint64_t at, uint32_t opts1, uint32_t opts2, uint64_t addr)
{
	put32(g->ram + at, opts1);
	put32(g->ram + at + 4, opts2);
	put32(g->ram + at + 8, (uint32_t)addr);
	put32(g->ram + at + 12, (uint32_t)(addr >> 32));
}

/* Linux's read_eeprom: the read command bit by bit through Cfg9346. */
static unsigned read_eeprom(struct rig *g, unsigned location, unsigned addr_len)
{
	unsigned cmd = location | (6u << addr_len), value = 0;

	wr(g, 0x50, 1, 0x80);
	wr(g, 0x50, 1, 0x88);
	for (int i = 4 + (int)addr_len; i >= 0; i--) {
		unsigned bit = cmd & (1u << i) ? 0x02 : 0;

		wr(g, 0x50, 1, 0x88 | bit);
		wr(g, 0x50, 1, 0x88 | bit | 0x04);
	}
	wr(g, 0x50, 1, 0x88);
	for (int i = 0; i < 16; i++) {
		wr(g, 0x50, 1, 0x88 | 0x04);
		value = value << 1 | (rd(g, 0x50, 1) & 1);
		wr(g, 0x50, 1, 0x88);
	}
	wr(g, 0x50, 1, 0x80);
	wr(g, 0x50, 1, 0x00);
	return value;
}

/* An IPv4/UDP frame to dest with payload bytes, checksums zero. */
static size_t udp_frame(uint8_t *f, const uint8_t *dest, size_t payload)
{
	size_t ip_len = 20 + 8 + payload;

	memset(f, 0, 14 + ip_len);
	memcpy(f, dest, 6);
	memcpy(f + 6, mac, 6);
	f[12] = 0x08;
	f[14] = 0x45;
	f[16] = (uint8_t)(ip_len >> 8);
	f[17] = (uint8_t)ip_len;
	f[22] = 64;
	f[23] = 17;
	f[26] = 192, f[27] = 0, f[28] = 2, f[29] = 10;
	f[30] = 192, f[31] = 0, f[32] = 2, f[33] = 1;
	f[34] = 0x12, f[35] = 0x34, f[36] = 0x00, f[37] = 0x45;
	f[38] = (uint8_t)((8 + payload) >> 8);
	f[39] = (uint8_t)(8 + payload);
	for (size_t i = 0; i < payload; i++)
		f[42 + i] = (uint8_t)(i * 7);
	return 14 + ip_len;
}

TEST(rtl8139_identity_and_eeprom)
{
	static struct rig g;

	rig_init(&g);
	CHECK_INT(pci_config_read(&g.bus, DEVFN, 0, 4), 0x813910ec);
	CHECK_INT(pci_config_read(&g.bus, DEVFN, 8, 4), 0x02000020);
	CHECK_INT(pci_config_read(&g.bus, DEVFN, 0x3d, 1), 1);
	for (int i = 0; i < 6; i++)
		CHECK_INT(rd(&g, (unsigned)i, 1), mac[i]);
	/* The MMIO BAR answers the same registers. */
	CHECK(io_bus_find(&g.io, IO_SPACE_MMIO, 0xf00000ff) == &g.nic.memory);
	CHECK_INT(rd(&g, 0x40, 4) & 0x7cc00000, 0x74800000); /* an RTL8139C+ */
	/* Linux asks with 8 address bits first: a 93C46 gives something else
	 * than the signature, so it goes on with 6. */
	CHECK(read_eeprom(&g, 0, 8) != 0x8129);
	CHECK_INT(read_eeprom(&g, 0, 6), 0x8129);
	CHECK_INT(read_eeprom(&g, 7, 6), 0x1600);
	CHECK_INT(read_eeprom(&g, 8, 6), 0x123e);
	CHECK_INT(read_eeprom(&g, 9, 6), 0x5634);
	/* Link up at 100 Mbit/s full duplex, as the MII registers say. */
	CHECK_INT(rd(&g, 0x64, 2) & 0x0004, 0x0004);
	CHECK_INT(rd(&g, 0x58, 1) & 0x04, 0);
}

TEST(rtl8139_reset_keeps_the_address)
{
	static struct rig g;

	rig_init(&g);
	wr(&g, 0x50, 1, 0xc0);
	wr(&g, 0, 4, 0x44332211);
	wr(&g, 4, 2, 0x6655);
	wr(&g, 0x3c, 2, 0xffff);
	wr(&g, 0x37, 1, 0x10);
	CHECK_INT(rd(&g, 0x37, 1), 0x01); /* reset done, the ring empty */
	CHECK_INT(rd(&g, 0, 4), 0x44332211);
	CHECK_INT(rd(&g, 0x3c, 2), 0);
	CHECK_INT(rd(&g, 0x10, 4), 0x2000); /* the slots are the driver's */
	/* Auto-load brings the EEPROM's address back. */
	wr(&g, 0x50, 1, 0x40);
	CHECK_INT(rd(&g, 0, 4), 0x123e1600);
	CHECK_INT(rd(&g, 0x50, 1) & 0xc0, 0);
}

/* 8139cp's start: C+ on, rings at tx 0x1000 and rx 0x2000. */
static void cp_start(struct rig *g)
{
	wr(g, 0xe0, 2, 0x002b); /* RxChkSum | PCIMulRW | CpRxOn | CpTxOn */
	wr(g, 0xe4, 4, 0x2000);
	wr(g, 0xe8, 4, 0);
	wr(g, 0x20, 4, 0x1000);
	wr(g, 0x24, 4, 0);
	wr(g, 0x37, 1, 0x0c);
	wr(g, 0x44, 4, 0x0000e70f & ~0x01u); /* broadcast, multicast, own address */
	wr(g, 0x3e, 2, 0xffff);
	wr(g, 0x3c, 2, 0x00ff);
}

TEST(rtl8139_cplus_transmit_with_offloads)
{
	static struct rig g;
	uint8_t f[1514];
	size_t len;

	rig_init(&g);
	cp_start(&g);
	len = udp_frame(f, (const uint8_t[6]){ 2, 0, 0, 0, 0, 1 }, 100);
	memcpy(g.ram + 0x8000, f, len);
	/* One frame in one descriptor with IP and UDP checksums asked for;
	 * one in two fragments, the second descriptor closing the ring. */
	put_desc(&g, 0x1000, 0x80000000u | 0x30000000u | (1u << 18) | (1u << 17) | (uint32_t)len, 0,
		 0x8000);
	put_desc(&g, 0x1010, 0x80000000u | 0x20000000u | 20, 0, 0x8000);
	put_desc(&g, 0x1020, 0x80000000u | 0x40000000u | 0x10000000u | (uint32_t)(len - 20), 0,
		 0x8000 + 20);
	wr(&g, 0xd9, 1, 0x40);
	CHECK_INT(g.n_sent, 2);
	CHECK_INT(g.sent_len[0], len);
	CHECK_INT(nic_inet_checksum(g.sent[0] + 14, 20, 0), 0);
	{
		uint32_t pseudo = 17 + 108;

		for (int i = 26; i < 34; i += 2)
			pseudo += (uint32_t)g.sent[0][i] << 8 | g.sent[0][i + 1];
		CHECK_INT(nic_inet_checksum(g.sent[0] + 34, 108, pseudo), 0);
	}
	CHECK(memcmp(g.sent[1], f, len) == 0); /* gathered as it was: no offload asked */
	CHECK_INT(get32(g.ram + 0x1000) & 0x80000000u, 0);
	CHECK_INT(get32(g.ram + 0x1020) & 0x80000000u, 0);
	CHECK_INT(rd(&g, 0x3e, 2) & 0x0004, 0x0004);
	CHECK(g.rec.intx[4][0]);
	/* The ring wrapped at RingEnd: the next frame is taken from 0x1000. */
	put_desc(&g, 0x1000, 0xb0000000u | (uint32_t)len, 0, 0x8000);
	wr(&g, 0xd9, 1, 0x40);
	CHECK_INT(g.n_sent, 3);
	wr(&g, 0x3e, 2, 0x0004);
	CHECK(!g.rec.intx[4][0]);
}

TEST(rtl8139_checksum_offload_is_right)
{
	uint8_t f[200];
	size_t len = udp_frame(f, (const uint8_t[6]){ 2, 0, 0, 0, 0, 1 }, 33);
	uint32_t pseudo = 0;

	CHECK_INT(nic_fill_ipv4_checksums(f, len, true, true), 0);
	CHECK_INT(nic_inet_checksum(f + 14, 20, 0), 0);
	for (int i = 26; i < 34; i += 2)
		pseudo += (uint32_t)f[i] << 8 | f[i + 1];
	pseudo += 17 + 8 + 33;
	CHECK_INT(nic_inet_checksum(f + 34, 8 + 33, pseudo), 0);
	/* Not IPv4, or lengths past the frame: refused, untouched. */
	f[12] = 0x86, f[13] = 0xdd;
	CHECK_INT(nic_fill_ipv4_checksums(f, len, true, true), -EINVAL);
	f[12] = 0x08, f[13] = 0x00;
	CHECK_INT(nic_fill_ipv4_checksums(f, 40, true, true), -EINVAL);
	CHECK_INT(nic_multicast_hash((const uint8_t[6]){ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 }),
		  nic_multicast_hash((const uint8_t[6]){ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 }));
	CHECK(nic_mac_usable(mac));
	CHECK(!nic_mac_usable((const uint8_t[6]){ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }));
	CHECK(!nic_mac_usable((const uint8_t[6]){ 0 }));
}

TEST(rtl8139_cplus_transmit_waits_for_a_full_link)
{
	static struct rig g;
	uint8_t f[1514];
	size_t len;

	rig_init(&g);
	cp_start(&g);
	len = udp_frame(f, (const uint8_t[6]){ 2, 0, 0, 0, 0, 1 }, 64);
	memcpy(g.ram + 0x8000, f, len);
	put_desc(&g, 0x1000, 0xb0000000u | (uint32_t)len, 0, 0x8000);
	g.send_rc = -EAGAIN;
	wr(&g, 0xd9, 1, 0x40);
	CHECK_INT(g.n_sent, 0);
	CHECK(get32(g.ram + 0x1000) & 0x80000000u); /* still the card's */
	g.send_rc = 0;
	rtl8139_tx_resume(&g.nic);
	CHECK_INT(g.n_sent, 1);
	CHECK_INT(get32(g.ram + 0x1000) & 0x80000000u, 0);
	CHECK(memcmp(g.sent[0], f, len) == 0);
}

TEST(rtl8139_cplus_receive)
{
	static struct rig g;
	uint8_t f[1514];
	size_t len;
	uint32_t opts1;

	rig_init(&g);
	cp_start(&g);
	put_desc(&g, 0x2000, 0x80000000u | 1536, 0, 0x10000);
	put_desc(&g, 0x2010, 0xc0000000u | 1536, 0, 0x11000);
	len = udp_frame(f, mac, 10); /* 52 bytes: padded to 60 */
	CHECK_INT(rtl8139_receive(&g.nic, f, len), 0);
	opts1 = get32(g.ram + 0x2000);
	CHECK_INT(opts1 & 0x80000000u, 0);
	CHECK_INT(opts1 & 0x30000000u, 0x30000000u);
	CHECK_INT(opts1 & 0x1fff, 64);
	CHECK(memcmp(g.ram + 0x10000, f, len) == 0);
	CHECK_INT(g.ram[0x10000 + 59], 0);
	CHECK_INT(get32(g.ram + 0x10000 + 60), crc32_update(0, g.ram + 0x10000, 60));
	CHECK_INT(rd(&g, 0x3e, 2) & 0x0001, 0x0001);
	/* A broadcast into the last descriptor; then the ring is full. */
	memset(f, 0xff, 6);
	CHECK_INT(rtl8139_receive(&g.nic, f, len), 0);
	CHECK_INT(get32(g.ram + 0x2010) & 0x40000000u, 0x40000000u); /* RingEnd kept */
	CHECK_INT(rtl8139_receive(&g.nic, f, len), -ENOBUFS);
	CHECK_INT(rd(&g, 0x3e, 2) & 0x0010, 0x0010);
	/* The guest gives the first back; acknowledging tells the link. */
	put_desc(&g, 0x2000, 0x80000000u | 1536, 0, 0x10000);
	g.rx_ready_calls = 0;
	wr(&g, 0x3e, 2, 0x0011);
	CHECK(g.rx_ready_calls > 0);
	CHECK_INT(rtl8139_receive(&g.nic, f, len), 0);
	/* Too big for its buffer: given back with an error, nothing written. */
	put_desc(&g, 0x2010, 0xc0000000u | 32, 0, 0x11000);
	memset(g.ram + 0x11000, 0xaa, 64);
	CHECK_INT(rtl8139_receive(&g.nic, f, len), 0);
	CHECK(get32(g.ram + 0x2010) & (1u << 20));
	CHECK_INT(g.ram[0x11000], 0xaa);
}

TEST(rtl8139_receive_filter)
{
	static struct rig g;
	uint8_t f[100];
	size_t len;
	uint8_t group[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb };
	unsigned bit = nic_multicast_hash(group);

	rig_init(&g);
	cp_start(&g);
	wr(&g, 0x44, 4, 0x0a); /* own address and broadcast only */
	for (int i = 0; i < 4; i++)
		put_desc(&g, 0x2000 + 16 * (uint64_t)i, 0x80000000u | 1536, 0, 0x10000);
	len = udp_frame(f, (const uint8_t[6]){ 0x00, 0x16, 0x3e, 0x99, 0x99, 0x99 }, 10);
	CHECK_INT(rtl8139_receive(&g.nic, f, len), 0);
	CHECK_INT(g.nic.stats.rx_filtered, 1);
	len = udp_frame(f, group, 10);
	CHECK_INT(rtl8139_receive(&g.nic, f, len), 0);
	CHECK_INT(g.nic.stats.rx_filtered, 2);
	wr(&g, 0x44, 4, 0x0e);
	wr(&g, 0x08 + bit / 8, 1, 1u << (bit % 8));
	CHECK_INT(rtl8139_receive(&g.nic, f, len), 0);
	CHECK_INT(g.nic.stats.rx_frames, 1);
	CHECK(get32(g.ram + 0x2000) & (1u << 26));
	/* Receiver off: dropped, not kept. */
	wr(&g, 0x37, 1, 0x04);
	CHECK_INT(rtl8139_receive(&g.nic, f, len), 0);
	CHECK_INT(g.nic.stats.rx_frames, 1);
	CHECK_INT(rtl8139_receive(&g.nic, f, 10), -EMSGSIZE);
}

TEST(rtl8139_c_mode_transmit_slots)
{
	static struct rig g;
	uint8_t f[1514];
	size_t len;

	rig_init(&g);
	wr(&g, 0x37, 1, 0x0c);
	wr(&g, 0x3c, 2, 0x000f);
	len = udp_frame(f, (const uint8_t[6]){ 2, 0, 0, 0, 0, 1 }, 200);
	memcpy(g.ram + 0x4000, f, len);
	for (unsigned slot = 0; slot < 4; slot++) {
		wr(&g, 0x20 + 4 * slot, 4, 0x4000);
		wr(&g, 0x10 + 4 * slot, 4, (uint32_t)len);
		CHECK_INT(g.n_sent, slot + 1);
		CHECK_INT(rd(&g, 0x10 + 4 * slot, 4), 0xa000u | len); /* TOK | OWN */
	}
	CHECK(memcmp(g.sent[3], f, len) == 0);
	CHECK_INT(rd(&g, 0x60, 2), 0xf00f);
	CHECK(g.rec.intx[4][0]);
	/* A full link: the slot waits, and goes when resumed. */
	g.send_rc = -EAGAIN;
	wr(&g, 0x10, 4, (uint32_t)len);
	CHECK_INT(rd(&g, 0x10, 4) & 0x2000, 0);
	g.send_rc = 0;
	rtl8139_tx_resume(&g.nic);
	CHECK_INT(g.n_sent, 5);
	CHECK_INT(rd(&g, 0x10, 4) & 0x2000, 0x2000);
	/* A size no frame has: an abort, nothing sent. */
	wr(&g, 0x14, 4, 4);
	CHECK_INT(g.n_sent, 5);
	CHECK(rd(&g, 0x14, 4) & 0x40000000u);
	CHECK_INT(rd(&g, 0x3e, 2) & 0x0008, 0x0008);
}

TEST(rtl8139_c_mode_receive_ring)
{
	static struct rig g;
	uint8_t f[1514];
	size_t len;
	unsigned read = 0;

	rig_init(&g);
	wr(&g, 0x30, 4, 0x20000);
	wr(&g, 0x44, 4, 0x0000000a); /* 8 KiB ring, wrapping round */
	wr(&g, 0x37, 1, 0x0c);
	CHECK_INT(rd(&g, 0x37, 1) & 1, 1);
	len = udp_frame(f, mac, 1000);
	/* Records of 4 + 1042 + 4 bytes, rounded to 1052: seven fit in 8 KiB. */
	for (int i = 0; i < 7; i++)
		CHECK_INT(rtl8139_receive(&g.nic, f, len), 0);
	CHECK_INT(rd(&g, 0x3a, 2), 7 * 1052 % 8192);
	CHECK_INT(rtl8139_receive(&g.nic, f, len), -ENOBUFS);
	CHECK_INT(rd(&g, 0x37, 1) & 1, 0);
	/* Each header: ROK and PAM, the length with the FCS. */
	CHECK_INT(get32(g.ram + 0x20000), 0x4001u | (uint32_t)(len + 4) << 16);
	CHECK(memcmp(g.ram + 0x20000 + 4, f, len) == 0);
	/* The driver reads four frames and moves CAPR (16 short, as 8139too). */
	read = 4 * 1052;
	wr(&g, 0x38, 2, read - 16);
	CHECK_INT(rtl8139_receive(&g.nic, f, len), 0);
	/* That one crossed the end: its tail is at the ring's start. */
	{
		unsigned at = 7 * 1052;
		size_t first = 8192 - at - 4;

		CHECK(memcmp(g.ram + 0x20000 + at + 4, f, first) == 0);
		CHECK(memcmp(g.ram + 0x20000, f + first, 16) == 0);
	}
	CHECK_INT(rd(&g, 0x3a, 2), 8 * 1052 % 8192);
}

TEST(rtl8139_hostile_guest)
{
	static struct rig g;
	uint8_t f[100];
	size_t len;

	rig_init(&g);
	cp_start(&g);
	/* Every descriptor owned, none closing the ring, all pointing outside
	 * memory: one lap per kick, nothing sent, the errors counted. */
	for (int i = 0; i < 64; i++)
		put_desc(&g, 0x1000 + 16 * (uint64_t)i, 0xb0000000u & ~0x40000000u, 0,
			 UINT64_C(0xfffffffffffff000));
	for (int i = 0; i < 64; i++)
		g.ram[0x1000 + 16 * i + 3] = 0xb0;
	wr(&g, 0xd9, 1, 0x40);
	CHECK_INT(g.n_sent, 0);
	CHECK(g.nic.stats.tx_dropped > 0 && g.nic.stats.tx_dropped <= 64);
	/* A ring outside memory, and a receive buffer there. */
	wr(&g, 0x20, 4, 0xfffff000u);
	wr(&g, 0x24, 4, 0xffffffffu);
	wr(&g, 0xd9, 1, 0x40);
	put_desc(&g, 0x2000, 0x80000000u | 1536, 0, UINT64_C(0x7ffffffffff0));
	len = udp_frame(f, mac, 10);
	CHECK_INT(rtl8139_receive(&g.nic, f, len), 0);
	CHECK(get32(g.ram + 0x2000) & 0x80000000u); /* not completed */
	/* Bus mastering off: no DMA at all. */
	pci_config_write(&g.bus, DEVFN, 4, 2, PCI_COMMAND_IO);
	put_desc(&g, 0x2000, 0x80000000u | 1536, 0, 0x10000);
	memset(g.ram + 0x10000, 0x55, 64);
	CHECK_INT(rtl8139_receive(&g.nic, f, len), 0);
	CHECK_INT(g.ram[0x10000], 0x55);
	/* Accesses of any size anywhere in the registers, and beyond. */
	for (unsigned reg = 0; reg < 256; reg++) {
		rd(&g, reg, 4);
		if (reg != 0x37)
			wr(&g, reg, 1, 0xff);
	}
	CHECK(g.nic.stats.dma_refused > 0);
}

/* A TCP frame of payload bytes to dest, with flags (PSH|FIN below). */
static size_t tcp_frame(uint8_t *f, size_t payload, uint8_t flags)
{
	size_t ip_len = 20 + 20 + payload;

	memset(f, 0, 14 + ip_len);
	memcpy(f, (const uint8_t[6]){ 2, 0, 0, 0, 0, 1 }, 6);
	memcpy(f + 6, mac, 6);
	f[12] = 0x08;
	f[14] = 0x45;
	f[16] = (uint8_t)(ip_len >> 8);
	f[17] = (uint8_t)ip_len;
	f[18] = 0x12, f[19] = 0x34; /* identification */
	f[22] = 64;
	f[23] = 6;
	f[26] = 192, f[27] = 0, f[28] = 2, f[29] = 10;
	f[30] = 192, f[31] = 0, f[32] = 2, f[33] = 1;
	f[34] = 0x9c, f[35] = 0x40, f[36] = 0x13, f[37] = 0x89;
	f[38] = 0x10, f[39] = 0x00, f[40] = 0xff, f[41] = 0xf0; /* sequence 0x1000fff0 */
	f[46] = 0x50;
	f[47] = (uint8_t)(0x10 | flags);
	for (size_t i = 0; i < payload; i++)
		f[54 + i] = (uint8_t)(i * 13 + 1);
	return 14 + ip_len;
}

TEST(rtl8139_cplus_large_send)
{
	static struct rig g;
	static uint8_t f[8192], joined[8192];
	size_t len = tcp_frame(f, 5000, 0x09), got = 0;
	uint32_t mss = 1460;

	rig_init(&g);
	cp_start(&g);
	/* Headers in one descriptor, the payload in two: as 8139cp with
	 * scatter-gather; the MSS and LargeSend in each. */
	memcpy(g.ram + 0x8000, f, len);
	put_desc(&g, 0x1000, 0xa8000000u | mss << 16 | 54, 0, 0x8000);
	put_desc(&g, 0x1010, 0x88000000u | mss << 16 | 3000, 0, 0x8000 + 54);
	put_desc(&g, 0x1020, 0xd8000000u | mss << 16 | (uint32_t)(len - 3054), 0, 0x8000 + 3054);
	g.send_rc = 0;
	wr(&g, 0xd9, 1, 0x40);
	CHECK_INT(g.n_sent, 4);
	for (unsigned i = 0; i < g.n_sent && i < 4; i++) {
		const uint8_t *s = g.sent[i];
		size_t n = g.sent_len[i] - 54;
		uint32_t seq = (uint32_t)s[38] << 24 | (uint32_t)s[39] << 16 |
			       (uint32_t)s[40] << 8 | s[41];
		uint32_t pseudo = 6 + 20 + (uint32_t)n;

		CHECK_INT(n, i < 3 ? 1460 : 5000 - 3 * 1460);
		CHECK_INT(s[16] << 8 | s[17], 40 + n);
		CHECK_INT(s[18] << 8 | s[19], 0x1234 + i);
		CHECK_INT(nic_inet_checksum(s + 14, 20, 0), 0);
		CHECK_INT(seq, 0x1000fff0u + 1460 * i);
		CHECK_INT(s[47] & 0x09, i < 3 ? 0 : 0x09);
		for (int k = 26; k < 34; k += 2)
			pseudo += (uint32_t)s[k] << 8 | s[k + 1];
		CHECK_INT(nic_inet_checksum(s + 34, 20 + n, pseudo), 0);
		memcpy(joined + got, s + 54, n);
		got += n;
	}
	CHECK_INT(got, 5000);
	CHECK(memcmp(joined, f + 54, 5000) == 0);
	CHECK_INT(get_le32(g.ram + 0x1020) & 0x80800000u, 0); /* given back, no error */
}

TEST(rtl8139_large_send_waits_between_segments)
{
	static struct rig g;
	static uint8_t f[8192];
	size_t len = tcp_frame(f, 3000, 0);

	rig_init(&g);
	cp_start(&g);
	memcpy(g.ram + 0x8000, f, len);
	put_desc(&g, 0x1000, 0xf8000000u | 1000u << 16 | (uint32_t)len, 0x20000 | 0x3412, 0x8000);
	g.send_rc = -EAGAIN;
	wr(&g, 0xd9, 1, 0x40);
	CHECK_INT(g.n_sent, 0);
	g.send_rc = 0;
	rtl8139_tx_resume(&g.nic);
	CHECK_INT(g.n_sent, 3);
	/* Each segment carries the VLAN tag opts2 asked for. */
	CHECK_INT(g.sent[2][12] << 8 | g.sent[2][13], 0x8100);
	CHECK_INT(g.sent[2][14] << 8 | g.sent[2][15], 0x1234);
	CHECK_INT(g.sent_len[0], 54 + 1000 + 4);
	/* An MSS of 0 or a frame that is not TCP: refused with an error. */
	put_desc(&g, 0x1000, 0xf8000000u | (uint32_t)len, 0, 0x8000);
	wr(&g, 0xd9, 1, 0x40);
	CHECK_INT(g.n_sent, 3);
	CHECK(get_le32(g.ram + 0x1000) & (1u << 23));
}
