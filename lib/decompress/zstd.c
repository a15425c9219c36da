/*
 * zstd through libzstd's streaming decoder (ZSTD_decompressStream; frame
 * content checksums, when present, checked by the library), its window
 * capped at DECOMPRESS_WINDOW_MAX (windowLog 27: the window of the kernel
 * build's `zstd -22 --ultra`). A frame that fits in the output space
 * already there (the caller gave the size it expects, as a bzImage's
 * payload does) is decoded in one call instead (ZSTD_decompressDCtx),
 * with the output as its window: no window buffer beside it, which for
 * the kernel's frames (no size in the header, a 128 MiB window) would
 * take as much memory again as the kernel (Debian 13's kernel is zstd).
 * Frames that follow one another, skippable frames among them, are decoded
 * as zstd does; anything else after a frame is ignored.
 */
#include "lib/bytes.h"
#include "lib/decompress/decompress.h"
#include "lib/decompress/glue.h"
#include "lib/errno.h"

#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_getFrameHeader */
#include <zstd.h>
#include <zstd_errors.h>

#define WINDOW_LOG_MAX 27
_Static_assert(((size_t)1 << WINDOW_LOG_MAX) == DECOMPRESS_WINDOW_MAX,
	       "zstd's window limit is DECOMPRESS_WINDOW_MAX");

#define FRAME_MAGIC	     0xfd2fb528u
#define SKIPPABLE_MAGIC	     0x184d2a50u /* the low 4 bits are free */
#define SKIPPABLE_MAGIC_MASK 0xfffffff0u

static bool frame_follows(const uint8_t *in, size_t len)
{
	uint32_t magic;

	if (len < 4)
		return false;
	magic = get_le32(in);
	return magic == FRAME_MAGIC || (magic & SKIPPABLE_MAGIC_MASK) == SKIPPABLE_MAGIC;
}

static int zstd_failure(struct decomp *d, size_t ret, size_t pos, size_t in_len)
{
	switch (ZSTD_getErrorCode(ret)) {
	case ZSTD_error_memory_allocation:
		return decomp_error(d, -ENOMEM, "zstd", "out of memory in the decoder");
	case ZSTD_error_frameParameter_windowTooLarge:
		return decomp_error(d, -ENOMEM, "zstd",
				    "the frame at input byte %zu needs a window larger than the "
				    "%zu KiB allowed",
				    pos, DECOMPRESS_WINDOW_MAX >> 10);
	case ZSTD_error_frameParameter_unsupported:
	case ZSTD_error_version_unsupported:
	case ZSTD_error_parameter_unsupported:
		return decomp_error(d, -EOPNOTSUPP, "zstd",
				    "unsupported frame at input byte %zu: %s", pos,
				    ZSTD_getErrorName(ret));
	case ZSTD_error_noForwardProgress_destFull:
	case ZSTD_error_noForwardProgress_inputEmpty:
		return decomp_stalled(d, "zstd", in_len - pos);
	default:
		return decomp_error(d, -EILSEQ, "zstd", "corrupt data at input byte %zu: %s", pos,
				    ZSTD_getErrorName(ret));
	}
}

/* The ordinary frame at in[pos], in one call into the free output space
 * when it fits there: 1 when decoded (*next: where the input goes on), 0
 * to stream it instead (it does not fit, its end or header is not found,
 * its window is over the limit: the streaming decoder says what is wrong),
 * or a negative error. */
static int zstd_whole_frame(struct decomp *d, ZSTD_DCtx *z, const uint8_t *in, size_t in_len,
			    size_t pos, size_t *next)
{
	size_t frame_len, ret, room = d->cap - d->len;
	ZSTD_frameHeader h;

	if (in_len - pos < 4 || get_le32(in + pos) != FRAME_MAGIC)
		return 0;
	frame_len = ZSTD_findFrameCompressedSize(in + pos, in_len - pos);
	if (ZSTD_isError(frame_len) || ZSTD_getFrameHeader(&h, in + pos, frame_len) != 0)
		return 0;
	if (h.windowSize > DECOMPRESS_WINDOW_MAX ||
	    (h.frameContentSize != ZSTD_CONTENTSIZE_UNKNOWN && h.frameContentSize > room))
		return 0;
	ret = ZSTD_decompressDCtx(z, d->buf + d->len, room, in + pos, frame_len);
	if (ZSTD_isError(ret)) {
		if (ZSTD_getErrorCode(ret) == ZSTD_error_dstSize_tooSmall)
			return 0; /* streamed into a growing buffer instead */
		return zstd_failure(d, ret, pos, in_len);
	}
	d->len += ret;
	*next = pos + frame_len;
	return 1;
}

int decompress_zstd(struct decomp *d, const uint8_t *in, size_t in_len)
{
	ZSTD_DCtx *z = ZSTD_createDCtx();
	size_t pos = 0, next = 0, ret;
	int stalls = 0, rc = 0;
	bool frame_start = true;

	if (!z)
		return decomp_error(d, -ENOMEM, "zstd", "out of memory for the decoder");
	ret = ZSTD_DCtx_setParameter(z, ZSTD_d_windowLogMax, WINDOW_LOG_MAX);
	if (ZSTD_isError(ret)) {
		rc = zstd_failure(d, ret, pos, in_len);
		goto out;
	}
	for (;;) {
		ZSTD_inBuffer ib = { in, in_len, pos };
		ZSTD_outBuffer ob;

		if (frame_start) {
			frame_start = false;
			rc = zstd_whole_frame(d, z, in, in_len, pos, &next);
			if (rc < 0)
				goto out;
			if (rc == 1) {
				rc = 0;
				pos = next;
				if (!frame_follows(in + pos, in_len - pos))
					goto out;
				frame_start = true;
				continue;
			}
			/* The one-call decoder leaves no state behind: streamed
			 * from the frame's start. */
		}
		if (d->len == d->cap && (rc = decomp_grow(d)) == -ENOMEM)
			goto out;
		ob = (ZSTD_outBuffer){ d->buf, d->cap, d->len };
		ret = ZSTD_decompressStream(z, &ob, &ib);
		if (ib.pos != pos || ob.pos != d->len)
			stalls = 0;
		else
			stalls++;
		pos = ib.pos;
		d->len = ob.pos;
		if (ZSTD_isError(ret)) {
			rc = zstd_failure(d, ret, pos, in_len);
			goto out;
		}
		if (ret == 0) { /* a frame decoded and flushed */
			rc = 0;
			if (!frame_follows(in + pos, in_len - pos))
				goto out;
			frame_start = true;
			continue;
		}
		if (stalls >= 2) {
			rc = decomp_stalled(d, "zstd", in_len - pos);
			goto out;
		}
	}
out:
	ZSTD_freeDCtx(z);
	return rc;
}
