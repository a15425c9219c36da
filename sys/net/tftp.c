/* TFTP reads over lwIP's UDP (see tftp.h). */
#define LOG_TAG "tftp"
#include "sys/net/tftp.h"

#include "kernel/log.h"
#include "lib/errno.h"
#include "sys/net/net_if.h"
#include "lib/net/tftp_session.h"
#include "lib/string.h"
#include "xen/time.h"

#include <stdbool.h>
#include <stdlib.h>

#include "lwip/pbuf.h"
#include "lwip/udp.h"

struct tftp_io {
	struct tftp_session s;
	struct udp_pcb *pcb;
	ip_addr_t server;
	bool have_packet;
	uint16_t packet_port;
	size_t packet_len;
	/* One byte more than the largest packet asked for, to tell an
	 * oversized one. */
	uint8_t packet[TFTP_PACKET_MAX + 1];
};

static char last_error_text[TFTP_ERROR_TEXT_MAX];

const char *net_tftp_server_said(void)
{
	return last_error_text;
}

/* lwIP's receive callback: the server's next datagram, kept for the loop
 * (one at a time: another arriving before it was taken is dropped, and
 * TFTP's retransmission brings it again). */
static void received(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr,
		     u16_t port)
{
	struct tftp_io *io = arg;

	(void)pcb;
	if (!io->have_packet && ip_addr_cmp(addr, &io->server)) {
		io->packet_len = pbuf_copy_partial(p, io->packet, sizeof(io->packet), 0);
		io->packet_port = port;
		io->have_packet = true;
	}
	pbuf_free(p);
}

static bool packet_waiting(void *ctx)
{
	return ((struct tftp_io *)ctx)->have_packet;
}

static int send_out(struct tftp_io *io)
{
	uint16_t port = io->s.server_port ? io->s.server_port : TFTP_PORT;
	struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)io->s.out_len, PBUF_RAM);
	err_t err;

	if (!p)
		return -ENOMEM;
	pbuf_take(p, io->s.out, (u16_t)io->s.out_len);
	err = udp_sendto(io->pcb, p, &io->server, port);
	pbuf_free(p);
	/* A packet lost here is sent again after the wait, as one lost on the wire. */
	if (err != ERR_OK)
		pr_warn("sending to port %u failed: lwIP error %d", port, err);
	return 0;
}

/* How long to wait before sending the packet out again. */
static uint64_t wait_ns(const struct tftp_io *io)
{
	uint64_t ns = TFTP_WAIT_NS << (io->s.retries < 8 ? io->s.retries : 8);

	return ns < TFTP_WAIT_MAX_NS ? ns : TFTP_WAIT_MAX_NS;
}

/* Runs the session to its end. */
static int run(struct net_if *nif, struct tftp_io *io)
{
	uint64_t wait_until;
	int rc;

	if ((rc = send_out(io)) < 0)
		return rc;
	wait_until = time_now_ns() + wait_ns(io);
	for (;;) {
		enum tftp_action a;

		rc = net_if_poll(nif, packet_waiting, io, wait_until);
		if (rc == -ETIMEDOUT) {
			a = tftp_session_timeout(&io->s);
		} else if (rc < 0) {
			return rc;
		} else {
			a = tftp_session_receive(&io->s, io->packet, io->packet_len,
						 io->packet_port);
			io->have_packet = false;
		}
		if (a == TFTP_SEND) {
			if ((rc = send_out(io)) < 0)
				return rc;
			wait_until = time_now_ns() + wait_ns(io);
		}
		if (io->s.state == TFTP_DONE)
			return 0;
		if (io->s.state == TFTP_FAILED)
			return io->s.error;
	}
}

/* A read of path (only its size when size_only); on success *data and
 * *len are the file, or NULL and 0 when only the size came (in *size). */
static int transfer(struct net_if *nif, uint32_t server, const char *path, size_t max,
		    bool size_only, void **data, size_t *len, uint64_t *size)
{
	struct tftp_io *io;
	int rc;

	*data = NULL;
	*len = 0;
	if (!(io = calloc(1, sizeof(*io))))
		return -ENOMEM;
	if ((rc = tftp_session_start(&io->s, path, max)) < 0) {
		pr_err("cannot ask for '%s': %s", path, errno_name(rc));
		free(io);
		return rc;
	}
	ip_addr_set_ip4_u32(&io->server, lwip_htonl(server));
	if (!(io->pcb = udp_new())) {
		free(io);
		return -ENOMEM;
	}
	io->s.size_only = size_only;
	udp_recv(io->pcb, received, io);
	rc = run(nif, io);
	udp_remove(io->pcb);
	if (rc == 0) {
		*size = size_only && io->s.has_tsize ? io->s.tsize : io->s.len;
		if (!size_only || !io->s.has_tsize) {
			*data = io->s.data;
			*len = io->s.len;
			io->s.data = NULL;
		}
	}
	memcpy(last_error_text, io->s.error_text, sizeof(last_error_text));
	if (rc < 0)
		pr_debug("'%s': %s%s%s", path, errno_name(rc), last_error_text[0] ? ": " : "",
			 last_error_text);
	tftp_session_end(&io->s);
	free(io);
	return rc;
}

int net_tftp_get(struct net_if *nif, uint32_t server, const char *path, size_t max, void **data,
		 size_t *len)
{
	uint64_t size;

	return transfer(nif, server, path, max, false, data, len, &size);
}

int net_tftp_size(struct net_if *nif, uint32_t server, const char *path, size_t max, uint64_t *size,
		  void **data)
{
	size_t len;

	return transfer(nif, server, path, max, true, data, &len, size);
}
