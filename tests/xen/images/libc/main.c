/*
 * Test image for the C library scenario: exercises newlib and zlib as a
 * stub domain uses them (stdio, malloc over sbrk, strings, clocks and
 * sleeping, POSIX fds, libm, compression) and prints one line per check:
 *   libc: <check>: ok
 *   libc: <check>: FAILED (<detail>)
 * then "libc: all N checks passed" and returns 0 or, when any check failed,
 * "libc: N of M checks FAILED" and exit(1). After main has returned, an
 * atexit handler prints "libc: atexit handler, stdout flushed by exit: ok"
 * into a fully buffered stdout, which only exit()'s stdio flush brings to
 * the console.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "kernel/memory.h"

static int checks, failures;

static void ok(const char *check)
{
	checks++;
	printf("libc: %s: ok\n", check);
}

static void failed(const char *check, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void failed(const char *check, const char *fmt, ...)
{
	char detail[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	checks++;
	failures++;
	printf("libc: %s: FAILED (%s)\n", check, detail);
}

/* Runs after main has returned. Its line is left in a fully buffered
 * stdout, so it reaches the console only if exit() flushes stdio. */
static void at_exit_handler(void)
{
	static char buf[256];

	fflush(stdout);
	if (setvbuf(stdout, buf, _IOFBF, sizeof(buf)) != 0) {
		printf("libc: atexit handler: FAILED (setvbuf)\n");
		return;
	}
	printf("libc: atexit handler, stdout flushed by exit: ok\n");
}

static void check_printf(void)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), "%d|%s|%x|%.3f|%5.1f", -42, "stub", 0xbeefu, 3.14159,
			 2.5);
	const char *want = "-42|stub|beef|3.142|  2.5";

	if (n != (int)strlen(want) || strcmp(buf, want) != 0) {
		failed("snprintf %d %s %x %f", "got \"%s\" (%d), want \"%s\"", buf, n, want);
		return;
	}
	n = snprintf(buf, 8, "%s", "truncated output");
	if (n != 16 || strcmp(buf, "truncat") != 0) {
		failed("snprintf %d %s %x %f", "truncation gave \"%s\" (%d)", buf, n);
		return;
	}
	ok("snprintf %d %s %x %f");
	/* The check's own line, written in two parts. */
	n = printf("libc: printf %d %s %x %.2f: ", 7, "seven", 0x7u, 7.0);
	if (n != (int)strlen("libc: printf 7 seven 7 7.00: ")) {
		printf("FAILED (returned %d)\n", n);
		checks++;
		failures++;
		return;
	}
	printf("ok\n");
	checks++;
}

static unsigned char pattern(size_t i, size_t seed)
{
	return (unsigned char)((i * 31 + seed * 17 + (i >> 8)) & 0xff);
}

static void fill(unsigned char *p, size_t n, size_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = pattern(i, seed);
}

static long verify(const unsigned char *p, size_t n, size_t seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != pattern(i, seed))
			return (long)i;
	return -1;
}

static void check_malloc(void)
{
	enum { SMALL = 200, BIG = 6 };
	unsigned char *small[SMALL], *big[BIG], *r;
	size_t total = 0;
	long bad;

	for (int i = 0; i < SMALL; i++) {
		size_t n = 1 + (size_t)i * 97 % 5000;
		small[i] = malloc(n);
		if (!small[i]) {
			failed("malloc small sizes", "malloc(%zu) failed after %zu bytes", n,
			       total);
			return;
		}
		fill(small[i], n, (size_t)i);
		total += n;
	}
	for (int i = 0; i < BIG; i++) {
		big[i] = malloc(1 << 20);
		if (!big[i]) {
			failed("malloc 1 MiB blocks", "block %d failed (errno %d) after %zu bytes",
			       i, errno, total);
			return;
		}
		fill(big[i], 1 << 20, 1000 + (size_t)i);
		total += 1 << 20;
	}
	for (int i = 0; i < SMALL; i++) {
		bad = verify(small[i], 1 + (size_t)i * 97 % 5000, (size_t)i);
		if (bad >= 0) {
			failed("malloc small sizes", "block %d corrupt at byte %ld", i, bad);
			return;
		}
	}
	ok("malloc small sizes");
	for (int i = 0; i < BIG; i++) {
		bad = verify(big[i], 1 << 20, 1000 + (size_t)i);
		if (bad >= 0) {
			failed("malloc 1 MiB blocks", "block %d corrupt at byte %ld", i, bad);
			return;
		}
	}
	if (total <= 4u << 20) {
		failed("malloc 1 MiB blocks", "only %zu bytes live", total);
		return;
	}
	ok("malloc 1 MiB blocks, more than 4 MiB live");

	/* realloc keeps the contents while it grows and shrinks. */
	r = malloc(100);
	if (!r) {
		failed("realloc", "malloc(100) failed");
		return;
	}
	fill(r, 100, 7);
	for (size_t n = 1000; n <= (3u << 20); n *= 4) {
		unsigned char *g = realloc(r, n);
		if (!g) {
			failed("realloc", "realloc to %zu failed", n);
			free(r);
			return;
		}
		r = g;
		if ((bad = verify(r, 100, 7)) >= 0) {
			failed("realloc", "contents lost at byte %ld after growing to %zu", bad, n);
			free(r);
			return;
		}
	}
	r = realloc(r, 50);
	bad = r ? verify(r, 50, 7) : 0;
	free(r);
	if (!r || bad >= 0) {
		failed("realloc", "shrinking to 50 bytes failed or lost the contents");
		return;
	}
	ok("realloc");

	for (int i = 0; i < SMALL; i += 2)
		free(small[i]);
	for (int i = 0; i < BIG; i++)
		free(big[i]);
	for (int i = 1; i < SMALL; i += 2)
		free(small[i]);
	/* Freed memory is reused: another 4 MiB fit again. */
	r = calloc(4, 1 << 20);
	if (!r) {
		failed("free and calloc", "calloc(4, 1 MiB) after freeing everything failed");
		return;
	}
	for (size_t i = 0; i < (4u << 20); i += 4096)
		if (r[i] != 0) {
			failed("free and calloc", "calloc memory not zero at %zu", i);
			free(r);
			return;
		}
	free(r);
	ok("free and calloc");
}

/* Memory malloc takes from the top of its heap goes back to the kernel's
 * page allocator when it is freed (malloc trims, sbrk unmaps). */
static void check_heap_given_back(void)
{
	const size_t size = 8u << 20;
	unsigned long before = memory_free_pages(), during, after;
	unsigned char *p = malloc(size);

	if (!p) {
		failed("heap given back", "malloc(8 MiB) failed with %lu pages free", before);
		return;
	}
	fill(p, size, 42);
	during = memory_free_pages();
	free(p);
	after = memory_free_pages();
	if (during + size / 4096 > before)
		failed("heap given back", "8 MiB live took only %lu pages", before - during);
	else if (after + 64 < before)
		failed("heap given back", "%lu of the %lu pages taken are still the heap's",
		       before - after, before - during);
	else
		ok("heap given back");
}

static int compare_ints(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static void check_strings(void)
{
	char *end;
	long v;
	int a[1000];
	uint32_t seed = 12345;

	v = strtol("  -12345xyz", &end, 10);
	if (v != -12345 || strcmp(end, "xyz") != 0) {
		failed("strtol", "\"  -12345xyz\" gave %ld, rest \"%s\"", v, end);
		return;
	}
	if ((v = strtol("0x7fff", NULL, 0)) != 0x7fff || (v = strtol("zz", NULL, 36)) != 1295) {
		failed("strtol", "hex or base 36 gave %ld", v);
		return;
	}
	errno = 0;
	v = strtol("99999999999999999999", NULL, 10);
	if (v != LONG_MAX || errno != ERANGE) {
		failed("strtol", "overflow gave %ld, errno %d", v, errno);
		return;
	}
	ok("strtol");

	for (int i = 0; i < 1000; i++) {
		seed = seed * 1103515245u + 12345u;
		a[i] = (int)(seed >> 8) - (1 << 23);
	}
	qsort(a, 1000, sizeof(a[0]), compare_ints);
	for (int i = 1; i < 1000; i++)
		if (a[i - 1] > a[i]) {
			failed("qsort", "a[%d]=%d > a[%d]=%d", i - 1, a[i - 1], i, a[i]);
			return;
		}
	ok("qsort");

	if (strcmp("abc", "abc") != 0 || strcmp("abc", "abd") >= 0 || strcmp("b", "abc") <= 0 ||
	    strcmp("", "a") >= 0 || strcmp("\xff", "a") <= 0) {
		failed("strcmp", "wrong ordering");
		return;
	}
	ok("strcmp");
}

static int64_t ns_of(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

static void check_time(void)
{
	struct timespec t0, t1, prev, wall, req = { 0, 100 * 1000 * 1000 };
	long reads;
	struct tm tm;
	int64_t slept;

	/* Never backwards over 20000 reads or more, and it advances (reads in
	 * a row may be equal: the resolution is that of the TSC Xen gives us). */
	if (clock_gettime(CLOCK_MONOTONIC, &t0) != 0) {
		failed("clock_gettime MONOTONIC", "errno %d", errno);
		return;
	}
	prev = t0;
	for (reads = 1; reads <= 10000000; reads++) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (ns_of(&t1) < ns_of(&prev)) {
			failed("clock_gettime MONOTONIC", "went back from %lld to %lld ns",
			       (long long)ns_of(&prev), (long long)ns_of(&t1));
			return;
		}
		prev = t1;
		if (reads >= 20000 && ns_of(&t1) > ns_of(&t0))
			break;
	}
	if (ns_of(&t1) <= ns_of(&t0)) {
		failed("clock_gettime MONOTONIC", "stayed at %lld ns for %ld reads",
		       (long long)ns_of(&t0), reads - 1);
		return;
	}
	ok("clock_gettime MONOTONIC increases");

	if (clock_gettime(CLOCK_REALTIME, &wall) != 0 || !gmtime_r(&wall.tv_sec, &tm)) {
		failed("clock_gettime REALTIME", "errno %d", errno);
		return;
	}
	if (tm.tm_year + 1900 < 2025) {
		failed("clock_gettime REALTIME", "year %d", tm.tm_year + 1900);
		return;
	}
	printf("libc: clock_gettime REALTIME %04d-%02d-%02d %02d:%02d:%02d UTC: ok\n",
	       tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	checks++;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (nanosleep(&req, NULL) != 0) {
		failed("nanosleep 100 ms", "errno %d", errno);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	slept = ns_of(&t1) - ns_of(&t0);
	/* Never early; late by up to 300 ms (the test bed's emulated CPUs
	 * share one host thread, and dom0 may have them first). */
	if (slept < 100000000 || slept > 400000000) {
		failed("nanosleep 100 ms", "slept %lld us", (long long)(slept / 1000));
		return;
	}
	printf("libc: nanosleep 100 ms (%lld us): ok\n", (long long)(slept / 1000));
	checks++;
}

static void check_fds(void)
{
	FILE *f;

	if (isatty(1) != 1 || isatty(2) != 1) {
		failed("posix fds", "isatty(1)=%d isatty(2)=%d", isatty(1), isatty(2));
		return;
	}
	errno = 0;
	if (lseek(1, 0, SEEK_CUR) != -1 || errno != ESPIPE) {
		failed("posix fds", "lseek on the console: errno %d, want ESPIPE", errno);
		return;
	}
	errno = 0;
	if (write(7, "x", 1) != -1 || errno != EBADF) {
		failed("posix fds", "write to fd 7: errno %d, want EBADF", errno);
		return;
	}
	errno = 0;
	f = fopen("/no/such/file", "r");
	if (f || errno != ENOENT) {
		failed("posix fds", "fopen of a missing file: %p, errno %d", (void *)f, errno);
		return;
	}
	if (getchar() != EOF || !feof(stdin)) {
		failed("posix fds", "stdin is not at end of file");
		return;
	}
	ok("posix fds (isatty, lseek, EBADF, fopen ENOENT, stdin EOF)");
}

/* libm is newlib's libm.a; volatile keeps the calls at run time. */
static void check_math(void)
{
	volatile double two = 2.0, sixth = 3.14159265358979323846 / 6, one = 1.0;
	double r = sqrt(two), s = sin(sixth), e = exp(one);

	if (fabs(r * r - 2.0) > 1e-12 || fabs(s - 0.5) > 1e-12 ||
	    fabs(e - 2.718281828459045) > 1e-12) {
		failed("libm", "sqrt(2)=%.15f sin(pi/6)=%.15f exp(1)=%.15f", r, s, e);
		return;
	}
	ok("libm sqrt sin exp");
}

static void check_zlib(void)
{
	enum { N = 64 * 1024 };
	unsigned char *in = malloc(N), *out = malloc(N);
	uLongf zlen = compressBound(N), olen = N;
	unsigned char *z = malloc(zlen);
	uLong crc;
	int rc;

	if (!in || !out || !z) {
		failed("zlib compress/uncompress", "no memory for buffers");
		goto done;
	}
	for (size_t i = 0; i < N; i++)
		in[i] = (unsigned char)("stub domain "[i % 12] ^ ((i / 4096) & 3));
	rc = compress2(z, &zlen, in, N, Z_BEST_COMPRESSION);
	if (rc != Z_OK) {
		failed("zlib compress/uncompress", "compress2: %d", rc);
		goto done;
	}
	rc = uncompress(out, &olen, z, zlen);
	if (rc != Z_OK || olen != N || memcmp(in, out, N) != 0) {
		failed("zlib compress/uncompress", "uncompress: %d, %lu bytes, %s", rc,
		       (unsigned long)olen, olen == N ? "contents differ" : "wrong size");
		goto done;
	}
	printf("libc: zlib compress/uncompress 64 KiB (%lu bytes compressed): ok\n",
	       (unsigned long)zlen);
	checks++;

	crc = crc32(0, (const Bytef *)"123456789", 9);
	if (crc != 0xcbf43926)
		failed("zlib crc32", "crc32(\"123456789\") = 0x%08lx", crc);
	else
		ok("zlib crc32");
done:
	free(in);
	free(out);
	free(z);
}

int main(int argc, char **argv)
{
	if (atexit(at_exit_handler) != 0)
		failed("atexit", "registration failed");
	printf("libc: zlib %s, %s\n", zlibVersion(), argc > 0 ? argv[0] : "?");

	check_printf();
	check_malloc();
	check_heap_given_back();
	check_strings();
	check_time();
	check_fds();
	check_math();
	check_zlib();

	if (failures) {
		printf("libc: %d of %d checks FAILED\n", failures, checks);
		exit(1);
	}
	printf("libc: all %d checks passed\n", checks);
	return 0;
}
