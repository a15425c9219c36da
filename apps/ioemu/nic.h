/*
 * What an emulated network card (rtl8139.c, e1000.c) and the link its frames go
 * out on ask of each other, and the helpers the cards share. The link is
 * the glue's (nic_xen.c: the stub's netfront) or a test's recorder.
 * Frames are Ethernet frames without their FCS.
 */
#ifndef APPS_IOEMU_NIC_H
#define APPS_IOEMU_NIC_H

#include "apps/ioemu/io_bus.h"
#include "apps/ioemu/pci.h"
#include "apps/ioemu/platform_ops.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	NIC_MIN_FRAME = 14,   /* destination, source, EtherType */
	NIC_SHORT_FRAME = 60, /* what a card pads received frames up to */
	NIC_MAX_FRAME = 1518, /* 1514 and an 802.1Q tag */
	NIC_FCS_BYTES = 4,
};

struct nic_link {
	void *ctx;
	/* A frame the guest sent, NIC_MIN_FRAME to NIC_MAX_FRAME bytes: 0
	 * once the link took it; -EAGAIN when it cannot now (the card keeps
	 * the frame and sends it again when the glue calls its tx_resume);
	 * another negative errno: the frame is dropped (the card counts it). */
	int (*send)(void *ctx, const uint8_t *frame, size_t len);
	/* The card can take frames again after it answered -ENOBUFS: the
	 * guest gave it room (may be NULL: the glue polls). */
	void (*rx_ready)(void *ctx);
	/* Monotonic time in ns, for the cards' timers (may be NULL: 0). */
	uint64_t (*now_ns)(void *ctx);
	/* The card left the machine (the guest's PV drivers unplugged it):
	 * nothing more goes over the link (may be NULL). */
	void (*unplugged)(void *ctx);
};

/* Counters every card keeps, for the log and QMP. */
struct nic_stats {
	uint64_t tx_frames, tx_dropped, rx_frames, rx_filtered, rx_dropped, dma_refused;
};

/* Stores of little-endian numbers (loads: lib/bytes.h) and big-endian
 * ones both ways, as registers, descriptors and headers hold them. */
static inline void nic_put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void nic_put_le32(uint8_t *p, uint32_t v)
{
	nic_put_le16(p, (uint16_t)v);
	nic_put_le16(p + 2, (uint16_t)(v >> 16));
}

static inline void nic_put_le64(uint8_t *p, uint64_t v)
{
	nic_put_le32(p, (uint32_t)v);
	nic_put_le32(p + 4, (uint32_t)(v >> 32));
}

static inline uint16_t nic_get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline void nic_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline uint32_t nic_get_be32(const uint8_t *p)
{
	return (uint32_t)nic_get_be16(p) << 16 | nic_get_be16(p + 2);
}

static inline void nic_put_be32(uint8_t *p, uint32_t v)
{
	nic_put_be16(p, (uint16_t)(v >> 16));
	nic_put_be16(p + 2, (uint16_t)v);
}

/* Whether a destination address is ff:ff:ff:ff:ff:ff. */
static inline bool nic_is_broadcast(const uint8_t dest[6])
{
	return (dest[0] & dest[1] & dest[2] & dest[3] & dest[4] & dest[5]) == 0xff;
}

/*
 * A card's DMA: len bytes between buf and guest-physical gpa through mem,
 * only while dev's command register lets it master the bus. 0, -EPERM
 * (bus mastering off), -EFAULT (no memory, an address range that wraps)
 * or mem's error; the first failures are logged through ops under name
 * and all are counted in stats->dma_refused.
 */
int nic_dma(const char *name, const struct pci_device *dev, const struct guest_memory *mem,
	    const struct platform_ops *ops, struct nic_stats *stats, uint64_t gpa, void *buf,
	    size_t len, bool write);

/* TCP segmentation of an IPv4 frame as a card's large-send offload does
 * it, the card finding the headers itself (the RTL8139C+'s LargeSend). */
enum { NIC_TSO_MAX_FRAME = 65536 + 256 };

struct nic_tso {
	size_t ip_at, tcp_at, hdr_len, payload;
	unsigned mss, segments;
};

/* Finds the headers of frame (Ethernet, an 802.1Q tag allowed, IPv4 with
 * options, TCP with options) for segments of mss payload bytes: 0, or
 * -EINVAL when it is not IPv4/TCP, a header does not fit, the IP total
 * length disagrees with the frame, mss is 0 or a segment would pass
 * NIC_MAX_FRAME. */
int nic_tso_parse(const uint8_t *frame, size_t len, unsigned mss, struct nic_tso *t);

/* Segment index (below t->segments) of frame into out (NIC_MAX_FRAME
 * bytes): the headers copied with the IP total length, identification
 * (+ index) and checksum, the TCP sequence number (+ the payload before
 * it), FIN and PSH only on the last, and the TCP checksum made anew.
 * Returns its length. */
size_t nic_tso_segment(const struct nic_tso *t, const uint8_t *frame, unsigned index, uint8_t *out);

/* 00:00:00:00:00:00, a multicast address and ff:ff:ff:ff:ff:ff are not a
 * card's own address. */
bool nic_mac_usable(const uint8_t mac[6]);

/* The 6-bit index into the Realtek cards' 64-bit multicast hash filter
 * for destination dest: the top bits of its big-endian (non-reflected)
 * CRC-32. (Intel's 8254x index their table by address bits instead.) */
unsigned nic_multicast_hash(const uint8_t dest[6]);

/* The Internet checksum (RFC 1071) of len bytes, added to sum (a partial
 * sum of earlier bytes, e.g. a pseudo-header's), folded and inverted. */
uint16_t nic_inet_checksum(const uint8_t *bytes, size_t len, uint32_t sum);

/*
 * Fills in the checksums of an IPv4 frame (an 802.1Q tag allowed) as a
 * card's transmit offload does: the IP header's when ip, the TCP or UDP
 * checksum (whichever the header says) when l4. -EINVAL, with the frame
 * unchanged, when it is not IPv4, its header lengths do not fit the
 * frame, or l4 is asked of another protocol or of a fragment.
 */
int nic_fill_ipv4_checksums(uint8_t *frame, size_t len, bool ip, bool l4);

#endif
