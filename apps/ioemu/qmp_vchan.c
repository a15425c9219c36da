/*
 * QMP on a vchan (qmp_vchan.h): Xen's libxenvchan (mk/libvchan.mk) as
 * the server, over the libxc subset; a connection's life read from the
 * shared page's cli_live byte (2: no client yet, 1: connected, 0: gone);
 * bytes moved between the rings and the session (apps/ioemu/qmp.c)
 * without blocking, on the device model's one wait.
 */
#define LOG_TAG "qmp"
#include "apps/ioemu/qmp_vchan.h"

#include "kernel/log.h"
#include "kernel/poll.h"
#include "sys/xc/xc_extensions.h"

#include <errno.h>
#include <libxenvchan.h>
#include <stdio.h>
#include <stdlib.h>

/* libxenvchan's ring sizes when asked for the smallest: 1024 bytes from
 * the client, 2048 to it, both inside the shared page. */
#define READ_CHUNK 1024

struct qmp_vchan {
	struct libxenvchan *ctrl;
	struct poll_source src;
	struct qmp_session session;
	bool connected; /* a client's cli_live 1 seen and not yet its 0 */
	unsigned long connections;
	unsigned long messages; /* answered in earlier connections */
	size_t pending_len, pending_off;
	char pending[READ_CHUNK]; /* read from the ring, not yet taken by the session */
};

#define ONCE(x) (*(volatile __typeof__(x) *)&(x))

int qmp_vchan_path(char *buf, size_t size, unsigned stub_domid, unsigned guest_domid)
{
	int n = snprintf(buf, size, "/local/domain/%u/device-model/%u/qmp-vchan", stub_domid,
			 guest_domid);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

unsigned long qmp_vchan_connections(const struct qmp_vchan *qv)
{
	return qv->connections;
}

unsigned long qmp_vchan_messages(const struct qmp_vchan *qv)
{
	return qv->messages + (qv->connected ? qv->session.commands : 0);
}

/* The client left (its close or its unmap notification cleared cli_live):
 * what it did not read or we did not take is dropped, so that the next
 * client starts on empty rings. */
static void client_gone(struct qmp_vchan *qv)
{
	struct vchan_interface *ring = qv->ctrl->ring;

	pr_info("client %lu gone after %lu message(s)", qv->connections, qv->session.commands);
	qv->messages += qv->session.commands;
	qv->connected = false;
	qv->pending_len = qv->pending_off = 0;
	qmp_session_fini(&qv->session);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	ONCE(ring->left.cons) = ONCE(ring->left.prod);
	ONCE(ring->right.cons) = ONCE(ring->right.prod);
}

static void client_came(struct qmp_vchan *qv)
{
	int rc;

	qv->connected = true;
	qv->connections++;
	pr_info("client %lu connected", qv->connections);
	rc = qmp_session_start(&qv->session);
	if (rc < 0) {
		pr_err("client %lu: no greeting: %d", qv->connections, rc);
		qv->session.state = QMP_CLOSING;
	}
}

/* Moves replies into the ring; true when some went. */
static bool send_output(struct qmp_vchan *qv)
{
	size_t len;
	const void *out = qmp_session_output(&qv->session, &len);
	int space, n;

	if (!len)
		return false;
	space = libxenvchan_buffer_space(qv->ctrl);
	if (space <= 0)
		return false;
	if ((size_t)space < len)
		len = (size_t)space;
	n = libxenvchan_write(qv->ctrl, out, len);
	if (n < 0) {
		pr_warn("client %lu: writing the ring failed", qv->connections);
		return false;
	}
	qmp_session_output_done(&qv->session, (size_t)n);
	return n > 0;
}

/* Reads what the client sent into pending (when it is empty); true when
 * some came. A session that is closing has it thrown away. */
static bool read_input(struct qmp_vchan *qv)
{
	int ready, n;

	if (qv->session.state == QMP_CLOSING)
		qv->pending_len = qv->pending_off = 0;
	if (qv->pending_off < qv->pending_len)
		return false;
	ready = libxenvchan_data_ready(qv->ctrl);
	if (ready <= 0)
		return false;
	n = libxenvchan_read(qv->ctrl, qv->pending,
			     (size_t)ready < sizeof(qv->pending) ? (size_t)ready
								 : sizeof(qv->pending));
	if (n <= 0)
		return false;
	/* Room was made: say so even when the client did not ask (libxenvchan
	 * notifies only then). vchan-socket-proxy, at the end of its socket's
	 * input, writes its last bytes and then waits for an event without
	 * asking for one, and would wait for ever (seen on the test bed after
	 * a flood: it then never took its next connection). */
	xenevtchn_notify(qv->ctrl->event, qv->ctrl->event_port);
	qv->pending_off = 0;
	qv->pending_len = qv->session.state == QMP_CLOSING ? 0 : (size_t)n;
	return true;
}

/* Gives the session what is pending (or nothing, to run what it held
 * back); true when it took some or answered. */
static bool feed_session(struct qmp_vchan *qv)
{
	size_t before, after, taken;
	int rc;

	if (qv->session.state == QMP_CLOSING)
		return false;
	qmp_session_output(&qv->session, &before);
	rc = qmp_session_input(&qv->session, qv->pending + qv->pending_off,
			       qv->pending_len - qv->pending_off, &taken);
	qv->pending_off += taken;
	if (rc == -EMSGSIZE)
		pr_warn("client %lu sent %u bytes without a whole message: ignoring it until it "
			"goes",
			qv->connections, (unsigned)QMP_STREAM_MAX);
	else if (rc < 0) {
		pr_err("client %lu: session failed (%d): ignoring it until it goes",
		       qv->connections, rc);
		qv->session.state = QMP_CLOSING;
	}
	qmp_session_output(&qv->session, &after);
	return taken > 0 || after != before;
}

void qmp_vchan_serve(struct qmp_vchan *qv)
{
	uint8_t live = ONCE(qv->ctrl->ring->cli_live);

	if (qv->connected && live != 1)
		client_gone(qv);
	if (!qv->connected) {
		if (live != 1)
			return;
		client_came(qv);
	}
	for (bool progress = true; progress;) {
		progress = send_output(qv);
		progress |= read_input(qv);
		progress |= feed_session(qv);
	}
}

static void on_event(struct poll_source *src, void *arg)
{
	struct qmp_vchan *qv = arg;
	xenevtchn_port_or_error_t port;

	while ((port = xenevtchn_pending(qv->ctrl->event)) >= 0)
		xenevtchn_unmask(qv->ctrl->event, (evtchn_port_t)port);
	qmp_vchan_serve(qv);
}

int qmp_vchan_open(struct qmp_vchan **out, struct poll_set *ps, unsigned client_domid,
		   const char *xs_path, const struct qmp_ops *ops, void *ctx,
		   const struct qmp_version *version)
{
	struct qmp_vchan *qv = calloc(1, sizeof(*qv));

	if (!qv) {
		pr_err("no memory for the QMP server");
		return -ENOMEM;
	}
	/* The smallest rings: in the shared page itself. */
	errno = 0;
	qv->ctrl = libxenvchan_server_init(NULL, (int)client_domid, xs_path, 0, 0);
	if (!qv->ctrl) {
		int err = errno ? errno : EIO;

		pr_err("vchan server at %s for domain %u: %d", xs_path, client_domid, -err);
		free(qv);
		return -err;
	}
	qv->ctrl->blocking = 0;
	qmp_session_init(&qv->session, ops, ctx, version);
	poll_add(ps, &qv->src, "qmp", on_event, qv);
	xenevtchn_poll_source(qv->ctrl->event, &qv->src);
	pr_info("serving QMP at %s for domain %u (port %u)", xs_path, client_domid,
		qv->ctrl->event_port);
	*out = qv;
	return 0;
}

void qmp_vchan_close(struct qmp_vchan *qv)
{
	if (!qv)
		return;
	xenevtchn_poll_source(qv->ctrl->event, NULL);
	poll_remove(&qv->src);
	libxenvchan_close(qv->ctrl);
	qmp_session_fini(&qv->session);
	free(qv);
}
