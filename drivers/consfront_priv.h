/* What consfront's datapath and its xenbus negotiation share. */
#ifndef DRIVERS_CONSFRONT_PRIV_H
#define DRIVERS_CONSFRONT_PRIV_H

#include "arch/x86_64/cpu.h"
#include "drivers/consfront.h"
#include "drivers/frontend.h"
#include "kernel/poll.h"
#include "kernel/sched.h"

#include <xen/io/console.h>

struct consfront {
	struct frontend fe;
	char name[64];
	unsigned long bad_indices;
};

/* The shared page (fe.ring) as the console's interface. */
static inline struct xencons_interface *cons_ring(const struct consfront *con)
{
	return con->fe.ring;
}

/* Negotiation (consfront_xenbus.c): the callbacks of frontend_connect,
 * ctx being the struct consfront. */
extern const struct frontend_ops consfront_ops;

#endif
