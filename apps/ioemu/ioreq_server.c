/*
 * The ioreq server's life in the stub domain (see ioreq_server.h): dm_op
 * calls through the libxc subset, the pages foreign-mapped from the
 * guest's gfns that Xen gives for them, the vCPUs' event channels bound
 * with the kernel's event API to one poll source.
 */
#define LOG_TAG "ioemu"
/* A device model is one of Xen's tools: hvm_op.h's ioreq server flags. */
#define __XEN_TOOLS__ 1
#include "apps/ioemu/ioreq_server.h"

#include "kernel/log.h"
#include "kernel/poll.h"
#include "xen/events.h"

#include <errno.h>
#include <xen/hvm/hvm_op.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static int fail(const char *what, int err)
{
	pr_err("ioreq server: %s: %s", what, strerror(err));
	return -err;
}

int ioreq_server_open(struct ioreq_server *srv, domid_t domid, unsigned nr_vcpus,
		      struct poll_source *src, ioreq_dispatch_fn dispatch, void *arg)
{
	xen_pfn_t ioreq_gfn, buf_gfn;
	evtchn_port_t buf_remote;
	int rc;

	*srv = (struct ioreq_server){
		.domid = domid, .nr_vcpus = nr_vcpus, .dispatch = dispatch, .arg = arg
	};
	srv->dm = xendevicemodel_open(NULL, 0);
	srv->fmem = xenforeignmemory_open(NULL, 0);
	srv->vcpu_port = calloc(nr_vcpus, sizeof(*srv->vcpu_port));
	if (!srv->dm || !srv->fmem || !srv->vcpu_port)
		return fail("opening the libraries", ENOMEM);
	if (xendevicemodel_create_ioreq_server(srv->dm, domid, HVM_IOREQSRV_BUFIOREQ_ATOMIC,
					       &srv->id) < 0)
		return fail("create", errno);
	if (xendevicemodel_get_ioreq_server_info(srv->dm, domid, srv->id, &ioreq_gfn, &buf_gfn,
						 &buf_remote) < 0)
		return fail("get info", errno);
	srv->sync =
		xenforeignmemory_map(srv->fmem, domid, PROT_READ | PROT_WRITE, 1, &ioreq_gfn, NULL);
	if (!srv->sync)
		return fail("mapping the ioreq page", errno);
	srv->buffered =
		xenforeignmemory_map(srv->fmem, domid, PROT_READ | PROT_WRITE, 1, &buf_gfn, NULL);
	if (!srv->buffered)
		return fail("mapping the buffered ring", errno);
	if (xendevicemodel_set_ioreq_server_state(srv->dm, domid, srv->id, 1) < 0)
		return fail("enable", errno);
	for (unsigned i = 0; i < nr_vcpus; i++) {
		evtchn_port_t remote = srv->sync->vcpu_ioreq[i].vp_eport;

		rc = evtchn_bind_interdomain(domid, remote, poll_evtchn_handler, src);
		if (rc < 0) {
			pr_err("ioreq server: binding vCPU %u's port %u: %d", i, remote, rc);
			return rc;
		}
		srv->vcpu_port[i] = (evtchn_port_t)rc;
	}
	rc = evtchn_bind_interdomain(domid, buf_remote, poll_evtchn_handler, src);
	if (rc < 0) {
		pr_err("ioreq server: binding the buffered ring's port %u: %d", buf_remote, rc);
		return rc;
	}
	srv->buffered_port = (evtchn_port_t)rc;
	pr_info("ioreq server %u for domain %u: %u vCPU(s), ioreq gfn %#lx, buffered gfn %#lx",
		srv->id, domid, nr_vcpus, (unsigned long)ioreq_gfn, (unsigned long)buf_gfn);
	return 0;
}

int ioreq_server_claim(struct ioreq_server *srv, int is_mmio, uint64_t first, uint64_t last)
{
	if (xendevicemodel_map_io_range_to_ioreq_server(srv->dm, srv->domid, srv->id, is_mmio,
							first, last) < 0)
		return fail(is_mmio ? "claiming memory" : "claiming ports", errno);
	return 0;
}

int ioreq_server_unclaim(struct ioreq_server *srv, int is_mmio, uint64_t first, uint64_t last)
{
	if (xendevicemodel_unmap_io_range_from_ioreq_server(srv->dm, srv->domid, srv->id, is_mmio,
							    first, last) < 0)
		return fail(is_mmio ? "giving back memory" : "giving back ports", errno);
	return 0;
}

int ioreq_server_claim_pci(struct ioreq_server *srv, uint32_t sbdf)
{
	if (xendevicemodel_map_pcidev_to_ioreq_server(
		    srv->dm, srv->domid, srv->id, (uint16_t)(sbdf >> 16), (uint8_t)(sbdf >> 8),
		    (uint8_t)((sbdf >> 3) & 0x1f), (uint8_t)(sbdf & 7)) < 0)
		return fail("registering a PCI function", errno);
	return 0;
}

static void refuse(struct ioreq_server *srv, unsigned vcpu, const char *why)
{
	/* The first few in full; then one line every 1024. */
	srv->refused++;
	if (srv->refused <= 16 || srv->refused % 1024 == 0)
		pr_warn("vCPU %u: refused a request: %s (%lu refused)", vcpu, why, srv->refused);
}

bool ioreq_server_waiting(const struct ioreq_server *srv)
{
	for (unsigned i = 0; i < srv->nr_vcpus; i++)
		if (srv->sync->vcpu_ioreq[i].state == STATE_IOREQ_READY)
			return true;
	return srv->buffered->read_pointer != srv->buffered->write_pointer;
}

/* The buffered ring's writes, all of them: they were made before any
 * synchronous request now waiting (Xen queues a vCPU's VGA memory writes
 * there and goes on), so they are carried out first, as QEMU does. */
static void serve_buffered(struct ioreq_server *srv)
{
	struct ioreq_req req;
	const char *why;
	int rc;

	while ((rc = ioreq_buffered_take(srv->buffered, &req, &why)) != 0) {
		uint64_t data = req.data;

		if (rc < 0) {
			refuse(srv, 0, why);
			continue;
		}
		srv->served++;
		srv->dispatch(&req, &data, srv->arg);
	}
}

void ioreq_server_serve(struct ioreq_server *srv)
{
	struct ioreq_req req;
	const char *why;
	int rc;

	serve_buffered(srv);
	for (unsigned i = 0; i < srv->nr_vcpus; i++) {
		volatile struct ioreq *slot = &srv->sync->vcpu_ioreq[i];
		uint64_t data;

		rc = ioreq_take(slot, &req, &why);
		if (rc == 0)
			continue;
		/* Writes another vCPU queued meanwhile come before this one. */
		serve_buffered(srv);
		data = req.read && !req.data_is_ptr ? ~UINT64_C(0) : req.data;
		if (rc < 0)
			refuse(srv, i, why);
		else {
			srv->served++;
			srv->dispatch(&req, &data, srv->arg);
		}
		ioreq_answer(slot, data);
		evtchn_notify(srv->vcpu_port[i]);
	}
	serve_buffered(srv);
}
