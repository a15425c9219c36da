/* drivers/netif_check: what a (possibly hostile) backend puts on the rings. */
#include "drivers/netif_check.h"
#include "tests/unit/check.h"

#define PAGE 4096
#define MIN  14

static union netif_rx_sring_entry rx(uint16_t id, uint16_t offset, uint16_t flags, int16_t status)
{
	union netif_rx_sring_entry e;

	memset(&e, 0, sizeof(e));
	e.rsp.id = id;
	e.rsp.offset = offset;
	e.rsp.flags = flags;
	e.rsp.status = status;
	return e;
}

static union netif_rx_sring_entry extra(uint8_t flags)
{
	union netif_rx_sring_entry e;
	netif_extra_info_t x;

	memset(&e, 0xa5, sizeof(e)); /* whatever the backend leaves in the rest */
	memset(&x, 0, sizeof(x));
	x.type = XEN_NETIF_EXTRA_TYPE_GSO;
	x.flags = flags;
	memcpy(&e, &x, sizeof(x));
	return e;
}

static enum netif_rx_kind parse(struct netif_rx_parser *p, union netif_rx_sring_entry e,
				uint16_t posted, struct netif_rx_slot *s)
{
	return netif_rx_parse(p, &e, posted, PAGE, MIN, s);
}

TEST(netif_producer_bounds)
{
	CHECK(netif_rsp_prod_ok(0, 0, 0));
	CHECK(netif_rsp_prod_ok(5, 3, 10));
	CHECK(netif_rsp_prod_ok(10, 3, 10));
	CHECK(!netif_rsp_prod_ok(11, 3, 10));
	/* Behind the consumer is as impossible as beyond the requests. */
	CHECK(!netif_rsp_prod_ok(2, 3, 10));
	/* Across the wrap of the 32-bit indices. */
	CHECK(netif_rsp_prod_ok(0x2, 0xfffffff0u, 0x10));
	CHECK(netif_rsp_prod_ok(0x10, 0xfffffff0u, 0x10));
	CHECK(!netif_rsp_prod_ok(0x11, 0xfffffff0u, 0x10));
	CHECK(!netif_rsp_prod_ok(0xffffffefu, 0xfffffff0u, 0x10));
}

TEST(netif_rx_whole_frame)
{
	struct netif_rx_parser p = { 0 };
	struct netif_rx_slot s;

	CHECK_INT(parse(&p, rx(7, 0, NETRXF_data_validated, 60), 7, &s), NETIF_RX_FRAME);
	CHECK_INT(s.len, 60);
	CHECK_INT(s.offset, 0);
	CHECK_INT(parse(&p, rx(3, 100, 0, 1514), 3, &s), NETIF_RX_FRAME);
	CHECK_INT(s.len, 1514);
	CHECK_INT(s.offset, 100);
	/* Exactly to the end of the page, and the shortest frame. */
	CHECK_INT(parse(&p, rx(3, 0, 0, PAGE), 3, &s), NETIF_RX_FRAME);
	CHECK_INT(parse(&p, rx(3, PAGE - MIN, 0, MIN), 3, &s), NETIF_RX_FRAME);
	CHECK(!p.extra && !p.cont);
}

TEST(netif_rx_bad_ids)
{
	struct netif_rx_parser p = { 0 };
	struct netif_rx_slot s;

	CHECK_INT(parse(&p, rx(8, 0, 0, 60), 7, &s), NETIF_RX_BAD);
	CHECK_INT(s.id, 8);
	CHECK_INT(parse(&p, rx(0xffff, 0, 0, 60), 7, &s), NETIF_RX_BAD);
	CHECK_INT(s.len, 0);
	/* The next slot is judged on its own. */
	CHECK_INT(parse(&p, rx(7, 0, 0, 60), 7, &s), NETIF_RX_FRAME);
}

TEST(netif_rx_bad_lengths)
{
	struct netif_rx_parser p = { 0 };
	struct netif_rx_slot s;

	CHECK_INT(parse(&p, rx(1, 1, 0, PAGE), 1, &s), NETIF_RX_BAD);
	CHECK_INT(parse(&p, rx(1, PAGE - 59, 0, 60), 1, &s), NETIF_RX_BAD);
	CHECK_INT(parse(&p, rx(1, PAGE + 1, 0, MIN), 1, &s), NETIF_RX_BAD);
	CHECK_INT(parse(&p, rx(1, 0xffff, 0, 0x7fff), 1, &s), NETIF_RX_BAD);
	CHECK_INT(parse(&p, rx(1, 0, 0, 0x7fff), 1, &s), NETIF_RX_BAD);
	CHECK_INT(parse(&p, rx(1, 0, 0, MIN - 1), 1, &s), NETIF_RX_BAD);
	CHECK_INT(parse(&p, rx(1, 0, 0, 0), 1, &s), NETIF_RX_BAD);
	CHECK_INT(parse(&p, rx(1, 0, 0, NETIF_RSP_NULL), 1, &s), NETIF_RX_BAD);
	CHECK_INT(s.status, NETIF_RSP_NULL);
}

TEST(netif_rx_errors)
{
	struct netif_rx_parser p = { 0 };
	struct netif_rx_slot s;

	CHECK_INT(parse(&p, rx(2, 0, 0, NETIF_RSP_ERROR), 2, &s), NETIF_RX_ERROR);
	CHECK_INT(s.status, NETIF_RSP_ERROR);
	CHECK_INT(parse(&p, rx(2, 0, 0, NETIF_RSP_DROPPED), 2, &s), NETIF_RX_ERROR);
	CHECK_INT(parse(&p, rx(2, 0, 0, -32768), 2, &s), NETIF_RX_ERROR);
}

TEST(netif_rx_split_frame_is_dropped_whole)
{
	struct netif_rx_parser p = { 0 };
	struct netif_rx_slot s;

	CHECK_INT(parse(&p, rx(1, 0, NETRXF_more_data, PAGE), 1, &s), NETIF_RX_SPLIT);
	/* The fragments are skipped whatever they hold. */
	CHECK_INT(parse(&p, rx(9, 0, NETRXF_more_data, -1), 2, &s), NETIF_RX_SKIP);
	CHECK_INT(parse(&p, rx(0xffff, 0xffff, NETRXF_extra_info, 0x7fff), 3, &s), NETIF_RX_SKIP);
	CHECK(!p.extra); /* extra info belongs to first slots only */
	CHECK(!p.cont);
	CHECK_INT(parse(&p, rx(4, 0, 0, 60), 4, &s), NETIF_RX_FRAME);
	/* A bad first slot that claims more: its fragments go too. */
	CHECK_INT(parse(&p, rx(5, 0, NETRXF_more_data, 60), 6, &s), NETIF_RX_BAD);
	CHECK_INT(parse(&p, rx(7, 0, 0, 60), 7, &s), NETIF_RX_SKIP);
	CHECK_INT(parse(&p, rx(8, 0, 0, 60), 8, &s), NETIF_RX_FRAME);
}

TEST(netif_rx_extra_info_skipped)
{
	struct netif_rx_parser p = { 0 };
	struct netif_rx_slot s;

	CHECK_INT(parse(&p, rx(1, 0, NETRXF_extra_info, 60), 1, &s), NETIF_RX_FRAME);
	CHECK(p.extra);
	CHECK_INT(parse(&p, extra(XEN_NETIF_EXTRA_FLAG_MORE), 2, &s), NETIF_RX_SKIP);
	CHECK_INT(parse(&p, extra(0), 3, &s), NETIF_RX_SKIP);
	CHECK(!p.extra);
	CHECK_INT(parse(&p, rx(4, 0, 0, 60), 4, &s), NETIF_RX_FRAME);
	/* Extras first, then the fragments of a split frame. */
	CHECK_INT(parse(&p, rx(5, 0, NETRXF_extra_info | NETRXF_more_data, 100), 5, &s),
		  NETIF_RX_SPLIT);
	CHECK_INT(parse(&p, extra(0), 6, &s), NETIF_RX_SKIP);
	CHECK(p.cont);
	CHECK_INT(parse(&p, rx(7, 0, 0, 100), 7, &s), NETIF_RX_SKIP);
	CHECK_INT(parse(&p, rx(8, 0, 0, 100), 8, &s), NETIF_RX_FRAME);
}

TEST(netif_tx_responses)
{
	bool in_flight[4] = { true, false, true, true };
	netif_tx_response_t r = { .id = 0, .status = NETIF_RSP_OKAY };

	CHECK_INT(netif_tx_parse(&r, in_flight, 4), NETIF_TX_DONE);
	r.id = 2;
	r.status = NETIF_RSP_DROPPED;
	CHECK_INT(netif_tx_parse(&r, in_flight, 4), NETIF_TX_FAILED);
	r.status = NETIF_RSP_ERROR;
	CHECK_INT(netif_tx_parse(&r, in_flight, 4), NETIF_TX_FAILED);
	r.status = NETIF_RSP_NULL;
	CHECK_INT(netif_tx_parse(&r, in_flight, 4), NETIF_TX_FAILED);
	r.status = NETIF_RSP_OKAY;
	r.id = 1; /* idle */
	CHECK_INT(netif_tx_parse(&r, in_flight, 4), NETIF_TX_BAD);
	r.id = 4;
	CHECK_INT(netif_tx_parse(&r, in_flight, 4), NETIF_TX_BAD);
	r.id = 0xffff;
	CHECK_INT(netif_tx_parse(&r, in_flight, 4), NETIF_TX_BAD);
}
