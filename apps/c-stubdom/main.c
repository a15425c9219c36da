/*
 * c-stubdom: the example stub domain to copy. An ordinary C program on the
 * unikernel: stdio and malloc from the C library, time and sleep, xenstore
 * through libxenstore's <xenstore.h> API, its first PV disk through
 * drivers/blkfront.h, and zlib. It prints what it does and exits 0 (the
 * domain powers off); any failure exits 1 (the domain is reported crashed).
 *
 * The disk (optional): sector 0 holds a line of text, sectors 1.. a gzip
 * file; the program prints the line and the gunzipped text.
 */
#include "drivers/blkfront.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xenstore.h>
#include <zlib.h>

static int failures;

static void check(int ok, const char *what)
{
	printf("c-stubdom: %s: %s\n", what, ok ? "ok" : "FAILED");
	if (!ok)
		failures++;
}

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void sleep_a_little(void)
{
	struct timespec t0, t1, nap = { 0, 200 * 1000 * 1000 };

	clock_gettime(CLOCK_MONOTONIC, &t0);
	nanosleep(&nap, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("c-stubdom: slept %.3f s\n", seconds_between(&t0, &t1));
	check(seconds_between(&t0, &t1) >= 0.2, "nanosleep");
}

static void use_xenstore(void)
{
	struct xs_handle *xs = xs_open(0);
	char *domid, *value, **event, path[64];
	unsigned len, num;

	check(xs != NULL, "xs_open");
	if (!xs)
		return;
	domid = xs_read(xs, XBT_NULL, "domid", &len);
	check(domid != NULL, "xs_read domid");
	printf("c-stubdom: my domain id is %s\n", domid ? domid : "?");
	snprintf(path, sizeof(path), "/local/domain/%s/data/c-stubdom", domid ? domid : "0");
	free(domid);

	/* Watch a key, change it, and receive the change. */
	check(xs_watch(xs, path, "example"), "xs_watch");
	event = xs_read_watch(xs, &num); /* every new watch fires once */
	free(event);
	check(xs_write(xs, XBT_NULL, strcat(path, "/greeting"), "hello", 5), "xs_write");
	event = xs_read_watch(xs, &num);
	check(event && strcmp(event[XS_WATCH_TOKEN], "example") == 0, "watch event");
	if (event)
		printf("c-stubdom: watch fired for %s\n", event[XS_WATCH_PATH]);
	free(event);
	value = xs_read(xs, XBT_NULL, path, &len);
	check(value && strcmp(value, "hello") == 0, "read back");
	free(value);
	xs_close(xs);
}

static void gunzip(const unsigned char *in, size_t in_len)
{
	unsigned char out[4096];
	z_stream z;
	int rc;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) { /* 16: expect a gzip header */
		check(0, "inflateInit2");
		return;
	}
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)in_len;
	z.next_out = out;
	z.avail_out = sizeof(out) - 1;
	rc = inflate(&z, Z_FINISH);
	inflateEnd(&z);
	check(rc == Z_STREAM_END, "gunzip the disk's gzip data with zlib");
	if (rc == Z_STREAM_END) {
		out[z.total_out] = '\0';
		printf("c-stubdom: gunzipped %lu bytes: %s", (unsigned long)z.total_out, out);
	}
}

static void read_disk(void)
{
	struct blkfront *disk;
	unsigned char *buf;
	int rc;

	if (blkfront_count() <= 0) {
		printf("c-stubdom: no disk; skipping the disk part\n");
		return;
	}
	rc = blkfront_open(0, &disk);
	check(rc == 0, "open the first disk");
	if (rc < 0)
		return;
	printf("c-stubdom: disk %s: %llu sectors of %u bytes\n", blkfront_name(disk),
	       (unsigned long long)blkfront_sectors(disk), blkfront_sector_size(disk));
	buf = malloc(16 * 512);
	rc = buf ? blkfront_read(disk, 0, buf, 16) : -ENOMEM;
	check(rc == 0, "read 16 sectors");
	if (rc == 0) {
		const unsigned char *end = memchr(buf, '\0', 512);
		printf("c-stubdom: sector 0 says: %.*s", end ? (int)(end - buf) : 512, buf);
		gunzip(buf + 512, 15 * 512);
	}
	free(buf);
	blkfront_close(disk);
}

int main(int argc, char **argv)
{
	printf("c-stubdom: hello from a stub domain\n");
	sleep_a_little();
	use_xenstore();
	read_disk();
	printf("c-stubdom: %s\n", failures ? "some steps FAILED" : "all done");
	return failures ? 1 : 0;
}
