/* Common xenbus handshake for PV frontends (see frontend.h). */
#define LOG_TAG "frontend"
#include "drivers/frontend.h"

#include "arch/x86_64/mm.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "kernel/poll.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "xen/grant_table.h"
#include "xen/time.h"

#include <stdarg.h>

int frontend_list(const char *type, unsigned *ids, unsigned max)
{
	char dir[64], **names;
	int n, count = 0;

	format_buf(dir, sizeof(dir), "device/%s", type);
	n = xenbus_directory(XBT_NIL, dir, &names);
	if (n == -ENOENT)
		return 0;
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		unsigned long id;
		if (xs_parse_ulong(names[i], strlen(names[i]), &id) < 0 || id > 0xffffffffu) {
			pr_warn("ignoring device/%s/%s: not a device number", type, names[i]);
			continue;
		}
		/* Insertion into sorted order. */
		int j = count < (int)max ? count : (int)max - 1;
		if (count >= (int)max && id >= ids[j])
			continue;
		while (j > 0 && ids[j - 1] > id) {
			ids[j] = ids[j - 1];
			j--;
		}
		ids[j] = (unsigned)id;
		if (count < (int)max)
			count++;
	}
	kfree(names);
	return count;
}

int frontend_open(struct frontend *fe, const char *type, unsigned id)
{
	char key[96], *backend;
	unsigned long backend_id;
	int rc;

	memset(fe, 0, sizeof(*fe));
	fe->port = -1;
	fe->ring_ref = -1;
	wait_queue_init(&fe->wq);
	format_buf(fe->node, sizeof(fe->node), "device/%s/%u", type, id);
	format_buf(key, sizeof(key), "%s/backend", fe->node);
	rc = xenbus_read(XBT_NIL, key, &backend, NULL);
	if (rc < 0) {
		pr_err("%s: no backend path: %s", fe->node, errno_name(rc));
		return rc;
	}
	if (strlen(backend) >= sizeof(fe->backend)) {
		kfree(backend);
		return -E2BIG;
	}
	memcpy(fe->backend, backend, strlen(backend) + 1);
	kfree(backend);
	format_buf(key, sizeof(key), "%s/backend-id", fe->node);
	rc = xenbus_read_ulong(XBT_NIL, key, &backend_id);
	if (rc < 0 || backend_id >= DOMID_FIRST_RESERVED) {
		pr_err("%s: bad backend-id", fe->node);
		return rc < 0 ? rc : -EPROTO;
	}
	fe->backend_id = (domid_t)backend_id;
	/* A frontend starting (again) says so; backends that saw us close
	 * offer a new connection on seeing it. */
	if ((rc = frontend_set_state(fe, XenbusStateInitialising)) < 0)
		return rc;
	format_buf(key, sizeof(key), "%s/state", fe->backend);
	rc = xenbus_watch(key, fe->node, &fe->backend_watch);
	if (rc < 0) {
		pr_err("%s: cannot watch %s: %s", fe->node, key, errno_name(rc));
		return rc;
	}
	/* After an earlier session the backend sits in Closed until it sees
	 * our Initialising; give it a moment to offer a new connection (if it
	 * does not, the caller's own wait says so). */
	rc = frontend_wait_state(fe, ~STATE_BIT(XenbusStateClosed),
				 time_now_ns() + FRONTEND_REOPEN_NS, 0);
	if (rc < 0)
		pr_debug("%s: backend %s still Closed: %s", fe->node, fe->backend, errno_name(rc));
	return 0;
}

void frontend_release(struct frontend *fe)
{
	if (fe->backend_watch)
		xenbus_unwatch(fe->backend_watch);
	fe->backend_watch = NULL;
}

int frontend_set_state(struct frontend *fe, XenbusState state)
{
	char key[96];
	int rc;

	format_buf(key, sizeof(key), "%s/state", fe->node);
	rc = xenbus_printf(XBT_NIL, key, "%d", (int)state);
	if (rc < 0) {
		pr_err("%s: cannot set state %d: %s", fe->node, (int)state, errno_name(rc));
		return rc;
	}
	fe->state = state;
	return 0;
}

XenbusState frontend_backend_state(struct frontend *fe)
{
	unsigned long v;

	if (frontend_backend_ulong(fe, "state", &v) < 0 || v > XenbusStateReconfigured)
		return XenbusStateUnknown;
	return (XenbusState)v;
}

int frontend_wait_state(struct frontend *fe, unsigned want_mask, uint64_t deadline_ns,
			unsigned flags)
{
	uint64_t started = time_now_ns(), next_note = started + FRONTEND_SLOW_NS;

	for (;;) {
		XenbusState s = frontend_backend_state(fe);
		uint64_t until = deadline_ns && deadline_ns < next_note ? deadline_ns : next_note;
		char *path;
		int rc;

		if (want_mask & STATE_BIT(s))
			return (int)s;
		if ((flags & FRONTEND_ABORT_ON_CLOSE) &&
		    (s == XenbusStateClosing || s == XenbusStateClosed))
			return -ECONNRESET;
		if (!fe->backend_watch)
			return -ENOTCONN;
		rc = xenbus_watch_wait(fe->backend_watch, &path, until);
		if (rc == -ETIMEDOUT && until == next_note && until != deadline_ns) {
			/* A slow backend is named while it is slow, not only
			 * when the whole wait gives up. */
			pr_warn("%s: still waiting for %s after %llu s: its state is %d", fe->node,
				fe->backend[0] ? fe->backend : "its backend",
				(unsigned long long)((time_now_ns() - started) / FRONTEND_SECOND),
				(int)s);
			next_note += FRONTEND_SLOW_NS;
			continue;
		}
		if (rc < 0)
			return rc;
		kfree(path);
	}
}

bool frontend_backend_gone(struct frontend *fe)
{
	bool changed = false;
	XenbusState s;

	if (!fe->backend_watch)
		return true;
	while (xenbus_watch_pending(fe->backend_watch)) {
		char *path;
		if (xenbus_watch_wait(fe->backend_watch, &path, 0) == 0)
			kfree(path);
		changed = true;
	}
	if (!changed && !fe->backend_leaving)
		return false;
	s = frontend_backend_state(fe);
	fe->backend_leaving =
		s == XenbusStateClosing || s == XenbusStateClosed || s == XenbusStateUnknown;
	if (fe->backend_leaving)
		pr_info("%s: backend %s is going away (state %d)", fe->node, fe->backend, s);
	return fe->backend_leaving;
}

int frontend_backend_ulong(struct frontend *fe, const char *key, unsigned long *value)
{
	char path[192];

	format_buf(path, sizeof(path), "%s/%s", fe->backend, key);
	return xenbus_read_ulong(XBT_NIL, path, value);
}

int frontend_backend_read(struct frontend *fe, const char *key, char **value)
{
	char path[192];

	format_buf(path, sizeof(path), "%s/%s", fe->backend, key);
	return xenbus_read(XBT_NIL, path, value, NULL);
}

int frontend_write(struct frontend *fe, xenbus_transaction_t t, const char *key, const char *fmt,
		   ...)
{
	char path[128];
	va_list ap;
	int rc;

	format_buf(path, sizeof(path), "%s/%s", fe->node, key);
	va_start(ap, fmt);
	rc = xenbus_vprintf(t, path, fmt, ap);
	va_end(ap);
	return rc;
}

#define TRANSACTION_TRIES 10

/* Runs write(fe, t, ctx) inside a transaction, again while the commit
 * conflicts (-EAGAIN), at most TRANSACTION_TRIES times; a failing write
 * aborts. */
static int transaction(struct frontend *fe,
		       int (*write)(struct frontend *fe, xenbus_transaction_t t, void *ctx),
		       void *ctx)
{
	int rc;

	for (int attempt = 1;; attempt++) {
		xenbus_transaction_t t;

		if ((rc = xenbus_transaction_start(&t)) < 0) {
			pr_err("%s: starting a transaction: %s", fe->node, errno_name(rc));
			return rc;
		}
		if ((rc = write(fe, t, ctx)) < 0) {
			pr_err("%s: writing keys: %s", fe->node, errno_name(rc));
			xenbus_transaction_end(t, true);
			return rc;
		}
		rc = xenbus_transaction_end(t, false);
		if (rc == 0)
			return 0;
		if (rc != -EAGAIN || attempt == TRANSACTION_TRIES) {
			pr_err("%s: committing (attempt %d): %s", fe->node, attempt,
			       errno_name(rc));
			return rc;
		}
		pr_debug("%s: transaction conflicted, retrying", fe->node);
	}
}

int frontend_grant_page(struct frontend *fe, bool readonly, void **page, int *ref)
{
	int rc;

	*ref = -1;
	*page = page_alloc(1);
	if (!*page) {
		pr_err("%s: out of memory for a shared page", fe->node);
		return -ENOMEM;
	}
	memset(*page, 0, PAGE_SIZE);
	rc = gnttab_grant_access(fe->backend_id, pfn_to_mfn(virt_to_pfn(*page)), readonly);
	if (rc < 0) {
		pr_err("%s: granting a page: %s", fe->node, errno_name(rc));
		return rc;
	}
	*ref = rc;
	return 0;
}

bool frontend_release_page(struct frontend *fe, void *page, int *ref, uint64_t deadline_ns)
{
	if (*ref >= 0) {
		int rc;

		while ((rc = gnttab_end_access((grant_ref_t)*ref)) == -EBUSY &&
		       time_now_ns() < deadline_ns)
			time_sleep_ns(10000000ull);
		if (rc < 0) {
			pr_err("%s: the backend still maps grant %d; its page is kept", fe->node,
			       *ref);
			return false;
		}
		*ref = -1;
	}
	if (page)
		page_free(page, 1);
	return true;
}

int frontend_close(struct frontend *fe, uint64_t timeout_ns)
{
	/* A backend that is gone (Unknown) has nothing left to follow. */
	const unsigned gone = STATE_BIT(XenbusStateUnknown);
	uint64_t deadline = time_now_ns() + timeout_ns;
	int rc = frontend_set_state(fe, XenbusStateClosing);

	if (rc < 0) {
		frontend_release(fe);
		return rc;
	}
	if (frontend_wait_state(fe,
				gone | STATE_BIT(XenbusStateClosing) | STATE_BIT(XenbusStateClosed),
				deadline, 0) < 0)
		pr_warn("%s: backend did not follow the close", fe->node);
	rc = frontend_set_state(fe, XenbusStateClosed);
	/* Backends let go of shared pages when they reach Closed. */
	if (frontend_wait_state(fe, gone | STATE_BIT(XenbusStateClosed), deadline, 0) < 0)
		pr_warn("%s: backend did not reach Closed", fe->node);
	frontend_release(fe);
	return rc;
}

static void event(evtchn_port_t port, void *data)
{
	struct frontend *fe = data;

	wake_up(&fe->wq);
	poll_signal(fe->notify);
}

void frontend_notify(struct frontend *fe, struct poll_source *src)
{
	fe->notify = src;
	poll_signal(src);
}

/* The states in which a backend offers a connection. */
#define OFFERING                                                              \
	(STATE_BIT(XenbusStateInitWait) | STATE_BIT(XenbusStateInitialised) | \
	 STATE_BIT(XenbusStateConnected))

int frontend_connect(struct frontend *fe, const char *type, unsigned id,
		     const struct frontend_ops *ops, void *ctx)
{
	const char *step;
	int rc;

	if ((rc = frontend_open(fe, type, id)) < 0) {
		step = "opening";
		goto fail;
	}
	/* A backend that served an earlier connection may stay Closed for a
	 * while after our Initialising: waited through, not an error. */
	step = "waiting for the backend to offer a connection";
	if (ops->wait_initwait &&
	    (rc = frontend_wait_state(fe, OFFERING, time_now_ns() + FRONTEND_HANDSHAKE_NS, 0)) < 0)
		goto fail;
	step = "allocating the event channel";
	if (ops->event_channel &&
	    (rc = fe->port = evtchn_alloc_unbound(fe->backend_id, event, fe)) < 0)
		goto fail;
	step = "granting the ring page";
	if (ops->ring_page && (rc = frontend_grant_page(fe, false, &fe->ring, &fe->ring_ref)) < 0)
		goto fail;
	step = "setting up the rings";
	if (ops->setup && (rc = ops->setup(fe, ctx)) < 0)
		goto fail;
	step = "publishing the rings";
	if ((rc = transaction(fe, ops->write_keys, ctx)) < 0)
		goto fail;
	step = "announcing Initialised";
	if ((rc = frontend_set_state(fe, XenbusStateInitialised)) < 0)
		goto fail;
	step = "announcing Connected";
	if (ops->connected_first && (rc = frontend_set_state(fe, XenbusStateConnected)) < 0)
		goto fail;
	step = "waiting for the backend to connect";
	if ((rc = frontend_wait_state(fe, STATE_BIT(XenbusStateConnected),
				      time_now_ns() + FRONTEND_HANDSHAKE_NS,
				      FRONTEND_ABORT_ON_CLOSE)) < 0)
		goto fail;
	step = "reading the backend's features";
	if (ops->connected && (rc = ops->connected(fe, ctx)) < 0)
		goto fail;
	step = "announcing Connected";
	if (!ops->connected_first && (rc = frontend_set_state(fe, XenbusStateConnected)) < 0)
		goto fail;
	return 0;
fail:
	pr_err("%s: connecting to %s failed %s (state %d): %s", fe->node,
	       fe->backend[0] ? fe->backend : "its backend", step, (int)frontend_backend_state(fe),
	       errno_name(rc));
	frontend_disconnect(fe, ops, ctx);
	return rc;
}

void frontend_disconnect(struct frontend *fe, const struct frontend_ops *ops, void *ctx)
{
	int rc;

	if (fe->backend_watch && (rc = frontend_close(fe, FRONTEND_CLOSE_NS)) < 0)
		pr_warn("%s: closing handshake: %s", fe->node, errno_name(rc));
	frontend_release(fe); /* when the close gave up early */
	if (fe->port >= 0)
		evtchn_close((evtchn_port_t)fe->port);
	fe->port = -1;
	if (ops->teardown)
		ops->teardown(fe, ctx);
	frontend_release_page(fe, fe->ring, &fe->ring_ref, time_now_ns() + FRONTEND_CLOSE_NS);
	fe->ring = NULL;
}

int frontend_leave_for_successor(const char *type, unsigned id, uint64_t timeout_ns)
{
	struct frontend fe;
	int rc = frontend_open(&fe, type, id);

	if (rc < 0)
		return rc;
	rc = frontend_wait_state(&fe, STATE_BIT(XenbusStateInitWait), time_now_ns() + timeout_ns,
				 FRONTEND_ABORT_ON_CLOSE);
	if (rc < 0)
		pr_warn("%s: backend did not offer a new connection: %s", fe.node, errno_name(rc));
	frontend_release(&fe);
	return rc < 0 ? rc : 0;
}
