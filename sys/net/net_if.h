/*
 * An IPv4 interface of lwIP's over a Xen vif (drivers/netfront): opening
 * one starts lwIP (once) and adds the vif as an Ethernet netif with no
 * address; the caller then runs the stack with net_if_poll() (frames in,
 * lwIP's timers) from one thread. Errors are negative errno.
 */
#ifndef SYS_NET_NET_IF_H
#define SYS_NET_NET_IF_H

#include <stdbool.h>
#include <stdint.h>

struct net_if;
struct netif;

/* Opens the index-th vif (netfront_open's errors) and adds it to lwIP as
 * the default interface, up, with no address yet. */
int net_if_open(unsigned index, struct net_if **out);

/* lwIP's netif, for its APIs (dhcp_start(), udp_sendto_if(), ...). */
struct netif *net_if_netif(struct net_if *nif);

/* Hands received frames to lwIP and runs its timers until done(ctx) is
 * true (0) or the system-time deadline (ns) passes (-ETIMEDOUT); -EPROTO
 * once the backend has broken the ring protocol. done is asked after every
 * frame and timer run. */
int net_if_poll(struct net_if *nif, bool (*done)(void *ctx), void *ctx, uint64_t deadline_ns);

/* Stops any DHCP client on it (the lease not given back), removes the
 * netif from lwIP and closes the vif; nif is freed. */
void net_if_close(struct net_if *nif);

#endif
