/*
 * blkfront's xenstore side: ring page and event channel published in a
 * transaction, the XenbusState handshake with blkback, and the disk's
 * geometry and features read from the backend.
 */
#define LOG_TAG "blkfront"
#include "drivers/blkfront_priv.h"

#include "arch/x86_64/mm.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "xen/grant_table.h"
#include "xen/time.h"

#include <xen/io/protocols.h>

#define HANDSHAKE_NS (20 * 1000000000ull)

static int write_keys(struct frontend *fe, xenbus_transaction_t t, void *ctx)
{
	struct blkfront *dev = ctx;
	int rc;

	if ((rc = frontend_write(fe, t, "ring-ref", "%d", dev->ring_ref)) < 0 ||
	    (rc = frontend_write(fe, t, "event-channel", "%d", dev->port)) < 0)
		return rc;
	return frontend_write(fe, t, "protocol", "%s", XEN_IO_PROTO_ABI_X86_64);
}

static int read_geometry(struct blkfront *dev)
{
	unsigned long v;
	char *mode = NULL;
	int rc;

	if ((rc = frontend_backend_ulong(&dev->fe, "sectors", &v)) < 0) {
		pr_err("%s: backend gives no size: %s", dev->fe.node, errno_name(rc));
		return rc;
	}
	dev->sectors = v;
	dev->sector_size = 512;
	if (frontend_backend_ulong(&dev->fe, "sector-size", &v) == 0) {
		if (v < 512 || v > 4096 || (v & (v - 1))) {
			pr_err("%s: unusable sector size %lu", dev->fe.node, v);
			return -EPROTO;
		}
		dev->sector_size = (unsigned)v;
	}
	if (frontend_backend_ulong(&dev->fe, "info", &v) == 0 && (v & VDISK_READONLY))
		dev->readonly = true;
	if (frontend_backend_read(&dev->fe, "mode", &mode) == 0) {
		if (strcmp(mode, "r") == 0)
			dev->readonly = true;
		kfree(mode);
	}
	dev->can_flush = frontend_backend_ulong(&dev->fe, "feature-flush-cache", &v) == 0 && v;
	dev->can_barrier = frontend_backend_ulong(&dev->fe, "feature-barrier", &v) == 0 && v;
	return 0;
}

int blkfront_connect(struct blkfront *dev, unsigned vdev)
{
	blkif_sring_t *sring;
	int rc;

	dev->vdev = vdev;
	dev->ring_ref = -1;
	dev->port = -1;
	if ((rc = frontend_open(&dev->fe, "vbd", vdev)) < 0)
		return rc;
	rc = frontend_wait_backend(&dev->fe,
				   STATE_BIT(XenbusStateInitWait) |
					   STATE_BIT(XenbusStateInitialised) |
					   STATE_BIT(XenbusStateConnected),
				   HANDSHAKE_NS);
	if (rc < 0)
		goto fail;
	if ((rc = frontend_grant_page(&dev->fe, false, &dev->ring_page, &dev->ring_ref)) < 0)
		goto fail;
	sring = dev->ring_page;
	SHARED_RING_INIT(sring);
	FRONT_RING_INIT(&dev->ring, sring, PAGE_SIZE);
	dev->port = evtchn_alloc_unbound(dev->fe.backend_id, blkfront_event, dev);
	if (dev->port < 0) {
		rc = dev->port;
		goto fail;
	}
	if ((rc = frontend_transaction(&dev->fe, write_keys, dev)) < 0 ||
	    (rc = frontend_set_state(&dev->fe, XenbusStateInitialised)) < 0)
		goto fail;
	rc = frontend_wait_backend(&dev->fe, STATE_BIT(XenbusStateConnected), HANDSHAKE_NS);
	if (rc < 0)
		goto fail;
	if ((rc = read_geometry(dev)) < 0)
		goto fail;
	if ((rc = frontend_set_state(&dev->fe, XenbusStateConnected)) < 0)
		goto fail;
	pr_info("%s: %llu sectors of %u bytes%s%s", dev->fe.node, (unsigned long long)dev->sectors,
		dev->sector_size, dev->readonly ? ", read-only" : "",
		dev->can_flush ? ", flush" : "");
	return 0;
fail:
	pr_err("%s: connecting failed: %s", dev->fe.node, errno_name(rc));
	blkfront_disconnect(dev);
	return rc;
}

void blkfront_disconnect(struct blkfront *dev)
{
	if (dev->fe.backend_watch)
		frontend_close(&dev->fe, HANDSHAKE_NS);
	if (dev->port >= 0)
		evtchn_close((evtchn_port_t)dev->port);
	frontend_release_page(&dev->fe, dev->ring_page, &dev->ring_ref,
			      time_now_ns() + HANDSHAKE_NS);
	dev->port = -1;
	dev->ring_ref = -1;
	dev->ring_page = NULL;
}
