/* PV-GRUB booting a menu entry (see boot.h). */
#define LOG_TAG "pvgrub"
#include "apps/pvgrub/boot.h"

#include "apps/pvgrub/disk.h"
#include "apps/pvgrub/files.h"
#include "kernel/memory.h"
#include "lib/errno.h"
#include "lib/loader/elf_xen.h"
#include "xen/chainboot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (256 * 1024)

static struct chainboot cb;
static struct elf_xen_info info;

static struct menu_device device_of(const struct menu *m, const struct menu_entry *e,
				    const struct menu_device *boot_dev, const struct menu_file *f)
{
	if (f->dev.kind != MENU_DEV_NONE)
		return f->dev;
	if (e->has_root)
		return e->root;
	if (m->has_root)
		return m->root;
	return *boot_dev;
}

/* The whole file in a malloc'd buffer. */
static int read_whole(struct pvgrub_file *f, uint8_t **out)
{
	uint64_t limit = (uint64_t)memory_free_pages() * 4096 / 2;
	uint8_t *buf;
	int rc;

	if (f->size > limit) {
		printf("pvgrub: error: not enough memory to read %s (%llu MiB; %llu MiB free)\n",
		       f->name, (unsigned long long)(f->size >> 20),
		       (unsigned long long)(limit >> 19));
		return -ENOMEM;
	}
	buf = malloc(f->size ? (size_t)f->size : 1);
	if (!buf) {
		printf("pvgrub: error: not enough memory to read %s\n", f->name);
		return -ENOMEM;
	}
	for (uint64_t off = 0; off < f->size; off += CHUNK) {
		size_t n = f->size - off < CHUNK ? (size_t)(f->size - off) : CHUNK;

		if ((rc = pvgrub_file_read(f, off, buf + off, n)) < 0) {
			free(buf);
			return rc;
		}
	}
	*out = buf;
	return 0;
}

/* The kernel as an ELF image: the file itself, or what its compressed
 * payload holds. *elf points into *owner (to be freed). */
static int kernel_image(struct pvgrub_file *f, uint8_t **owner, const uint8_t **elf, size_t *len)
{
	uint8_t *buf;
	int rc = read_whole(f, &buf);

	if (rc < 0)
		return rc;
	if (f->size >= 4 && memcmp(buf, "\177ELF", 4) == 0) {
		*owner = buf;
		*elf = buf;
		*len = (size_t)f->size;
		return 0;
	}
	free(buf);
	printf("pvgrub: error: %s is not a Xen PV kernel (not an ELF image; compressed kernels "
	       "are not supported yet)\n",
	       f->name);
	return -ENOEXEC;
}

static int load_ramdisk(struct pvgrub_file *f)
{
	static uint8_t chunk[CHUNK];
	uint64_t page = 0;

	for (uint64_t off = 0; off < f->size; off += CHUNK) {
		size_t n = f->size - off < CHUNK ? (size_t)(f->size - off) : CHUNK;
		int rc = pvgrub_file_read(f, off, chunk, n);

		if (rc < 0)
			return rc;
		for (size_t done = 0; done < n; done += 4096, page++) {
			uint8_t *dest = chainboot_ramdisk_page(&cb, page);
			size_t part = n - done < 4096 ? n - done : 4096;

			memcpy(dest, chunk + done, part);
			memset(dest + part, 0, 4096 - part);
		}
	}
	return 0;
}

int pvgrub_boot_entry(const struct menu *m, const struct menu_entry *e,
		      const struct menu_device *boot_dev)
{
	struct pvgrub_file kernel, initrd;
	struct menu_device dev;
	uint8_t *owner = NULL;
	const uint8_t *elf;
	size_t len;
	int rc;

	printf("pvgrub: booting '%s'\n", e->title);
	if (!e->has_kernel) {
		printf("pvgrub: error: entry '%s' (line %d) has no kernel command\n", e->title,
		       e->line);
		return -EINVAL;
	}
	dev = device_of(m, e, boot_dev, &e->kernel);
	if ((rc = pvgrub_file_open(&dev, e->kernel.path, &kernel)) < 0)
		return rc;
	if (e->has_initrd) {
		dev = device_of(m, e, boot_dev, &e->initrd);
		if ((rc = pvgrub_file_open(&dev, e->initrd.path, &initrd)) < 0)
			return rc;
	}
	if ((rc = kernel_image(&kernel, &owner, &elf, &len)) < 0)
		return rc;
	if ((rc = elf_xen_parse(elf, len, &info)) < 0) {
		printf("pvgrub: error: %s: %s\n", kernel.name, info.err);
		free(owner);
		return rc;
	}
	printf("pvgrub: kernel %s: %s %s, entry 0x%llx\n", kernel.name, info.guest_os,
	       info.guest_version, (unsigned long long)info.virt_entry);
	if ((rc = chainboot_prepare(&cb, &info, e->has_initrd ? initrd.size : 0)) < 0) {
		printf("pvgrub: error: %s: %s\n", kernel.name, cb.err);
		free(owner);
		return rc;
	}
	chainboot_load_kernel(&cb, elf, &info);
	free(owner);
	if (e->has_initrd) {
		if ((rc = load_ramdisk(&initrd)) < 0) {
			chainboot_abandon(&cb);
			return rc;
		}
		printf("pvgrub: initrd %s: %llu bytes\n", initrd.name,
		       (unsigned long long)initrd.size);
	}
	if ((rc = chainboot_finish(&cb, e->kernel_args)) < 0) {
		printf("pvgrub: error: %s: %s\n", kernel.name, cb.err);
		chainboot_abandon(&cb);
		return rc;
	}
	if (pvgrub_disks_close_for_successor() < 0)
		printf("pvgrub: warning: a disk did not close cleanly; the kernel may not see "
		       "it\n");
	printf("pvgrub: starting %s %s\n", kernel.name, e->kernel_args);
	rc = chainboot_jump(&cb);
	printf("pvgrub: error: cannot hand the domain over: %s\n", cb.err);
	return rc;
}
