/*
 * Reading a file over TFTP on a net_if with an address (after net_dhcp):
 * lib/net/tftp_session.c's state machine over an lwIP UDP socket, each
 * packet sent again after TFTP_WAIT_NS of silence, that wait doubling on
 * each retransmission of the same packet up to TFTP_WAIT_MAX_NS (about
 * 19 s in all before -ETIMEDOUT: a busy server, or a request lost with its
 * ARP exchange, gets time to answer). Errors are negative
 * errno: the server's (-ENOENT for "file not found", -EACCES, ...),
 * -ETIMEDOUT, -EFBIG beyond max, -EPROTO for a server breaking the
 * protocol, -ENOMEM.
 */
#ifndef SYS_NET_TFTP_H
#define SYS_NET_TFTP_H

#include <stddef.h>
#include <stdint.h>

struct net_if;

#define TFTP_WAIT_NS	 1000000000ull
#define TFTP_WAIT_MAX_NS 4000000000ull

/* Reads path from server (an IPv4 address in host byte order) into a
 * malloc'd buffer of at most max bytes: *data (NULL for an empty file; the
 * caller frees it) and *len. */
int net_tftp_get(struct net_if *nif, uint32_t server, const char *path, size_t max, void **data,
		 size_t *len);

/* The size of path on server, asked with TFTP's tsize option and the
 * transfer then stopped. A server that does not give sizes sends the
 * whole file: then *data holds it (the caller frees it), else NULL. */
int net_tftp_size(struct net_if *nif, uint32_t server, const char *path, size_t max, uint64_t *size,
		  void **data);

/* The message of the server's ERROR that ended the last read ("" if
 * none), printable. */
const char *net_tftp_server_said(void);

#endif
