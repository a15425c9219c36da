/*
 * libFuzzer harness: Xen's libxenvchan ring code (tools/libs/vchan/io.c
 * from Debian's xen source, mk/libvchan.mk) on the server's side, as the
 * QMP server runs it (apps/ioemu/qmp_vchan.c), against a hostile client
 * that owns half of the shared page: it sets the producer index of the
 * ring it writes, the consumer index of the ring it reads, the notify
 * bytes and any byte of the page, between the server's reads and writes.
 * An input is a list of records: an operation byte, a 16-bit length and,
 * for the client's operations, a 32-bit value. Whatever the client does,
 * the server reads and writes only inside the page (ASan), never returns
 * more than it was asked for or than a ring holds, and never moves its own
 * indices by more than a ring's size.
 */
#include <libxenvchan.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#pragma GCC diagnostic ignored "-Wunused-parameter" /* the stubs below */

/* What io.c calls of the event channel library: the notifications. */
int xenevtchn_notify(xenevtchn_handle *xce, evtchn_port_t port)
{
	return 0;
}

xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *xce)
{
	return -1;
}

int xenevtchn_unmask(xenevtchn_handle *xce, evtchn_port_t port)
{
	return 0;
}

int xenevtchn_fd(xenevtchn_handle *xce)
{
	return -1;
}

/* libxenvchan_close's, never called here. */
int xenevtchn_close(xenevtchn_handle *xce)
{
	abort();
}

int xengntshr_unshare(xengntshr_handle *xgs, void *start, uint32_t count)
{
	abort();
}

int xengntshr_close(xengntshr_handle *xgs)
{
	abort();
}

int xengnttab_unmap(xengnttab_handle *xgt, void *start, uint32_t count)
{
	abort();
}

int xengnttab_close(xengnttab_handle *xgt)
{
	abort();
}

void close_xs_srv(struct libxenvchan *ctrl);
void close_xs_srv(struct libxenvchan *ctrl)
{
	abort();
}

#define READ_SIZE  1024
#define WRITE_SIZE 2048

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *page = malloc(4096);
	struct vchan_interface *ring = (struct vchan_interface *)page;
	struct libxenvchan ctrl;
	static uint8_t buf[65536];
	uint32_t rd_cons, wr_prod;

	memset(page, 0, 4096);
	memset(&ctrl, 0, sizeof(ctrl));
	ctrl.ring = ring;
	ctrl.is_server = 1;
	ctrl.blocking = 0;
	ctrl.event = (xenevtchn_handle *)page; /* never dereferenced by io.c */
	ctrl.event_port = 5;
	ctrl.read.shr = &ring->left;
	ctrl.read.buffer = page + 1024;
	ctrl.read.order = 10;
	ctrl.write.shr = &ring->right;
	ctrl.write.buffer = page + 2048;
	ctrl.write.order = 11;
	ring->left_order = 10;
	ring->right_order = 11;
	ring->cli_live = 1;
	ring->srv_live = 1;

	while (size >= 3) {
		uint8_t op = data[0] % 8;
		size_t len = (size_t)data[1] | (size_t)data[2] << 8;
		uint32_t value = 0;
		int rc = 0;

		data += 3;
		size -= 3;
		if (op >= 4) {
			if (size < 4)
				break;
			memcpy(&value, data, 4);
			data += 4;
			size -= 4;
		}
		rd_cons = ring->left.cons;
		wr_prod = ring->right.prod;
		switch (op) {
		case 0:
			rc = libxenvchan_read(&ctrl, buf, len);
			break;
		case 1:
			rc = libxenvchan_recv(&ctrl, buf, len);
			break;
		case 2:
			rc = libxenvchan_write(&ctrl, buf, len);
			break;
		case 3:
			rc = libxenvchan_send(&ctrl, buf, len);
			if (libxenvchan_data_ready(&ctrl) > READ_SIZE ||
			    libxenvchan_buffer_space(&ctrl) > WRITE_SIZE)
				__builtin_trap();
			break;
		case 4: /* the client's producer index */
			ring->left.prod = value;
			break;
		case 5: /* the client's consumer index */
			ring->right.cons = value;
			break;
		case 6: /* the client's bytes: cli_live, notify bits, orders ... */
			page[len % 4096] = (uint8_t)value;
			break;
		case 7: /* the server's own indices, as if earlier traffic moved them */
			ring->left.cons += value & 0xffff;
			ring->right.prod += value >> 16;
			break;
		}
		if (op <= 3) {
			if (rc > (int)len || rc > (op < 2 ? READ_SIZE : WRITE_SIZE))
				__builtin_trap();
			if ((uint32_t)(ring->left.cons - rd_cons) > READ_SIZE ||
			    (uint32_t)(ring->right.prod - wr_prod) > WRITE_SIZE)
				__builtin_trap();
		}
	}
	free(page);
	return 0;
}
