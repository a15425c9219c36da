/* What consfront's datapath and its xenbus negotiation share. */
#ifndef DRIVERS_CONSFRONT_PRIV_H
#define DRIVERS_CONSFRONT_PRIV_H

#include "arch/x86_64/cpu.h"
#include "drivers/consfront.h"
#include "drivers/frontend.h"
#include "kernel/sched.h"

#include <xen/io/console.h>

struct consfront {
	struct frontend fe;
	struct xencons_interface *ring;
	int ring_ref;
	int port;
	char name[64];
	struct wait_queue wq;
	unsigned long bad_indices;
};

int consfront_connect(struct consfront *con, unsigned n);
void consfront_disconnect(struct consfront *con);
void consfront_event(evtchn_port_t port, void *data);

#endif
