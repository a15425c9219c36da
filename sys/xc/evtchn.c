/*
 * <xenevtchn.h> for stub domains: ports bound through the handle are
 * delivered by the kernel's event dispatch into a per-handle pending set
 * and masked until the program unmasks them, as Linux's evtchn device does.
 */
#define LOG_TAG "xenevtchn"
#include "sys/xc/xc_extensions.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/hypercall.h"
#include "kernel/log.h"
#include "kernel/poll.h"
#include "kernel/sched.h"
#include "xen/events.h"
#include "xen/hypervisor.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define NR_PORTS 4096
#define WORDS	 (NR_PORTS / 64)

struct xenevtchn_handle {
	uint64_t bound[WORDS];
	volatile uint64_t pending[WORDS];
	unsigned scan; /* where xenevtchn_pending looks first */
	struct wait_queue wq;
	struct poll_source *src; /* signalled with wq (xenevtchn_poll_source) */
};

static int fail(int err)
{
	errno = err < 0 ? -err : err;
	return -1;
}

static void deliver(evtchn_port_t port, void *data)
{
	struct xenevtchn_handle *h = data;

	/* Like the Linux device: the port stays masked until unmasked. */
	evtchn_mask(port);
	h->pending[port / 64] |= 1ull << (port % 64);
	wake_up(&h->wq);
	poll_signal(h->src);
}

xenevtchn_handle *xenevtchn_open(struct xentoollog_logger *logger, unsigned int open_flags)
{
	struct xenevtchn_handle *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	wait_queue_init(&h->wq);
	return h;
}

int xenevtchn_close(xenevtchn_handle *h)
{
	if (!h)
		return 0;
	for (unsigned p = 0; p < NR_PORTS; p++)
		if (h->bound[p / 64] & (1ull << (p % 64)))
			evtchn_close(p);
	free(h);
	return 0;
}

int xenevtchn_fd(xenevtchn_handle *h)
{
	/* No file descriptors to select on: see xenevtchn_wait(). */
	return fail(ENOSYS);
}

int xenevtchn_notify(xenevtchn_handle *h, evtchn_port_t port)
{
	int rc = evtchn_notify(port);

	return rc < 0 ? fail(rc) : 0;
}

static xenevtchn_port_or_error_t bound(struct xenevtchn_handle *h, int port)
{
	if (port < 0)
		return fail(port);
	if (port >= NR_PORTS) {
		evtchn_close((evtchn_port_t)port);
		return fail(ENOSPC);
	}
	h->bound[port / 64] |= 1ull << (port % 64);
	return port;
}

xenevtchn_port_or_error_t xenevtchn_bind_unbound_port(xenevtchn_handle *h, uint32_t domid)
{
	return bound(h, evtchn_alloc_unbound((domid_t)domid, deliver, h));
}

xenevtchn_port_or_error_t xenevtchn_bind_interdomain(xenevtchn_handle *h, uint32_t domid,
						     evtchn_port_t remote_port)
{
	return bound(h, evtchn_bind_interdomain((domid_t)domid, remote_port, deliver, h));
}

xenevtchn_port_or_error_t xenevtchn_bind_virq(xenevtchn_handle *h, unsigned int virq)
{
	return bound(h, evtchn_bind_virq(virq, deliver, h));
}

int xenevtchn_unbind(xenevtchn_handle *h, evtchn_port_t port)
{
	if (port >= NR_PORTS || !(h->bound[port / 64] & (1ull << (port % 64))))
		return fail(EINVAL);
	h->bound[port / 64] &= ~(1ull << (port % 64));
	h->pending[port / 64] &= ~(1ull << (port % 64));
	evtchn_close(port);
	return 0;
}

xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *h)
{
	bool was = events_mask();

	for (unsigned i = 0; i < WORDS; i++) {
		unsigned w = (h->scan + i) % WORDS;
		uint64_t bits = h->pending[w];

		if (bits) {
			unsigned b = (unsigned)__builtin_ctzll(bits);
			h->pending[w] &= ~(1ull << b);
			h->scan = (w + 1) % WORDS;
			events_restore(was);
			return (int)(w * 64 + b);
		}
	}
	events_restore(was);
	return fail(EAGAIN);
}

int xenevtchn_unmask(xenevtchn_handle *h, evtchn_port_t port)
{
	int rc = evtchn_unmask(port);

	return rc < 0 ? fail(rc) : 0;
}

int xenevtchn_restrict(xenevtchn_handle *h, domid_t domid)
{
	return 0; /* a stub domain's privilege is already its target's */
}

static bool has_pending(void *arg)
{
	struct xenevtchn_handle *h = arg;

	for (unsigned i = 0; i < WORDS; i++)
		if (h->pending[i])
			return true;
	return false;
}

int xenevtchn_wait(xenevtchn_handle *h, uint64_t deadline_ns)
{
	return wait_until(&h->wq, has_pending, h, deadline_ns) ? 0 : fail(ETIMEDOUT);
}

void xenevtchn_poll_source(xenevtchn_handle *h, struct poll_source *src)
{
	bool was = events_mask();

	h->src = src;
	events_restore(was);
	/* Events that came before are not lost: they are pending already. */
	if (src && has_pending(h))
		poll_signal(src);
}
