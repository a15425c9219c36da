/*
 * netfront's xenstore side: finding the vif, reading its MAC address,
 * checking the backend's features, publishing our rings, event channel and
 * features (xen/io/netif.h) and the XenbusState handshake (xen/io/xenbus.h):
 * Initialising -> (backend InitWait) -> keys + Initialised -> Connected ->
 * (backend Connected); Closing -> (backend closes) -> Closed.
 * The rings themselves belong to netfront.c.
 */
#define LOG_TAG "netfront"
#include "drivers/netfront_priv.h"

#include "kernel/log.h"
#include "kernel/memory.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "xen/time.h"

#define SECOND		  1000000000ull
#define HANDSHAKE_TIMEOUT (30 * SECOND)
#define CLOSE_TIMEOUT	  (10 * SECOND)
#define MAX_VIFS	  32

static int read_mac(struct netfront *nf)
{
	char key[96], *value;
	unsigned len;
	int rc;

	/* The toolstack writes the MAC address into our own directory. */
	format_buf(key, sizeof(key), "%s/mac", nf->fe.node);
	rc = xenbus_read(XBT_NIL, key, &value, &len);
	if (rc < 0) {
		pr_err("%s: no MAC address: %s", nf->fe.node, errno_name(rc));
		return rc;
	}
	rc = mac_parse(value, len, nf->mac);
	if (rc < 0)
		pr_err("%s: malformed MAC address '%.32s'", nf->fe.node, value);
	kfree(value);
	return rc;
}

/* The backend's InitWait. Unlike frontend_wait_backend, Closed is waited
 * through: a backend that served an earlier connection stays Closed until
 * it sees our Initialising. */
static int wait_backend_initwait(struct netfront *nf)
{
	uint64_t deadline = time_now_ns() + HANDSHAKE_TIMEOUT;

	for (;;) {
		XenbusState s = frontend_backend_state(&nf->fe);
		char *path;
		int rc;

		if (s == XenbusStateInitWait)
			return 0;
		rc = xenbus_watch_wait(nf->fe.backend_watch, &path, deadline);
		if (rc < 0) {
			pr_err("%s: backend %s stayed in state %d, not InitWait: %s", nf->fe.node,
			       nf->fe.backend, s, errno_name(rc));
			return rc;
		}
		kfree(path);
	}
}

int netfront_xenbus_probe(struct netfront *nf, unsigned index)
{
	unsigned ids[MAX_VIFS];
	unsigned long rx_copy;
	int n, rc;

	n = frontend_list("vif", ids, MAX_VIFS);
	if (n < 0) {
		pr_err("listing device/vif: %s", errno_name(n));
		return n;
	}
	if (index >= (unsigned)n) {
		pr_err("no vif number %u: %d vif device(s)", index, n);
		return -ENODEV;
	}
	nf->id = ids[index];
	rc = frontend_open(&nf->fe, "vif", nf->id);
	if (rc < 0)
		return rc;
	nf->fe_open = true;
	if ((rc = read_mac(nf)) < 0)
		return rc;
	if ((rc = frontend_set_state(&nf->fe, XenbusStateInitialising)) < 0) {
		pr_err("%s: cannot set state Initialising: %s", nf->fe.node, errno_name(rc));
		return rc;
	}
	if ((rc = wait_backend_initwait(nf)) < 0)
		return rc;
	rc = frontend_backend_ulong(&nf->fe, "feature-rx-copy", &rx_copy);
	if (rc < 0 && rc != -ENOENT) {
		pr_err("%s: reading the backend's feature-rx-copy: %s", nf->fe.node,
		       errno_name(rc));
		return rc;
	}
	if (rc == -ENOENT || rx_copy != 1) {
		pr_err("%s: backend %s cannot copy received frames (no feature-rx-copy)",
		       nf->fe.node, nf->fe.backend);
		return -EPROTO;
	}
	pr_debug("%s: backend %s (domain %u) waits for us", nf->fe.node, nf->fe.backend,
		 nf->fe.backend_id);
	return 0;
}

static int write_keys(struct frontend *fe, xenbus_transaction_t t, void *ctx)
{
	struct netfront *nf = ctx;
	static const struct {
		const char *key;
		unsigned value;
	} features[] = {
		{ "request-rx-copy", 1 },	    /* the backend copies into our pages */
		{ "feature-rx-notify", 1 },	    /* we notify when we post rx buffers */
		{ "feature-sg", 0 },		    /* one slot per frame */
		{ "feature-gso-tcpv4", 0 },	    /* no segmentation offload */
		{ "feature-gso-tcpv6", 0 },	    /* ... */
		{ "feature-no-csum-offload", 1 },   /* frames come with their checksums */
		{ "feature-ipv6-csum-offload", 0 }, /* ... */
	};
	int rc;

	if ((rc = frontend_write(&nf->fe, t, "tx-ring-ref", "%d", nf->tx_ring_ref)) < 0 ||
	    (rc = frontend_write(&nf->fe, t, "rx-ring-ref", "%d", nf->rx_ring_ref)) < 0 ||
	    (rc = frontend_write(&nf->fe, t, "event-channel", "%d", nf->port)) < 0)
		return rc;
	for (unsigned i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
		rc = frontend_write(&nf->fe, t, features[i].key, "%u", features[i].value);
		if (rc < 0)
			return rc;
	}
	return frontend_write(&nf->fe, t, "state", "%d", (int)XenbusStateInitialised);
}

int netfront_xenbus_connect(struct netfront *nf)
{
	int rc;

	if ((rc = frontend_transaction(&nf->fe, write_keys, nf)) < 0) {
		pr_err("%s: publishing the rings: %s", nf->fe.node, errno_name(rc));
		return rc;
	}
	if ((rc = frontend_set_state(&nf->fe, XenbusStateConnected)) < 0) {
		pr_err("%s: cannot set state Connected: %s", nf->fe.node, errno_name(rc));
		return rc;
	}
	rc = frontend_wait_backend(&nf->fe, STATE_BIT(XenbusStateConnected), HANDSHAKE_TIMEOUT);
	if (rc < 0) {
		pr_err("%s: backend %s did not connect: %s", nf->fe.node, nf->fe.backend,
		       errno_name(rc));
		return rc;
	}
	return 0;
}

void netfront_xenbus_close(struct netfront *nf)
{
	int rc;

	if (!nf->fe_open)
		return;
	rc = frontend_close(&nf->fe, CLOSE_TIMEOUT);
	if (rc < 0)
		pr_warn("%s: closing handshake: %s", nf->fe.node, errno_name(rc));
	frontend_release(&nf->fe); /* when frontend_close gave up early */
	nf->fe_open = false;
}
