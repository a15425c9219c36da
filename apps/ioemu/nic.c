/* Helpers the emulated network cards share (see nic.h). */
#include "apps/ioemu/nic.h"

#include "lib/errno.h"

#include <string.h>

enum {
	ETHERTYPE_IPV4 = 0x0800,
	ETHERTYPE_VLAN = 0x8100,
	IP_PROTO_TCP = 6,
	IP_PROTO_UDP = 17,
	TCP_CHECKSUM_AT = 16,
	UDP_CHECKSUM_AT = 6,
	TCP_FIN = 0x01,
	TCP_PSH = 0x08,
};

int nic_dma(const char *name, const struct pci_device *dev, const struct guest_memory *mem,
	    const struct platform_ops *ops, struct nic_stats *stats, uint64_t gpa, void *buf,
	    size_t len, bool write)
{
	int rc;

	if (!(pci_device_get_u16(dev, PCI_REG_COMMAND) & PCI_COMMAND_MASTER))
		rc = -EPERM;
	else if (!mem || gpa > UINT64_MAX - len)
		rc = -EFAULT;
	else
		rc = write ? mem->write(mem->ctx, gpa, buf, len)
			   : mem->read(mem->ctx, gpa, buf, len);
	if (rc < 0 && ++stats->dma_refused <= 8)
		platform_log(ops, "%s: %s of %zu bytes at %#llx refused: %s", name,
			     write ? "DMA write" : "DMA read", len, (unsigned long long)gpa,
			     rc == -EPERM ? "bus mastering is off" : errno_name(rc));
	return rc;
}

bool nic_mac_usable(const uint8_t mac[6])
{
	uint8_t any = 0;

	for (int i = 0; i < 6; i++)
		any |= mac[i];
	return any != 0 && !(mac[0] & 1);
}

unsigned nic_multicast_hash(const uint8_t dest[6])
{
	uint32_t crc = 0xffffffffu;

	for (int i = 0; i < 6; i++) {
		uint8_t byte = dest[i];

		for (int bit = 0; bit < 8; bit++, byte >>= 1) {
			bool top = (crc >> 31) ^ (byte & 1);

			crc <<= 1;
			if (top)
				crc ^= 0x04c11db7u;
		}
	}
	return crc >> 26;
}

static uint32_t sum_bytes(const uint8_t *bytes, size_t len, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)bytes[i] << 8 | bytes[i + 1];
	if (i < len)
		sum += (uint32_t)bytes[i] << 8;
	return sum;
}

uint16_t nic_inet_checksum(const uint8_t *bytes, size_t len, uint32_t sum)
{
	sum = sum_bytes(bytes, len, sum);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

int nic_fill_ipv4_checksums(uint8_t *frame, size_t len, bool ip, bool l4)
{
	size_t at = 12, header, total, l4_len, sum_at;
	uint8_t *iph, proto;
	uint32_t pseudo;

	if (len >= at + 2 && nic_get_be16(frame + at) == ETHERTYPE_VLAN)
		at += 4;
	if (len < at + 2 + 20 || nic_get_be16(frame + at) != ETHERTYPE_IPV4)
		return -EINVAL;
	iph = frame + at + 2;
	header = (size_t)(iph[0] & 0x0f) * 4;
	total = nic_get_be16(iph + 2);
	if ((iph[0] >> 4) != 4 || header < 20 || total < header ||
	    total > len - (size_t)(iph - frame))
		return -EINVAL;
	proto = iph[9];
	l4_len = total - header;
	sum_at = proto == IP_PROTO_TCP ? TCP_CHECKSUM_AT : UDP_CHECKSUM_AT;
	if (l4 && ((proto != IP_PROTO_TCP && proto != IP_PROTO_UDP) ||
		   (nic_get_be16(iph + 6) & 0x3fff) != 0 || l4_len < sum_at + 2))
		return -EINVAL;
	if (ip) {
		nic_put_be16(iph + 10, 0);
		nic_put_be16(iph + 10, nic_inet_checksum(iph, header, 0));
	}
	if (l4) {
		uint8_t *seg = iph + header;
		uint16_t sum;

		pseudo = sum_bytes(iph + 12, 8, 0) + proto + (uint32_t)l4_len;
		nic_put_be16(seg + sum_at, 0);
		sum = nic_inet_checksum(seg, l4_len, pseudo);
		if (sum == 0 && proto == IP_PROTO_UDP)
			sum = 0xffff;
		nic_put_be16(seg + sum_at, sum);
	}
	return 0;
}

int nic_tso_parse(const uint8_t *frame, size_t len, unsigned mss, struct nic_tso *t)
{
	size_t at = 12, ip_header, tcp_header;

	if (len >= at + 2 && nic_get_be16(frame + at) == ETHERTYPE_VLAN)
		at += 4;
	if (mss == 0 || len < at + 2 + 20 || nic_get_be16(frame + at) != ETHERTYPE_IPV4)
		return -EINVAL;
	t->ip_at = at + 2;
	ip_header = (size_t)(frame[t->ip_at] & 0x0f) * 4;
	if ((frame[t->ip_at] >> 4) != 4 || ip_header < 20 || frame[t->ip_at + 9] != IP_PROTO_TCP ||
	    t->ip_at + ip_header + 20 > len || nic_get_be16(frame + t->ip_at + 2) != len - t->ip_at)
		return -EINVAL;
	t->tcp_at = t->ip_at + ip_header;
	tcp_header = (size_t)(frame[t->tcp_at + 12] >> 4) * 4;
	if (tcp_header < 20 || t->tcp_at + tcp_header > len)
		return -EINVAL;
	t->hdr_len = t->tcp_at + tcp_header;
	t->payload = len - t->hdr_len;
	t->mss = mss;
	if (t->hdr_len + (t->payload < mss ? t->payload : mss) > NIC_MAX_FRAME)
		return -EINVAL;
	t->segments = t->payload ? (unsigned)((t->payload + mss - 1) / mss) : 1;
	return 0;
}

size_t nic_tso_segment(const struct nic_tso *t, const uint8_t *frame, unsigned index, uint8_t *out)
{
	size_t offset = (size_t)index * t->mss;
	size_t n = t->payload - offset < t->mss ? t->payload - offset : t->mss;
	size_t len = t->hdr_len + n, tcp_len = len - t->tcp_at;
	uint8_t *ip = out + t->ip_at, *tcp = out + t->tcp_at;
	size_t ip_header = t->tcp_at - t->ip_at;
	uint32_t pseudo;

	memcpy(out, frame, t->hdr_len);
	memcpy(out + t->hdr_len, frame + t->hdr_len + offset, n);
	nic_put_be16(ip + 2, (uint16_t)(len - t->ip_at));
	nic_put_be16(ip + 4, (uint16_t)(nic_get_be16(ip + 4) + index));
	nic_put_be16(ip + 10, 0);
	nic_put_be16(ip + 10, nic_inet_checksum(ip, ip_header, 0));
	nic_put_be32(tcp + 4, nic_get_be32(tcp + 4) + (uint32_t)offset);
	if (offset + n < t->payload)
		tcp[13] &= (uint8_t) ~(TCP_FIN | TCP_PSH);
	pseudo = sum_bytes(ip + 12, 8, 0) + IP_PROTO_TCP + (uint32_t)tcp_len;
	nic_put_be16(tcp + TCP_CHECKSUM_AT, 0);
	nic_put_be16(tcp + TCP_CHECKSUM_AT, nic_inet_checksum(tcp, tcp_len, pseudo));
	return len;
}
