/*
 * Format detection by magic bytes, the dispatch to each format's glue, and
 * the output buffer the glue fills (see decompress.h and glue.h).
 */
#include "lib/decompress/decompress.h"

#include "lib/decompress/glue.h"
#include "lib/errno.h"
#include "lib/format.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The first allocation: room for a typical kernel's ratio, at least 64 KiB. */
#define FIRST_CAP_MIN	 ((size_t)64 << 10)
#define FIRST_CAP_PER_IN 4
/* Unused space given back at the end when it is more than this. */
#define SHRINK_SLACK ((size_t)64 << 10)

struct format {
	const char *name;
	const uint8_t *magic;
	size_t magic_len;
	int (*decode)(struct decomp *d, const uint8_t *in, size_t in_len);
};

static const uint8_t gzip_magic[] = { 0x1f, 0x8b };
static const uint8_t xz_magic[] = { 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00 };
static const uint8_t lzma_magic[] = { 0x5d, 0x00, 0x00 };
static const uint8_t bzip2_magic[] = { 'B', 'Z', 'h' };
static const uint8_t lzo_magic[] = { 0x89, 0x4c, 0x5a, 0x4f, 0x00, 0x0d, 0x0a, 0x1a, 0x0a };
static const uint8_t lz4_magic[] = { 0x02, 0x21, 0x4c, 0x18 };
static const uint8_t zstd_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };

static const struct format formats[] = {
	[COMPRESSION_NONE] = { "none", NULL, 0, NULL },
	[COMPRESSION_GZIP] = { "gzip", gzip_magic, sizeof(gzip_magic), decompress_gzip },
	[COMPRESSION_XZ] = { "xz", xz_magic, sizeof(xz_magic), decompress_xz },
	[COMPRESSION_LZMA] = { "lzma", lzma_magic, sizeof(lzma_magic), decompress_lzma },
	[COMPRESSION_BZIP2] = { "bzip2", bzip2_magic, sizeof(bzip2_magic), decompress_bzip2 },
	[COMPRESSION_LZO] = { "lzo", lzo_magic, sizeof(lzo_magic), decompress_lzo },
	[COMPRESSION_LZ4] = { "lz4", lz4_magic, sizeof(lz4_magic), decompress_lz4 },
	[COMPRESSION_ZSTD] = { "zstd", zstd_magic, sizeof(zstd_magic), decompress_zstd },
};
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

bool decomp_has_magic(const uint8_t *in, size_t len, const uint8_t *magic, size_t n)
{
	return len >= n && memcmp(in, magic, n) == 0;
}

enum compression compression_detect(const void *buf, size_t len)
{
	if (!buf)
		return COMPRESSION_NONE;
	for (size_t c = 1; c < NFORMATS; c++)
		if (decomp_has_magic(buf, len, formats[c].magic, formats[c].magic_len))
			return (enum compression)c;
	return COMPRESSION_NONE;
}

const char *compression_name(enum compression c)
{
	return (size_t)c < NFORMATS ? formats[c].name : "?";
}

int decomp_error(struct decomp *d, int rc, const char *format, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!d->err || d->err_size == 0)
		return rc;
	n = format_buf(d->err, d->err_size, "%s: ", format);
	if (n >= 0 && (size_t)n < d->err_size) {
		va_start(ap, fmt);
		format_vbuf(d->err + n, d->err_size - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return rc;
}

int decomp_too_big(struct decomp *d, const char *format)
{
	return decomp_error(d, -EFBIG, format, "output larger than the limit of %zu bytes", d->max);
}

int decomp_stalled(struct decomp *d, const char *format, size_t in_left)
{
	if (d->len == d->max)
		return decomp_too_big(d, format);
	if (in_left == 0)
		return decomp_error(
			d, -EILSEQ, format,
			"truncated: the data ends inside the stream (%zu bytes decoded)", d->len);
	return decomp_error(d, -EILSEQ, format, "the decoder is stuck (%zu bytes decoded)", d->len);
}

/* A first buffer this large starts on a page boundary. */
#define ALIGNED_MIN  ((size_t)1 << 20)
#define ALIGNED_UNIT ((size_t)4096)

/* Sets the usable capacity to cap (<= max). */
static int set_cap(struct decomp *d, size_t cap, const char *format)
{
	uint8_t *p;

	if (!d->buf && cap >= ALIGNED_MIN && cap <= SIZE_MAX - ALIGNED_UNIT)
		p = aligned_alloc(ALIGNED_UNIT, (cap + ALIGNED_UNIT - 1) & ~(ALIGNED_UNIT - 1));
	else
		p = realloc(d->buf, cap ? cap : 1);

	if (!p)
		return decomp_error(d, -ENOMEM, format, "out of memory for %zu bytes of output",
				    cap);
	d->buf = p;
	d->cap = cap;
	return 0;
}

int decomp_grow(struct decomp *d)
{
	size_t cap;

	if (d->cap < d->max) {
		cap = d->cap > d->max / 2 ? d->max : d->cap * 2;
		if (cap < FIRST_CAP_MIN)
			cap = d->max < FIRST_CAP_MIN ? d->max : FIRST_CAP_MIN;
		return set_cap(d, cap, "output");
	}
	return -EFBIG;
}

int decomp_reserve(struct decomp *d, size_t n)
{
	size_t need, cap;

	if (n > d->max - d->len)
		return decomp_too_big(d, "output");
	need = d->len + n;
	if (need <= d->cap)
		return 0;
	cap = d->cap > d->max / 2 ? d->max : d->cap * 2;
	if (cap < need)
		cap = need;
	return set_cap(d, cap, "output");
}

static int decompress_with_first(enum compression c, const void *in, size_t in_len, size_t max_out,
				 size_t expected, void **out, size_t *out_len, char *err,
				 size_t err_size)
{
	struct decomp d = { .max = max_out, .err = err, .err_size = err ? err_size : 0 };
	size_t first;
	int rc;

	if (d.err_size)
		d.err[0] = '\0';
	if (!out || !out_len)
		return decomp_error(&d, -EINVAL, "decompress", "no place for the output");
	*out = NULL;
	*out_len = 0;
	if (!in && in_len)
		return decomp_error(&d, -EINVAL, "decompress", "no input");
	if (!in)
		in = "";
	if ((size_t)c >= NFORMATS || c == COMPRESSION_NONE)
		return decomp_error(&d, -EOPNOTSUPP, "decompress",
				    "not a compressed format this loader reads");

	first = in_len > d.max / FIRST_CAP_PER_IN ? d.max : in_len * FIRST_CAP_PER_IN;
	if (first < FIRST_CAP_MIN)
		first = d.max < FIRST_CAP_MIN ? d.max : FIRST_CAP_MIN;
	/* The size the caller expects, one byte more so that a decoder ending
	 * exactly there needs no second buffer to find its end. */
	if (expected && expected < d.max)
		first = expected + 1;
	if ((rc = set_cap(&d, first, formats[c].name)) < 0)
		return rc;
	rc = formats[c].decode(&d, in, in_len);
	if (rc < 0) {
		free(d.buf);
		if (d.err_size && !d.err[0]) /* every refusal says why */
			decomp_error(&d, rc, formats[c].name, "failed (%s)", errno_name(rc));
		return rc;
	}
	if (d.cap - d.len > SHRINK_SLACK)
		(void)set_cap(&d, d.len, formats[c].name); /* keeps the larger buffer on failure */
	if (d.err_size)
		d.err[0] = '\0';
	*out = d.buf;
	*out_len = d.len;
	return 0;
}

int decompress(const void *in, size_t in_len, size_t max_out, void **out, size_t *out_len,
	       char *err, size_t err_size)
{
	return decompress_as(compression_detect(in, in_len), in, in_len, max_out, out, out_len, err,
			     err_size);
}

int decompress_as(enum compression c, const void *in, size_t in_len, size_t max_out, void **out,
		  size_t *out_len, char *err, size_t err_size)
{
	return decompress_with_first(c, in, in_len, max_out, 0, out, out_len, err, err_size);
}

int decompress_sized(const void *in, size_t in_len, size_t max_out, size_t expected, void **out,
		     size_t *out_len, char *err, size_t err_size)
{
	return decompress_with_first(compression_detect(in, in_len), in, in_len, max_out, expected,
				     out, out_len, err, err_size);
}
