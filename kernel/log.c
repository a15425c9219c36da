/* Levelled logging and printk onto console 0 (see log.h). */
#define LOG_TAG "log"
#include <stddef.h>
#include "kernel/log.h"

#include "lib/format.h"
#include "xen/console.h"

#include <stdarg.h>

enum log_level log_threshold = LOG_INFO;

struct line_buf {
	char buf[256];
	unsigned len;
};

static void line_flush(struct line_buf *b)
{
	console_write(b->buf, b->len);
	b->len = 0;
}

static void line_sink(char c, void *ctx)
{
	struct line_buf *b = ctx;

	b->buf[b->len++] = c;
	if (b->len == sizeof(b->buf))
		line_flush(b);
}

static int vprint(const char *prefix_fmt, const char *tag, const char *fmt, va_list ap)
{
	struct line_buf b = { .len = 0 };
	int n = 0;

	if (prefix_fmt)
		n += format_buf(b.buf, sizeof(b.buf), prefix_fmt, tag), b.len = (unsigned)n;
	n += format_v(line_sink, &b, fmt, ap);
	if (prefix_fmt)
		line_sink('\n', &b), n++;
	line_flush(&b);
	return n;
}

void log_write(enum log_level level, const char *tag, const char *fmt, ...)
{
	static const char *const prefixes[] = { "E %s: ", "W %s: ", "I %s: ", "D %s: " };
	va_list ap;

	if (level > log_threshold)
		return;
	va_start(ap, fmt);
	vprint(prefixes[level], tag, fmt, ap);
	va_end(ap);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprint(NULL, NULL, fmt, ap);
	va_end(ap);
	return n;
}
