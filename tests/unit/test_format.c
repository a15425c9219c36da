/* lib/format: every conversion checked against the host's snprintf. */
#include "lib/format.h"
#include "tests/unit/check.h"

/* Some cases are deliberately odd formats. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wformat-overflow"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>

#define SAME(...)                                                       \
	do {                                                            \
		char ours[128], theirs[128];                            \
		int n1 = format_buf(ours, sizeof(ours), __VA_ARGS__);   \
		int n2 = snprintf(theirs, sizeof(theirs), __VA_ARGS__); \
		CHECK_STR(ours, theirs);                                \
		CHECK_INT(n1, n2);                                      \
	} while (0)

TEST(format_integers)
{
	SAME("%d", 0);
	SAME("%d %i", -42, 42);
	SAME("%d", INT_MIN);
	SAME("%ld", LONG_MIN);
	SAME("%lld", LLONG_MAX);
	SAME("%u", UINT_MAX);
	SAME("%lu", ULONG_MAX);
	SAME("%hhd %hd", (signed char)-5, (short)-300);
	SAME("%hhu %hu", (unsigned char)250, (unsigned short)65000);
	SAME("%zu %zx", (size_t)123456789, (size_t)0xabcdef);
	SAME("%jd", (intmax_t)-77);
	SAME("%td", (ptrdiff_t)-9);
}

TEST(format_hex_octal)
{
	SAME("%x %X", 0xdeadbeefu, 0xdeadbeefu);
	SAME("%#x %#X %#x", 255u, 255u, 0u);
	SAME("%o %#o %#o", 8u, 8u, 0u);
	SAME("%016llx", 0x1234ull);
	SAME("%#010x", 0xabu);
}

TEST(format_width_precision_flags)
{
	SAME("[%5d]", 42);
	SAME("[%-5d]", 42);
	SAME("[%05d]", -42);
	SAME("[%+d] [% d]", 5, 5);
	SAME("[%.3d]", 7);
	SAME("[%8.3d]", -7);
	SAME("[%.0d]", 0);
	SAME("[%*d]", 6, 1);
	SAME("[%-*d]", 6, 1);
	SAME("[%*d]", -6, 1);
	SAME("[%.*d]", 4, 3);
	SAME("[%-05d]", 3);
}

TEST(format_strings_chars)
{
	SAME("[%s]", "abc");
	SAME("[%10s]", "abc");
	SAME("[%-10s]", "abc");
	SAME("[%.2s]", "abcdef");
	SAME("[%c%c]", 'x', 'y');
	SAME("[%3c]", 'z');
	SAME("100%%");
}

TEST(format_pointer)
{
	char buf[64];
	format_buf(buf, sizeof(buf), "%p", (void *)0x1234);
	CHECK_STR(buf, "0x1234");
}

TEST(format_null_string)
{
	char buf[32];
	format_buf(buf, sizeof(buf), "%s", (const char *)NULL);
	CHECK_STR(buf, "(null)");
}

TEST(format_truncation)
{
	char buf[6];
	int n = format_buf(buf, sizeof(buf), "%s-%d", "abcdef", 12);
	CHECK_INT(n, 9);
	CHECK_STR(buf, "abcde");
	n = format_buf(buf, 1, "xyz");
	CHECK_INT(n, 3);
	CHECK_STR(buf, "");
	CHECK_INT(format_buf(NULL, 0, "%d", 12345), 5);
}

TEST(format_bad_specifiers_are_shown)
{
	char buf[32];
	format_buf(buf, sizeof(buf), "a%qb");
	CHECK_STR(buf, "a%qb");
	format_buf(buf, sizeof(buf), "end%");
	CHECK_STR(buf, "end%");
}
