/*
 * Private to lib/decompress/: the output buffer every format's glue fills
 * (grown on demand, never beyond the caller's limit), the error message,
 * and the one entry point of each format's glue file.
 */
#ifndef LIB_DECOMPRESS_GLUE_H
#define LIB_DECOMPRESS_GLUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct decomp {
	uint8_t *buf; /* allocated: max(cap, 1) bytes */
	size_t len;   /* bytes of output so far */
	size_t cap;   /* usable bytes of buf, <= max */
	size_t max;   /* the caller's max_out */
	char *err;
	size_t err_size;
};

/* Grows cap (doubling, toward max) so that at least one byte is free:
 * 0 on success; -EFBIG, with nothing changed and no message, when cap is
 * already max (a decoder may still finish its stream without output
 * space); -ENOMEM with a message. */
int decomp_grow(struct decomp *d);

/* Makes n bytes free after len: 0, -EFBIG when len + n would exceed max
 * (with the message), or -ENOMEM. */
int decomp_reserve(struct decomp *d, size_t n);

/* Writes "<format>: <message>" to err; returns rc. */
int decomp_error(struct decomp *d, int rc, const char *format, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* -EFBIG: the output does not fit in max bytes. */
int decomp_too_big(struct decomp *d, const char *format);

/* The error for a streaming decoder that neither took input nor gave
 * output twice in a row: too big when the output is full at max,
 * truncated when the input is used up (in_left 0), else corrupt. */
int decomp_stalled(struct decomp *d, const char *format, size_t in_left);

/* Whether in[0..len) starts with magic[0..n). */
bool decomp_has_magic(const uint8_t *in, size_t len, const uint8_t *magic, size_t n);

/* Each format's glue: decodes in[0..in_len) into d; 0 or a negative errno
 * with the message set. */
int decompress_gzip(struct decomp *d, const uint8_t *in, size_t in_len);
int decompress_xz(struct decomp *d, const uint8_t *in, size_t in_len);
int decompress_lzma(struct decomp *d, const uint8_t *in, size_t in_len);
int decompress_bzip2(struct decomp *d, const uint8_t *in, size_t in_len);
int decompress_lzo(struct decomp *d, const uint8_t *in, size_t in_len);
int decompress_lz4(struct decomp *d, const uint8_t *in, size_t in_len);
int decompress_zstd(struct decomp *d, const uint8_t *in, size_t in_len);

#endif
