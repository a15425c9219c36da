/*
 * In-guest test of netfront on a real backend: opens vif 0, prints its MAC
 * address, asks dom0's bridge (192.0.2.1) for its MAC address with an ARP
 * request from 192.0.2.2 (again every second, for up to 20 s) and prints
 *   nettest: arp reply from 192.0.2.1 at <mac>: SUCCESS
 * or "nettest: arp reply from 192.0.2.1: FAILURE (<why>)". Then 300 more
 * exchanges one by one (both rings wrap) and a burst of 40 requests (more
 * than the tx buffers: send blocks until the backend frees some):
 *   nettest: ring wrap and full tx ring: SUCCESS
 * then, without blocking (netfront_try_receive gives -EAGAIN, the reply to
 * one more request comes through kernel/poll.h's one wait):
 *   nettest: try-receive EAGAIN, then a frame through the one wait: SUCCESS
 * then the device's counters; closes it, opens and closes it once more (the
 * backend must take a second connection) and prints
 *   nettest: close and reopen: SUCCESS
 * when the backend's answers were all clean and every grant and page came
 * back. Exit status 0 only if all four passed.
 * The dom0 side is tests/xen/scenarios/nettest.sh.
 */
#define LOG_TAG "nettest"
#include "drivers/netfront.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "kernel/poll.h"
#include "kernel/start.h"
#include "lib/arp.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "xen/grant_table.h"
#include "xen/time.h"

#define SECOND		   1000000000ull
#define ARP_PATIENCE	   (20 * SECOND)
#define ARP_RETRY	   SECOND
#define BRIDGE_IP	   0xc0000201u /* 192.0.2.1: dom0's bridge */
#define GUEST_IP	   0xc0000202u /* 192.0.2.2: us */
#define LOCKSTEP_EXCHANGES 300	       /* more than the 256 slots of either ring */
#define BURST		   40 /* more than the 16 tx buffers, fewer than the 64 rx buffers */

/* Receives until BRIDGE_IP's ARP reply to us arrives (0, its MAC in peer
 * if not NULL) or the deadline passes (-ETIMEDOUT); other frames are
 * counted in *others. */
static int wait_reply(struct netfront *nf, const uint8_t mac[ETH_ALEN], uint64_t deadline,
		      uint8_t *peer, unsigned *others)
{
	static uint8_t frame[ETH_FRAME_MAX];
	int rc;

	while ((rc = netfront_receive(nf, frame, sizeof(frame), deadline)) != -ETIMEDOUT) {
		struct arp_packet p;

		if (rc == -EMSGSIZE) {
			(*others)++;
			continue;
		}
		if (rc < 0)
			return rc;
		if (arp_parse(frame, (size_t)rc, &p) == 0 &&
		    arp_is_reply(&p, BRIDGE_IP, mac, GUEST_IP)) {
			if (peer)
				memcpy(peer, p.sender_mac, ETH_ALEN);
			return 0;
		}
		(*others)++;
	}
	return rc;
}

/* Asks for BRIDGE_IP until it answers; 0 and its MAC in *peer, or -errno
 * and why in why. */
static int arp_exchange(struct netfront *nf, const uint8_t mac[ETH_ALEN],
			const uint8_t request[ETH_ZLEN], uint8_t peer[ETH_ALEN], char *why,
			size_t why_size)
{
	uint64_t end = time_now_ns() + ARP_PATIENCE;
	unsigned requests = 0, others = 0;

	for (;;) {
		uint64_t now = time_now_ns(), retry;
		int rc;

		if (now >= end) {
			format_buf(why, why_size,
				   "no reply within %llu s to %u requests; %u other frames",
				   (unsigned long long)(ARP_PATIENCE / SECOND), requests, others);
			return -ETIMEDOUT;
		}
		rc = netfront_send(nf, request, ETH_ZLEN);
		if (rc < 0) {
			format_buf(why, why_size, "send: %s", errno_name(rc));
			return rc;
		}
		requests++;
		retry = now + ARP_RETRY < end ? now + ARP_RETRY : end;
		rc = wait_reply(nf, mac, retry, peer, &others);
		if (rc == 0) {
			printk("nettest: reply after %u request(s), %u other frame(s)\n", requests,
			       others);
			return 0;
		}
		if (rc != -ETIMEDOUT) {
			format_buf(why, why_size, "receive: %s", errno_name(rc));
			return rc;
		}
	}
}

/* More exchanges than ring slots, one at a time (both rings' indices
 * wrap), then more requests at once than there are tx buffers (send blocks
 * until the backend frees some) and all their replies. */
static int exchange_many(struct netfront *nf, const uint8_t mac[ETH_ALEN],
			 const uint8_t request[ETH_ZLEN], char *why, size_t why_size)
{
	unsigned others = 0, got = 0;
	uint64_t t0 = time_now_ns(), deadline;
	int rc;

	for (unsigned i = 0; i < LOCKSTEP_EXCHANGES; i++) {
		if ((rc = netfront_send(nf, request, ETH_ZLEN)) < 0 ||
		    (rc = wait_reply(nf, mac, time_now_ns() + 2 * SECOND, NULL, &others)) < 0) {
			format_buf(why, why_size, "exchange %u of %u: %s", i + 1,
				   LOCKSTEP_EXCHANGES, errno_name(rc));
			return rc;
		}
	}
	for (unsigned i = 0; i < BURST; i++) {
		if ((rc = netfront_send(nf, request, ETH_ZLEN)) < 0) {
			format_buf(why, why_size, "burst request %u of %u: %s", i + 1, BURST,
				   errno_name(rc));
			return rc;
		}
	}
	deadline = time_now_ns() + 10 * SECOND;
	while (got < BURST && wait_reply(nf, mac, deadline, NULL, &others) == 0)
		got++;
	if (got < BURST) {
		format_buf(why, why_size, "%u of %u replies to the burst", got, BURST);
		return -ETIMEDOUT;
	}
	printk("nettest: %u exchanges and a burst of %u in %llu ms, %u other frame(s)\n",
	       LOCKSTEP_EXCHANGES, BURST, (unsigned long long)((time_now_ns() - t0) / 1000000),
	       others);
	return 0;
}

struct rx_watch {
	struct netfront *nf;
	const uint8_t *mac;
	unsigned frames, replies;
	int error; /* other than -EAGAIN and -EMSGSIZE */
};

/* The device's poll source fired: takes every frame there is. */
static void frames_ready(struct poll_source *src, void *arg)
{
	static uint8_t frame[ETH_FRAME_MAX];
	struct rx_watch *w = arg;
	int rc;

	while ((rc = netfront_try_receive(w->nf, frame, sizeof(frame))) != -EAGAIN) {
		struct arp_packet p;

		if (rc == -EMSGSIZE)
			continue;
		if (rc < 0) {
			w->error = rc;
			return;
		}
		w->frames++;
		if (arp_parse(frame, (size_t)rc, &p) == 0 &&
		    arp_is_reply(&p, BRIDGE_IP, w->mac, GUEST_IP))
			w->replies++;
	}
}

/* Without blocking: with nothing pending, netfront_try_receive says
 * -EAGAIN; a request sent with netfront_try_send is answered, and the
 * reply arrives through the one wait (poll_wait on the device's source). */
static int receive_without_blocking(struct netfront *nf, const uint8_t mac[ETH_ALEN],
				    const uint8_t request[ETH_ZLEN], char *why, size_t why_size)
{
	static uint8_t frame[ETH_FRAME_MAX];
	struct rx_watch w = { nf, mac, 0, 0, 0 };
	struct poll_set ps;
	struct poll_source src;
	uint64_t deadline;
	unsigned drained = 0;
	int rc;

	/* Whatever is still there from the burst, then nothing. */
	while ((rc = netfront_try_receive(nf, frame, sizeof(frame))) >= 0 || rc == -EMSGSIZE)
		drained++;
	if (rc != -EAGAIN || (rc = netfront_try_receive(nf, frame, sizeof(frame))) != -EAGAIN) {
		format_buf(why, why_size, "try-receive with nothing there gave %s", errno_name(rc));
		return rc < 0 ? rc : -EBADMSG;
	}
	poll_init(&ps);
	poll_add(&ps, &src, "vif0", frames_ready, &w);
	netfront_notify(nf, &src);
	if ((rc = netfront_try_send(nf, request, ETH_ZLEN)) < 0) {
		format_buf(why, why_size, "try-send: %s", errno_name(rc));
		netfront_notify(nf, NULL);
		return rc;
	}
	deadline = time_now_ns() + 10 * SECOND;
	while (!w.replies && !w.error && (rc = poll_wait(&ps, deadline)) > 0)
		;
	netfront_notify(nf, NULL);
	printk("nettest: try-receive: %u frame(s) drained, EAGAIN, then %u frame(s) through %lu "
	       "wake-up(s) of the one wait\n",
	       drained, w.frames, src.dispatched);
	if (w.error) {
		format_buf(why, why_size, "try-receive: %s", errno_name(w.error));
		return w.error;
	}
	if (!w.replies) {
		format_buf(why, why_size, "no reply through the one wait (%s), %u other frame(s)",
			   errno_name(rc), w.frames);
		return -ETIMEDOUT;
	}
	return 0;
}

static void print_stats(struct netfront *nf)
{
	struct netfront_stats st;

	netfront_stats(nf, &st);
	printk("nettest: tx %llu (%llu failed, %llu waits for a buffer), rx %llu (%llu dropped, "
	       "%llu errors), %llu bad responses\n",
	       (unsigned long long)st.tx_frames, (unsigned long long)st.tx_errors,
	       (unsigned long long)st.tx_waits, (unsigned long long)st.rx_frames,
	       (unsigned long long)st.rx_dropped, (unsigned long long)st.rx_errors,
	       (unsigned long long)st.bad_responses);
}

/* Opens and closes vif 0 again: the backend must come back from Closed,
 * and a second cycle must return exactly what it took. */
static int reopen(unsigned grants_before, char *why, size_t why_size)
{
	unsigned long pages_after_first = memory_free_pages();
	unsigned grants_after_first = gnttab_free_count();
	struct netfront *nf;
	int rc;

	if (grants_after_first != grants_before) {
		format_buf(why, why_size, "%u grant references free before open, %u after close",
			   grants_before, grants_after_first);
		return -EBUSY;
	}
	rc = netfront_open(0, &nf);
	if (rc < 0) {
		format_buf(why, why_size, "reopening vif 0: %s", errno_name(rc));
		return rc;
	}
	netfront_close(nf);
	if (gnttab_free_count() != grants_before || memory_free_pages() != pages_after_first) {
		format_buf(why, why_size, "second cycle: grants %u -> %u, free pages %lu -> %lu",
			   grants_after_first, gnttab_free_count(), pages_after_first,
			   memory_free_pages());
		return -EBUSY;
	}
	return 0;
}

int main(int argc, char **argv)
{
	uint8_t mac[ETH_ALEN], peer[ETH_ALEN];
	char mac_text[MAC_STR_LEN], peer_text[MAC_STR_LEN], ip[IPV4_STR_LEN], why[128] = "";
	unsigned grants_before = gnttab_free_count();
	struct netfront *nf;
	struct netfront_stats st;
	uint8_t request[ETH_ZLEN] = { 0 };
	int rc, arp_ok, many_ok = 0, nb_ok = 0, close_ok;

	ipv4_format(BRIDGE_IP, ip);
	rc = netfront_open(0, &nf);
	if (rc < 0) {
		printk("nettest: arp reply from %s: FAILURE (opening vif 0: %s)\n", ip,
		       errno_name(rc));
		return 1;
	}
	netfront_mac(nf, mac);
	mac_format(mac, mac_text);
	printk("nettest: vif 0 mac %s\n", mac_text);

	arp_build_request(request, sizeof(request), mac, GUEST_IP, BRIDGE_IP);
	arp_ok = arp_exchange(nf, mac, request, peer, why, sizeof(why)) == 0;
	if (arp_ok) {
		mac_format(peer, peer_text);
		printk("nettest: arp reply from %s at %s: SUCCESS\n", ip, peer_text);
		why[0] = '\0';
		many_ok = exchange_many(nf, mac, request, why, sizeof(why)) == 0;
		if (many_ok)
			printk("nettest: ring wrap and full tx ring: SUCCESS\n");
		else
			printk("nettest: ring wrap and full tx ring: FAILURE (%s)\n", why);
		why[0] = '\0';
		nb_ok = receive_without_blocking(nf, mac, request, why, sizeof(why)) == 0;
		if (nb_ok)
			printk("nettest: try-receive EAGAIN, then a frame through the one wait: "
			       "SUCCESS\n");
		else
			printk("nettest: try-receive EAGAIN, then a frame through the one wait: "
			       "FAILURE (%s)\n",
			       why);
	} else {
		printk("nettest: arp reply from %s: FAILURE (%s)\n", ip, why);
	}
	print_stats(nf);
	netfront_stats(nf, &st);
	netfront_close(nf);

	why[0] = '\0';
	if (st.bad_responses || st.rx_errors || st.tx_errors)
		format_buf(why, sizeof(why), "the backend's answers were not all clean");
	else
		reopen(grants_before, why, sizeof(why));
	close_ok = why[0] == '\0';
	if (close_ok)
		printk("nettest: close and reopen: SUCCESS\n");
	else
		printk("nettest: close and reopen: FAILURE (%s)\n", why);
	return arp_ok && many_ok && nb_ok && close_ok ? 0 : 1;
}
