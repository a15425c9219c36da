/*
 * consfront's xenstore side, as callbacks of the common connect sequence
 * (frontend_connect): the ring page granted to the console backend (dom0's
 * QEMU) and the keys that publish it.
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

/* The name channels have (a console without one is fine). */
static int read_name(struct frontend *fe, void *ctx)
{
	struct consfront *con = ctx;
	char key[96], *name;

	format_buf(key, sizeof(key), "%s/name", fe->node);
	if (xenbus_read(XBT_NIL, key, &name, NULL) == 0) {
		format_buf(con->name, sizeof(con->name), "%s", name);
		kfree(name);
	}
	return 0;
}

static int write_keys(struct frontend *fe, xenbus_transaction_t t, void *ctx)
{
	int rc = frontend_write(fe, t, "ring-ref", "%d", fe->ring_ref);

	return rc < 0 ? rc : frontend_write(fe, t, "port", "%d", fe->port);
}

/* The console backend has no features to read. */
const struct frontend_ops consfront_ops = {
	.ring_page = true,
	.event_channel = true,
	.setup = read_name,
	.write_keys = write_keys,
};
