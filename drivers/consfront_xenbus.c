/*
 * consfront's xenstore side: the ring page (granted) and event channel
 * published for the console backend (dom0's QEMU), and the handshake.
 */
#define LOG_TAG "consfront"
#include "drivers/consfront_priv.h"

#include "arch/x86_64/mm.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "xen/grant_table.h"
#include "xen/time.h"

#define HANDSHAKE_NS (20 * 1000000000ull)

static int write_keys(struct frontend *fe, xenbus_transaction_t t, void *ctx)
{
	struct consfront *con = ctx;
	int rc = frontend_write(fe, t, "ring-ref", "%d", con->ring_ref);

	return rc < 0 ? rc : frontend_write(fe, t, "port", "%d", con->port);
}

int consfront_connect(struct consfront *con, unsigned n)
{
	char key[96], *name;
	int rc;

	con->ring_ref = -1;
	con->port = -1;
	if (n == 0)
		return -EINVAL; /* console 0 is start_info's */
	if ((rc = frontend_open(&con->fe, "console", n)) < 0)
		return rc;
	format_buf(key, sizeof(key), "%s/name", con->fe.node);
	if (xenbus_read(XBT_NIL, key, &name, NULL) == 0) {
		format_buf(con->name, sizeof(con->name), "%s", name);
		kfree(name);
	}
	if ((rc = frontend_grant_page(&con->fe, false, (void **)&con->ring, &con->ring_ref)) < 0)
		goto fail;
	con->port = evtchn_alloc_unbound(con->fe.backend_id, consfront_event, con);
	if (con->port < 0) {
		rc = con->port;
		goto fail;
	}
	if ((rc = frontend_transaction(&con->fe, write_keys, con)) < 0 ||
	    (rc = frontend_set_state(&con->fe, XenbusStateInitialised)) < 0)
		goto fail;
	rc = frontend_wait_backend(&con->fe, STATE_BIT(XenbusStateConnected), HANDSHAKE_NS);
	if (rc < 0)
		goto fail;
	if ((rc = frontend_set_state(&con->fe, XenbusStateConnected)) < 0)
		goto fail;
	pr_info("%s connected%s%s", con->fe.node, con->name[0] ? ": " : "", con->name);
	return 0;
fail:
	pr_err("%s: connecting failed: %s", con->fe.node, errno_name(rc));
	consfront_disconnect(con);
	return rc;
}

void consfront_disconnect(struct consfront *con)
{
	if (con->fe.backend_watch)
		frontend_close(&con->fe, HANDSHAKE_NS);
	if (con->port >= 0)
		evtchn_close((evtchn_port_t)con->port);
	frontend_release_page(&con->fe, con->ring, &con->ring_ref, time_now_ns() + HANDSHAKE_NS);
	con->port = -1;
	con->ring_ref = -1;
	con->ring = NULL;
}
