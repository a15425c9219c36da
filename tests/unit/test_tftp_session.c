/* lib/net/tftp_session: a TFTP read against a scripted, sometimes hostile, server. */
#include "lib/net/tftp_session.h"
#include "tests/unit/check.h"

#include <errno.h>
#include <string.h>

#define SERVER 40000

static const uint8_t rrq[] = "\0\1/boot/menu.lst\0octet\0blksize\0"
			     "1432\0tsize\0"
			     "0";

/* A DATA packet: block, then n bytes of the letter (block % 26). */
static size_t data(uint8_t *pkt, uint16_t block, size_t n)
{
	pkt[0] = 0;
	pkt[1] = 3;
	pkt[2] = (uint8_t)(block >> 8);
	pkt[3] = (uint8_t)block;
	memset(pkt + 4, 'a' + block % 26, n);
	return 4 + n;
}

static enum tftp_action give(struct tftp_session *s, const void *pkt, size_t len)
{
	return tftp_session_receive(s, pkt, len, SERVER);
}

static int acked(const struct tftp_session *s)
{
	if (s->out_len != 4 || s->out[0] != 0 || s->out[1] != 4)
		return -1;
	return s->out[2] << 8 | s->out[3];
}

/* Starts a read of /boot/menu.lst and answers blksize 8, tsize 20. */
static void negotiated(struct tftp_session *s, size_t max)
{
	static const uint8_t oack[] = "\0\6blksize\0"
				      "8\0tsize\0"
				      "20";

	CHECK_INT(tftp_session_start(s, "/boot/menu.lst", max), 0);
	CHECK_INT(give(s, oack, sizeof(oack)), TFTP_SEND);
	CHECK_INT(acked(s), 0);
	CHECK_INT(s->blksize, 8);
	CHECK_INT(s->tsize, 20);
}

TEST(tftp_request_asks_for_blksize_and_tsize)
{
	struct tftp_session s;

	CHECK_INT(tftp_session_start(&s, "/boot/menu.lst", 1 << 20), 0);
	CHECK_INT(s.out_len, sizeof(rrq));
	CHECK(memcmp(s.out, rrq, sizeof(rrq)) == 0);
	CHECK_INT(s.state, TFTP_REQUESTED);
	CHECK_INT(s.server_port, 0);
	tftp_session_end(&s);
}

TEST(tftp_read_with_options)
{
	struct tftp_session s;
	uint8_t pkt[64];

	negotiated(&s, 1 << 20);
	CHECK_INT(give(&s, pkt, data(pkt, 1, 8)), TFTP_SEND);
	CHECK_INT(acked(&s), 1);
	/* The same block again (our ACK was lost): acknowledged again. */
	CHECK_INT(give(&s, pkt, data(pkt, 1, 8)), TFTP_SEND);
	CHECK_INT(acked(&s), 1);
	/* Another port (not the server's transfer id) and a block ahead: ignored. */
	CHECK_INT(tftp_session_receive(&s, pkt, data(pkt, 2, 8), SERVER + 1), TFTP_WAIT);
	CHECK_INT(give(&s, pkt, data(pkt, 3, 4)), TFTP_WAIT);
	CHECK_INT(give(&s, pkt, data(pkt, 2, 8)), TFTP_SEND);
	CHECK_INT(give(&s, pkt, data(pkt, 3, 4)), TFTP_SEND);
	CHECK_INT(acked(&s), 3);
	CHECK_INT(s.state, TFTP_DONE);
	CHECK_INT(s.len, 20);
	CHECK(memcmp(s.data, "bbbbbbbbccccccccdddd", 20) == 0);
	CHECK_INT(give(&s, pkt, data(pkt, 4, 1)), TFTP_STOP);
	tftp_session_end(&s);
}

TEST(tftp_size_only)
{
	static const uint8_t oack[] = "\0\6tsize\0"
				      "0";
	static const uint8_t blksize_only[] = "\0\6blksize\0"
					      "512";
	static const uint8_t stop[] = "\0\5\0\10size only";
	struct tftp_session s;
	uint8_t pkt[16];

	/* Told the size (here an empty file): the transfer is stopped. */
	CHECK_INT(tftp_session_start(&s, "/k", 100), 0);
	s.size_only = true;
	CHECK_INT(give(&s, oack, sizeof(oack)), TFTP_SEND);
	CHECK_INT(s.state, TFTP_DONE);
	CHECK(s.has_tsize);
	CHECK_INT(s.tsize, 0);
	CHECK_INT(s.out_len, sizeof(stop));
	CHECK(memcmp(s.out, stop, sizeof(stop)) == 0);
	/* Not told: the whole file comes. */
	CHECK_INT(tftp_session_start(&s, "/k", 100), 0);
	s.size_only = true;
	CHECK_INT(give(&s, blksize_only, sizeof(blksize_only)), TFTP_SEND);
	CHECK_INT(acked(&s), 0);
	CHECK_INT(give(&s, pkt, data(pkt, 1, 5)), TFTP_SEND);
	CHECK_INT(s.state, TFTP_DONE);
	CHECK(!s.has_tsize);
	CHECK_INT(s.len, 5);
	tftp_session_end(&s);
}

TEST(tftp_read_from_a_server_without_options)
{
	struct tftp_session s;
	uint8_t pkt[600];

	CHECK_INT(tftp_session_start(&s, "k", 4096), 0);
	CHECK_INT(give(&s, pkt, data(pkt, 1, 512)), TFTP_SEND);
	CHECK_INT(s.server_port, SERVER);
	CHECK_INT(s.state, TFTP_RECEIVING);
	CHECK_INT(give(&s, pkt, data(pkt, 2, 0)), TFTP_SEND);
	CHECK_INT(acked(&s), 2);
	CHECK_INT(s.state, TFTP_DONE);
	CHECK_INT(s.len, 512);
	tftp_session_end(&s);
}

TEST(tftp_empty_file)
{
	struct tftp_session s;
	uint8_t pkt[8];

	/* Found by the fuzzer: an empty first block, before any buffer. */
	CHECK_INT(tftp_session_start(&s, "empty", 4096), 0);
	CHECK_INT(give(&s, pkt, data(pkt, 1, 0)), TFTP_SEND);
	CHECK_INT(s.state, TFTP_DONE);
	CHECK_INT(s.len, 0);
	CHECK(s.data == NULL);
	tftp_session_end(&s);
}

TEST(tftp_server_errors)
{
	static const uint8_t not_found[] = "\0\5\0\1No such\nfile";
	struct tftp_session s;

	CHECK_INT(tftp_session_start(&s, "/x", 100), 0);
	CHECK_INT(tftp_session_receive(&s, not_found, sizeof(not_found), 1234), TFTP_STOP);
	CHECK_INT(s.state, TFTP_FAILED);
	CHECK_INT(s.error, -ENOENT);
	CHECK_STR(s.error_text, "No such?file");
	tftp_session_end(&s);
}

TEST(tftp_hostile_answers_end_the_read)
{
	static const uint8_t unknown[] = "\0\6windowsize\0"
					 "4";
	static const uint8_t unended[] = { 0, 6, 'b', 'l', 'k', 's', 'i', 'z', 'e', 0, '8' };
	static const uint8_t tiny[] = "\0\6blksize\0"
				      "7";
	static const uint8_t huge[] = "\0\6tsize\0"
				      "99999999999999999999999";
	static const uint8_t big[] = "\0\6tsize\0"
				     "101";
	struct tftp_session s;
	uint8_t pkt[64];

	CHECK_INT(tftp_session_start(&s, "/x", 100), 0);
	CHECK_INT(give(&s, unknown, sizeof(unknown)), TFTP_STOP);
	CHECK_INT(s.error, -EPROTO);
	CHECK_INT(tftp_session_start(&s, "/x", 100), 0);
	CHECK_INT(give(&s, unended, sizeof(unended)), TFTP_STOP);
	CHECK_INT(s.error, -EPROTO);
	CHECK_INT(tftp_session_start(&s, "/x", 100), 0);
	CHECK_INT(give(&s, tiny, sizeof(tiny)), TFTP_STOP);
	CHECK_INT(s.error, -EPROTO);
	CHECK_INT(tftp_session_start(&s, "/x", 100), 0);
	CHECK_INT(give(&s, huge, sizeof(huge)), TFTP_STOP);
	CHECK_INT(s.error, -EFBIG);
	CHECK_INT(tftp_session_start(&s, "/x", 100), 0);
	CHECK_INT(give(&s, big, sizeof(big)), TFTP_STOP);
	CHECK_INT(s.error, -EFBIG);
	/* A block longer than the block size, more than max bytes in all, a
	 * file shorter than its announced tsize. */
	negotiated(&s, 100);
	CHECK_INT(give(&s, pkt, data(pkt, 1, 9)), TFTP_STOP);
	CHECK_INT(s.error, -EPROTO);
	tftp_session_end(&s);
	negotiated(&s, 20);
	s.has_tsize = false; /* as if it had not said */
	s.max = 12;
	CHECK_INT(give(&s, pkt, data(pkt, 1, 8)), TFTP_SEND);
	CHECK_INT(give(&s, pkt, data(pkt, 2, 8)), TFTP_STOP);
	CHECK_INT(s.error, -EFBIG);
	tftp_session_end(&s);
	negotiated(&s, 100);
	CHECK_INT(give(&s, pkt, data(pkt, 1, 3)), TFTP_STOP);
	CHECK_INT(s.error, -EPROTO);
	tftp_session_end(&s);
	/* Too short to be anything: ignored. */
	CHECK_INT(tftp_session_start(&s, "/x", 100), 0);
	CHECK_INT(give(&s, "\0\3\0", 3), TFTP_WAIT);
	CHECK_INT(s.state, TFTP_REQUESTED);
}

TEST(tftp_timeouts_resend_then_fail)
{
	struct tftp_session s;

	CHECK_INT(tftp_session_start(&s, "/x", 100), 0);
	for (int i = 0; i < TFTP_RETRIES; i++)
		CHECK_INT(tftp_session_timeout(&s), TFTP_SEND);
	CHECK_INT(s.out_len, 2 + 3 + 6 + 8 + 5 + 6 + 2);
	CHECK_INT(tftp_session_timeout(&s), TFTP_STOP);
	CHECK_INT(s.error, -ETIMEDOUT);
}

TEST(tftp_block_numbers_wrap)
{
	struct tftp_session s;
	uint8_t pkt[16];

	negotiated(&s, 1 << 20);
	s.has_tsize = false;
	for (unsigned b = 1; b <= 65536; b++)
		if (give(&s, pkt, data(pkt, (uint16_t)b, 8)) != TFTP_SEND)
			break;
	CHECK_INT(s.len, 65536 * 8);
	CHECK_INT(acked(&s), 0);
	CHECK_INT(give(&s, pkt, data(pkt, 1, 0)), TFTP_SEND);
	CHECK_INT(s.state, TFTP_DONE);
	tftp_session_end(&s);
}

TEST(tftp_bad_paths_refused)
{
	struct tftp_session s;
	char long_path[TFTP_PATH_MAX + 2];

	CHECK_INT(tftp_session_start(&s, "", 100), -EINVAL);
	CHECK_INT(tftp_session_start(&s, "a\nb", 100), -EINVAL);
	memset(long_path, 'a', sizeof(long_path) - 1);
	long_path[sizeof(long_path) - 1] = '\0';
	CHECK_INT(tftp_session_start(&s, long_path, 100), -ENAMETOOLONG);
	long_path[TFTP_PATH_MAX] = '\0';
	CHECK_INT(tftp_session_start(&s, long_path, 100), 0);
	CHECK_INT(s.out_len, 2 + TFTP_PATH_MAX + 1 + 6 + 8 + 5 + 6 + 2);
}
