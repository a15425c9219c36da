/* The watch on control/shutdown and what its requests do (see shutdown_watch.h). */
#define LOG_TAG "shutdown"
#include "kernel/shutdown_watch.h"

#include "kernel/memory.h"
#include "kernel/log.h"
#include "kernel/sched.h"
#include "lib/errno.h"
#include "xen/hypervisor.h"
#include "xen/shutdown_request.h"
#include "xen/xenbus.h"

#include <stdbool.h>
#include <stdio.h>

#define CONTROL_SHUTDOWN  "control/shutdown"
#define TRANSACTION_TRIES 8

static struct xenbus_watch *watch;

/* The request in control/shutdown, acknowledged (the node cleared) when
 * it is one this kernel carries out. */
static int take_request(enum shutdown_request *r)
{
	*r = SHUTDOWN_REQUEST_NONE;
	for (int i = 0; i < TRANSACTION_TRIES; i++) {
		xenbus_transaction_t t;
		char *value = NULL;
		unsigned len = 0;
		int rc;

		if ((rc = xenbus_transaction_start(&t)) < 0)
			return rc;
		rc = xenbus_read(t, CONTROL_SHUTDOWN, &value, &len);
		if (rc < 0) {
			xenbus_transaction_end(t, true);
			return rc == -ENOENT ? 0 : rc;
		}
		*r = shutdown_request_parse(value, len);
		kfree(value);
		if (*r != SHUTDOWN_REQUEST_POWEROFF && *r != SHUTDOWN_REQUEST_REBOOT) {
			xenbus_transaction_end(t, true);
			return 0;
		}
		if ((rc = xenbus_write(t, CONTROL_SHUTDOWN, "", 0)) < 0) {
			xenbus_transaction_end(t, true);
			return rc;
		}
		rc = xenbus_transaction_end(t, false);
		if (rc != -EAGAIN)
			return rc;
	}
	return -EAGAIN;
}

static void carry_out(enum shutdown_request r)
{
	switch (r) {
	case SHUTDOWN_REQUEST_NONE:
		return;
	case SHUTDOWN_REQUEST_SUSPEND:
		pr_warn("the toolstack asks for suspend (xl save, xl migrate), which this domain "
			"cannot do; ignored");
		return;
	case SHUTDOWN_REQUEST_UNKNOWN:
		pr_warn("unknown request in " CONTROL_SHUTDOWN " ignored");
		return;
	case SHUTDOWN_REQUEST_POWEROFF:
	case SHUTDOWN_REQUEST_REBOOT:
		break;
	}
	pr_info("the toolstack asks for %s", shutdown_request_name(r));
	fflush(NULL);
	xen_shutdown(r == SHUTDOWN_REQUEST_REBOOT ? SHUTDOWN_reboot : SHUTDOWN_poweroff);
}

static void watch_thread(void *unused)
{
	(void)unused;
	for (;;) {
		enum shutdown_request r;
		char *path;
		int rc = xenbus_watch_wait(watch, &path, 0);

		if (rc < 0) {
			pr_err("waiting on " CONTROL_SHUTDOWN " failed: %s; requests go unseen",
			       errno_name(rc));
			return;
		}
		kfree(path);
		if ((rc = take_request(&r)) < 0) {
			pr_warn("cannot read " CONTROL_SHUTDOWN ": %s", errno_name(rc));
			continue;
		}
		carry_out(r);
	}
}

int shutdown_watch_start(void)
{
	struct thread *t;
	int rc;

	if (watch)
		return 0;
	if ((rc = xenbus_watch(CONTROL_SHUTDOWN, "shutdown", &watch)) < 0) {
		pr_err("cannot watch " CONTROL_SHUTDOWN ": %s", errno_name(rc));
		watch = NULL;
		return rc;
	}
	t = thread_create("shutdown", watch_thread, NULL);
	if (!t) {
		pr_err("no memory for the shutdown thread");
		xenbus_unwatch(watch);
		watch = NULL;
		return -ENOMEM;
	}
	thread_detach(t);
	/* What a PV kernel says it understands (the node is the guest's). */
	if (xenbus_write(XBT_NIL, "control/feature-poweroff", "1", 1) < 0 ||
	    xenbus_write(XBT_NIL, "control/feature-reboot", "1", 1) < 0)
		pr_warn("cannot write control/feature-poweroff and feature-reboot");
	return 0;
}
