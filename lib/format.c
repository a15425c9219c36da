/* printf-style formatting into a sink or a bounded buffer (see format.h). */
#include "lib/format.h"

#include <stdbool.h>
#include <stdint.h>

struct spec {
	bool left, zero, plus, space, alt;
	int width;
	int precision; /* -1: none */
};

struct out {
	format_sink_fn sink;
	void *ctx;
	int count;
};

static void put(struct out *o, char c)
{
	o->sink(c, o->ctx);
	o->count++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void put_string(struct out *o, const struct spec *sp, const char *s)
{
	int len = 0;

	if (!s)
		s = "(null)";
	while (s[len] && (sp->precision < 0 || len < sp->precision))
		len++;
	if (!sp->left)
		pad(o, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, ' ', sp->width - len);
}

static void put_number(struct out *o, const struct spec *sp, uintmax_t value, bool negative,
		       unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[sizeof(uintmax_t) * 3 + 2];
	int n = 0;
	const char *prefix = "";
	int prefix_len, zeros, body;

	while (value) {
		tmp[n++] = digits[value % base];
		value /= base;
	}
	/* Precision 0 with value 0 prints no digits, as C says. */
	if (n == 0 && sp->precision != 0)
		tmp[n++] = '0';

	if (negative)
		prefix = "-";
	else if (sp->plus && base == 10)
		prefix = "+";
	else if (sp->space && base == 10)
		prefix = " ";
	else if (sp->alt && base == 16 && n && !(n == 1 && tmp[0] == '0'))
		prefix = upper ? "0X" : "0x";
	else if (sp->alt && base == 8 && tmp[n - 1] != '0')
		prefix = "0";
	prefix_len = 0;
	while (prefix[prefix_len])
		prefix_len++;

	zeros = sp->precision > n ? sp->precision - n : 0;
	body = prefix_len + zeros + n;
	if (sp->zero && !sp->left && sp->precision < 0 && sp->width > body) {
		zeros += sp->width - body;
		body = sp->width;
	}
	if (!sp->left)
		pad(o, ' ', sp->width - body);
	for (int i = 0; i < prefix_len; i++)
		put(o, prefix[i]);
	pad(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, ' ', sp->width - body);
}

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_PTRDIFF, LEN_MAX };

static intmax_t fetch_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_LLONG:
		return va_arg(*ap, long long);
	case LEN_SIZE:
		return (intmax_t)va_arg(*ap, size_t);
	case LEN_PTRDIFF:
		return va_arg(*ap, ptrdiff_t);
	case LEN_MAX:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

static uintmax_t fetch_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned);
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_LLONG:
		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:
		return va_arg(*ap, size_t);
	case LEN_PTRDIFF:
		return (uintmax_t)va_arg(*ap, ptrdiff_t);
	case LEN_MAX:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned);
	}
}

int format_v(format_sink_fn sink, void *ctx, const char *fmt, va_list ap_in)
{
	struct out o = { sink, ctx, 0 };
	va_list ap;

	va_copy(ap, ap_in);
	while (*fmt) {
		struct spec sp = { .precision = -1 };
		enum length len = LEN_INT;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else if (*fmt == '+')
				sp.plus = true;
			else if (*fmt == ' ')
				sp.space = true;
			else if (*fmt == '#')
				sp.alt = true;
			else
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				sp.width = sp.width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			sp.precision = 0;
			if (*fmt == '*') {
				sp.precision = va_arg(ap, int);
				if (sp.precision < 0)
					sp.precision = -1;
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					sp.precision = sp.precision * 10 + (*fmt++ - '0');
			}
		}
		switch (*fmt) {
		case 'h':
			len = LEN_SHORT;
			if (*++fmt == 'h') {
				len = LEN_CHAR;
				fmt++;
			}
			break;
		case 'l':
			len = LEN_LONG;
			if (*++fmt == 'l') {
				len = LEN_LLONG;
				fmt++;
			}
			break;
		case 'z':
			len = LEN_SIZE;
			fmt++;
			break;
		case 't':
			len = LEN_PTRDIFF;
			fmt++;
			break;
		case 'j':
			len = LEN_MAX;
			fmt++;
			break;
		default:
			break;
		}

		switch (*fmt) {
		case 'd':
		case 'i': {
			intmax_t v = fetch_signed(&ap, len);
			uintmax_t mag = v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v;
			put_number(&o, &sp, mag, v < 0, 10, false);
			break;
		}
		case 'u':
			put_number(&o, &sp, fetch_unsigned(&ap, len), false, 10, false);
			break;
		case 'x':
		case 'X':
			put_number(&o, &sp, fetch_unsigned(&ap, len), false, 16, *fmt == 'X');
			break;
		case 'o':
			put_number(&o, &sp, fetch_unsigned(&ap, len), false, 8, false);
			break;
		case 'p': {
			uintptr_t p = (uintptr_t)va_arg(ap, void *);
			sp.alt = true;
			put_number(&o, &sp, p, false, 16, false);
			break;
		}
		case 's':
			put_string(&o, &sp, va_arg(ap, const char *));
			break;
		case 'c': {
			char c[2] = { (char)va_arg(ap, int), 0 };
			struct spec one = sp;
			one.precision = 1;
			if (!c[0]) { /* a NUL character still counts as one */
				if (!sp.left)
					pad(&o, ' ', sp.width - 1);
				put(&o, 0);
				if (sp.left)
					pad(&o, ' ', sp.width - 1);
			} else {
				put_string(&o, &one, c);
			}
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':
			/* A lone '%' at the end: print it rather than read past. */
			put(&o, '%');
			va_end(ap);
			return o.count;
		default:
			/* Unknown conversion: show it as written. */
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
		fmt++;
	}
	va_end(ap);
	return o.count;
}

struct buf_ctx {
	char *buf;
	size_t size;
	size_t pos;
};

static void buf_sink(char c, void *ctx)
{
	struct buf_ctx *b = ctx;

	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

int format_vbuf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_ctx b = { buf, size, 0 };
	int n = format_v(buf_sink, &b, fmt, ap);

	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int format_buf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format_vbuf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
