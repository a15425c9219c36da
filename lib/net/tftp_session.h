/*
 * A TFTP read (RFC 1350) as a pure state machine, with the blksize (RFC
 * 2348) and tsize (RFC 2349) options of RFC 2347: the caller sends what it
 * is given, hands over every datagram from the server with its source port
 * and calls tftp_session_timeout() when nothing came in time. Every
 * datagram is treated as hostile: wrong port, wrong block, malformed or
 * oversized packets are ignored or end the read with an error, never read
 * out of bounds. The file goes to a buffer that grows to at most max
 * bytes. Host-testable; fuzzed by tests/fuzz/tftp_session.c. Errors are
 * negative errno.
 */
#ifndef LIB_NET_TFTP_SESSION_H
#define LIB_NET_TFTP_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TFTP_PORT	    69
#define TFTP_BLKSIZE_ASKED  1432 /* a 1500-byte MTU less IP, UDP and TFTP headers */
#define TFTP_PACKET_MAX	    (4 + TFTP_BLKSIZE_ASKED)
#define TFTP_PATH_MAX	    255
#define TFTP_RETRIES	    5
#define TFTP_ERROR_TEXT_MAX 100

enum tftp_state { TFTP_REQUESTED, TFTP_RECEIVING, TFTP_DONE, TFTP_FAILED };

struct tftp_session {
	enum tftp_state state;
	size_t max;	 /* the largest file taken */
	uint8_t *data;	 /* what arrived, malloc'd; the caller's once DONE */
	size_t len, cap; /* bytes in data, bytes allocated */
	bool size_only;	 /* set after start: stop once the size is known */
	bool has_tsize;	 /* the server announced the size: tsize */
	uint64_t tsize;
	uint16_t blksize;     /* block size in force (512 until an OACK) */
	uint16_t block;	      /* the last block taken (wraps after 65535) */
	uint16_t server_port; /* the server's transfer port once it answered, else 0 */
	unsigned retries;     /* retransmissions of out since it was new */
	int error;	      /* why FAILED */
	char error_text[TFTP_ERROR_TEXT_MAX]; /* a server's ERROR message, printable */
	uint8_t out[TFTP_PACKET_MAX];	      /* the packet to (re)send */
	size_t out_len;
};

/* What the caller does after a step: send out (to port TFTP_PORT while
 * server_port is 0, else to server_port), nothing, or stop (DONE/FAILED). */
enum tftp_action { TFTP_SEND, TFTP_WAIT, TFTP_STOP };

/* Starts a read of path: the RRQ is in s->out. With s->size_only set
 * then, a server that announces the size (an OACK with tsize) is told to
 * stop (an ERROR, code 8, in s->out) and the read is DONE with has_tsize
 * and no data; one that does not announce it sends the whole file. -EINVAL for an empty path
 * or one with a NUL or control byte, -ENAMETOOLONG beyond TFTP_PATH_MAX. */
int tftp_session_start(struct tftp_session *s, const char *path, size_t max);

/* One datagram of len bytes from UDP source port `port`. */
enum tftp_action tftp_session_receive(struct tftp_session *s, const uint8_t *pkt, size_t len,
				      uint16_t port);

/* Nothing came in time: out again, up to TFTP_RETRIES times, then FAILED
 * with -ETIMEDOUT. */
enum tftp_action tftp_session_timeout(struct tftp_session *s);

/* Frees the data unless the caller took it (set s->data to NULL). */
void tftp_session_end(struct tftp_session *s);

#endif
