/* xenstore wire format (see xs_codec.h). Pure: no kernel dependencies. */
#include "xen/xs_codec.h"

#include "lib/errno.h"
#include "lib/string.h"

int xs_msg_build(char *buf, size_t size, uint32_t type, uint32_t req_id, uint32_t tx_id,
		 const char *const parts[], const size_t lens[], const int nul_after[], unsigned n)
{
	struct xsd_sockmsg h = { .type = type, .req_id = req_id, .tx_id = tx_id, .len = 0 };
	size_t len = 0, pos = sizeof(h);

	for (unsigned i = 0; i < n; i++) {
		if (lens[i] > XENSTORE_PAYLOAD_MAX)
			return -E2BIG;
		len += lens[i] + (nul_after[i] ? 1 : 0);
	}
	if (len > XENSTORE_PAYLOAD_MAX || sizeof(h) + len > size)
		return -E2BIG;
	h.len = (uint32_t)len;
	memcpy(buf, &h, sizeof(h));
	for (unsigned i = 0; i < n; i++) {
		memcpy(buf + pos, parts[i], lens[i]);
		pos += lens[i];
		if (nul_after[i])
			buf[pos++] = '\0';
	}
	return (int)pos;
}

int xs_header_check(const struct xsd_sockmsg *h)
{
	if (h->len > XENSTORE_PAYLOAD_MAX)
		return -EBADMSG;
	if (h->type >= XS_TYPE_COUNT && h->type != XS_INVALID)
		return -EBADMSG;
	return 0;
}

int xs_error_code(const char *body, size_t len)
{
	char name[16];
	size_t n = 0;
	int e;

	while (n < len && n < sizeof(name) - 1 && body[n])
		name[n] = body[n], n++;
	name[n] = '\0';
	e = errno_from_name(name);
	return e ? -e : -EIO;
}

int xs_split(const char *body, size_t len, const char **out, unsigned max)
{
	unsigned count = 0;
	size_t start = 0;

	if (len == 0)
		return 0;
	if (body[len - 1] != '\0')
		return -EBADMSG;
	for (size_t i = 0; i < len; i++) {
		if (body[i] != '\0')
			continue;
		if (count == max)
			return -E2BIG;
		out[count++] = body + start;
		start = i + 1;
	}
	return (int)count;
}

int xs_parse_watch_event(const char *body, size_t len, const char **path, const char **token)
{
	const char *parts[3];
	int n = xs_split(body, len, parts, 3);

	/* Some xenstoreds add nothing, some a trailing empty field: two or
	 * three strings, the first non-empty. */
	if (n < 2 || parts[0][0] == '\0')
		return -EBADMSG;
	*path = parts[0];
	*token = parts[1];
	return 0;
}

int xs_parse_ulong(const char *s, size_t len, unsigned long *out)
{
	unsigned long v = 0;

	if (len == 0 || len > 20)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		unsigned d;
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		d = (unsigned)(s[i] - '0');
		if (v > (~0ul - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int xs_parse_perms(const char *body, size_t len, struct xs_perm *out, unsigned max)
{
	const char *items[64];
	int n = xs_split(body, len, items, 64);

	if (n < 0)
		return n;
	if (n == 0)
		return -EBADMSG;
	if ((unsigned)n > max)
		return -E2BIG;
	for (int i = 0; i < n; i++) {
		unsigned long id;
		char a = items[i][0];
		if (a != 'n' && a != 'r' && a != 'w' && a != 'b')
			return -EBADMSG;
		if (xs_parse_ulong(items[i] + 1, strlen(items[i] + 1), &id) < 0 || id > 0xffff)
			return -EBADMSG;
		out[i].access = a;
		out[i].domid = (uint16_t)id;
	}
	return n;
}

int xs_format_perms(const struct xs_perm *perms, unsigned n, char *buf, size_t size)
{
	size_t pos = 0;

	if (n == 0)
		return -EINVAL;
	for (unsigned i = 0; i < n; i++) {
		char digits[6];
		int nd = 0;
		unsigned v = perms[i].domid;
		char a = perms[i].access;

		if (a != 'n' && a != 'r' && a != 'w' && a != 'b')
			return -EINVAL;
		do {
			digits[nd++] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		if (pos + 1 + (size_t)nd + 1 > size)
			return -E2BIG;
		buf[pos++] = a;
		while (nd)
			buf[pos++] = digits[--nd];
		buf[pos++] = '\0';
	}
	return (int)pos;
}
