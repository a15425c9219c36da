/*
 * printf-style formatting for the kernel: %d %i %u %x %X %o %p %s %c %%, with
 * flags (- 0 + space #), width and precision (numbers or *), and the length
 * modifiers hh h l ll z t j. No floating point.
 */
#ifndef LIB_FORMAT_H
#define LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*format_sink_fn)(char c, void *ctx);

/* Feeds every output character to sink; returns the number produced. */
int format_v(format_sink_fn sink, void *ctx, const char *fmt, va_list ap);

/* Like vsnprintf: always NUL-terminates when size > 0, returns the length
 * the full output would have had. */
int format_vbuf(char *buf, size_t size, const char *fmt, va_list ap);
int format_buf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
