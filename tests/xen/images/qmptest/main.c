/*
 * In-guest test of QMP over a vchan (apps/ioemu/qmp_vchan.c): serves the
 * monitor at /local/domain/<own id>/data/qmp-vchan to dom0, where the
 * scenario's client talks to it through Debian's vchan-socket-proxy, as
 * libxl talks to a stub domain's device model. A pretend device model
 * stands behind it (two vCPUs, paused until "cont"). It runs until
 * `xl shutdown`; the glue logs each client coming and going.
 */
#include "apps/ioemu/qmp_vchan.h"

#include <stdio.h>
#include <stdlib.h>
#include <xenstore.h>

#include "kernel/poll.h"
#include "kernel/shutdown_watch.h"

struct pretend_dm {
	bool running;
};

static int dm_stop(void *ctx)
{
	((struct pretend_dm *)ctx)->running = false;
	printf("qmptest: guest paused\n");
	return 0;
}

static int dm_cont(void *ctx)
{
	((struct pretend_dm *)ctx)->running = true;
	printf("qmptest: guest resumed\n");
	return 0;
}

static bool dm_running(void *ctx)
{
	return ((struct pretend_dm *)ctx)->running;
}

static unsigned dm_vcpus(void *ctx)
{
	return 2;
}

static const struct qmp_ops ops = { dm_stop, dm_cont, dm_running, dm_vcpus, NULL };
static const struct qmp_version version = { 8, 0, 0, "stubdom-qmptest" };

int main(void)
{
	struct pretend_dm dm = { false };
	struct poll_set ps;
	struct qmp_vchan *qv;
	struct xs_handle *xs = xs_open(0);
	char *domid = xs ? xs_read(xs, XBT_NULL, "domid", NULL) : NULL;
	char path[96];
	int rc;

	if (!domid) {
		printf("qmptest: cannot read my domid\n");
		return 1;
	}
	snprintf(path, sizeof(path), "/local/domain/%s/data/qmp-vchan", domid);
	free(domid);
	xs_close(xs);
	rc = shutdown_watch_start();
	if (rc < 0) {
		printf("qmptest: no shutdown watch: %d\n", rc);
		return 1;
	}
	poll_init(&ps);
	rc = qmp_vchan_open(&qv, &ps, 0, path, &ops, &dm, &version);
	if (rc < 0) {
		printf("qmptest: cannot serve QMP: %d\n", rc);
		return 1;
	}
	printf("qmptest: serving QMP at %s\n", path);
	for (;;)
		poll_wait(&ps, 0);
}
