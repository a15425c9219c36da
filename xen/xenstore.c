/* Synchronous xenstore requests over the store ring (see xenstore.h). */
#define LOG_TAG "xenstore"
#include "xen/xenstore.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/mm.h"
#include "kernel/log.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "xen/events.h"
#include "xen/time.h"

#include <stdbool.h>
#include <xen/io/xs_wire.h>

#define REPLY_TIMEOUT_NS 10000000000ull

static struct xenstore_domain_interface *ring;
static evtchn_port_t port;
static uint32_t next_req_id = 1;

static void store_event(evtchn_port_t p, void *data)
{
	/* The waiter re-checks the ring; the event only wakes it. */
}

void xenstore_init(start_info_t *si)
{
	ring = mfn_to_virt(si->store_mfn);
	port = si->store_evtchn;
	if (evtchn_attach(port, store_event, NULL) < 0)
		pr_err("no event for the store ring: requests will poll");
}

/* Writes len bytes to the request ring; false on time-out. */
static bool ring_put(const void *data, size_t len, uint64_t deadline)
{
	const char *p = data;

	while (len) {
		XENSTORE_RING_IDX cons = ring->req_cons, prod = ring->req_prod;
		size_t space, chunk;

		mb();
		space = XENSTORE_RING_SIZE - (prod - cons);
		if (space == 0 || space > XENSTORE_RING_SIZE) {
			if (time_now_ns() > deadline)
				return false;
			time_block_until(deadline);
			continue;
		}
		chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod);
		if (chunk > space)
			chunk = space;
		if (chunk > len)
			chunk = len;
		memcpy(ring->req + MASK_XENSTORE_IDX(prod), p, chunk);
		wmb();
		ring->req_prod = prod + (XENSTORE_RING_IDX)chunk;
		evtchn_notify(port);
		p += chunk;
		len -= chunk;
	}
	return true;
}

/* Reads exactly len bytes from the reply ring; false on time-out. */
static bool ring_get(void *data, size_t len, uint64_t deadline)
{
	char *p = data;

	while (len) {
		XENSTORE_RING_IDX cons = ring->rsp_cons, prod = ring->rsp_prod;
		size_t avail, chunk;

		rmb();
		avail = prod - cons;
		if (avail == 0 || avail > XENSTORE_RING_SIZE) {
			if (time_now_ns() > deadline)
				return false;
			time_block_until(deadline);
			continue;
		}
		chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons);
		if (chunk > avail)
			chunk = avail;
		if (chunk > len)
			chunk = len;
		if (p)
			memcpy(p, ring->rsp + MASK_XENSTORE_IDX(cons), chunk);
		mb();
		ring->rsp_cons = cons + (XENSTORE_RING_IDX)chunk;
		evtchn_notify(port);
		if (p)
			p += chunk;
		len -= chunk;
	}
	return true;
}

int xenstore_read(const char *path, char *buf, size_t size)
{
	size_t plen = strlen(path) + 1;
	struct xsd_sockmsg req = { .type = XS_READ, .req_id = next_req_id++, .tx_id = 0 };
	uint64_t deadline = time_now_ns() + REPLY_TIMEOUT_NS;
	struct xsd_sockmsg rsp;

	if (!ring)
		return -ENODEV;
	if (plen > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	req.len = (uint32_t)plen;
	if (!ring_put(&req, sizeof(req), deadline) || !ring_put(path, plen, deadline))
		goto timeout;
	for (;;) {
		if (!ring_get(&rsp, sizeof(rsp), deadline))
			goto timeout;
		if (rsp.len > XENSTORE_PAYLOAD_MAX) {
			pr_err("reply of %u bytes exceeds the protocol's limit", rsp.len);
			return -EPROTO;
		}
		if (rsp.type == XS_WATCH_EVENT || rsp.req_id != req.req_id) {
			if (!ring_get(NULL, rsp.len, deadline))
				goto timeout;
			continue;
		}
		break;
	}
	if (rsp.type == XS_ERROR) {
		char err[32];
		size_t n = rsp.len < sizeof(err) ? rsp.len : sizeof(err) - 1;
		if (!ring_get(err, n, deadline) || !ring_get(NULL, rsp.len - n, deadline))
			goto timeout;
		err[n] = '\0';
		n = strnlen(err, n);
		err[n] = '\0';
		int e = errno_from_name(err);
		return e ? -e : -EIO;
	}
	if (rsp.type != XS_READ) {
		pr_err("reply type %u to a read", rsp.type);
		ring_get(NULL, rsp.len, deadline);
		return -EPROTO;
	}
	if (rsp.len + 1 > size) {
		ring_get(NULL, rsp.len, deadline);
		return -E2BIG;
	}
	if (!ring_get(buf, rsp.len, deadline))
		goto timeout;
	buf[rsp.len] = '\0';
	return (int)rsp.len;

timeout:
	pr_err("no reply from xenstored to a read of %s", path);
	return -ETIMEDOUT;
}

int xenstore_domid(void)
{
	char buf[16];
	int n = xenstore_read("domid", buf, sizeof(buf)), id = 0;

	if (n < 0)
		return n;
	if (n == 0)
		return -EPROTO;
	for (int i = 0; i < n; i++) {
		if (buf[i] < '0' || buf[i] > '9' || id > (int)DOMID_FIRST_RESERVED)
			return -EPROTO;
		id = id * 10 + (buf[i] - '0');
	}
	return id < (int)DOMID_FIRST_RESERVED ? id : -EPROTO;
}
