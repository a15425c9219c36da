/*
 * libFuzzer harness: a TFTP read (lib/net/tftp_session.c) against an
 * arbitrary server. An input is a list of records: one byte (bit 0: a
 * timeout instead of a datagram; bit 1: the datagram comes from another
 * port than the first), a byte of length, that many bytes of datagram.
 * The first record's byte also says, in bit 2, whether only the size is
 * wanted. Whatever comes, the file stays within its limit, what is to be
 * sent fits its buffer and a finished read has the size the server
 * announced.
 */
#include "lib/net/tftp_session.h"

#include <stdint.h>
#include <stdlib.h>

#define MAX_FILE 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tftp_session s;

	if (tftp_session_start(&s, "/boot/menu.lst", MAX_FILE) != 0)
		abort();
	/* The first byte's bit 2: only the size is wanted. */
	s.size_only = size && data[0] & 4;
	while (size >= 2 && s.state != TFTP_DONE && s.state != TFTP_FAILED) {
		size_t len = data[1] <= size - 2 ? data[1] : size - 2;

		if (data[0] & 1)
			(void)tftp_session_timeout(&s);
		else
			(void)tftp_session_receive(&s, data + 2, len, data[0] & 2 ? 1069 : 1068);
		if (s.len > MAX_FILE || s.len > s.cap || s.out_len > sizeof(s.out) ||
		    s.blksize > TFTP_BLKSIZE_ASKED)
			__builtin_trap();
		data += 2 + len;
		size -= 2 + len;
	}
	if (s.state == TFTP_DONE && s.has_tsize && s.tsize != s.len && !s.size_only)
		__builtin_trap();
	tftp_session_end(&s);
	return 0;
}
