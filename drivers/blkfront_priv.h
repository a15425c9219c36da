/*
 * What blkfront's datapath (blkfront.c) and its xenbus negotiation
 * (blkfront_xenbus.c) share: the device structure.
 */
#ifndef DRIVERS_BLKFRONT_PRIV_H
#define DRIVERS_BLKFRONT_PRIV_H

#include "arch/x86_64/cpu.h"
#include "drivers/blk_slots.h"
#include "drivers/blkfront.h"
#include "drivers/frontend.h"
#include "kernel/poll.h"
#include "kernel/sched.h"

#include <xen/grant_table.h>
#include <xen/io/blkif.h>

#define BLK_RING_SLOTS __CONST_RING_SIZE(blkif, 4096)
_Static_assert(BLK_RING_SLOTS <= BLK_SLOTS_MAX, "blk_slots too small for the ring");

/* The bounce pages of a ring slot in flight (blk_slots says whose). */
struct blk_slot {
	unsigned npages;
	int grefs[BLKIF_MAX_SEGMENTS_PER_REQUEST];
	void *pages[BLKIF_MAX_SEGMENTS_PER_REQUEST];
	uint8_t op;
};

struct blkfront {
	struct frontend fe;
	blkif_front_ring_t ring;
	unsigned vdev;
	uint64_t sectors;
	unsigned sector_size;
	bool readonly, can_flush, can_barrier;
	struct blk_slots track;
	struct blk_slot slots[BLK_RING_SLOTS];
	unsigned in_flight; /* requests */
	bool broken;	    /* the backend broke the ring protocol: -EIO */
	unsigned long bad_responses;
};

/* Negotiation (blkfront_xenbus.c): the callbacks of frontend_connect
 * (ring, keys, the disk's geometry), ctx being the struct blkfront. */
extern const struct frontend_ops blkfront_ops;

#endif
