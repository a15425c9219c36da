/*
 * What netfront.c (the datapath) and netfront_xenbus.c (the xenstore
 * negotiation) share: the device structure and the calls between them.
 * Not for users of the driver (see netfront.h).
 */
#ifndef DRIVERS_NETFRONT_PRIV_H
#define DRIVERS_NETFRONT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/io/netif.h>

#include "arch/x86_64/mm.h"
#include "drivers/frontend.h"
#include "drivers/netfront.h"
#include "drivers/netif_check.h"
#include "kernel/poll.h"
#include "kernel/sched.h"
#include "lib/arp.h"

/* Entries of a one-page ring, as FRONT_RING_INIT computes them. */
#define NETFRONT_TX_RING_SIZE __CONST_RING_SIZE(netif_tx, PAGE_SIZE)
#define NETFRONT_RX_RING_SIZE __CONST_RING_SIZE(netif_rx, PAGE_SIZE)

/* Pages kept for transmit and posted for receive (one frame each). */
#define NETFRONT_TX_BUFS 16
#define NETFRONT_RX_BUFS 64

struct netfront {
	struct frontend fe; /* fe.port: the event channel */
	unsigned id;	    /* device/vif/<id> */
	uint8_t mac[ETH_ALEN];

	bool broken; /* the backend broke the ring protocol: rings unused */

	netif_tx_front_ring_t tx;
	int tx_ring_ref;
	void *tx_page[NETFRONT_TX_BUFS];
	int tx_gref[NETFRONT_TX_BUFS];
	bool tx_in_flight[NETFRONT_TX_BUFS];
	uint16_t tx_free[NETFRONT_TX_BUFS]; /* ids of idle tx buffers (a stack) */
	unsigned tx_nfree;

	netif_rx_front_ring_t rx;
	int rx_ring_ref;
	void *rx_page[NETFRONT_RX_BUFS];
	int rx_gref[NETFRONT_RX_BUFS];
	/* Which buffer we posted in each ring slot: the backend answers in the
	 * slot of the request, so this, not the response, says which page a
	 * response releases. */
	uint16_t rx_slot_buf[NETFRONT_RX_RING_SIZE];
	struct netif_rx_parser rx_parser; /* extra-info entries or fragments pending */

	struct netfront_stats stats;
};

/* netfront_xenbus.c: finds the index-th vif and connects it through the
 * common sequence (frontend_connect), which calls back
 * netfront_setup_rings and netfront_release_rings. */
int netfront_xenbus_connect(struct netfront *nf, unsigned index);
/* The one disconnect (frontend_disconnect): close handshake, port, rings. */
void netfront_xenbus_close(struct netfront *nf);

/* netfront.c: the rings and their buffers, granted; every page and grant
 * given back (what the backend still maps is reported and kept). */
int netfront_setup_rings(struct netfront *nf);
void netfront_release_rings(struct netfront *nf);

#endif
