/* xen/xs_codec: building requests and taking replies apart. */
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "xen/xs_codec.h"

TEST(xs_build_read_request)
{
	char buf[64];
	const char *parts[] = { "domid" };
	size_t lens[] = { 5 };
	int nul[] = { 1 };
	struct xsd_sockmsg h;
	int n = xs_msg_build(buf, sizeof(buf), XS_READ, 7, 3, parts, lens, nul, 1);

	CHECK_INT(n, (int)sizeof(h) + 6);
	memcpy(&h, buf, sizeof(h));
	CHECK_INT(h.type, XS_READ);
	CHECK_INT(h.req_id, 7);
	CHECK_INT(h.tx_id, 3);
	CHECK_INT(h.len, 6);
	CHECK(memcmp(buf + sizeof(h), "domid\0", 6) == 0);
}

TEST(xs_build_write_has_no_trailing_nul_on_value)
{
	char buf[64];
	const char *parts[] = { "a/b", "xyz" };
	size_t lens[] = { 3, 3 };
	int nul[] = { 1, 0 };
	int n = xs_msg_build(buf, sizeof(buf), XS_WRITE, 1, 0, parts, lens, nul, 2);

	CHECK_INT(n, 16 + 7);
	CHECK(memcmp(buf + 16, "a/b\0xyz", 7) == 0);
}

TEST(xs_build_limits)
{
	static char big[XENSTORE_PAYLOAD_MAX + 1];
	static char buf[XENSTORE_PAYLOAD_MAX + 64];
	const char *parts[] = { big };
	size_t lens[] = { XENSTORE_PAYLOAD_MAX };
	int nul[] = { 1 };

	CHECK_INT(xs_msg_build(buf, sizeof(buf), XS_WRITE, 1, 0, parts, lens, nul, 1), -E2BIG);
	nul[0] = 0;
	CHECK_INT(xs_msg_build(buf, sizeof(buf), XS_WRITE, 1, 0, parts, lens, nul, 1),
		  16 + XENSTORE_PAYLOAD_MAX);
	CHECK_INT(xs_msg_build(buf, 20, XS_WRITE, 1, 0, parts, lens, nul, 1), -E2BIG);
}

TEST(xs_header_check_rejects_oversize_and_bad_type)
{
	struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX };
	CHECK_INT(xs_header_check(&h), 0);
	h.len = XENSTORE_PAYLOAD_MAX + 1;
	CHECK_INT(xs_header_check(&h), -EBADMSG);
	h.len = 0;
	h.type = XS_TYPE_COUNT + 5;
	CHECK_INT(xs_header_check(&h), -EBADMSG);
}

TEST(xs_error_names)
{
	CHECK_INT(xs_error_code("ENOENT", 7), -ENOENT);
	CHECK_INT(xs_error_code("EACCES", 6), -EACCES); /* no NUL */
	CHECK_INT(xs_error_code("EAGAIN\0junk", 11), -EAGAIN);
	CHECK_INT(xs_error_code("WHATEVER", 9), -EIO);
	CHECK_INT(xs_error_code("", 0), -EIO);
}

TEST(xs_split_lists)
{
	const char *out[4];
	CHECK_INT(xs_split("a\0bc\0\0", 6, out, 4), 3);
	CHECK_STR(out[0], "a");
	CHECK_STR(out[1], "bc");
	CHECK_STR(out[2], "");
	CHECK_INT(xs_split("", 0, out, 4), 0);
	CHECK_INT(xs_split("abc", 3, out, 4), -EBADMSG);
	CHECK_INT(xs_split("a\0b\0c\0d\0e\0", 10, out, 4), -E2BIG);
}

TEST(xs_watch_events)
{
	const char *path, *token;
	CHECK_INT(xs_parse_watch_event("/local/x\0tok\0", 13, &path, &token), 0);
	CHECK_STR(path, "/local/x");
	CHECK_STR(token, "tok");
	CHECK_INT(xs_parse_watch_event("/p\0t\0\0", 6, &path, &token), 0);
	CHECK_INT(xs_parse_watch_event("/p\0", 3, &path, &token), -EBADMSG);
	CHECK_INT(xs_parse_watch_event("\0t\0", 3, &path, &token), -EBADMSG);
	CHECK_INT(xs_parse_watch_event("/p\0t", 4, &path, &token), -EBADMSG);
}

TEST(xs_perms_round_trip)
{
	struct xs_perm in[] = { { 0, 'n' }, { 5, 'r' }, { 65535, 'b' } }, out[4];
	char buf[64];
	int n = xs_format_perms(in, 3, buf, sizeof(buf));

	CHECK_INT(n, 3 + 3 + 7);
	CHECK(memcmp(buf, "n0\0r5\0b65535\0", 13) == 0);
	CHECK_INT(xs_parse_perms(buf, (size_t)n, out, 4), 3);
	CHECK_INT(out[2].domid, 65535);
	CHECK(out[2].access == 'b');
	CHECK_INT(xs_parse_perms("x1\0", 3, out, 4), -EBADMSG);
	CHECK_INT(xs_parse_perms("r70000\0", 7, out, 4), -EBADMSG);
	CHECK_INT(xs_parse_perms("r\0", 2, out, 4), -EBADMSG);
	CHECK_INT(xs_parse_perms("", 0, out, 4), -EBADMSG);
	CHECK_INT(xs_parse_perms("r1\0r2\0", 6, out, 1), -E2BIG);
	CHECK_INT(xs_format_perms(in, 3, buf, 5), -E2BIG);
	in[0].access = 'q';
	CHECK_INT(xs_format_perms(in, 1, buf, sizeof(buf)), -EINVAL);
}

TEST(xs_numbers)
{
	unsigned long v;
	CHECK_INT(xs_parse_ulong("123", 3, &v), 0);
	CHECK_INT(v, 123);
	CHECK_INT(xs_parse_ulong("18446744073709551615", 20, &v), 0);
	CHECK_INT(xs_parse_ulong("18446744073709551616", 20, &v), -EINVAL);
	CHECK_INT(xs_parse_ulong("", 0, &v), -EINVAL);
	CHECK_INT(xs_parse_ulong("-1", 2, &v), -EINVAL);
	CHECK_INT(xs_parse_ulong("1 ", 2, &v), -EINVAL);
}
