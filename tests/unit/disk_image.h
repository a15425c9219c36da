/*
 * Host-only helpers for the parser tests: where make-images.sh put its
 * images ($UNIT_IMAGES, else build/unit/images), whole files loaded into
 * memory, and a struct blockdev over a memory buffer (so tests can damage a
 * copy of a real image).
 */
#ifndef TESTS_UNIT_DISK_IMAGE_H
#define TESTS_UNIT_DISK_IMAGE_H

#include "lib/blockdev.h"

#include <stddef.h>
#include <stdint.h>

/* images_dir()/name in a static buffer (a few calls may be alive at once). */
const char *image_path(const char *name);

/* The whole file, malloc'd (caller frees); NULL (and a test failure
 * reported) when it cannot be read. */
uint8_t *load_file(const char *path, size_t *len);

/* A device reading buf[0..len); counts reads in *reads when not NULL. */
struct mem_disk {
	uint8_t *buf;
	size_t len;
	unsigned long reads;
};
void mem_blockdev(struct blockdev *dev, struct mem_disk *m);

/* load_file(image_path(name)) as a device; frees with free(m->buf). */
int mem_disk_open(struct mem_disk *m, struct blockdev *dev, const char *name);

#endif
