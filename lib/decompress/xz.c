/*
 * xz and legacy .lzma through liblzma's decoders: lzma_stream_decoder for
 * .xz (every filter and check liblzma has, as the kernel build's
 * `xz --check=crc32 --x86 --lzma2` writes), lzma_alone_decoder for .lzma
 * (the kernel build's `lzma -9`). Memory for the dictionary is capped at
 * DECOMPRESS_WINDOW_MAX, and a .lzma dictionary is cut to the most output
 * there can be. .xz streams that follow one another (with their
 * zero padding) are decoded as xz does; anything else after a stream is
 * ignored.
 */
#include "lib/bytes.h"
#include "lib/decompress/decompress.h"
#include "lib/decompress/glue.h"
#include "lib/errno.h"

#include <lzma.h>
#include <string.h>

/* The dictionary and the decoders' own state. */
#define MEMLIMIT ((uint64_t)DECOMPRESS_WINDOW_MAX + ((uint64_t)1 << 20))

static const uint8_t xz_magic[] = { 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00 };

static int lzma_failure(struct decomp *d, const char *format, lzma_stream *s, lzma_ret r,
			size_t pos)
{
	switch (r) {
	case LZMA_MEM_ERROR:
		return decomp_error(d, -ENOMEM, format, "out of memory in the decoder");
	case LZMA_MEMLIMIT_ERROR:
		return decomp_error(d, -ENOMEM, format,
				    "the stream needs %llu KiB for its dictionary, more than the "
				    "%llu KiB allowed",
				    (unsigned long long)(lzma_memusage(s) >> 10),
				    (unsigned long long)(MEMLIMIT >> 10));
	case LZMA_FORMAT_ERROR:
		return decomp_error(d, -EILSEQ, format, "bad stream header at input byte %zu", pos);
	case LZMA_OPTIONS_ERROR:
		return decomp_error(d, -EOPNOTSUPP, format,
				    "unsupported options (filter, flags or properties) at input "
				    "byte %zu",
				    pos);
	case LZMA_DATA_ERROR:
		return decomp_error(d, -EILSEQ, format, "corrupt data at input byte %zu", pos);
	default:
		return decomp_error(d, -EILSEQ, format, "decoder error %d at input byte %zu",
				    (int)r, pos);
	}
}

/* Runs the decoder set up in s over in[*pos..in_len) to the end of its
 * stream; *pos ends just after it. */
static int run(struct decomp *d, const char *format, lzma_stream *s, const uint8_t *in,
	       size_t in_len, size_t *pos)
{
	int stalls = 0, rc;
	lzma_ret r;

	for (;;) {
		size_t in_before, out_before;

		if (d->len == d->cap && (rc = decomp_grow(d)) == -ENOMEM)
			return rc;
		s->next_in = in + *pos;
		s->avail_in = in_len - *pos;
		s->next_out = d->buf + d->len;
		s->avail_out = d->cap - d->len;
		in_before = s->avail_in;
		out_before = s->avail_out;
		r = lzma_code(s, LZMA_RUN);
		*pos += in_before - s->avail_in;
		d->len += out_before - s->avail_out;

		if (r == LZMA_STREAM_END)
			return 0;
		if (r != LZMA_OK && r != LZMA_BUF_ERROR)
			return lzma_failure(d, format, s, r, *pos);
		if (in_before != s->avail_in || out_before != s->avail_out)
			stalls = 0;
		else if (++stalls >= 2)
			return decomp_stalled(d, format, in_len - *pos);
	}
}

int decompress_xz(struct decomp *d, const uint8_t *in, size_t in_len)
{
	lzma_stream s = LZMA_STREAM_INIT;
	size_t pos = 0;
	lzma_ret r;
	int rc;

	for (;;) {
		/* Not LZMA_CONCATENATED: the decoder stops at the end of a
		 * stream, and what follows is looked at here. */
		if ((r = lzma_stream_decoder(&s, MEMLIMIT, 0)) != LZMA_OK) {
			rc = lzma_failure(d, "xz", &s, r, pos);
			break;
		}
		if ((rc = run(d, "xz", &s, in, in_len, &pos)) < 0)
			break;
		/* Stream padding: zero bytes, four at a time. */
		while (in_len - pos >= 4 && !in[pos] && !in[pos + 1] && !in[pos + 2] &&
		       !in[pos + 3])
			pos += 4;
		if (!decomp_has_magic(in + pos, in_len - pos, xz_magic, sizeof(xz_magic)))
			break;
	}
	lzma_end(&s);
	return rc;
}

/* The .lzma header (properties byte, dictionary size, uncompressed size,
 * little-endian) with the dictionary cut to what the output can use: the
 * decoder never looks further back than the output so far, and no more
 * than d->max bytes (nor more than the header's own size, when it knows
 * it) can come out. `lzma -9` declares 64 MiB, which a 64 MiB guest could
 * not spare. */
#define LZMA_HEADER 13

static void lzma_clamp_dictionary(const struct decomp *d, const uint8_t *in, uint8_t *hdr)
{
	uint64_t dict = get_le32(in + 1), size = get_le64(in + 5), need = d->max;

	memcpy(hdr, in, LZMA_HEADER);
	if (size != UINT64_MAX && size < need)
		need = size;
	if (need < 4096)
		need = 4096;
	if (dict <= need)
		return;
	for (int i = 1; i <= 4; i++)
		hdr[i] = (uint8_t)(need >> (8 * (i - 1)));
}

int decompress_lzma(struct decomp *d, const uint8_t *in, size_t in_len)
{
	lzma_stream s = LZMA_STREAM_INIT;
	uint8_t hdr[LZMA_HEADER];
	size_t pos = 0;
	lzma_ret r;
	int rc;

	/* The header's size, when known, ends the stream; else its end marker. */
	if ((r = lzma_alone_decoder(&s, MEMLIMIT)) != LZMA_OK) {
		rc = lzma_failure(d, "lzma", &s, r, pos);
		goto out;
	}
	if (in_len > LZMA_HEADER) {
		/* The header (clamped) on its own: the decoder takes all of it
		 * and sets up the dictionary before it needs more input. It
		 * works only with room for output. */
		size_t out_before;

		lzma_clamp_dictionary(d, in, hdr);
		if (d->len == d->cap && (rc = decomp_grow(d)) == -ENOMEM)
			goto out;
		s.next_in = hdr;
		s.avail_in = LZMA_HEADER;
		s.next_out = d->buf + d->len;
		s.avail_out = out_before = d->cap - d->len;
		r = lzma_code(&s, LZMA_RUN);
		d->len += out_before - s.avail_out;
		if (r != LZMA_OK) {
			rc = lzma_failure(d, "lzma", &s, r, LZMA_HEADER - s.avail_in);
			goto out;
		}
		pos = LZMA_HEADER - s.avail_in;
	}
	rc = run(d, "lzma", &s, in, in_len, &pos);
out:
	lzma_end(&s);
	return rc;
}
