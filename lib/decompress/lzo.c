/*
 * lzop files (what `lzop` writes and the Linux kernel build uses), each
 * block through liblzo2's lzo1x_decompress_safe, with the checksums the
 * file carries (liblzo2's lzo_adler32 and lzo_crc32) checked.
 *
 * The container, all numbers big-endian: the 9-byte magic; a header of
 * version (u16), library version (u16), version needed to extract (u16,
 * from version 0x0940 on), method (u8: 1, 2 and 3 are LZO1X), level (u8,
 * from 0x0940), flags (u32), filter (u32, only with F_H_FILTER), mode
 * (u32), mtime low (u32) and high (u32, from 0x0940), name length (u8) and
 * name, and a checksum of all that after the magic (CRC-32 with
 * F_H_CRC32, else Adler-32); an optional extra field (length u32, data,
 * checksum of both). Then blocks: uncompressed size (u32; 0 ends the
 * file), compressed size (u32, at most the uncompressed size: equal means
 * stored as is), the checksums of the uncompressed data and, when the
 * block is compressed, of the compressed data that the flags ask for, and
 * the data. Another lzop file right after the end is decoded too, as lzop
 * does; anything else is ignored (the kernel build's appended size).
 */
#include "lib/decompress/glue.h"
#include "lib/errno.h"

#include <lzo/lzo1x.h>
#include <string.h>

#define F_ADLER32_D	0x00000001u
#define F_ADLER32_C	0x00000002u
#define F_H_EXTRA_FIELD 0x00000040u
#define F_CRC32_D	0x00000100u
#define F_CRC32_C	0x00000200u
#define F_H_FILTER	0x00000800u
#define F_H_CRC32	0x00001000u
#define F_RESERVED	0x000fc000u /* neither flags, nor OS or character set */

#define VERSION_MIN	  0x0900 /* the first lzop */
#define VERSION_LONG_HDR  0x0940 /* from here: needed version, level, mtime high */
#define METHOD_LZO1X_1	  1
#define METHOD_LZO1X_1_15 2
#define METHOD_LZO1X_999  3
#define BLOCK_MAX	  ((uint32_t)64 << 20) /* lzop's MAX_BLOCK_SIZE */
#define SPLIT_FILE	  0xffffffffu

static const uint8_t lzop_magic[] = { 0x89, 0x4c, 0x5a, 0x4f, 0x00, 0x0d, 0x0a, 0x1a, 0x0a };

/* The input, read front to back with every read checked. */
struct cursor {
	const uint8_t *in;
	size_t len, pos;
	bool short_read; /* a read ran past the end */
};

static const uint8_t *take(struct cursor *c, size_t n)
{
	const uint8_t *p = c->in + c->pos;

	if (c->short_read || n > c->len - c->pos) {
		c->short_read = true;
		return NULL;
	}
	c->pos += n;
	return p;
}

static uint32_t get_be(struct cursor *c, size_t n)
{
	const uint8_t *p = take(c, n);
	uint32_t v = 0;

	for (size_t i = 0; p && i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* The checksum flags select for data[0..n). */
static uint32_t checksum(uint32_t flags, const uint8_t *data, size_t n)
{
	if (flags & F_H_CRC32)
		return lzo_crc32(0, data, n);
	return lzo_adler32(1, data, n);
}

static int truncated(struct decomp *d, const char *what)
{
	return decomp_error(d, -EILSEQ, "lzo", "truncated in %s", what);
}

/* The header after the magic; *flags gets its flags. */
static int read_header(struct decomp *d, struct cursor *c, uint32_t *flags)
{
	size_t start = c->pos;
	uint32_t version, needed = VERSION_MIN, method, sum, name_len;

	version = get_be(c, 2);
	get_be(c, 2); /* the library version */
	if (version >= VERSION_LONG_HDR)
		needed = get_be(c, 2);
	method = get_be(c, 1);
	if (version >= VERSION_LONG_HDR)
		get_be(c, 1); /* the level */
	*flags = get_be(c, 4);
	if (*flags & F_H_FILTER)
		get_be(c, 4);
	get_be(c, 4); /* mode */
	get_be(c, 4); /* mtime */
	if (version >= VERSION_LONG_HDR)
		get_be(c, 4);
	name_len = get_be(c, 1);
	take(c, name_len);
	if (c->short_read)
		return truncated(d, "the header");
	sum = checksum(*flags, c->in + start, c->pos - start);
	if (get_be(c, 4) != sum)
		return c->short_read ? truncated(d, "the header")
				     : decomp_error(d, -EILSEQ, "lzo", "header checksum mismatch");

	if (version < VERSION_MIN || needed < VERSION_MIN)
		return decomp_error(d, -EILSEQ, "lzo", "header: version %#x, needs %#x", version,
				    needed);
	if (method != METHOD_LZO1X_1 && method != METHOD_LZO1X_1_15 && method != METHOD_LZO1X_999)
		return decomp_error(d, -EOPNOTSUPP, "lzo", "method %u is not LZO1X", method);
	if (*flags & F_H_FILTER)
		return decomp_error(d, -EOPNOTSUPP, "lzo", "filters are not supported");
	if (*flags & F_RESERVED)
		return decomp_error(d, -EOPNOTSUPP, "lzo", "unknown header flags %#x",
				    *flags & F_RESERVED);
	if (((*flags & F_ADLER32_C) && !(*flags & F_ADLER32_D)) ||
	    ((*flags & F_CRC32_C) && !(*flags & F_CRC32_D)))
		return decomp_error(d, -EILSEQ, "lzo",
				    "header: compressed-data checksum without the data's");

	if (*flags & F_H_EXTRA_FIELD) {
		size_t extra = c->pos;
		uint32_t n = get_be(c, 4);

		take(c, n);
		if (c->short_read)
			return truncated(d, "the header's extra field");
		sum = checksum(*flags, c->in + extra, c->pos - extra);
		if (get_be(c, 4) != sum)
			return c->short_read ? truncated(d, "the header's extra field")
					     : decomp_error(d, -EILSEQ, "lzo",
							    "extra field checksum mismatch");
	}
	return 0;
}

/* One block, whose uncompressed size dst_len (not 0) was just read. */
static int read_block(struct decomp *d, struct cursor *c, uint32_t flags, uint32_t dst_len)
{
	uint32_t src_len, d_adler = 0, d_crc = 0, c_adler = 0, c_crc = 0;
	size_t at = c->pos - 4;
	const uint8_t *src;
	uint8_t *dst;
	lzo_uint out_len;
	int rc, lr;

	if (dst_len == SPLIT_FILE)
		return decomp_error(d, -EOPNOTSUPP, "lzo", "split files are not supported");
	if (dst_len > BLOCK_MAX)
		return decomp_error(d, -EILSEQ, "lzo",
				    "block at input byte %zu: %u bytes, more than a block holds",
				    at, dst_len);
	src_len = get_be(c, 4);
	if (flags & F_ADLER32_D)
		d_adler = get_be(c, 4);
	if (flags & F_CRC32_D)
		d_crc = get_be(c, 4);
	if ((flags & F_ADLER32_C) && src_len < dst_len)
		c_adler = get_be(c, 4);
	if ((flags & F_CRC32_C) && src_len < dst_len)
		c_crc = get_be(c, 4);
	src = take(c, src_len);
	if (c->short_read)
		return truncated(d, "a block");
	if (src_len == 0 || src_len > dst_len)
		return decomp_error(d, -EILSEQ, "lzo",
				    "block at input byte %zu: %u bytes compressed to %u", at,
				    dst_len, src_len);
	if ((rc = decomp_reserve(d, dst_len)) < 0)
		return rc;
	dst = d->buf + d->len;

	if (src_len < dst_len) {
		if (((flags & F_ADLER32_C) && lzo_adler32(1, src, src_len) != c_adler) ||
		    ((flags & F_CRC32_C) && lzo_crc32(0, src, src_len) != c_crc))
			return decomp_error(d, -EILSEQ, "lzo",
					    "block at input byte %zu: checksum mismatch of the "
					    "compressed data",
					    at);
		out_len = dst_len;
		lr = lzo1x_decompress_safe(src, src_len, dst, &out_len, NULL);
		if (lr != LZO_E_OK || out_len != dst_len)
			return decomp_error(
				d, -EILSEQ, "lzo",
				"block at input byte %zu: corrupt data (error %d, %lu of "
				"%u bytes)",
				at, lr, (unsigned long)out_len, dst_len);
	} else {
		memcpy(dst, src, dst_len); /* stored */
	}
	if (((flags & F_ADLER32_D) && lzo_adler32(1, dst, dst_len) != d_adler) ||
	    ((flags & F_CRC32_D) && lzo_crc32(0, dst, dst_len) != d_crc))
		return decomp_error(d, -EILSEQ, "lzo", "block at input byte %zu: checksum mismatch",
				    at);
	d->len += dst_len;
	return 0;
}

int decompress_lzo(struct decomp *d, const uint8_t *in, size_t in_len)
{
	struct cursor c = { .in = in, .len = in_len };
	uint32_t flags, dst_len;
	int rc;

	if (lzo_init() != LZO_E_OK)
		return decomp_error(d, -EOPNOTSUPP, "lzo", "liblzo2 was built for another ABI");
	do {
		if (!take(&c, sizeof(lzop_magic)) ||
		    memcmp(in + c.pos - sizeof(lzop_magic), lzop_magic, sizeof(lzop_magic)) != 0)
			return decomp_error(d, -EILSEQ, "lzo", "not an lzop file");
		if ((rc = read_header(d, &c, &flags)) < 0)
			return rc;
		while ((dst_len = get_be(&c, 4)) != 0)
			if ((rc = read_block(d, &c, flags, dst_len)) < 0)
				return rc;
		if (c.short_read)
			return truncated(d, "the block list (no end marker)");
	} while (decomp_has_magic(in + c.pos, in_len - c.pos, lzop_magic, sizeof(lzop_magic)));
	return 0;
}
