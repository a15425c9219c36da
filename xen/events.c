/* Event-channel dispatch and binding (see events.h). */
#define LOG_TAG "evtchn"
#include <stddef.h>
#include "xen/events.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/hypercall.h"
#include "kernel/log.h"
#include "lib/errno.h"
#include "xen/hypervisor.h"

#define WORD_BITS (sizeof(xen_ulong_t) * 8)
#define NR_PORTS  (WORD_BITS * WORD_BITS)

static struct {
	evtchn_handler_fn fn;
	void *data;
} handlers[NR_PORTS];

static unsigned long unhandled;

void events_upcall(void);
void events_upcall(void)
{
	vcpu_info_t *v = this_vcpu();

	while (v->evtchn_upcall_pending) {
		unsigned long sel;

		v->evtchn_upcall_pending = 0;
		sel = xchg_ulong(&v->evtchn_pending_sel, 0);
		while (sel) {
			unsigned w = (unsigned)__builtin_ctzl(sel);
			unsigned long pend;

			sel &= sel - 1;
			pend = shared_info->evtchn_pending[w] & ~shared_info->evtchn_mask[w];
			while (pend) {
				unsigned b = (unsigned)__builtin_ctzl(pend);
				evtchn_port_t port = w * WORD_BITS + b;

				pend &= pend - 1;
				sync_clear_bit(b, &shared_info->evtchn_pending[w]);
				if (handlers[port].fn)
					handlers[port].fn(port, handlers[port].data);
				else
					unhandled++;
			}
		}
	}
}

bool events_mask(void)
{
	vcpu_info_t *v = this_vcpu();
	bool was = v->evtchn_upcall_mask;

	v->evtchn_upcall_mask = 1;
	barrier();
	return was;
}

void events_restore(bool was_masked)
{
	vcpu_info_t *v = this_vcpu();

	if (was_masked)
		return;
	barrier();
	v->evtchn_upcall_mask = 0;
	barrier();
	/* Anything that arrived while masked: any hypercall delivers it. */
	if (v->evtchn_upcall_pending)
		hyp_xen_version(XENVER_version, NULL);
}

void events_init(void)
{
	for (unsigned w = 0; w < WORD_BITS; w++)
		shared_info->evtchn_mask[w] = ~(xen_ulong_t)0;
	events_restore(false);
}

int evtchn_attach(evtchn_port_t port, evtchn_handler_fn fn, void *data)
{
	struct evtchn_unmask unmask = { .port = port };
	long rc;

	if (port >= NR_PORTS) {
		pr_err("port %u out of range", port);
		return -EINVAL;
	}
	handlers[port].fn = fn;
	handlers[port].data = data;
	rc = hyp_event_channel_op(EVTCHNOP_unmask, &unmask);
	if (rc < 0) {
		pr_err("unmasking port %u refused: %ld", port, rc);
		return (int)rc;
	}
	return 0;
}

int evtchn_bind_virq(uint32_t virq, evtchn_handler_fn fn, void *data)
{
	struct evtchn_bind_virq bind = { .virq = virq, .vcpu = 0 };
	long rc = hyp_event_channel_op(EVTCHNOP_bind_virq, &bind);

	if (rc < 0) {
		pr_err("binding VIRQ %u refused: %ld", virq, rc);
		return (int)rc;
	}
	rc = evtchn_attach(bind.port, fn, data);
	return rc < 0 ? (int)rc : (int)bind.port;
}

int evtchn_notify(evtchn_port_t port)
{
	struct evtchn_send send = { .port = port };

	return (int)hyp_event_channel_op(EVTCHNOP_send, &send);
}

int evtchn_alloc_unbound(domid_t remote_dom, evtchn_handler_fn fn, void *data)
{
	struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = remote_dom };
	long rc = hyp_event_channel_op(EVTCHNOP_alloc_unbound, &op);

	if (rc < 0) {
		pr_err("allocating a port for domain %u refused: %ld", remote_dom, rc);
		return (int)rc;
	}
	rc = evtchn_attach(op.port, fn, data);
	return rc < 0 ? (int)rc : (int)op.port;
}

void evtchn_close(evtchn_port_t port)
{
	struct evtchn_close op = { .port = port };

	if (port < NR_PORTS) {
		sync_set_bit(port % WORD_BITS, &shared_info->evtchn_mask[port / WORD_BITS]);
		handlers[port].fn = NULL;
		handlers[port].data = NULL;
	}
	if (hyp_event_channel_op(EVTCHNOP_close, &op) < 0)
		pr_warn("closing port %u refused", port);
}

int evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port, evtchn_handler_fn fn,
			    void *data)
{
	struct evtchn_bind_interdomain op = { .remote_dom = remote_dom,
					      .remote_port = remote_port };
	long rc = hyp_event_channel_op(EVTCHNOP_bind_interdomain, &op);

	if (rc < 0) {
		pr_err("binding to port %u of domain %u refused: %ld", remote_port, remote_dom, rc);
		return (int)rc;
	}
	rc = evtchn_attach(op.local_port, fn, data);
	return rc < 0 ? (int)rc : (int)op.local_port;
}

void evtchn_mask(evtchn_port_t port)
{
	if (port < NR_PORTS)
		sync_set_bit(port % WORD_BITS, &shared_info->evtchn_mask[port / WORD_BITS]);
}

int evtchn_unmask(evtchn_port_t port)
{
	struct evtchn_unmask op = { .port = port };

	if (port >= NR_PORTS)
		return -EINVAL;
	return (int)hyp_event_channel_op(EVTCHNOP_unmask, &op);
}

int events_close_all_except(const evtchn_port_t *keep, unsigned nkeep)
{
	int closed = 0;

	for (evtchn_port_t port = 1; port < NR_PORTS; port++) {
		struct evtchn_status st = { .dom = DOMID_SELF, .port = port };
		bool kept = false;

		for (unsigned i = 0; i < nkeep; i++)
			kept |= keep[i] == port;
		/* Ports are handed out from the bottom: the first one Xen
		 * calls invalid is past the last one the domain has. */
		if (hyp_event_channel_op(EVTCHNOP_status, &st) < 0)
			break;
		if (kept || st.status == EVTCHNSTAT_closed)
			continue;
		evtchn_close(port);
		closed++;
	}
	return closed;
}
