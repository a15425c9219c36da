/*
 * bzip2 through libbz2's BZ2_bzDecompress (built with BZ_NO_STDIO: no
 * FILE functions; block and stream CRCs checked by the library). Streams
 * that follow one another ("BZh1".."BZh9") are decoded as bunzip2 does;
 * anything else after a stream is ignored. libbz2 reports broken internal
 * invariants through bz_internal_error(), defined here.
 */
#include "lib/decompress/glue.h"
#include "lib/errno.h"

#include <stdlib.h>

#define BZ_NO_STDIO
#include <bzlib.h>

#define CHUNK ((size_t)1 << 30) /* libbz2 counts in unsigned int */

/* libbz2 calls this when one of its own assertions fails: its state is
 * not to be trusted any more, so there is nothing to return to. */
void bz_internal_error(int errcode);
void bz_internal_error(int errcode)
{
	(void)errcode;
	abort();
}

static unsigned int chunk(size_t n)
{
	return (unsigned int)(n < CHUNK ? n : CHUNK);
}

static bool stream_follows(const uint8_t *in, size_t len)
{
	return len >= 4 && in[0] == 'B' && in[1] == 'Z' && in[2] == 'h' && in[3] >= '1' &&
	       in[3] <= '9';
}

/* One stream from in[*pos..in_len); *pos ends just after it. */
static int one_stream(struct decomp *d, bz_stream *s, const uint8_t *in, size_t in_len, size_t *pos)
{
	int stalls = 0, rc, br;

	for (;;) {
		unsigned int in_before, out_before;

		if (d->len == d->cap && (rc = decomp_grow(d)) == -ENOMEM)
			return rc;
		s->next_in = (char *)(uintptr_t)(in + *pos); /* libbz2 does not write it */
		s->avail_in = chunk(in_len - *pos);
		s->next_out = (char *)(d->buf + d->len);
		s->avail_out = chunk(d->cap - d->len);
		in_before = s->avail_in;
		out_before = s->avail_out;
		br = BZ2_bzDecompress(s);
		*pos += in_before - s->avail_in;
		d->len += out_before - s->avail_out;

		switch (br) {
		case BZ_STREAM_END:
			return 0;
		case BZ_OK:
			break;
		case BZ_MEM_ERROR:
			return decomp_error(d, -ENOMEM, "bzip2", "out of memory in the decoder");
		case BZ_DATA_ERROR_MAGIC:
			return decomp_error(d, -EILSEQ, "bzip2",
					    "bad stream header at input byte %zu", *pos);
		case BZ_DATA_ERROR:
			return decomp_error(d, -EILSEQ, "bzip2",
					    "corrupt data or CRC mismatch at input byte %zu", *pos);
		default:
			return decomp_error(d, -EILSEQ, "bzip2",
					    "decoder error %d at input byte %zu", br, *pos);
		}
		if (in_before != s->avail_in || out_before != s->avail_out)
			stalls = 0;
		else if (++stalls >= 2)
			return decomp_stalled(d, "bzip2", in_len - *pos);
	}
}

int decompress_bzip2(struct decomp *d, const uint8_t *in, size_t in_len)
{
	size_t pos = 0;
	int rc;

	do {
		bz_stream s = { 0 };

		/* verbosity 0; small 0: the fast decoder (3.6 MiB at most) */
		if (BZ2_bzDecompressInit(&s, 0, 0) != BZ_OK)
			return decomp_error(d, -ENOMEM, "bzip2", "out of memory for the decoder");
		rc = one_stream(d, &s, in, in_len, &pos);
		BZ2_bzDecompressEnd(&s);
	} while (rc == 0 && stream_follows(in + pos, in_len - pos));
	return rc;
}
