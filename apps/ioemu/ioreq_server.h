/*
 * The ioreq server a device model runs for its guest: created with dm_op
 * on the target, its synchronous page (a slot per vCPU) and buffered ring
 * mapped from the guest, an event channel bound per vCPU and one for the
 * ring, all signalling one poll source. ioreq_server_serve() takes every
 * request that is ready and hands it to the dispatch function, then
 * answers it.
 */
#ifndef APPS_IOEMU_IOREQ_SERVER_H
#define APPS_IOEMU_IOREQ_SERVER_H

#include "apps/ioemu/ioreq.h"

#include <stdint.h>
#include <xendevicemodel.h>
#include <xenforeignmemory.h>

struct poll_source;

/* Handles req; for a read with its value inline, sets *data. */
typedef void (*ioreq_dispatch_fn)(const struct ioreq_req *req, uint64_t *data, void *arg);

struct ioreq_server {
	domid_t domid;
	ioservid_t id;
	unsigned nr_vcpus;
	xendevicemodel_handle *dm;
	xenforeignmemory_handle *fmem;
	struct shared_iopage *sync;
	struct buffered_iopage *buffered;
	evtchn_port_t *vcpu_port; /* ours, one per vCPU */
	evtchn_port_t buffered_port;
	ioreq_dispatch_fn dispatch;
	void *arg;
	unsigned long served, refused;
};

/* Creates, maps and enables the server for domid with nr_vcpus vCPUs;
 * every event on its channels signals src. 0 or a negative errno (logged). */
int ioreq_server_open(struct ioreq_server *srv, domid_t domid, unsigned nr_vcpus,
		      struct poll_source *src, ioreq_dispatch_fn dispatch, void *arg);

/* Claims a range for the server: XEN_DMOP_IO_RANGE_PORT or _MEMORY,
 * first..last inclusive. */
int ioreq_server_claim(struct ioreq_server *srv, int is_mmio, uint64_t first, uint64_t last);

/* Gives a claimed range back. */
int ioreq_server_unclaim(struct ioreq_server *srv, int is_mmio, uint64_t first, uint64_t last);

/* Claims PCI configuration accesses to sbdf (segment<<16 | bus<<8 |
 * device<<3 | function): Xen then sends them decoded. */
int ioreq_server_claim_pci(struct ioreq_server *srv, uint32_t sbdf);

/* Serves the buffered ring, then every ready request (the ring drained
 * again before each: its writes came first), then the ring (a poll
 * handler's work). */
void ioreq_server_serve(struct ioreq_server *srv);

/* Whether a vCPU's request or buffered writes wait to be served (what
 * the event channels should have said). */
bool ioreq_server_waiting(const struct ioreq_server *srv);

#endif
