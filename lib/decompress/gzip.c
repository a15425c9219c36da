/*
 * gzip through zlib's inflate (gzip wrapper only: header, deflate data,
 * CRC-32 and size checked by zlib). Members that follow one another are
 * decoded one after the other, as gunzip does; anything else after a
 * member is ignored.
 */
#include "lib/decompress/glue.h"
#include "lib/errno.h"

#define ZLIB_CONST
#include <zlib.h>

#define GZIP_WINDOW_BITS (15 + 16)	   /* largest window, gzip wrapper only */
#define CHUNK		 ((size_t)1 << 30) /* zlib counts in uInt */

static const uint8_t member_magic[] = { 0x1f, 0x8b };

static uInt chunk(size_t n)
{
	return (uInt)(n < CHUNK ? n : CHUNK);
}

int decompress_gzip(struct decomp *d, const uint8_t *in, size_t in_len)
{
	z_stream s = { 0 };
	size_t pos = 0;
	int stalls = 0, rc = 0, zr;

	if (inflateInit2(&s, GZIP_WINDOW_BITS) != Z_OK)
		return decomp_error(d, -ENOMEM, "gzip", "out of memory for the decoder");
	for (;;) {
		size_t in_before, out_before;

		if (d->len == d->cap && (rc = decomp_grow(d)) == -ENOMEM)
			goto out;
		s.next_in = in + pos;
		s.avail_in = chunk(in_len - pos);
		s.next_out = d->buf + d->len;
		s.avail_out = chunk(d->cap - d->len);
		in_before = s.avail_in;
		out_before = s.avail_out;
		zr = inflate(&s, Z_NO_FLUSH);
		pos += in_before - s.avail_in;
		d->len += out_before - s.avail_out;

		if (zr == Z_STREAM_END) {
			/* Another member right after this one is part of the file. */
			if (!decomp_has_magic(in + pos, in_len - pos, member_magic,
					      sizeof(member_magic))) {
				rc = 0;
				goto out;
			}
			if (inflateReset(&s) != Z_OK) {
				rc = decomp_error(d, -EILSEQ, "gzip", "cannot restart the decoder");
				goto out;
			}
			continue;
		}
		if (zr == Z_MEM_ERROR) {
			rc = decomp_error(d, -ENOMEM, "gzip", "out of memory in the decoder");
			goto out;
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			rc = decomp_error(d, -EILSEQ, "gzip", "corrupt data at input byte %zu: %s",
					  pos, s.msg ? s.msg : "inflate failed");
			goto out;
		}
		if (in_before != s.avail_in || out_before != s.avail_out)
			stalls = 0;
		else if (++stalls >= 2) {
			rc = decomp_stalled(d, "gzip", in_len - pos);
			goto out;
		}
	}
out:
	inflateEnd(&s);
	return rc;
}
