/* Checks of a network backend's ring entries (see netif_check.h). Pure: no kernel dependencies. */
#include "drivers/netif_check.h"

#include "lib/string.h"

bool netif_rsp_prod_ok(RING_IDX prod, RING_IDX cons, RING_IDX req_prod)
{
	return (RING_IDX)(prod - cons) <= (RING_IDX)(req_prod - cons);
}

enum netif_rx_kind netif_rx_parse(struct netif_rx_parser *p,
				  const union netif_rx_sring_entry *entry, uint16_t posted,
				  size_t buf_size, size_t min_len, struct netif_rx_slot *out)
{
	netif_rx_response_t rsp;
	bool first;

	memset(out, 0, sizeof(*out));
	if (p->extra) {
		/* Extra info overlays the response; we asked for none of its
		 * kinds, so it is only skipped. */
		netif_extra_info_t extra;

		memcpy(&extra, entry, sizeof(extra));
		p->extra = extra.flags & XEN_NETIF_EXTRA_FLAG_MORE;
		return NETIF_RX_SKIP;
	}
	memcpy(&rsp, &entry->rsp, sizeof(rsp));
	out->id = rsp.id;
	out->offset = rsp.offset;
	out->status = rsp.status;
	first = !p->cont;
	p->cont = rsp.flags & NETRXF_more_data;
	if (!first)
		return NETIF_RX_SKIP;
	/* Extra-info entries follow only a frame's first slot. */
	if (rsp.flags & NETRXF_extra_info)
		p->extra = true;
	if (rsp.id != posted)
		return NETIF_RX_BAD;
	if (rsp.status < 0)
		return NETIF_RX_ERROR;
	if ((size_t)rsp.status < min_len || rsp.offset > buf_size ||
	    (size_t)rsp.status > buf_size - rsp.offset)
		return NETIF_RX_BAD;
	if (p->cont)
		return NETIF_RX_SPLIT;
	out->len = (size_t)rsp.status;
	return NETIF_RX_FRAME;
}

enum netif_tx_kind netif_tx_parse(const netif_tx_response_t *rsp, const bool *in_flight,
				  unsigned nbufs)
{
	uint16_t id = rsp->id;

	if (id >= nbufs || !in_flight[id])
		return NETIF_TX_BAD;
	return rsp->status == NETIF_RSP_OKAY ? NETIF_TX_DONE : NETIF_TX_FAILED;
}
