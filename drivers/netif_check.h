/*
 * Checking what a network backend puts on netfront's shared rings, as pure
 * functions (unit-tested and fuzzed): whether a producer index is
 * plausible, what one rx slot holds, what one tx response means. The
 * caller copies every entry out of the shared page first; nothing here
 * reads shared memory.
 */
#ifndef DRIVERS_NETIF_CHECK_H
#define DRIVERS_NETIF_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/io/netif.h>

/* Whether a backend may have produced responses up to prod: never more
 * than the requests we made (req_prod) since rsp_cons (cons). */
bool netif_rsp_prod_ok(RING_IDX prod, RING_IDX cons, RING_IDX req_prod);

/* The rx side keeps this across slots: whether extra-info entries follow
 * and whether the frame being skipped continues in the next slot. */
struct netif_rx_parser {
	bool extra;
	bool cont;
};

enum netif_rx_kind {
	NETIF_RX_FRAME, /* a whole frame: offset and len are set */
	NETIF_RX_SKIP,	/* an extra-info entry, or the rest of a frame already dropped */
	NETIF_RX_ERROR, /* the backend failed this receive (negative status) */
	NETIF_RX_SPLIT, /* the first slot of a frame in several slots (we asked for one) */
	NETIF_RX_BAD,	/* id, or offset and length, out of range */
};

struct netif_rx_slot {
	/* As the backend wrote them, for messages. */
	uint16_t id;
	uint16_t offset;
	int16_t status;
	/* For NETIF_RX_FRAME: where the frame lies in the buffer. */
	size_t len;
};

/* One rx ring slot: entry is our copy of it, posted the buffer id of the
 * request we put in that slot (the backend answers in the request's slot),
 * buf_size the size of that buffer; frames shorter than min_len are bad. */
enum netif_rx_kind netif_rx_parse(struct netif_rx_parser *p,
				  const union netif_rx_sring_entry *entry, uint16_t posted,
				  size_t buf_size, size_t min_len, struct netif_rx_slot *out);

enum netif_tx_kind {
	NETIF_TX_DONE,	 /* the frame went out */
	NETIF_TX_FAILED, /* the backend dropped it or failed: the buffer is free again */
	NETIF_TX_BAD,	 /* an id that is not in flight: nothing to free */
};

/* One tx response (our copy), against which of our nbufs buffers are in
 * flight. */
enum netif_tx_kind netif_tx_parse(const netif_tx_response_t *rsp, const bool *in_flight,
				  unsigned nbufs);

#endif
