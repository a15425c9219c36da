/*
 * lz4's legacy frame (what `lz4 -l` writes and the Linux kernel build
 * uses), each block through liblz4's LZ4_decompress_safe. The frame: the
 * magic 0x184C2102 (little-endian), then blocks, each a 4-byte
 * little-endian compressed size and that many bytes of independent LZ4
 * block data decoding to at most 8 MiB. There is no end marker and no
 * checksum; the stream ends
 *   - at the end of the input;
 *   - at a size field that is the legacy magic again: a new frame follows;
 *   - at a size field no block can have (above LZ4_COMPRESSBOUND(8 MiB)),
 *     such as another frame's magic, as the lz4 tool reads it, or the
 *     kernel build's appended uncompressed size of a large kernel;
 *   - at a size field of 0, or at fewer than 4 bytes left;
 *   - at a last 4 bytes whose block would not fit in the input: the
 *     kernel build's appended size of a small kernel.
 * A block that runs past the end of the input otherwise is truncation.
 */
#include "lib/bytes.h"
#include "lib/decompress/glue.h"
#include "lib/errno.h"

#include <lz4.h>

#define LEGACY_MAGIC  0x184c2102u
#define BLOCK_OUT_MAX ((size_t)8 << 20)
#define BLOCK_IN_MAX  ((size_t)LZ4_COMPRESSBOUND(8 << 20))
#define SIZE_FIELD    4

int decompress_lz4(struct decomp *d, const uint8_t *in, size_t in_len)
{
	size_t pos = SIZE_FIELD;
	int rc;

	if (in_len < SIZE_FIELD || get_le32(in) != LEGACY_MAGIC)
		return decomp_error(d, -EILSEQ, "lz4", "not a legacy frame (magic 02 21 4c 18)");
	for (;;) {
		size_t left = in_len - pos, size, room;
		const uint8_t *block;
		int n;

		if (left < SIZE_FIELD)
			return 0;
		size = get_le32(in + pos);
		if (size == LEGACY_MAGIC) {
			pos += SIZE_FIELD;
			continue;
		}
		if (size == 0 || size > BLOCK_IN_MAX)
			return 0;
		if (size > left - SIZE_FIELD) {
			if (left == SIZE_FIELD)
				return 0;
			return decomp_error(d, -EILSEQ, "lz4",
					    "truncated: a block of %zu bytes at input byte %zu has "
					    "only %zu",
					    size, pos, left - SIZE_FIELD);
		}
		block = in + pos + SIZE_FIELD;
		room = d->max - d->len < BLOCK_OUT_MAX ? d->max - d->len : BLOCK_OUT_MAX;
		if ((rc = decomp_reserve(d, room)) < 0)
			return rc;
		n = LZ4_decompress_safe((const char *)block, (char *)d->buf + d->len, (int)size,
					(int)room);
		/* Failed in the room left below max: too big when the block
		 * decodes cleanly as far as that room goes, else corrupt. */
		if (n < 0) {
			if (room < BLOCK_OUT_MAX &&
			    LZ4_decompress_safe_partial((const char *)block,
							(char *)d->buf + d->len, (int)size,
							(int)room, (int)room) == (int)room)
				return decomp_too_big(d, "lz4");
			return decomp_error(d, -EILSEQ, "lz4", "corrupt block at input byte %zu",
					    pos);
		}
		d->len += (size_t)n;
		pos += SIZE_FIELD + size;
	}
}
