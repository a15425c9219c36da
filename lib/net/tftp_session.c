/* A TFTP read as a pure state machine (see tftp_session.h). */
#include "lib/net/tftp_session.h"

#include "lib/errno.h"

#include <stdlib.h>
#include "lib/string.h"

enum { OP_RRQ = 1, OP_DATA = 3, OP_ACK = 4, OP_ERROR = 5, OP_OACK = 6 };
enum { BLKSIZE_DEFAULT = 512, BLKSIZE_MIN = 8 };

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static size_t put_string(uint8_t *out, const char *s)
{
	size_t n = strlen(s) + 1;

	memcpy(out, s, n);
	return n;
}

static void make_ack(struct tftp_session *s, uint16_t block)
{
	s->out[0] = 0;
	s->out[1] = OP_ACK;
	s->out[2] = (uint8_t)(block >> 8);
	s->out[3] = (uint8_t)block;
	s->out_len = 4;
	s->retries = 0;
}

/* An ERROR packet: code and message (RFC 1350, RFC 2347's code 8). */
static void make_error(struct tftp_session *s, uint16_t code, const char *text)
{
	s->out[0] = 0;
	s->out[1] = OP_ERROR;
	s->out[2] = (uint8_t)(code >> 8);
	s->out[3] = (uint8_t)code;
	s->out_len = 4 + put_string(s->out + 4, text);
	s->retries = 0;
}

static enum tftp_action fail(struct tftp_session *s, int error)
{
	s->state = TFTP_FAILED;
	s->error = error;
	return TFTP_STOP;
}

int tftp_session_start(struct tftp_session *s, const char *path, size_t max)
{
	size_t n = strnlen(path, TFTP_PATH_MAX + 1), at = 2;

	memset(s, 0, sizeof(*s));
	s->max = max;
	s->blksize = BLKSIZE_DEFAULT;
	s->state = TFTP_FAILED;
	if (n == 0)
		return s->error = -EINVAL;
	if (n > TFTP_PATH_MAX)
		return s->error = -ENAMETOOLONG;
	for (size_t i = 0; i < n; i++)
		if ((uint8_t)path[i] < ' ' || (uint8_t)path[i] == 0x7f)
			return s->error = -EINVAL;
	s->out[0] = 0;
	s->out[1] = OP_RRQ;
	at += put_string(s->out + at, path);
	at += put_string(s->out + at, "octet");
	at += put_string(s->out + at, "blksize");
	at += put_string(s->out + at, "1432");
	at += put_string(s->out + at, "tsize");
	at += put_string(s->out + at, "0");
	s->out_len = at;
	s->state = TFTP_REQUESTED;
	return 0;
}

/* A decimal option value, digits only and at most limit, into *out. */
static bool option_number(const char *v, uint64_t limit, uint64_t *out)
{
	uint64_t n = 0;

	if (!*v)
		return false;
	for (; *v; v++) {
		unsigned d = (unsigned)(*v - '0');

		if (*v < '0' || *v > '9' || d > limit || n > (limit - d) / 10)
			return false;
		n = n * 10 + d;
	}
	*out = n;
	return true;
}

static bool same_word(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if ((*a | 0x20) != *b)
			return false;
	return *a == *b;
}

/* An OACK's options (name, value, NUL-ended, in turn): the ones asked
 * for, in range. */
static int take_options(struct tftp_session *s, const uint8_t *p, size_t len)
{
	size_t at = 0;

	if (len == 0 || p[len - 1] != '\0')
		return -EPROTO;
	while (at < len) {
		const char *name = (const char *)p + at;
		const char *value;
		uint64_t v;

		at += strlen(name) + 1;
		if (at >= len)
			return -EPROTO;
		value = (const char *)p + at;
		at += strlen(value) + 1;
		if (same_word(name, "blksize")) {
			if (!option_number(value, TFTP_BLKSIZE_ASKED, &v) || v < BLKSIZE_MIN)
				return -EPROTO;
			s->blksize = (uint16_t)v;
		} else if (same_word(name, "tsize")) {
			if (!option_number(value, s->max, &v))
				return value[0] && strspn(value, "0123456789") == strlen(value)
					       ? -EFBIG
					       : -EPROTO;
			s->tsize = v;
			s->has_tsize = true;
		} else {
			return -EPROTO;
		}
	}
	return 0;
}

static int append(struct tftp_session *s, const uint8_t *p, size_t n)
{
	if (n == 0)
		return 0; /* an empty file has no buffer */
	if (n > s->max - s->len)
		return -EFBIG;
	if (s->len + n > s->cap) {
		size_t want = s->cap ? s->cap * 2 : 64 * 1024;
		uint8_t *grown;

		if (s->tsize > want && s->tsize <= s->max)
			want = (size_t)s->tsize;
		if (want < s->len + n)
			want = s->len + n;
		if (want > s->max)
			want = s->max;
		if (!(grown = realloc(s->data, want)))
			return -ENOMEM;
		s->data = grown;
		s->cap = want;
	}
	memcpy(s->data + s->len, p, n);
	s->len += n;
	return 0;
}

static enum tftp_action take_error(struct tftp_session *s, const uint8_t *pkt, size_t len)
{
	static const int by_code[] = { -EIO,	-ENOENT, -EACCES, -ENOSPC, -EPROTO,
				       -EPROTO, -EEXIST, -EPROTO, -EPROTO };
	uint16_t code = be16(pkt + 2);
	size_t n = 0;

	for (size_t i = 4; i < len && pkt[i] && n + 1 < sizeof(s->error_text); i++)
		s->error_text[n++] = pkt[i] >= ' ' && pkt[i] < 0x7f ? (char)pkt[i] : '?';
	s->error_text[n] = '\0';
	return fail(s, code < sizeof(by_code) / sizeof(by_code[0]) ? by_code[code] : -EIO);
}

static enum tftp_action take_data(struct tftp_session *s, const uint8_t *pkt, size_t len)
{
	uint16_t block = be16(pkt + 2);
	size_t n = len - 4;
	int rc;

	if (block == s->block && s->state == TFTP_RECEIVING) {
		make_ack(s, block); /* our ACK was lost: the same again */
		return TFTP_SEND;
	}
	if (block != (uint16_t)(s->block + 1))
		return TFTP_WAIT;
	if (n > s->blksize)
		return fail(s, -EPROTO);
	if ((rc = append(s, pkt + 4, n)) < 0)
		return fail(s, rc);
	s->state = TFTP_RECEIVING;
	s->block = block;
	make_ack(s, block);
	if (n < s->blksize) {
		if (s->has_tsize && s->len != s->tsize)
			return fail(s, -EPROTO);
		s->state = TFTP_DONE;
	}
	return TFTP_SEND;
}

enum tftp_action tftp_session_receive(struct tftp_session *s, const uint8_t *pkt, size_t len,
				      uint16_t port)
{
	int rc;

	if (s->state == TFTP_DONE || s->state == TFTP_FAILED)
		return TFTP_STOP;
	if (len < 4 || port == 0 || (s->server_port && port != s->server_port))
		return TFTP_WAIT;
	switch (be16(pkt)) {
	case OP_ERROR:
		return take_error(s, pkt, len);
	case OP_OACK:
		if (s->state == TFTP_RECEIVING) {
			if (s->block != 0)
				return TFTP_WAIT;
			make_ack(s, 0); /* our ACK of the OACK was lost */
			return TFTP_SEND;
		}
		if ((rc = take_options(s, pkt + 2, len - 2)) < 0)
			return fail(s, rc);
		s->server_port = port;
		if (s->size_only && s->has_tsize) {
			make_error(s, 8, "size only");
			s->state = TFTP_DONE;
			return TFTP_SEND;
		}
		s->state = TFTP_RECEIVING;
		make_ack(s, 0);
		return TFTP_SEND;
	case OP_DATA:
		if (!s->server_port)
			s->server_port = port; /* the server ignored our options */
		return take_data(s, pkt, len);
	default:
		return TFTP_WAIT;
	}
}

enum tftp_action tftp_session_timeout(struct tftp_session *s)
{
	if (s->state == TFTP_DONE || s->state == TFTP_FAILED)
		return TFTP_STOP;
	if (s->retries >= TFTP_RETRIES)
		return fail(s, -ETIMEDOUT);
	s->retries++;
	return TFTP_SEND;
}

void tftp_session_end(struct tftp_session *s)
{
	free(s->data);
	s->data = NULL;
	s->len = s->cap = 0;
}
