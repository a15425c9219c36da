/*
 * libFuzzer harness: arbitrary bytes as what a hostile network backend
 * leaves in netfront's ring slots, fed through the checks netfront applies
 * (netif_rx_parse with its state across slots, netif_tx_parse). Whatever
 * is accepted must lie inside the buffer and belong to us.
 */
#include "drivers/netif_check.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PAGE	4096
#define MIN_LEN 14
#define TX_BUFS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netif_rx_parser p = { 0 };
	bool in_flight[TX_BUFS] = { 0 };

	/* Records of 1 + 8 bytes: a selector (ring, posted buffer, buffers in
	 * flight) and the slot's contents. */
	for (size_t off = 0; off + 9 <= size; off += 9) {
		uint8_t sel = data[off];
		union netif_rx_sring_entry e;

		memcpy(&e, data + off + 1, sizeof(e));
		if (sel & 0x80) {
			netif_tx_response_t r;
			enum netif_tx_kind k;

			memcpy(&r, &e, sizeof(r));
			in_flight[sel & (TX_BUFS - 1)] = true;
			k = netif_tx_parse(&r, in_flight, TX_BUFS);
			if (k != NETIF_TX_BAD) {
				if (r.id >= TX_BUFS || !in_flight[r.id])
					__builtin_trap();
				in_flight[r.id] = false;
			}
		} else {
			uint16_t posted = sel & 0x3f;
			struct netif_rx_slot s;
			bool was_extra = p.extra, was_cont = p.cont;
			enum netif_rx_kind k = netif_rx_parse(&p, &e, posted, PAGE, MIN_LEN, &s);

			switch (k) {
			case NETIF_RX_FRAME:
				if (was_extra || was_cont || s.id != posted || s.len < MIN_LEN ||
				    s.offset > PAGE || s.len > PAGE - s.offset || p.cont)
					__builtin_trap();
				break;
			case NETIF_RX_SPLIT:
				if (!p.cont || s.id != posted)
					__builtin_trap();
				break;
			case NETIF_RX_SKIP:
				if (!was_extra && !was_cont)
					__builtin_trap();
				break;
			case NETIF_RX_ERROR:
				if (s.status >= 0 || s.id != posted)
					__builtin_trap();
				break;
			case NETIF_RX_BAD:
				break;
			default:
				__builtin_trap();
			}
		}
	}
	return 0;
}
