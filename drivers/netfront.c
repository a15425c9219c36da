/*
 * netfront's datapath: the shared tx and rx rings (<xen/io/ring.h>,
 * <xen/io/netif.h>), their pages and grants, the event channel, sending
 * (copy into a granted page, one slot per frame), receiving (the backend
 * copies into one of our granted pages, which is re-posted after use) and
 * tearing it all down. The xenstore side is netfront_xenbus.c.
 *
 * The backend is not trusted: indices and lengths are read from the shared
 * pages once, into locals, and checked; an entry that does not fit is
 * counted and dropped with a warning, a producer index beyond what we asked
 * for stops the device (-EPROTO).
 */
#define LOG_TAG "netfront"
#include "drivers/netfront_priv.h"

#include "arch/x86_64/cpu.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "xen/events.h"
#include "xen/grant_table.h"
#include "xen/time.h"

/* The barriers <xen/io/ring.h> expects from its user. */
#define xen_mb()  mb()
#define xen_rmb() rmb()
#define xen_wmb() wmb()

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))

#define MS	     1000000ull
#define SEND_TIMEOUT (30000 * MS)
#define WARN_LIMIT   16 /* warnings of one kind before only counting */

_Static_assert(NETFRONT_TX_BUFS <= NETFRONT_TX_RING_SIZE, "more tx buffers than ring slots");
_Static_assert(NETFRONT_RX_BUFS <= NETFRONT_RX_RING_SIZE, "more rx buffers than ring slots");
_Static_assert(ETH_FRAME_MAX <= PAGE_SIZE, "a frame must fit one page");

/* Whether the n-th event of a kind is still worth a warning. */
static bool warn_again(const struct netfront *nf, uint64_t n, const char *kind)
{
	if (n == WARN_LIMIT + 1)
		pr_warn("%s: further %s are only counted", nf->fe.node, kind);
	return n <= WARN_LIMIT;
}

#define BAD_RESPONSE(nf, fmt, ...)                                                     \
	do {                                                                           \
		if (warn_again(nf, ++(nf)->stats.bad_responses, "bad responses"))      \
			pr_warn("%s: bad response: " fmt, (nf)->fe.node, __VA_ARGS__); \
	} while (0)

void netfront_notify(struct netfront *nf, struct poll_source *src)
{
	frontend_notify(&nf->fe, src);
}

/* A responses producer index beyond our requests: the backend answers
 * what we never asked. Nothing on that ring can be trusted any more. */
static bool producer_broken(struct netfront *nf, const char *ring, RING_IDX prod, RING_IDX cons,
			    RING_IDX req_prod)
{
	if (netif_rsp_prod_ok(prod, cons, req_prod))
		return false;
	nf->stats.bad_responses++;
	nf->broken = true;
	pr_err("%s: backend claims %s responses up to %u, but we asked for %u: device stopped",
	       nf->fe.node, ring, prod, req_prod);
	return true;
}

/* ---- transmit ---------------------------------------------------------- */

/* Takes the backend's tx responses: each frees its buffer. */
static int tx_reap(struct netfront *nf)
{
	RING_IDX prod, cons = nf->tx.rsp_cons;

	if (nf->broken)
		return -EPROTO;
	prod = READ_ONCE(nf->tx.sring->rsp_prod);
	rmb(); /* the responses only after their index */
	if (producer_broken(nf, "tx", prod, cons, nf->tx.req_prod_pvt))
		return -EPROTO;
	for (; cons != prod; cons++) {
		netif_tx_response_t rsp;

		RING_COPY_RESPONSE(&nf->tx, cons, &rsp);
		switch (netif_tx_parse(&rsp, nf->tx_in_flight, NETFRONT_TX_BUFS)) {
		case NETIF_TX_BAD:
			BAD_RESPONSE(nf, "tx id %u is not in flight", rsp.id);
			continue;
		case NETIF_TX_FAILED:
			if (warn_again(nf, ++nf->stats.tx_errors, "transmit errors"))
				pr_warn("%s: backend %s a frame (status %d)", nf->fe.node,
					rsp.status == NETIF_RSP_DROPPED ? "dropped" : "failed",
					rsp.status);
			break;
		case NETIF_TX_DONE:
			break;
		}
		nf->tx_in_flight[rsp.id] = false;
		nf->tx_free[nf->tx_nfree++] = rsp.id;
	}
	nf->tx.rsp_cons = cons;
	return 0;
}

/* Wait condition (events masked): a buffer and a slot free, or responses
 * that may free one (asking for an event otherwise). */
static bool tx_ready(void *ctx)
{
	struct netfront *nf = ctx;
	int more;

	if (nf->broken || (nf->tx_nfree > 0 && !RING_FULL(&nf->tx)))
		return true;
	RING_FINAL_CHECK_FOR_RESPONSES(&nf->tx, more);
	return more;
}

int netfront_try_send(struct netfront *nf, const void *frame, size_t len)
{
	netif_tx_request_t *req;
	uint16_t id;
	int notify, rc;

	if (len < ETH_HLEN || len > ETH_FRAME_MAX)
		return -EINVAL;
	if ((rc = tx_reap(nf)) < 0)
		return rc;
	if (nf->tx_nfree == 0 || RING_FULL(&nf->tx))
		return -EAGAIN;
	id = nf->tx_free[--nf->tx_nfree];
	nf->tx_in_flight[id] = true;
	memcpy(nf->tx_page[id], frame, len);
	req = RING_GET_REQUEST(&nf->tx, nf->tx.req_prod_pvt);
	req->gref = (grant_ref_t)nf->tx_gref[id];
	req->offset = 0;
	req->flags = 0; /* one slot, checksums complete, no extras */
	req->id = id;
	req->size = (uint16_t)len;
	nf->tx.req_prod_pvt++;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->tx, notify);
	if (notify)
		evtchn_notify((evtchn_port_t)nf->fe.port);
	nf->stats.tx_frames++;
	return 0;
}

int netfront_send(struct netfront *nf, const void *frame, size_t len)
{
	uint64_t deadline = time_now_ns() + SEND_TIMEOUT;
	int rc;

	while ((rc = netfront_try_send(nf, frame, len)) == -EAGAIN) {
		nf->stats.tx_waits++;
		if (!wait_until(&nf->fe.wq, tx_ready, nf, deadline)) {
			pr_err("%s: the backend took no frame for %llu ms", nf->fe.node,
			       (unsigned long long)(SEND_TIMEOUT / MS));
			return -ETIMEDOUT;
		}
	}
	return rc;
}

/* ---- receive ----------------------------------------------------------- */

/* Puts buffer b on the rx ring (pushed by the caller). */
static void rx_post(struct netfront *nf, uint16_t b)
{
	RING_IDX i = nf->rx.req_prod_pvt;
	netif_rx_request_t *req = RING_GET_REQUEST(&nf->rx, i);

	req->id = b;
	req->pad = 0;
	req->gref = (grant_ref_t)nf->rx_gref[b];
	nf->rx_slot_buf[i & (NETFRONT_RX_RING_SIZE - 1)] = b;
	nf->rx.req_prod_pvt = i + 1;
}

static void rx_push(struct netfront *nf)
{
	int notify;

	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->rx, notify);
	if (notify)
		evtchn_notify((evtchn_port_t)nf->fe.port);
}

/* One rx slot (our copy), where we posted buffer b. Returns the frame
 * length copied to buf, 0 when nothing is delivered, -EMSGSIZE when the
 * frame does not fit buf. */
static int rx_slot(struct netfront *nf, const union netif_rx_sring_entry *entry, uint16_t b,
		   void *buf, size_t size)
{
	struct netif_rx_slot slot;

	switch (netif_rx_parse(&nf->rx_parser, entry, b, PAGE_SIZE, ETH_HLEN, &slot)) {
	case NETIF_RX_SKIP:
		return 0;
	case NETIF_RX_BAD:
		BAD_RESPONSE(nf, "rx id %u (buffer %u posted there), %d bytes at offset %u",
			     slot.id, b, slot.status, slot.offset);
		return 0;
	case NETIF_RX_ERROR:
		if (warn_again(nf, ++nf->stats.rx_errors, "receive errors"))
			pr_warn("%s: backend failed a receive (status %d)", nf->fe.node,
				slot.status);
		return 0;
	case NETIF_RX_SPLIT:
		/* feature-sg is off: the backend should never split a frame. */
		if (warn_again(nf, ++nf->stats.rx_dropped, "dropped frames"))
			pr_warn("%s: frame in several slots dropped", nf->fe.node);
		return 0;
	case NETIF_RX_FRAME:
		break;
	}
	if (slot.len > size) {
		nf->stats.rx_dropped++;
		pr_debug("%s: frame of %zu bytes dropped: buffer of %zu", nf->fe.node, slot.len,
			 size);
		return -EMSGSIZE;
	}
	memcpy(buf, (const uint8_t *)nf->rx_page[b] + slot.offset, slot.len);
	nf->stats.rx_frames++;
	return (int)slot.len;
}

/* Consumes rx responses until one frame is delivered (its length), one is
 * refused (-EMSGSIZE) or none is left (0); every consumed slot's buffer is
 * posted again. */
static int rx_poll(struct netfront *nf, void *buf, size_t size)
{
	RING_IDX prod, cons = nf->rx.rsp_cons;
	int ret = 0;

	if (nf->broken)
		return -EPROTO;
	prod = READ_ONCE(nf->rx.sring->rsp_prod);
	rmb(); /* the responses and the frames only after their index */
	if (producer_broken(nf, "rx", prod, cons, nf->rx.req_prod_pvt))
		return -EPROTO;
	while (cons != prod && ret == 0) {
		uint16_t b = nf->rx_slot_buf[cons & (NETFRONT_RX_RING_SIZE - 1)];
		union netif_rx_sring_entry entry;

		RING_COPY_RESPONSE(&nf->rx, cons, &entry.rsp);
		ret = rx_slot(nf, &entry, b, buf, size);
		cons++;
		nf->rx.rsp_cons = cons;
		rx_post(nf, b);
	}
	rx_push(nf);
	return ret;
}

/* Wait condition (events masked): responses to take, or an event asked
 * for. */
static bool rx_ready(void *ctx)
{
	struct netfront *nf = ctx;
	int more;

	if (nf->broken)
		return true;
	RING_FINAL_CHECK_FOR_RESPONSES(&nf->rx, more);
	return more;
}

int netfront_try_receive(struct netfront *nf, void *buf, size_t size)
{
	for (;;) {
		int rc = rx_poll(nf, buf, size), more;

		if (rc != 0)
			return rc;
		/* Nothing (more) there: ask for an event for the next response,
		 * then look once more for one that slipped in. */
		RING_FINAL_CHECK_FOR_RESPONSES(&nf->rx, more);
		if (!more)
			return -EAGAIN;
	}
}

int netfront_receive(struct netfront *nf, void *buf, size_t size, uint64_t deadline_ns)
{
	for (;;) {
		int rc = netfront_try_receive(nf, buf, size);

		if (rc != -EAGAIN)
			return rc;
		if (!wait_until(&nf->fe.wq, rx_ready, nf, deadline_ns))
			return -ETIMEDOUT;
	}
}

/* ---- setting up and tearing down ----------------------------------------- */

int netfront_setup_rings(struct netfront *nf)
{
	void *page;
	int rc;

	rc = frontend_grant_page(&nf->fe, false, &page, &nf->tx_ring_ref);
	if (page) {
		SHARED_RING_INIT((netif_tx_sring_t *)page);
		FRONT_RING_INIT(&nf->tx, (netif_tx_sring_t *)page, PAGE_SIZE);
	}
	if (rc < 0)
		return rc;
	rc = frontend_grant_page(&nf->fe, false, &page, &nf->rx_ring_ref);
	if (page) {
		SHARED_RING_INIT((netif_rx_sring_t *)page);
		FRONT_RING_INIT(&nf->rx, (netif_rx_sring_t *)page, PAGE_SIZE);
	}
	if (rc < 0)
		return rc;
	if (RING_SIZE(&nf->tx) != NETFRONT_TX_RING_SIZE ||
	    RING_SIZE(&nf->rx) != NETFRONT_RX_RING_SIZE) {
		pr_err("%s: ring sizes %u/%u, expected %u/%u", nf->fe.node, RING_SIZE(&nf->tx),
		       RING_SIZE(&nf->rx), (unsigned)NETFRONT_TX_RING_SIZE,
		       (unsigned)NETFRONT_RX_RING_SIZE);
		return -EINVAL;
	}
	for (uint16_t i = 0; i < NETFRONT_TX_BUFS; i++) {
		if ((rc = frontend_grant_page(&nf->fe, true, &nf->tx_page[i], &nf->tx_gref[i])) < 0)
			return rc;
		nf->tx_free[nf->tx_nfree++] = i;
	}
	for (uint16_t i = 0; i < NETFRONT_RX_BUFS; i++) {
		if ((rc = frontend_grant_page(&nf->fe, false, &nf->rx_page[i], &nf->rx_gref[i])) <
		    0)
			return rc;
		rx_post(nf, i);
	}
	RING_PUSH_REQUESTS(&nf->rx);
	return 0;
}

void netfront_release_rings(struct netfront *nf)
{
	uint64_t deadline = time_now_ns() + FRONTEND_CLOSE_NS;
	unsigned kept = 0;

	kept += !frontend_release_page(&nf->fe, nf->tx.sring, &nf->tx_ring_ref, deadline);
	kept += !frontend_release_page(&nf->fe, nf->rx.sring, &nf->rx_ring_ref, deadline);
	for (unsigned i = 0; i < NETFRONT_TX_BUFS; i++)
		kept += !frontend_release_page(&nf->fe, nf->tx_page[i], &nf->tx_gref[i], deadline);
	for (unsigned i = 0; i < NETFRONT_RX_BUFS; i++)
		kept += !frontend_release_page(&nf->fe, nf->rx_page[i], &nf->rx_gref[i], deadline);
	if (kept)
		pr_err("%s: %u page(s) still granted to the backend: not freed", nf->fe.node, kept);
}

int netfront_open(unsigned index, struct netfront **out)
{
	struct netfront *nf = kcalloc(1, sizeof(*nf));
	char mac[MAC_STR_LEN];
	int rc;

	if (!nf)
		return -ENOMEM;
	nf->tx_ring_ref = nf->rx_ring_ref = -1;
	for (unsigned i = 0; i < NETFRONT_TX_BUFS; i++)
		nf->tx_gref[i] = -1;
	for (unsigned i = 0; i < NETFRONT_RX_BUFS; i++)
		nf->rx_gref[i] = -1;
	if ((rc = netfront_xenbus_connect(nf, index)) < 0) {
		pr_err("vif %u: not connected: %s", index, errno_name(rc));
		kfree(nf);
		return rc;
	}
	/* Let the backend look at the rx buffers posted before it connected. */
	evtchn_notify((evtchn_port_t)nf->fe.port);
	mac_format(nf->mac, mac);
	pr_info("%s: connected to %s: mac %s, %u rx and %u tx buffers, event channel %d",
		nf->fe.node, nf->fe.backend, mac, NETFRONT_RX_BUFS, NETFRONT_TX_BUFS, nf->fe.port);
	*out = nf;
	return 0;
}

int netfront_mac(struct netfront *nf, uint8_t mac[6])
{
	if (!nf)
		return -EINVAL;
	memcpy(mac, nf->mac, ETH_ALEN);
	return 0;
}

void netfront_stats(struct netfront *nf, struct netfront_stats *st)
{
	*st = nf->stats;
}

void netfront_close(struct netfront *nf)
{
	if (!nf)
		return;
	netfront_xenbus_close(nf);
	pr_info("%s: closed: %llu frames sent (%llu failed), %llu received (%llu dropped, %llu "
		"errors), %llu bad responses",
		nf->fe.node, (unsigned long long)nf->stats.tx_frames,
		(unsigned long long)nf->stats.tx_errors, (unsigned long long)nf->stats.rx_frames,
		(unsigned long long)nf->stats.rx_dropped, (unsigned long long)nf->stats.rx_errors,
		(unsigned long long)nf->stats.bad_responses);
	kfree(nf);
}
