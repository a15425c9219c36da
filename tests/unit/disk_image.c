/* Host-only image helpers for the parser tests (see disk_image.h). */
#include "tests/unit/disk_image.h"

#include "lib/errno.h"
#include "tests/unit/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *image_path(const char *name)
{
	static char bufs[4][512];
	static int next;
	const char *dir = getenv("UNIT_IMAGES");
	char *b = bufs[next++ % 4];

	snprintf(b, sizeof(bufs[0]), "%s/%s", dir && *dir ? dir : "build/unit/images", name);
	return b;
}

uint8_t *load_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f) {
		unit_fail(__FILE__, __LINE__, "cannot open %s (run make-images.sh)", path);
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc(n ? (size_t)n : 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	if (!buf)
		unit_fail(__FILE__, __LINE__, "cannot read %s", path);
	return buf;
}

static int mem_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct mem_disk *m = ctx;

	m->reads++;
	if (off > m->len || len > m->len - off)
		return -EIO;
	memcpy(buf, m->buf + off, len);
	return 0;
}

void mem_blockdev(struct blockdev *dev, struct mem_disk *m)
{
	memset(dev, 0, sizeof(*dev));
	dev->read = mem_read;
	dev->ctx = m;
	dev->size = m->len;
}

int mem_disk_open(struct mem_disk *m, struct blockdev *dev, const char *name)
{
	memset(m, 0, sizeof(*m));
	m->buf = load_file(image_path(name), &m->len);
	if (!m->buf)
		return -ENOENT;
	mem_blockdev(dev, m);
	return 0;
}
