/*
 * The xenbus client (see xenbus.h). One writer at a time puts a whole
 * request on the ring; replies and watch events are taken off the ring by
 * whichever waiter runs first ("pumping") and handed to their request or
 * watch. The store event and every pump wake all waiters, which re-check.
 */
#define LOG_TAG "xenbus"
#include "xen/xenbus.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/mm.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "kernel/sched.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "xen/events.h"
#include "xen/time.h"
#include "xen/xs_ring.h"

#include <stdarg.h>

#define REPLY_TIMEOUT_NS (30 * 1000000000ull)

struct request {
	uint32_t req_id;
	bool done;
	struct xsd_sockmsg reply;
	char *body; /* kmalloc'd, NUL-terminated */
	struct request *next;
};

struct watch_event {
	char *path;
	struct watch_event *next;
};

struct xenbus_watch {
	char *path;
	char *token;
	struct watch_event *head, *tail;
	struct xenbus_watch *next;
};

static struct xenstore_domain_interface *ring;
static evtchn_port_t port;
static struct wait_queue waiters = WAIT_QUEUE_INIT;
static struct request *pending;
static struct xenbus_watch *watches;
static uint32_t next_req_id = 1;
static bool writer_busy;
static bool broken; /* the peer sent something unparseable */
static char out_msg[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];

/* Partial incoming message. */
static struct xsd_sockmsg in_hdr;
static unsigned in_hdr_got;
static char *in_body;
static unsigned in_body_got;

static void store_event(evtchn_port_t p, void *data)
{
	wake_up(&waiters);
}

void xenbus_init(start_info_t *si)
{
	ring = mfn_to_virt(si->store_mfn);
	port = si->store_evtchn;
	if (evtchn_attach(port, store_event, NULL) < 0)
		pr_err("no event for the store ring: requests will poll");
}

static void fail_everything(const char *why)
{
	pr_err("xenstore connection unusable: %s", why);
	broken = true;
	for (struct request *r = pending; r; r = r->next)
		r->done = true; /* reply.type stays 0: reported as -EIO */
}

static void deliver(void)
{
	if (in_hdr.type == XS_WATCH_EVENT) {
		const char *path, *token;
		struct xenbus_watch *w;

		if (xs_parse_watch_event(in_body, in_hdr.len, &path, &token) < 0) {
			pr_warn("malformed watch event dropped");
			goto drop;
		}
		for (w = watches; w; w = w->next)
			if (strcmp(w->token, token) == 0)
				break;
		if (!w)
			goto drop; /* an event for a watch just removed */
		struct watch_event *ev = kmalloc(sizeof(*ev));
		size_t n = strlen(path) + 1;
		char *copy = kmalloc(n);
		if (!ev || !copy) {
			kfree(ev);
			kfree(copy);
			pr_warn("out of memory: watch event for %s dropped", path);
			goto drop;
		}
		memcpy(copy, path, n);
		ev->path = copy;
		ev->next = NULL;
		if (w->tail)
			w->tail->next = ev;
		else
			w->head = ev;
		w->tail = ev;
		goto drop;
	}
	for (struct request *r = pending; r; r = r->next) {
		if (r->req_id == in_hdr.req_id && !r->done) {
			r->reply = in_hdr;
			r->body = in_body;
			r->done = true;
			in_body = NULL;
			return;
		}
	}
	pr_warn("reply to unknown request %u (type %u) dropped", in_hdr.req_id, in_hdr.type);
drop:
	kfree(in_body);
	in_body = NULL;
}

/* Takes everything available off the reply ring. */
static void pump(void)
{
	bool progress = false;

	while (ring && !broken) {
		XENSTORE_RING_IDX cons = ring->rsp_cons, prod = ring->rsp_prod;
		int n;

		rmb();
		if (in_hdr_got < sizeof(in_hdr)) {
			n = xs_ring_get(ring->rsp, &cons, prod, (char *)&in_hdr + in_hdr_got,
					sizeof(in_hdr) - in_hdr_got);
		} else {
			n = xs_ring_get(ring->rsp, &cons, prod, in_body + in_body_got,
					in_hdr.len - in_body_got);
		}
		if (n < 0) {
			fail_everything("reply ring indices out of range");
			break;
		}
		if (n == 0 && !(in_hdr_got == sizeof(in_hdr) && in_body_got == in_hdr.len))
			break;
		mb();
		ring->rsp_cons = cons;
		evtchn_notify(port);
		progress = true;
		if (in_hdr_got < sizeof(in_hdr)) {
			in_hdr_got += (unsigned)n;
			if (in_hdr_got < sizeof(in_hdr))
				continue;
			if (xs_header_check(&in_hdr) < 0) {
				fail_everything("bad message header");
				break;
			}
			in_body = kmalloc(in_hdr.len + 1);
			if (!in_body) {
				fail_everything("out of memory for a reply");
				break;
			}
			in_body_got = 0;
		} else {
			in_body_got += (unsigned)n;
		}
		if (in_hdr_got == sizeof(in_hdr) && in_body_got == in_hdr.len) {
			in_body[in_hdr.len] = '\0';
			deliver();
			in_hdr_got = 0;
			in_body_got = 0;
		}
	}
	if (progress)
		wake_up(&waiters);
}

static bool request_done(void *ctx)
{
	pump();
	return ((struct request *)ctx)->done;
}

static bool writer_free(void *ctx)
{
	pump();
	return !writer_busy;
}

static bool ring_has_room(void *ctx)
{
	pump();
	return broken || ring->req_prod - ring->req_cons < XENSTORE_RING_SIZE;
}

static int send_all(const char *msg, size_t len, uint64_t deadline)
{
	size_t done = 0;

	while (done < len) {
		XENSTORE_RING_IDX prod = ring->req_prod, cons = ring->req_cons;
		int n;

		mb();
		n = xs_ring_put(ring->req, cons, &prod, msg + done, len - done);
		if (n < 0) {
			fail_everything("request ring indices out of range");
			return -EIO;
		}
		if (n > 0) {
			wmb();
			ring->req_prod = prod;
			evtchn_notify(port);
			done += (size_t)n;
			continue;
		}
		if (!wait_until(&waiters, ring_has_room, NULL, deadline))
			return -ETIMEDOUT;
		if (broken)
			return -EIO;
	}
	return 0;
}

static void unlink_request(struct request *req)
{
	for (struct request **pp = &pending; *pp; pp = &(*pp)->next) {
		if (*pp == req) {
			*pp = req->next;
			return;
		}
	}
}

/*
 * One request: parts[i] of lens[i] bytes, each followed by a NUL if
 * nul_after[i]. On success returns the reply length and, if body is not
 * NULL, the reply (NUL-terminated, kmalloc'd).
 */
static int request(uint32_t type, xenbus_transaction_t t, const char *const parts[],
		   const size_t lens[], const int nul_after[], unsigned n, char **body)
{
	uint64_t deadline = time_now_ns() + REPLY_TIMEOUT_NS;
	struct request req = { .req_id = 0 };
	int len, rc;

	if (!ring)
		return -ENODEV;
	if (broken)
		return -EIO;
	if (!wait_until(&waiters, writer_free, NULL, deadline))
		return -ETIMEDOUT;
	writer_busy = true;
	req.req_id = next_req_id++;
	len = xs_msg_build(out_msg, sizeof(out_msg), type, req.req_id, t, parts, lens, nul_after,
			   n);
	if (len < 0) {
		writer_busy = false;
		wake_up(&waiters);
		return len;
	}
	req.next = pending;
	pending = &req;
	rc = send_all(out_msg, (size_t)len, deadline);
	writer_busy = false;
	wake_up(&waiters);
	if (rc == 0 && !wait_until(&waiters, request_done, &req, deadline))
		rc = -ETIMEDOUT;
	unlink_request(&req);
	if (rc < 0) {
		kfree(req.body);
		if (rc == -ETIMEDOUT)
			pr_err("no reply from xenstored to request type %u", type);
		return rc;
	}
	if (!req.body)
		return -EIO; /* connection failed while waiting */
	if (req.reply.type == XS_ERROR) {
		rc = xs_error_code(req.body, req.reply.len);
		kfree(req.body);
		return rc;
	}
	if (req.reply.type != type) {
		pr_err("reply of type %u to a request of type %u", req.reply.type, type);
		kfree(req.body);
		return -EPROTO;
	}
	if (body)
		*body = req.body;
	else
		kfree(req.body);
	return (int)req.reply.len;
}

static int path_request(uint32_t type, xenbus_transaction_t t, const char *path, char **body)
{
	const char *parts[] = { path };
	size_t lens[] = { strlen(path) };
	int nul[] = { 1 };

	return request(type, t, parts, lens, nul, 1, body);
}

int xenbus_read(xenbus_transaction_t t, const char *path, char **value, unsigned *len)
{
	int n = path_request(XS_READ, t, path, value);

	if (n < 0)
		return n;
	if (len)
		*len = (unsigned)n;
	return 0;
}

int xenbus_read_ulong(xenbus_transaction_t t, const char *path, unsigned long *value)
{
	char *s;
	unsigned len;
	int rc = xenbus_read(t, path, &s, &len);

	if (rc < 0)
		return rc;
	rc = xs_parse_ulong(s, len, value);
	kfree(s);
	return rc;
}

int xenbus_write(xenbus_transaction_t t, const char *path, const char *value, size_t len)
{
	const char *parts[] = { path, value };
	size_t lens[] = { strlen(path), len };
	int nul[] = { 1, 0 };
	int rc = request(XS_WRITE, t, parts, lens, nul, 2, NULL);

	return rc < 0 ? rc : 0;
}

int xenbus_vprintf(xenbus_transaction_t t, const char *path, const char *fmt, va_list ap)
{
	char buf[256];
	int n = format_vbuf(buf, sizeof(buf), fmt, ap);

	if (n >= (int)sizeof(buf)) {
		pr_err("value for %s longer than %zu bytes", path, sizeof(buf) - 1);
		return -E2BIG;
	}
	return xenbus_write(t, path, buf, (size_t)n);
}

int xenbus_printf(xenbus_transaction_t t, const char *path, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = xenbus_vprintf(t, path, fmt, ap);
	va_end(ap);
	return rc;
}

int xenbus_mkdir(xenbus_transaction_t t, const char *path)
{
	int rc = path_request(XS_MKDIR, t, path, NULL);

	return rc < 0 ? rc : 0;
}

int xenbus_rm(xenbus_transaction_t t, const char *path)
{
	int rc = path_request(XS_RM, t, path, NULL);

	return rc < 0 ? rc : 0;
}

int xenbus_directory(xenbus_transaction_t t, const char *path, char ***names)
{
	const char **list;
	char *body, **out;
	int n = path_request(XS_DIRECTORY, t, path, &body), count;
	size_t len;

	if (n < 0)
		return n;
	len = (size_t)n;
	/* At most one name per byte: count first, then one block. */
	list = kmalloc((len + 1) * sizeof(*list));
	if (!list) {
		kfree(body);
		return -ENOMEM;
	}
	count = xs_split(body, len, list, (unsigned)len + 1);
	if (count < 0) {
		kfree(list);
		kfree(body);
		return count;
	}
	out = kmalloc((size_t)(count + 1) * sizeof(char *) + len + 1);
	if (!out) {
		kfree(list);
		kfree(body);
		return -ENOMEM;
	}
	char *strings = (char *)(out + count + 1);
	memcpy(strings, body, len);
	for (int i = 0; i < count; i++)
		out[i] = strings + (list[i] - body);
	out[count] = NULL;
	kfree(list);
	kfree(body);
	*names = out;
	return count;
}

int xenbus_get_perms(xenbus_transaction_t t, const char *path, struct xs_perm *perms, unsigned max)
{
	char *body;
	int n = path_request(XS_GET_PERMS, t, path, &body);

	if (n < 0)
		return n;
	n = xs_parse_perms(body, (size_t)n, perms, max);
	kfree(body);
	return n;
}

int xenbus_set_perms(xenbus_transaction_t t, const char *path, const struct xs_perm *perms,
		     unsigned n)
{
	char buf[512];
	int len = xs_format_perms(perms, n, buf, sizeof(buf));
	const char *parts[] = { path, buf };
	size_t lens[2];
	int nul[] = { 1, 0 };

	if (len < 0)
		return len;
	lens[0] = strlen(path);
	lens[1] = (size_t)len;
	len = request(XS_SET_PERMS, t, parts, lens, nul, 2, NULL);
	return len < 0 ? len : 0;
}

int xenbus_get_domain_path(unsigned domid, char **path)
{
	char id[12];
	int n = format_buf(id, sizeof(id), "%u", domid);
	const char *parts[] = { id };
	size_t lens[] = { (size_t)n };
	int nul[] = { 1 };

	n = request(XS_GET_DOMAIN_PATH, XBT_NIL, parts, lens, nul, 1, path);
	return n < 0 ? n : 0;
}

int xenbus_transaction_start(xenbus_transaction_t *t)
{
	const char *parts[] = { "" };
	size_t lens[] = { 0 };
	int nul[] = { 1 };
	char *body;
	unsigned long id;
	int n = request(XS_TRANSACTION_START, XBT_NIL, parts, lens, nul, 1, &body);

	if (n < 0)
		return n;
	n = xs_parse_ulong(body, strnlen(body, (size_t)n), &id);
	kfree(body);
	if (n < 0 || id == 0 || id > UINT32_MAX)
		return -EPROTO;
	*t = (xenbus_transaction_t)id;
	return 0;
}

int xenbus_transaction_end(xenbus_transaction_t t, bool abort)
{
	const char *parts[] = { abort ? "F" : "T" };
	size_t lens[] = { 1 };
	int nul[] = { 1 };
	int rc = request(XS_TRANSACTION_END, t, parts, lens, nul, 1, NULL);

	return rc < 0 ? rc : 0;
}

static char *dup_string(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = kmalloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

static void free_watch(struct xenbus_watch *w)
{
	while (w->head) {
		struct watch_event *ev = w->head;
		w->head = ev->next;
		kfree(ev->path);
		kfree(ev);
	}
	kfree(w->path);
	kfree(w->token);
	kfree(w);
}

int xenbus_watch(const char *path, const char *token, struct xenbus_watch **watch)
{
	struct xenbus_watch *w = kcalloc(1, sizeof(*w));
	const char *parts[2];
	size_t lens[2];
	int nul[] = { 1, 1 }, rc;

	if (!w)
		return -ENOMEM;
	w->path = dup_string(path);
	w->token = dup_string(token);
	if (!w->path || !w->token) {
		free_watch(w);
		return -ENOMEM;
	}
	for (struct xenbus_watch *o = watches; o; o = o->next) {
		if (strcmp(o->token, token) == 0) {
			free_watch(w);
			return -EEXIST;
		}
	}
	/* Listed before the request so the first event is not dropped. */
	w->next = watches;
	watches = w;
	parts[0] = path;
	parts[1] = token;
	lens[0] = strlen(path);
	lens[1] = strlen(token);
	rc = request(XS_WATCH, XBT_NIL, parts, lens, nul, 2, NULL);
	if (rc < 0) {
		for (struct xenbus_watch **pp = &watches; *pp; pp = &(*pp)->next)
			if (*pp == w) {
				*pp = w->next;
				break;
			}
		free_watch(w);
		return rc;
	}
	*watch = w;
	return 0;
}

int xenbus_unwatch(struct xenbus_watch *w)
{
	const char *parts[] = { w->path, w->token };
	size_t lens[] = { strlen(w->path), strlen(w->token) };
	int nul[] = { 1, 1 };
	int rc = request(XS_UNWATCH, XBT_NIL, parts, lens, nul, 2, NULL);

	for (struct xenbus_watch **pp = &watches; *pp; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	}
	free_watch(w);
	return rc < 0 ? rc : 0;
}

static bool watch_has_event(void *ctx)
{
	pump();
	return ((struct xenbus_watch *)ctx)->head != NULL || broken;
}

bool xenbus_watch_pending(struct xenbus_watch *w)
{
	pump();
	return w->head != NULL;
}

const char *xenbus_watch_token(const struct xenbus_watch *w)
{
	return w->token;
}

int xenbus_watch_wait(struct xenbus_watch *w, char **path, uint64_t deadline_ns)
{
	struct watch_event *ev;

	if (!wait_until(&waiters, watch_has_event, w, deadline_ns))
		return -ETIMEDOUT;
	if (!w->head)
		return -EIO;
	ev = w->head;
	w->head = ev->next;
	if (!w->head)
		w->tail = NULL;
	*path = ev->path;
	kfree(ev);
	return 0;
}

struct any_ctx {
	struct xenbus_watch *const *set;
	unsigned n;
};

static bool any_has_event(void *arg)
{
	struct any_ctx *c = arg;

	pump();
	if (broken)
		return true;
	for (unsigned i = 0; i < c->n; i++)
		if (c->set[i]->head)
			return true;
	return false;
}

int xenbus_watch_wait_any(struct xenbus_watch *const *set, unsigned n, unsigned *which, char **path,
			  uint64_t deadline_ns)
{
	struct any_ctx c = { set, n };

	if (!wait_until(&waiters, any_has_event, &c, deadline_ns))
		return -ETIMEDOUT;
	for (unsigned i = 0; i < n; i++) {
		if (set[i]->head) {
			*which = i;
			return xenbus_watch_wait(set[i], path, deadline_ns);
		}
	}
	return -EIO;
}

int xenbus_reset_watches(void)
{
	const char *parts[] = { "" };
	size_t lens[] = { 0 };
	int nul[] = { 1 };
	int rc = request(XS_RESET_WATCHES, XBT_NIL, parts, lens, nul, 1, NULL);

	return rc < 0 ? rc : 0;
}

int xenbus_domid(void)
{
	unsigned long id;
	int rc = xenbus_read_ulong(XBT_NIL, "domid", &id);

	if (rc < 0)
		return rc;
	return id < DOMID_FIRST_RESERVED ? (int)id : -EPROTO;
}
