/*
 * netfront's xenstore side, as callbacks of the common connect sequence
 * (frontend_connect): finding the vif, reading its MAC address, checking
 * the backend's features, publishing our rings, event channel and features
 * (xen/io/netif.h). netback connects only once it sees us Connected, so
 * the sequence says Connected before waiting for it. The rings themselves
 * belong to netfront.c.
 */
#define LOG_TAG "netfront"
#include "drivers/netfront_priv.h"

#include "kernel/log.h"
#include "kernel/memory.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "xen/time.h"

#define MAX_VIFS 32

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

/* After the backend's InitWait: our MAC address, the backend's
 * feature-rx-copy, then the rings (netfront.c). */
static int setup(struct frontend *fe, void *ctx)
{
	struct netfront *nf = ctx;
	unsigned long rx_copy;
	int rc;

	if ((rc = read_mac(nf)) < 0)
		return rc;
	rc = frontend_backend_ulong(fe, "feature-rx-copy", &rx_copy);
	if (rc < 0 && rc != -ENOENT) {
		pr_err("%s: reading the backend's feature-rx-copy: %s", fe->node, errno_name(rc));
		return rc;
	}
	if (rc == -ENOENT || rx_copy != 1) {
		pr_err("%s: backend %s cannot copy received frames (no feature-rx-copy)", fe->node,
		       fe->backend);
		return -EPROTO;
	}
	pr_debug("%s: backend %s (domain %u) waits for us", fe->node, fe->backend, fe->backend_id);
	return netfront_setup_rings(nf);
}

static void teardown(struct frontend *fe, void *ctx)
{
	netfront_release_rings(ctx);
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
	    (rc = frontend_write(&nf->fe, t, "event-channel", "%d", nf->fe.port)) < 0)
		return rc;
	for (unsigned i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
		rc = frontend_write(&nf->fe, t, features[i].key, "%u", features[i].value);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static const struct frontend_ops ops = {
	.wait_initwait = true,
	.connected_first = true,
	.event_channel = true,
	.setup = setup,
	.write_keys = write_keys,
	.teardown = teardown,
};

int netfront_xenbus_connect(struct netfront *nf, unsigned index)
{
	unsigned ids[MAX_VIFS];
	int n = frontend_list("vif", ids, MAX_VIFS);

	if (n < 0) {
		pr_err("listing device/vif: %s", errno_name(n));
		return n;
	}
	if (index >= (unsigned)n) {
		pr_err("no vif number %u: %d vif device(s)", index, n);
		return -ENODEV;
	}
	nf->id = ids[index];
	return frontend_connect(&nf->fe, "vif", nf->id, &ops, nf);
}

void netfront_xenbus_close(struct netfront *nf)
{
	frontend_disconnect(&nf->fe, &ops, nf);
}
