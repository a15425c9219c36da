/*
 * blkfront's xenstore side, as callbacks of the common connect sequence
 * (frontend_connect): its ring page, the keys it publishes, and the disk's
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

static int write_keys(struct frontend *fe, xenbus_transaction_t t, void *ctx)
{
	int rc;

	if ((rc = frontend_write(fe, t, "ring-ref", "%d", fe->ring_ref)) < 0 ||
	    (rc = frontend_write(fe, t, "event-channel", "%d", fe->port)) < 0)
		return rc;
	return frontend_write(fe, t, "protocol", "%s", XEN_IO_PROTO_ABI_X86_64);
}

static int read_geometry(struct frontend *fe, void *ctx)
{
	struct blkfront *dev = ctx;
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
	pr_info("%s: %llu sectors of %u bytes%s%s", fe->node, (unsigned long long)dev->sectors,
		dev->sector_size, dev->readonly ? ", read-only" : "",
		dev->can_flush ? ", flush" : "");
	return 0;
}

static int init_ring(struct frontend *fe, void *ctx)
{
	struct blkfront *dev = ctx;

	SHARED_RING_INIT((blkif_sring_t *)fe->ring);
	FRONT_RING_INIT(&dev->ring, (blkif_sring_t *)fe->ring, PAGE_SIZE);
	return 0;
}

/* blkback publishes the disk once it is Connected; it offers the
 * connection (InitWait) first. */
const struct frontend_ops blkfront_ops = {
	.wait_initwait = true,
	.ring_page = true,
	.event_channel = true,
	.setup = init_ring,
	.write_keys = write_keys,
	.connected = read_geometry,
};
