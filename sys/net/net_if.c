/* lwIP's netif over netfront and the loop that runs the stack (see net_if.h). */
#define LOG_TAG "net"
#include "sys/net/net_if.h"

#include "drivers/netfront.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "lib/errno.h"
#include "xen/time.h"

#include "lwip/dhcp.h"
#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"

#define FRAME_MAX 1514 /* Ethernet header and a 1500-byte payload, no FCS */
#define MS	  1000000ull

struct net_if {
	struct netif netif;
	struct netfront *nf;
	uint8_t tx[FRAME_MAX];
	uint8_t rx[FRAME_MAX];
};

/* lwIP's output of one frame: gathered from its pbuf chain, then sent. */
static err_t link_output(struct netif *netif, struct pbuf *p)
{
	struct net_if *nif = netif->state;
	int rc;

	if (p->tot_len > FRAME_MAX) {
		pr_warn("frame of %u bytes not sent: longer than %u", p->tot_len, FRAME_MAX);
		return ERR_BUF;
	}
	pbuf_copy_partial(p, nif->tx, p->tot_len, 0);
	if ((rc = netfront_send(nif->nf, nif->tx, p->tot_len)) < 0) {
		pr_warn("sending a frame of %u bytes failed: %s", p->tot_len, errno_name(rc));
		return ERR_IF;
	}
	return ERR_OK;
}

static err_t netif_setup(struct netif *netif)
{
	struct net_if *nif = netif->state;
	int rc;

	if ((rc = netfront_mac(nif->nf, netif->hwaddr)) < 0) {
		pr_err("cannot read the vif's MAC address: %s", errno_name(rc));
		return ERR_IF;
	}
	netif->hwaddr_len = ETH_HWADDR_LEN;
	netif->mtu = 1500;
	netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
	netif->name[0] = 'x';
	netif->name[1] = 'n';
	netif->output = etharp_output;
	netif->linkoutput = link_output;
	return ERR_OK;
}

int net_if_open(unsigned index, struct net_if **out)
{
	static bool lwip_started;
	struct net_if *nif;
	int rc;

	if (!lwip_started) {
		lwip_init();
		lwip_started = true;
	}
	if (!(nif = kcalloc(1, sizeof(*nif))))
		return -ENOMEM;
	if ((rc = netfront_open(index, &nif->nf)) < 0) {
		kfree(nif);
		return rc;
	}
	if (!netif_add(&nif->netif, NULL, NULL, NULL, nif, netif_setup, ethernet_input)) {
		pr_err("lwIP refused vif %u", index);
		netfront_close(nif->nf);
		kfree(nif);
		return -EIO;
	}
	netif_set_default(&nif->netif);
	netif_set_link_up(&nif->netif);
	netif_set_up(&nif->netif);
	*out = nif;
	return 0;
}

struct netif *net_if_netif(struct net_if *nif)
{
	return &nif->netif;
}

/* One received frame into lwIP (which owns the pbuf once input takes it). */
static void deliver(struct net_if *nif, size_t len)
{
	struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);

	if (!p) {
		pr_warn("no buffer for a received frame of %zu bytes: dropped", len);
		return;
	}
	pbuf_take(p, nif->rx, (u16_t)len);
	if (nif->netif.input(p, &nif->netif) != ERR_OK)
		pbuf_free(p);
}

int net_if_poll(struct net_if *nif, bool (*done)(void *ctx), void *ctx, uint64_t deadline_ns)
{
	for (;;) {
		uint64_t now = time_now_ns(), wait_until;
		u32_t timer_ms;
		int rc;

		sys_check_timeouts();
		if (done(ctx))
			return 0;
		if (now >= deadline_ns)
			return -ETIMEDOUT;
		timer_ms = sys_timeouts_sleeptime();
		wait_until = timer_ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE ? deadline_ns
									 : now + timer_ms * MS;
		if (wait_until > deadline_ns)
			wait_until = deadline_ns;
		rc = netfront_receive(nif->nf, nif->rx, sizeof(nif->rx), wait_until);
		if (rc >= 0)
			deliver(nif, (size_t)rc);
		else if (rc != -ETIMEDOUT && rc != -EMSGSIZE)
			return rc;
	}
}

void net_if_close(struct net_if *nif)
{
	dhcp_cleanup(&nif->netif);
	netif_remove(&nif->netif);
	netfront_close(nif->nf);
	kfree(nif);
}
