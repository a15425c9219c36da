/*
 * lib/decompress: known data compressed at test time by Debian's own tools
 * (gzip, xz, xz --format=lzma, ...) with the options the Linux kernel build
 * uses, decoded and compared byte for byte; the 4-byte size the kernel
 * build appends to a bzImage payload; concatenated streams; truncated and
 * damaged copies; the output limit.
 */
#define _POSIX_C_SOURCE 200809L

#include "lib/decompress/decompress.h"
#include "lib/errno.h"
#include "tests/unit/check.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h> /* adler32, to mend lzop headers */

#define DATA_LEN 300000 /* a few of lzop's 256 KiB blocks */

/* ---- test data and the tools ----------------------------------------------------- */

/* Compressible but not trivial: words from a small vocabulary, numbers and
 * runs of pseudo-random bytes, the same every run. */
static uint8_t *make_data(size_t len, uint32_t seed)
{
	static const char *const words[] = { "kernel ", "xen ",	  "grub ",  "domain ", "page ",
					     "event ",	"grant ", "boot\n", "init ",   "\t" };
	uint8_t *p = malloc(len ? len : 1);
	uint32_t x = seed;
	size_t i = 0;

	while (p && i < len) {
		x = x * 1103515245u + 12345u;
		if ((x >> 16) % 8 == 0) { /* a short random run */
			for (int n = (int)((x >> 8) % 40); n > 0 && i < len; n--) {
				x = x * 1103515245u + 12345u;
				p[i++] = (uint8_t)(x >> 24);
			}
		} else {
			const char *w = words[(x >> 16) % 10];
			while (*w && i < len)
				p[i++] = (uint8_t)*w++;
		}
	}
	return p;
}

static uint8_t *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (*len == cap) {
			uint8_t *p = realloc(buf, cap = cap ? cap * 2 : 65536);
			if (!p)
				break;
			buf = p;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		if (n == 0)
			break;
		*len += n;
	}
	fclose(f);
	return buf;
}

/* data run through the shell command `cmd` (reading stdin, writing stdout;
 * a pipeline reads through a pipe, as in the kernel build);
 * NULL (with a test failure) when the tool fails or is missing. */
static uint8_t *run_tool(const char *cmd, const uint8_t *data, size_t len, size_t *out_len)
{
	char dir[] = "/tmp/unit-decompress-XXXXXX", in[64], out[64], line[512];
	uint8_t *result = NULL;
	FILE *f;
	int st;

	*out_len = 0;
	if (!mkdtemp(dir)) {
		unit_fail(__FILE__, __LINE__, "mkdtemp failed");
		return NULL;
	}
	snprintf(in, sizeof(in), "%s/in", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	f = fopen(in, "wb");
	if (f && fwrite(data, 1, len, f) == len && fclose(f) == 0) {
		snprintf(line, sizeof(line), "(%s) <%s >%s", cmd, in, out);
		st = system(line);
		if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			result = read_all(out, out_len);
		else
			unit_fail(__FILE__, __LINE__, "`%s` failed (status %d): run 'make deps'",
				  cmd, st);
	} else {
		unit_fail(__FILE__, __LINE__, "cannot write %s", in);
	}
	unlink(in);
	unlink(out);
	rmdir(dir);
	return result;
}

/* buf grown by the 4-byte little-endian size, as the kernel build appends. */
static uint8_t *append_le32(uint8_t *buf, size_t *len, uint32_t v)
{
	uint8_t *p = realloc(buf, *len + 4);

	if (!p) {
		free(buf);
		return NULL;
	}
	for (int i = 0; i < 4; i++)
		p[(*len)++] = (uint8_t)(v >> (8 * i));
	return p;
}

/* Incompressible: every byte pseudo-random. */
static uint8_t *make_noise(size_t len, uint32_t seed)
{
	uint8_t *p = malloc(len ? len : 1);
	uint32_t x = seed;

	for (size_t i = 0; p && i < len; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (uint8_t)(x >> 24);
	}
	return p;
}

/* ---- checks -------------------------------------------------------------------------- */

/* in decodes (as format c) to exactly want[0..want_len). */
/* in, as format c, decodes to want (want_len bytes) with max_out allowed. */
static void check_decodes_as(enum compression c, const uint8_t *in, size_t in_len, size_t max_out,
			     const uint8_t *want, size_t want_len, const char *what)
{
	char err[160] = "unset";
	void *out = NULL;
	size_t out_len = 0;
	int rc = decompress_as(c, in, in_len, max_out, &out, &out_len, err, sizeof(err));

	if (rc != 0) {
		unit_fail(__FILE__, __LINE__, "%s: %s: %s", what, errno_name(rc), err);
		return;
	}
	CHECK_STR(err, "");
	CHECK(out != NULL);
	if (out_len != want_len || memcmp(out, want, want_len) != 0)
		unit_fail(__FILE__, __LINE__, "%s: %zu bytes decoded, %zu expected, or different",
			  what, out_len, want_len);
	free(out);
}

/* in, told by its magic to be format c, decodes to want (64 MiB allowed). */
static void check_decodes(const uint8_t *in, size_t in_len, enum compression c, const uint8_t *want,
			  size_t want_len, const char *what)
{
	CHECK_INT(compression_detect(in, in_len), c);
	check_decodes_as(c, in, in_len, 64 << 20, want, want_len, what);
}

/* in, as format c (told by its magic for COMPRESSION_NONE), fails with
 * error `want` (any error when want is 0) and says why. */
static void check_fails_as(enum compression c, const uint8_t *in, size_t in_len, size_t max_out,
			   int want, const char *what)
{
	char err[160] = "";
	void *out = (void *)1;
	size_t out_len = 1;
	int rc = c == COMPRESSION_NONE
			 ? decompress(in, in_len, max_out, &out, &out_len, err, sizeof(err))
			 : decompress_as(c, in, in_len, max_out, &out, &out_len, err, sizeof(err));

	if (rc == 0 || (want && rc != want))
		unit_fail(__FILE__, __LINE__, "%s: returned %s (%s), expected %s", what,
			  rc ? errno_name(rc) : "0", err, want ? errno_name(want) : "an error");
	if (rc == 0)
		free(out);
	else {
		CHECK(out == NULL);
		CHECK_INT(out_len, 0);
		CHECK(strlen(err) > 0);
	}
}

static void check_fails(const uint8_t *in, size_t in_len, size_t max_out, int want,
			const char *what)
{
	check_fails_as(COMPRESSION_NONE, in, in_len, max_out, want, what);
}

/* Every check a format gets: plain, with the kernel build's size appended,
 * truncated copies, and the output limit. */
static void check_format(const char *cmd, enum compression c, bool size_appended)
{
	uint8_t *data = make_data(DATA_LEN, 1);
	size_t len;
	uint8_t *z = run_tool(cmd, data, DATA_LEN, &len);
	char what[128];

	if (!data || !z)
		goto out;
	snprintf(what, sizeof(what), "`%s`", cmd);
	check_decodes(z, len, c, data, DATA_LEN, what);

	/* The output limit: exactly the size fits, one byte less does not. */
	{
		void *out = NULL;
		size_t out_len = 0;
		char err[160];
		CHECK_INT(decompress(z, len, DATA_LEN, &out, &out_len, err, sizeof(err)), 0);
		CHECK_INT(out_len, DATA_LEN);
		free(out);
		check_fails(z, len, DATA_LEN - 1, -EFBIG, what);
		check_fails(z, len, 1000, -EFBIG, what);
		check_fails(z, len, 0, -EFBIG, what);
	}

	/* Truncated anywhere: an error, never a short success. */
	for (size_t cut = 1; cut < 64 && cut < len; cut += 7)
		check_fails(z, len - cut, 64 << 20, 0, what);
	check_fails(z, len / 2, 64 << 20, 0, what);

	if (size_appended) {
		snprintf(what, sizeof(what), "`%s` + size", cmd);
		z = append_le32(z, &len, DATA_LEN);
		if (z)
			check_decodes(z, len, c, data, DATA_LEN, what);
	}
out:
	free(data);
	free(z);
}

/* A byte flipped in the compressed data is caught (by a checksum where the
 * format has one). */
static void check_damage_caught(const char *cmd, size_t offset_from_end)
{
	uint8_t *data = make_data(DATA_LEN, 2);
	size_t len;
	uint8_t *z = run_tool(cmd, data, DATA_LEN, &len);

	if (z && len > offset_from_end) {
		z[len / 2] ^= 0x55;
		check_fails(z, len, 64 << 20, 0, cmd);
		z[len / 2] ^= 0x55;
		z[len - offset_from_end] ^= 0x01;
		check_fails(z, len, 64 << 20, 0, cmd);
	}
	free(data);
	free(z);
}

/* Two streams one after the other decode as their concatenation. */
static void check_concatenated(const char *cmd, enum compression c)
{
	uint8_t *a = make_data(5000, 3), *b = make_data(7000, 4), *both = malloc(12000);
	size_t alen, blen;
	uint8_t *za = run_tool(cmd, a, 5000, &alen), *zb = run_tool(cmd, b, 7000, &blen);
	uint8_t *zz = za && zb ? malloc(alen + blen) : NULL;

	if (zz && both) {
		memcpy(both, a, 5000);
		memcpy(both + 5000, b, 7000);
		memcpy(zz, za, alen);
		memcpy(zz + alen, zb, blen);
		check_decodes(zz, alen + blen, c, both, 12000, cmd);
	}
	free(a);
	free(b);
	free(both);
	free(za);
	free(zb);
	free(zz);
}

static void check_empty_input(const char *cmd, enum compression c)
{
	size_t len;
	uint8_t *z = run_tool(cmd, (const uint8_t *)"", 0, &len);

	if (z)
		check_decodes(z, len, c, (const uint8_t *)"", 0, cmd);
	free(z);
}

/* ---- detection and arguments --------------------------------------------------------- */

TEST(decompress_detect_magic)
{
	static const struct {
		const char *bytes;
		size_t len;
		enum compression c;
		const char *name;
	} cases[] = {
		{ "\x1f\x8b\x08", 3, COMPRESSION_GZIP, "gzip" },
		{ "\xfd\x37\x7a\x58\x5a\x00", 6, COMPRESSION_XZ, "xz" },
		{ "\x5d\0\0\x80\0", 5, COMPRESSION_LZMA, "lzma" },
		{ "BZh9", 4, COMPRESSION_BZIP2, "bzip2" },
		{ "\x89LZO\0\r\n\x1a\n", 9, COMPRESSION_LZO, "lzo" },
		{ "\x02\x21\x4c\x18", 4, COMPRESSION_LZ4, "lz4" },
		{ "\x28\xb5\x2f\xfd", 4, COMPRESSION_ZSTD, "zstd" },
		{ "\x7f\x45\x4c\x46", 4, COMPRESSION_NONE, "none" },
		{ "\xfd\x37\x7a\x58\x5a", 5, COMPRESSION_NONE, "none" }, /* cut short */
		{ "\x1f", 1, COMPRESSION_NONE, "none" },
		{ "", 0, COMPRESSION_NONE, "none" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(compression_detect(cases[i].bytes, cases[i].len), cases[i].c);
		CHECK_STR(compression_name(compression_detect(cases[i].bytes, cases[i].len)),
			  cases[i].name);
	}
	CHECK_INT(compression_detect(NULL, 10), COMPRESSION_NONE);
	CHECK_STR(compression_name((enum compression)99), "?");
}

TEST(decompress_refuses_unknown_and_bad_arguments)
{
	void *out;
	size_t out_len;
	char err[100];

	check_fails((const uint8_t *)"\x7f\x45\x4c\x46....", 8, 1000, -EOPNOTSUPP, "ELF");
	check_fails((const uint8_t *)"", 0, 1000, -EOPNOTSUPP, "empty");
	CHECK_INT(decompress("\x1f\x8b", 2, 100, NULL, &out_len, err, sizeof(err)), -EINVAL);
	CHECK_INT(decompress("\x1f\x8b", 2, 100, &out, NULL, err, sizeof(err)), -EINVAL);
	CHECK_INT(decompress(NULL, 2, 100, &out, &out_len, err, sizeof(err)), -EINVAL);
	CHECK_INT(decompress_as(COMPRESSION_NONE, "x", 1, 100, &out, &out_len, err, sizeof(err)),
		  -EOPNOTSUPP);
	CHECK_STR(errno_name(-EILSEQ), "EILSEQ");
	/* No room for a message is fine. */
	CHECK_INT(decompress("zz", 2, 100, &out, &out_len, NULL, 0), -EOPNOTSUPP);
	/* A message is cut to the room given. */
	CHECK_INT(decompress("zz", 2, 100, &out, &out_len, err, 8), -EOPNOTSUPP);
	CHECK_INT(strlen(err), 7);
}

/* ---- gzip ---------------------------------------------------------------------------- */

TEST(decompress_gzip)
{
	check_format("gzip -n -9", COMPRESSION_GZIP, true); /* the kernel build's */
	check_format("gzip -1", COMPRESSION_GZIP, false);
	check_damage_caught("gzip -n", 6); /* in the CRC-32 */
	check_damage_caught("gzip -n", 2); /* in the size */
	check_concatenated("gzip -n", COMPRESSION_GZIP);
	check_empty_input("gzip -n", COMPRESSION_GZIP);
}

TEST(decompress_gzip_bad_header)
{
	/* Magic, then an unknown method (not deflate). */
	static const uint8_t bad[] = { 0x1f, 0x8b, 0x07, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0 };
	check_fails(bad, sizeof(bad), 1000, -EILSEQ, "gzip method 7");
}

/* ---- xz and lzma ------------------------------------------------------------------------ */

TEST(decompress_xz)
{
	/* The kernel build's (scripts/xz_wrap.sh on x86), then other filters and checks. */
	check_format("xz --check=crc32 --x86 --lzma2=dict=32MiB", COMPRESSION_XZ, true);
	check_format("xz", COMPRESSION_XZ, true);
	check_format("xz --check=sha256 --delta=dist=4 --lzma2=preset=1", COMPRESSION_XZ, false);
	check_format("xz --check=none --arm64 --lzma2=dict=64KiB", COMPRESSION_XZ, false);
	check_damage_caught("xz --check=crc32", 9);
	check_damage_caught("xz --check=crc64", 30);
	check_concatenated("xz", COMPRESSION_XZ);
	check_empty_input("xz", COMPRESSION_XZ);
}

TEST(decompress_xz_stream_padding_then_stream)
{
	uint8_t *a = make_data(1000, 5), *b = make_data(2000, 6), *zz = NULL, *both = NULL;
	size_t alen = 0, blen = 0;
	uint8_t *za = run_tool("xz", a, 1000, &alen), *zb = run_tool("xz", b, 2000, &blen);

	if (za && zb && (zz = calloc(1, alen + 8 + blen)) && (both = malloc(3000))) {
		memcpy(zz, za, alen); /* 8 bytes of stream padding between */
		memcpy(zz + alen + 8, zb, blen);
		memcpy(both, a, 1000);
		memcpy(both + 1000, b, 2000);
		check_decodes(zz, alen + 8 + blen, COMPRESSION_XZ, both, 3000, "padded");
	}
	free(a);
	free(b);
	free(za);
	free(zb);
	free(zz);
	free(both);
}

TEST(decompress_lzma)
{
	/* The kernel build's `lzma -9` is xz-utils' lzma, i.e. xz --format=lzma. */
	check_format("xz --format=lzma -9", COMPRESSION_LZMA, true);
	check_format("xz --format=lzma --lzma1=preset=1,lc=3,lp=0,pb=2", COMPRESSION_LZMA, true);
	check_empty_input("xz --format=lzma", COMPRESSION_LZMA);
}

TEST(decompress_lzma_window_limit)
{
	uint8_t *data = make_data(1000, 7);
	size_t len;
	uint8_t *z = run_tool("xz --format=lzma", data, 1000, &len);

	if (z && len > 13) {
		/* A dictionary of 4 GiB - 1 in the header: refused before any
		 * allocation when the output may be larger than the dictionaries
		 * allowed (128 MiB), else cut to the most output there can be
		 * (as `lzma -9`'s 64 MiB is for a small kernel). */
		memset(z + 1, 0xff, 4);
		check_fails_as(COMPRESSION_LZMA, z, len, (size_t)1 << 30, -ENOMEM,
			       "4 GiB dictionary, 1 GiB out");
		check_decodes_as(COMPRESSION_LZMA, z, len, 64 << 20, data, 1000,
				 "4 GiB dictionary, 64 MiB out");
		/* A size in the header bounds it too. */
		for (int i = 0; i < 8; i++)
			z[5 + i] = (uint8_t)((uint64_t)1000 >> (8 * i));
		check_decodes_as(COMPRESSION_LZMA, z, len, (size_t)1 << 30, data, 1000,
				 "4 GiB dictionary, 1000 bytes in the header, 1 GiB out");
		/* Properties out of range (lc, lp, pb encoded as 225 and more). */
		z[0] = 0xe1;
		memset(z + 1, 0, 4);
		check_fails_as(COMPRESSION_LZMA, z, len, 64 << 20, 0, "lzma properties");
	}
	free(data);
	free(z);
}

/* ---- bzip2 --------------------------------------------------------------------------------- */

TEST(decompress_bzip2)
{
	check_format("bzip2 -9", COMPRESSION_BZIP2, true); /* the kernel build's */
	check_format("bzip2 -1", COMPRESSION_BZIP2, true);
	check_damage_caught("bzip2", 3); /* in the stream CRC */
	check_concatenated("bzip2", COMPRESSION_BZIP2);
	check_empty_input("bzip2", COMPRESSION_BZIP2);
}

TEST(decompress_bzip2_bad_block_size)
{
	static const uint8_t bad[] = { 'B', 'Z', 'h', '0', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59 };
	check_fails(bad, sizeof(bad), 1000, -EILSEQ, "BZh0");
}

/* ---- lz4 legacy frame ------------------------------------------------------------------ */

TEST(decompress_lz4)
{
	check_format("lz4 -l -9", COMPRESSION_LZ4, true); /* the kernel build's */
	check_format("lz4 -l -1", COMPRESSION_LZ4, true);
	check_concatenated("lz4 -l", COMPRESSION_LZ4);
	check_empty_input("lz4 -l", COMPRESSION_LZ4);
}

/* More than one 8 MiB block, then the kernel build's size of a large
 * kernel (above any block's size), then a modern lz4 frame: its magic ends
 * the legacy stream as well. */
TEST(decompress_lz4_blocks_and_endings)
{
	size_t n = (9 << 20) + 12345, len, frame_len;
	uint8_t *data = make_data(n, 8);
	uint8_t *z = data ? run_tool("lz4 -l", data, n, &len) : NULL;
	uint8_t *frame = data ? run_tool("lz4", data, 1000, &frame_len) : NULL;
	uint8_t *zz;

	if (!z || !frame)
		goto out;
	check_decodes(z, len, COMPRESSION_LZ4, data, n, "two blocks");
	check_fails(z, len, (8 << 20) + 5, -EFBIG, "second block over the limit");
	check_fails(z, len, 8 << 20, -EFBIG, "second block at the limit");
	if ((zz = malloc(len + frame_len))) {
		memcpy(zz, z, len);
		memcpy(zz + len, frame, frame_len);
		check_decodes(zz, len + frame_len, COMPRESSION_LZ4, data, n, "then a modern frame");
		free(zz);
	}
	if ((z = append_le32(z, &len, (uint32_t)n)))
		check_decodes(z, len, COMPRESSION_LZ4, data, n, "large size appended");
out:
	free(data);
	free(z);
	free(frame);
}

TEST(decompress_lz4_bad_blocks)
{
	/* A block of 5 bytes whose token asks for more literals than follow. */
	static const uint8_t short_literals[] = { 0x02, 0x21, 0x4c, 0x18, 5,   0,  0,
						  0,	0xf0, 0x20, 'a',  'b', 'c' };
	/* A match reaching back before the start of the output. */
	static const uint8_t bad_offset[] = { 0x02, 0x21, 0x4c, 0x18, 7,    0,	 0,  0,
					      0x14, 'a',  0x40, 0x00, 0x00, 'x', 'y' };
	/* A block size larger than the rest of the input, not at the end. */
	static const uint8_t truncated[] = { 0x02, 0x21, 0x4c, 0x18, 100, 0, 0, 0, 0x10, 'a' };

	check_fails(short_literals, sizeof(short_literals), 1000, -EILSEQ, "short literals");
	check_fails(bad_offset, sizeof(bad_offset), 1000, -EILSEQ, "bad offset");
	check_fails(truncated, sizeof(truncated), 1000, -EILSEQ, "truncated block");
	check_fails_as(COMPRESSION_LZ4, (const uint8_t *)"\x04\x22\x4d\x18", 4, 1000, -EILSEQ,
		       "modern frame");
}

/* ---- zstd ------------------------------------------------------------------------------ */

TEST(decompress_zstd)
{
	/* The kernel build's: through a pipe, so a 128 MiB window, no size. */
	check_format("cat | zstd -22 --ultra", COMPRESSION_ZSTD, true);
	check_format("zstd -19", COMPRESSION_ZSTD, true);
	check_format("zstd -1 --no-check", COMPRESSION_ZSTD, false);
	check_damage_caught("zstd --check", 2); /* in the content checksum */
	check_concatenated("zstd", COMPRESSION_ZSTD);
	check_empty_input("zstd", COMPRESSION_ZSTD);
}

TEST(decompress_zstd_window_limit)
{
	uint8_t *data = make_data(5000, 9);
	size_t len;
	uint8_t *z = data ? run_tool("cat | zstd -3 --zstd=wlog=28", data, 5000, &len) : NULL;

	if (z)
		check_fails(z, len, 64 << 20, -ENOMEM, "256 MiB window");
	free(z);
	z = data ? run_tool("cat | zstd -3 --zstd=wlog=27", data, 5000, &len) : NULL;
	if (z)
		check_decodes(z, len, COMPRESSION_ZSTD, data, 5000, "128 MiB window");
	free(z);
	free(data);
}

/* A skippable frame (magic 0x184D2A5?, a size, that many bytes) between
 * two frames is skipped. */
TEST(decompress_zstd_skippable_frame)
{
	static const uint8_t skippable[] = { 0x53, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 'a', 'b', 'c' };
	uint8_t *a = make_data(3000, 10), *both = malloc(6000), *zz = NULL;
	size_t alen = 0;
	uint8_t *za = a ? run_tool("zstd", a, 3000, &alen) : NULL;

	if (za && both && (zz = malloc(2 * alen + sizeof(skippable)))) {
		memcpy(both, a, 3000);
		memcpy(both + 3000, a, 3000);
		memcpy(zz, za, alen);
		memcpy(zz + alen, skippable, sizeof(skippable));
		memcpy(zz + alen + sizeof(skippable), za, alen);
		check_decodes(zz, 2 * alen + sizeof(skippable), COMPRESSION_ZSTD, both, 6000,
			      "skippable frame between");
	}
	free(a);
	free(both);
	free(za);
	free(zz);
}

/* Found by the decompress_zstd fuzzer: a frame (1 KiB window, content
 * size 0, checksum flag) of 40 empty raw blocks, then a compressed block
 * whose 36 sequences (predefined tables) reach back before the start of
 * the output. Refused as corrupt. (The fuzzer's clang UBSan stopped on
 * how libzstd computes a prefetch address on the way, which
 * mk/sanitizer-exceptions.mk lets through; the input is in the fuzzer's
 * corpus, which make fuzz-smoke runs under it.) */
TEST(decompress_zstd_match_before_output)
{
	static const uint8_t tail[] = { 0x3d, 0x00, 0x00, 0x00, 0x24, 0x00,
					0x00, 0x00, 0x17, 0x10, 0x04, 0x00 };
	uint8_t in[142] = { 0x28, 0xb5, 0x2f, 0xfd, 0x94 };

	memcpy(in + sizeof(in) - sizeof(tail), tail, sizeof(tail));
	check_fails_as(COMPRESSION_ZSTD, in, sizeof(in), 1 << 20, -EILSEQ,
		       "match before the output");
}

/* ---- lzop ------------------------------------------------------------------------------ */

TEST(decompress_lzo)
{
	check_format("lzop -9", COMPRESSION_LZO, true); /* the kernel build's */
	check_format("lzop -1", COMPRESSION_LZO, true);
	check_format("lzop --crc32", COMPRESSION_LZO, false);
	check_format("lzop --no-checksum", COMPRESSION_LZO, false);
	/* From a file: its name in the header. */
	check_format("f=$(mktemp) && cat >$f && lzop -c $f; st=$?; rm -f $f; exit $st",
		     COMPRESSION_LZO, false);
	check_damage_caught("lzop", 5); /* in the last block */
	check_damage_caught("lzop --crc32", 5);
	check_concatenated("lzop", COMPRESSION_LZO);
	check_empty_input("lzop", COMPRESSION_LZO);
}

/* Incompressible data: lzop stores the blocks as they are. */
TEST(decompress_lzo_stored_blocks)
{
	uint8_t *noise = make_noise(DATA_LEN, 11);
	size_t len;
	uint8_t *z = noise ? run_tool("lzop", noise, DATA_LEN, &len) : NULL;

	if (z) {
		CHECK(len > DATA_LEN);
		check_decodes(z, len, COMPRESSION_LZO, noise, DATA_LEN, "stored blocks");
		z[len / 2] ^= 1; /* caught by the Adler-32 of the data */
		check_fails(z, len, 64 << 20, -EILSEQ, "stored block damaged");
	}
	free(noise);
	free(z);
}

/* lzop's header from stdin (version >= 0x0940, no filter, no name): 9
 * magic, versions 6, method 1, level 1, flags 4, mode 4, mtime 8, name
 * length 1, then the Adler-32 of bytes 9..33. */
#define LZOP_METHOD  15
#define LZOP_FLAGS   17
#define LZOP_HDR_END 34
static void lzop_mend_header(uint8_t *z)
{
	uint32_t sum = (uint32_t)adler32(1, z + 9, LZOP_HDR_END - 9);

	for (int i = 0; i < 4; i++)
		z[LZOP_HDR_END + i] = (uint8_t)(sum >> (24 - 8 * i));
}

TEST(decompress_lzo_header)
{
	uint8_t *data = make_data(2000, 12);
	size_t len;
	uint8_t *z = data ? run_tool("lzop", data, 2000, &len) : NULL;

	if (!z || len < 60)
		goto out;
	CHECK_INT(z[LZOP_HDR_END - 1], 0); /* no name: the layout above */
	z[LZOP_HDR_END - 3] ^= 1;	   /* mtime */
	check_fails(z, len, 1 << 20, -EILSEQ, "header checksum");
	lzop_mend_header(z);
	check_decodes(z, len, COMPRESSION_LZO, data, 2000, "mended header");
	z[LZOP_METHOD] = 4;
	lzop_mend_header(z);
	check_fails(z, len, 1 << 20, -EOPNOTSUPP, "method 4");
	z[LZOP_METHOD] = 1;
	z[LZOP_FLAGS + 2] |= 0x40; /* a reserved flag */
	lzop_mend_header(z);
	check_fails(z, len, 1 << 20, -EOPNOTSUPP, "reserved flag");
	z[LZOP_FLAGS + 2] &= ~0x40;
	z[LZOP_FLAGS + 3] |= 0x02; /* compressed data's Adler-32 without the data's */
	z[LZOP_FLAGS + 3] &= ~0x01;
	lzop_mend_header(z);
	check_fails(z, len, 1 << 20, -EILSEQ, "F_ADLER32_C alone");
	free(z);
	z = run_tool("lzop --filter=1", data, 2000, &len);
	if (z)
		check_fails(z, len, 1 << 20, -EOPNOTSUPP, "filter");
out:
	free(data);
	free(z);
}

/* The checksum of the compressed data (F_ADLER32_C), which lzop's
 * command line does not write: added to lzop's output here, after the
 * data's Adler-32 of the (compressed) block. */
TEST(decompress_lzo_compressed_checksum)
{
	uint8_t *data = make_data(DATA_LEN, 13), *z, *out = NULL;
	size_t len, pos, o;

	z = data ? run_tool("lzop", data, DATA_LEN, &len) : NULL;
	if (!z || !(out = malloc(len + 64)))
		goto out;
	memcpy(out, z, LZOP_HDR_END);
	out[LZOP_FLAGS + 3] |= 0x02;
	lzop_mend_header(out);
	pos = o = LZOP_HDR_END + 4;
	for (;;) {
		uint32_t dst, src;
		if (pos + 4 > len)
			break;
		memcpy(out + o, z + pos, 4); /* uncompressed size */
		dst = (uint32_t)z[pos] << 24 | z[pos + 1] << 16 | z[pos + 2] << 8 | z[pos + 3];
		pos += 4;
		o += 4;
		if (dst == 0)
			break;
		src = (uint32_t)z[pos] << 24 | z[pos + 1] << 16 | z[pos + 2] << 8 | z[pos + 3];
		memcpy(out + o, z + pos, 8); /* compressed size, the data's Adler-32 */
		pos += 8;
		o += 8;
		if (src < dst) {
			uint32_t sum = (uint32_t)adler32(1, z + pos, src);
			for (int i = 0; i < 4; i++)
				out[o++] = (uint8_t)(sum >> (24 - 8 * i));
		}
		memcpy(out + o, z + pos, src);
		pos += src;
		o += src;
	}
	CHECK_INT(pos, len);
	check_decodes(out, o, COMPRESSION_LZO, data, DATA_LEN, "with F_ADLER32_C");
	out[LZOP_HDR_END + 4 + 12] ^= 1; /* the first block's compressed checksum */
	check_fails(out, o, 64 << 20, -EILSEQ, "compressed checksum");
out:
	free(data);
	free(z);
	free(out);
}

/* decompress_sized with zstd frames made as the kernel build makes its
 * payload (through a pipe: a 128 MiB window, no size in the header): with
 * the right size given, each frame is decoded in one call into the output;
 * with none, or one too small for a frame, it is streamed; the bytes are
 * the same, two frames one after the other included, and damage is caught
 * either way. */
TEST(decompress_sized_zstd_kernel_frames)
{
	size_t len = 1 << 20, packed_len = 0, out_len;
	uint8_t *data = make_data(len, 11), *two = NULL;
	uint8_t *packed = data ? run_tool("cat | zstd -22 --ultra", data, len, &packed_len) : NULL;
	size_t hints[] = { len, 0, len - 1000, len * 2 };
	void *out;
	char err[160];

	if (!data || !packed)
		goto out;
	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++) {
		CHECK_INT(decompress_sized(packed, packed_len, len * 4, hints[i], &out, &out_len,
					   err, sizeof(err)),
			  0);
		CHECK_INT(out_len, len);
		CHECK(out && memcmp(out, data, len) == 0);
		free(out);
	}
	two = malloc(2 * packed_len);
	if (two) {
		memcpy(two, packed, packed_len);
		memcpy(two + packed_len, packed, packed_len);
		CHECK_INT(decompress_sized(two, 2 * packed_len, len * 4, 2 * len, &out, &out_len,
					   err, sizeof(err)),
			  0);
		CHECK_INT(out_len, 2 * len);
		CHECK(out && memcmp(out, data, len) == 0 &&
		      memcmp((uint8_t *)out + len, data, len) == 0);
		free(out);
	}
	packed[packed_len / 2] ^= 0x5a;
	CHECK_INT(decompress_sized(packed, packed_len, len * 4, len, &out, &out_len, err,
				   sizeof(err)),
		  -EILSEQ);
out:
	free(two);
	free(packed);
	free(data);
}

/* decompress_sized: the right hint, a hint too small and one too large all
 * give the same bytes; the limit still holds. */
TEST(decompress_sized_hints)
{
	size_t len = 300000, packed_len, out_len;
	uint8_t *data = make_data(len, 7);
	uint8_t *packed = run_tool("xz -6", data, len, &packed_len);
	size_t hints[] = { 0, len, len - 1000, len * 3, 1 };
	void *out;
	char err[128];

	if (!data || !packed)
		return;
	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++) {
		CHECK_INT(decompress_sized(packed, packed_len, len * 4, hints[i], &out, &out_len,
					   err, sizeof(err)),
			  0);
		CHECK_INT(out_len, len);
		CHECK(out && memcmp(out, data, len) == 0);
		free(out);
	}
	CHECK_INT(decompress_sized(packed, packed_len, len - 1, len, &out, &out_len, err,
				   sizeof(err)),
		  -EFBIG);
	free(data);
	free(packed);

	/* A large output the hint sized starts on a page boundary, whatever
	 * the allocator did just before. */
	len = (size_t)3 << 20;
	data = make_data(len, 8);
	packed = run_tool("gzip -1", data, len, &packed_len);
	if (!data || !packed)
		return;
	void *odd = malloc(24);
	CHECK_INT(decompress_sized(packed, packed_len, len * 2, len, &out, &out_len, err,
				   sizeof(err)),
		  0);
	CHECK_INT(out_len, len);
	CHECK(out && (uintptr_t)out % 4096 == 0 && memcmp(out, data, len) == 0);
	free(out);
	free(odd);
	free(data);
	free(packed);
}
