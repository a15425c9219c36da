/*
 * consfront's datapath: raw bytes out through the "out" ring and in
 * through the "in" ring of a xencons_interface. Indices written by the
 * backend are read once and checked; impossible ones stop the transfer.
 */
#define LOG_TAG "consfront"
#include "drivers/consfront_priv.h"

#include "kernel/log.h"
#include "kernel/memory.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "xen/time.h"

void consfront_notify(struct consfront *con, struct poll_source *src)
{
	frontend_notify(&con->fe, src);
}

static bool out_has_room(void *arg)
{
	struct consfront *con = arg;
	XENCONS_RING_IDX cons = cons_ring(con)->out_cons, prod = cons_ring(con)->out_prod;

	return prod - cons < sizeof(cons_ring(con)->out) ||
	       prod - cons > sizeof(cons_ring(con)->out);
}

static bool in_has_data(void *arg)
{
	struct consfront *con = arg;

	return cons_ring(con)->in_prod != cons_ring(con)->in_cons;
}

long consfront_try_write(struct consfront *con, const void *buf, size_t len)
{
	const char *p = buf;
	size_t done = 0;
	XENCONS_RING_IDX cons, prod, used;

	if (!cons_ring(con))
		return -ENODEV;
	if (len == 0)
		return 0;
	cons = cons_ring(con)->out_cons;
	prod = cons_ring(con)->out_prod;
	mb();
	used = prod - cons;
	if (used > sizeof(cons_ring(con)->out)) {
		con->bad_indices++;
		pr_err("%s: output ring indices out of range", con->fe.node);
		return -EIO;
	}
	if (used == sizeof(cons_ring(con)->out)) {
		evtchn_notify((evtchn_port_t)con->fe.port);
		return -EAGAIN;
	}
	while (done < len && used < sizeof(cons_ring(con)->out)) {
		cons_ring(con)->out[MASK_XENCONS_IDX(prod, cons_ring(con)->out)] = p[done++];
		prod++;
		used++;
	}
	wmb();
	cons_ring(con)->out_prod = prod;
	evtchn_notify((evtchn_port_t)con->fe.port);
	return (long)done;
}

long consfront_write(struct consfront *con, const void *buf, size_t len, uint64_t deadline_ns)
{
	const char *p = buf;
	size_t done = 0;

	while (done < len) {
		long n = consfront_try_write(con, p + done, len - done);

		if (n == -EAGAIN) {
			if (!wait_until(&con->fe.wq, out_has_room, con, deadline_ns))
				return done ? (long)done : -ETIMEDOUT;
			continue;
		}
		if (n < 0)
			return n;
		done += (size_t)n;
	}
	return (long)done;
}

long consfront_try_read(struct consfront *con, void *buf, size_t len)
{
	char *p = buf;
	size_t done = 0;
	XENCONS_RING_IDX cons, prod;

	if (!cons_ring(con))
		return -ENODEV;
	if (len == 0)
		return 0;
	cons = cons_ring(con)->in_cons;
	prod = cons_ring(con)->in_prod;
	rmb();
	if (prod - cons > sizeof(cons_ring(con)->in)) {
		con->bad_indices++;
		pr_err("%s: input ring indices out of range", con->fe.node);
		return -EIO;
	}
	if (cons == prod)
		return -EAGAIN;
	while (cons != prod && done < len)
		p[done++] = cons_ring(con)->in[MASK_XENCONS_IDX(cons++, cons_ring(con)->in)];
	mb();
	cons_ring(con)->in_cons = cons;
	evtchn_notify((evtchn_port_t)con->fe.port);
	return (long)done;
}

long consfront_read(struct consfront *con, void *buf, size_t len, uint64_t deadline_ns)
{
	long n;

	while ((n = consfront_try_read(con, buf, len)) == -EAGAIN)
		if (!wait_until(&con->fe.wq, in_has_data, con, deadline_ns))
			return -ETIMEDOUT;
	return n;
}

int consfront_list(unsigned *ids, unsigned max)
{
	unsigned all[64];
	int n = frontend_list("console", all, 64), count = 0;

	for (int i = 0; i < n; i++)
		if (all[i] != 0 && count < (int)max)
			ids[count++] = all[i];
	return n < 0 ? n : count;
}

int consfront_open(unsigned n, struct consfront **out)
{
	struct consfront *con;
	int rc;

	if (n == 0) {
		pr_err("console 0 is start_info's, not a consfront device");
		return -EINVAL;
	}
	con = kcalloc(1, sizeof(*con));
	if (!con)
		return -ENOMEM;
	rc = frontend_connect(&con->fe, "console", n, &consfront_ops, con);
	if (rc < 0) {
		kfree(con);
		return rc;
	}
	pr_info("%s connected%s%s", con->fe.node, con->name[0] ? ": " : "", con->name);
	*out = con;
	return 0;
}

void consfront_close(struct consfront *con)
{
	frontend_disconnect(&con->fe, &consfront_ops, con);
	kfree(con);
}

const char *consfront_name(const struct consfront *con)
{
	return con->name;
}
