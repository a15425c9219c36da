/* The network cards' links over the stub's vifs (see nic_xen.h). */
#define LOG_TAG "ioemu"
#include "apps/ioemu/nic_xen.h"

#include "apps/ioemu/machine.h"

#include "drivers/netfront.h"
#include "kernel/log.h"
#include "lib/errno.h"
#include "xen/time.h"

#include <string.h>

/* The boot ROMs (mk/pxerom.mk). */
extern const uint8_t pxerom_rtl8139_start[], pxerom_rtl8139_end[];
extern const uint8_t pxerom_e1000_start[], pxerom_e1000_end[];

/* Frames moved into a card per event before the others get their turn. */
enum { RX_BATCH = 64 };

static int link_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct nic_xen_port *port = ctx;
	int rc;

	if (!port->nf)
		return -ENOTCONN;
	rc = netfront_try_send(port->nf, frame, len);
	if (rc == -EAGAIN)
		port->tx_blocked = true; /* the vif's event resumes the card */
	else if (rc == -EPROTO && !port->broken) {
		port->broken = true;
		pr_err("nic%u: the vif's backend broke the ring protocol; its frames are dropped",
		       port->index);
	}
	return rc;
}

static void link_rx_ready(void *ctx)
{
	struct nic_xen_port *port = ctx;

	if (port->held_len)
		poll_signal(&port->src);
}

static uint64_t link_now(void *ctx)
{
	(void)ctx;
	return time_now_ns();
}

static void link_unplugged(void *ctx)
{
	struct nic_xen_port *port = ctx;

	port->unplugged = true;
	poll_signal(&port->src); /* closed from the loop, not inside a request */
}

static void close_port(struct nic_xen_port *port)
{
	struct netfront_stats st;

	if (!port->nf)
		return;
	netfront_stats(port->nf, &st);
	pr_info("nic%u unplugged by the guest: its vif closes (%llu frames sent, %llu received)",
		port->index, (unsigned long long)st.tx_frames, (unsigned long long)st.rx_frames);
	netfront_close(port->nf);
	port->nf = NULL;
	port->held_len = 0;
}

/* Frames from the vif into the card, until one finds no room (it waits
 * in held[]) or the batch is done. */
static void deliver(struct nic_xen_port *port)
{
	struct machine *m = port->owner->machine;

	for (unsigned n = 0; n < RX_BATCH; n++) {
		int rc;

		if (!port->held_len) {
			rc = netfront_try_receive(port->nf, port->held, sizeof(port->held));
			if (rc == -EAGAIN)
				return;
			if (rc == -EMSGSIZE) {
				if (++port->rx_oversized <= 8)
					pr_warn("nic%u: a frame longer than %d bytes was dropped",
						port->index, NIC_MAX_FRAME);
				continue;
			}
			if (rc < 0) {
				if (!port->broken)
					pr_err("nic%u: receiving from the vif failed: %s; the card "
					       "gets no more frames",
					       port->index, errno_name(rc));
				port->broken = true;
				return;
			}
			port->held_len = (size_t)rc;
		}
		rc = machine_nic_receive(m, port->index, port->held, port->held_len);
		if (rc == -ENOBUFS)
			return;
		port->held_len = 0;
	}
	poll_signal(&port->src); /* more may wait: after the others' turn */
}

static void port_event(struct poll_source *src, void *arg)
{
	struct nic_xen_port *port = arg;

	(void)src;
	if (port->unplugged) {
		close_port(port);
		return;
	}
	if (!port->nf || !port->owner->machine)
		return;
	if (port->tx_blocked) {
		port->tx_blocked = false;
		machine_nic_tx_resume(port->owner->machine, port->index);
	}
	if (!port->broken)
		deliver(port);
}

int nic_xen_open(struct nic_xen *nx, const struct ioemu_config *cfg, struct poll_set *ps)
{
	memset(nx, 0, sizeof(*nx));
	for (unsigned i = 0; i < cfg->n_nics; i++) {
		struct nic_xen_port *port = &nx->ports[i];
		uint8_t mac[6];
		int rc;

		port->owner = nx;
		port->index = i;
		port->model = cfg->nics[i].model;
		port->link = (struct nic_link){ port, link_send, link_rx_ready, link_now,
						link_unplugged };
		rc = netfront_open(i, &port->nf);
		if (rc < 0) {
			pr_err("nic%u: the stub's vif %u cannot be used: %s", i, i, errno_name(rc));
			return rc;
		}
		rc = netfront_mac(port->nf, mac);
		if (rc < 0 || memcmp(mac, cfg->nics[i].mac, 6) != 0) {
			pr_err("nic%u: the stub's vif %u has another MAC than the card's "
			       "%02x:%02x:%02x:%02x:%02x:%02x",
			       i, i, cfg->nics[i].mac[0], cfg->nics[i].mac[1], cfg->nics[i].mac[2],
			       cfg->nics[i].mac[3], cfg->nics[i].mac[4], cfg->nics[i].mac[5]);
			return rc < 0 ? rc : -EINVAL;
		}
		poll_add(ps, &port->src, "nic", port_event, port);
		netfront_notify(port->nf, &port->src);
		nx->n++;
	}
	return 0;
}

int nic_xen_attach(struct nic_xen *nx, struct machine *m)
{
	nx->machine = m;
	for (unsigned i = 0; i < nx->n; i++) {
		int rc = machine_connect_nic(m, i, &nx->ports[i].link);

		if (rc < 0) {
			pr_err("nic%u: the machine has no such card", i);
			return rc;
		}
		rc = nx->ports[i].model == IOEMU_NIC_RTL8139
			     ? machine_attach_nic_rom(
				       m, i, pxerom_rtl8139_start,
				       (uint32_t)(pxerom_rtl8139_end - pxerom_rtl8139_start))
			     : machine_attach_nic_rom(
				       m, i, pxerom_e1000_start,
				       (uint32_t)(pxerom_e1000_end - pxerom_e1000_start));
		if (rc < 0) {
			pr_err("nic%u: its boot ROM cannot be attached: %s", i, errno_name(rc));
			return rc;
		}
		poll_signal(&nx->ports[i].src); /* frames that came before */
	}
	return 0;
}

void nic_xen_tick(struct nic_xen *nx)
{
	for (unsigned i = 0; i < nx->n; i++)
		if (nx->ports[i].held_len || nx->ports[i].tx_blocked)
			poll_signal(&nx->ports[i].src);
}
