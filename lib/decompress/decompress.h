/*
 * Decompression of whole in-memory buffers, for PV-GRUB's kernels and
 * initrds: the format is told by its magic bytes, and each format is
 * decoded by its real library (Debian's source packages, see
 * mk/libdecompress.mk): gzip (zlib), xz and legacy .lzma (liblzma), bzip2
 * (libbz2), lzop files (liblzo2), lz4's legacy frame (liblz4), zstd
 * (libzstd). The glue for each is in lib/decompress/<format>.c.
 *
 * The input is untrusted: the output never grows beyond max_out, the
 * decoders' own memory (dictionary, window) is capped at
 * DECOMPRESS_WINDOW_MAX, and corrupt or truncated data is an error that
 * says what is wrong.
 *
 * Bytes after the end of the compressed stream are ignored, as Linux's own
 * decompressors ignore them: a bzImage payload ends with the 4-byte
 * uncompressed size that the kernel build appends. Where the format's tools
 * accept concatenated streams (gzip members, xz streams, bzip2 streams, zstd
 * frames, lz4 legacy frames, lzop files) a following stream is decoded too
 * when it starts with the format's magic; anything else ends the output.
 */
#ifndef LIB_DECOMPRESS_DECOMPRESS_H
#define LIB_DECOMPRESS_DECOMPRESS_H

#include <stddef.h>

enum compression {
	COMPRESSION_NONE = 0, /* no known magic */
	COMPRESSION_GZIP,     /* 1f 8b */
	COMPRESSION_XZ,	      /* fd 37 7a 58 5a 00 */
	COMPRESSION_LZMA,     /* legacy .lzma ("lzma_alone"): 5d 00 00 */
	COMPRESSION_BZIP2,    /* "BZh" */
	COMPRESSION_LZO,      /* lzop file: 89 4c 5a 4f 00 0d 0a 1a 0a */
	COMPRESSION_LZ4,      /* lz4 legacy frame (lz4 -l): 02 21 4c 18 */
	COMPRESSION_ZSTD,     /* 28 b5 2f fd */
};

/* The largest dictionary or window a stream may ask for: 128 MiB, the
 * window of `zstd --ultra -22` (Linux's zstd kernels) and twice the largest
 * xz preset's dictionary. */
#define DECOMPRESS_WINDOW_MAX ((size_t)128 << 20)

/* The format buf[0..len) starts with, by its magic bytes. */
enum compression compression_detect(const void *buf, size_t len);

/* "gzip", "xz", "lzma", "bzip2", "lzo", "lz4", "zstd"; "none" for
 * COMPRESSION_NONE, "?" for a value outside the enum. */
const char *compression_name(enum compression c);

/*
 * Decompresses in[0..in_len), whose format is told by compression_detect.
 * On success returns 0 with *out a malloc'd buffer (the caller frees it;
 * never NULL, even for empty output) holding *out_len bytes. On failure
 * returns a negative errno, *out NULL and *out_len 0, and a message in err
 * (err_size bytes, NUL-terminated; err may be NULL when err_size is 0):
 *   -EOPNOTSUPP  no known magic, or a feature of the format not supported
 *                (an xz filter, an lzop method or filter, ...)
 *   -EILSEQ      corrupt or truncated data (what and where in err)
 *   -EFBIG       the output would exceed max_out bytes
 *   -ENOMEM      out of memory, or the stream asks for a dictionary or
 *                window larger than DECOMPRESS_WINDOW_MAX
 *   -EINVAL      in or out or out_len NULL
 */
int decompress(const void *in, size_t in_len, size_t max_out, void **out, size_t *out_len,
	       char *err, size_t err_size);

/* The same, for input known to be in format c (the format's own checks of
 * its header still apply): -EOPNOTSUPP for COMPRESSION_NONE. */
int decompress_as(enum compression c, const void *in, size_t in_len, size_t max_out, void **out,
		  size_t *out_len, char *err, size_t err_size);

/* As decompress, with the output buffer sized for expected bytes from the
 * start (a hint: the kernel build appends the uncompressed size to a
 * bzImage's payload, gzip ends with it), so that a large output is not
 * copied while it grows; 0 means unknown. An output of 1 MiB or more that
 * the hint sized right starts on a 4 KiB boundary (a loader can hand its
 * pages on as they are). */
int decompress_sized(const void *in, size_t in_len, size_t max_out, size_t expected, void **out,
		     size_t *out_len, char *err, size_t err_size);

#endif
