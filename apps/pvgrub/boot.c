/* PV-GRUB booting a menu entry (see boot.h). */
#define LOG_TAG "pvgrub"
#include "apps/pvgrub/boot.h"

#include "apps/pvgrub/disk.h"
#include "apps/pvgrub/files.h"
#include "apps/pvgrub/netboot.h"
#include "apps/pvgrub/search.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "lib/decompress/decompress.h"
#include "lib/errno.h"
#include "lib/loader/elf_xen.h"
#include "sys/chainboot.h"
#include "xen/time.h"

#include <stdlib.h>
#include <string.h>

/* Bytes asked of the file system at a time (disk.c reads up to 1 MiB in
 * one go). */
#define CHUNK (1024 * 1024)

static struct chainboot cb;
static struct elf_xen_info info;

/* Milliseconds since t0 (a time_now_ns() reading), for the log. */
static unsigned long ms_since(uint64_t t0)
{
	return (unsigned long)((time_now_ns() - t0) / 1000000u);
}

/* The device of a file: its own, else the root: the entry's search, then
 * its root, then the menu's search and root, then where the menu is. */
static struct menu_device device_of(const struct menu *m, const struct menu_entry *e,
				    const struct menu_device *boot_dev, const struct menu_file *f)
{
	struct menu_device found;

	if (f->dev.kind != MENU_DEV_NONE)
		return f->dev;
	if (e->search.kind != MENU_SEARCH_NONE) {
		if (pvgrub_search(&e->search, &found) == 0)
			return found;
		pr_warn("search: no device has %s; using the root set before it", e->search.value);
	}
	if (e->has_root)
		return e->root;
	if (m->search.kind != MENU_SEARCH_NONE) {
		if (pvgrub_search(&m->search, &found) == 0)
			return found;
		pr_warn("search: no device has %s", m->search.value);
	}
	if (m->has_root)
		return m->root;
	return *boot_dev;
}

/* The whole file in a malloc'd buffer, from a page boundary (an ELF
 * kernel's pages can then become the kernel's: chainboot.h). */
static int read_whole(struct pvgrub_file *f, uint8_t **out)
{
	uint64_t limit = pvgrub_file_memory_limit();
	uint8_t *buf;
	int rc;

	if (f->size > limit) {
		pr_err("not enough memory to read %s (%llu MiB; %llu MiB free)", f->name,
		       (unsigned long long)(f->size >> 20),
		       (unsigned long long)((uint64_t)memory_free_pages() >> 8));
		return -ENOMEM;
	}
	buf = aligned_alloc(4096, f->size ? ((size_t)f->size + 4095) & ~(size_t)4095 : 4096);
	if (!buf) {
		pr_err("not enough memory to read %s", f->name);
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

static bool is_elf(const uint8_t *p, size_t len)
{
	return len >= 4 && memcmp(p, "\177ELF", 4) == 0;
}

/* The kernel as an ELF image: the file itself, the compressed ELF inside
 * a bzImage, or a compressed ELF file (gzip, xz, lzma, bzip2, lz4, ...).
 * *owner is the buffer to free. */
static int kernel_image(struct pvgrub_file *f, uint8_t **owner, size_t *len)
{
	const char *what = "file";
	const uint8_t *packed;
	size_t packed_len, off, plen, expected;
	uint8_t *buf;
	void *out;
	char err[128];
	uint64_t max_out, t0 = time_now_ns();
	int rc = read_whole(f, &buf);

	if (rc < 0)
		return rc;
	max_out = pvgrub_file_memory_limit();
	pr_info("read %s: %llu bytes in %lu ms", f->name, (unsigned long long)f->size,
		ms_since(t0));
	t0 = time_now_ns();
	if (is_elf(buf, (size_t)f->size)) {
		*owner = buf;
		*len = (size_t)f->size;
		return 0;
	}
	packed = buf;
	packed_len = (size_t)f->size;
	if (bzimage_payload(buf, packed_len, &off, &plen) == 0) {
		packed = buf + off;
		packed_len = plen;
		what = "bzImage payload";
	}
	if (compression_detect(packed, packed_len) == COMPRESSION_NONE) {
		pr_err("%s is not a Xen PV kernel (not an ELF image, a bzImage or a "
		       "compressed ELF image)",
		       f->name);
		free(buf);
		return -ENOEXEC;
	}
	/* Both the kernel build (after a bzImage payload) and gzip (its
	 * ISIZE) end with the size unpacked, little-endian, modulo 4 GiB. */
	expected = packed_len >= 4
			   ? (size_t)packed[packed_len - 4] | (size_t)packed[packed_len - 3] << 8 |
				     (size_t)packed[packed_len - 2] << 16 |
				     (size_t)packed[packed_len - 1] << 24
			   : 0;
	if (expected > max_out)
		expected = 0;
	rc = decompress_sized(packed, packed_len, (size_t)max_out, expected, &out, len, err,
			      sizeof(err));
	if (rc < 0) {
		pr_err("%s: cannot decompress its %s (%s): %s", f->name, what,
		       compression_name(compression_detect(packed, packed_len)), err);
		free(buf);
		return rc;
	}
	pr_info("%s: %s %s, %zu bytes unpacked in %lu ms", f->name,
		compression_name(compression_detect(packed, packed_len)), what, *len, ms_since(t0));
	free(buf);
	if (!is_elf(out, *len)) {
		pr_err("%s is not a Xen PV kernel (its %s is not an ELF image)", f->name, what);
		free(out);
		return -ENOEXEC;
	}
	*owner = out;
	return 0;
}

/* Copies len bytes to offset off of the ramdisk, page by page. */
static void ramdisk_write(uint64_t off, const uint8_t *src, size_t len)
{
	while (len) {
		size_t in = (size_t)(off % 4096), n = 4096 - in;

		if (n > len)
			n = len;
		memcpy((uint8_t *)chainboot_ramdisk_page(&cb, off / 4096) + in, src, n);
		off += n;
		src += n;
		len -= n;
	}
}

/* The initrds one after the other (each from a 4-byte boundary, as
 * GRUB 2 puts them, so that cpio archives concatenate), the rest of the
 * last page zeroed. */
static int load_ramdisk(struct pvgrub_file *files, int n, uint64_t total)
{
	static const uint8_t zeros[4096];
	uint64_t at = 0;
	uint8_t *chunk = malloc(CHUNK);
	int rc = 0;

	if (!chunk) {
		pr_err("not enough memory to read the initrd");
		return -ENOMEM;
	}
	for (int i = 0; i < n && rc == 0; i++) {
		struct pvgrub_file *f = &files[i];
		uint64_t t0 = time_now_ns();

		for (uint64_t off = 0; off < f->size && rc == 0; off += CHUNK) {
			size_t len = f->size - off < CHUNK ? (size_t)(f->size - off) : CHUNK;

			if ((rc = pvgrub_file_read(f, off, chunk, len)) == 0)
				ramdisk_write(at + off, chunk, len);
		}
		if (rc < 0)
			break;
		at += f->size;
		if (i + 1 < n) {
			ramdisk_write(at, zeros, (size_t)(-at & 3));
			at += -at & 3;
		}
		pr_info("initrd %s: %llu bytes in %lu ms", f->name, (unsigned long long)f->size,
			ms_since(t0));
	}
	free(chunk);
	if (rc < 0)
		return rc;
	if (at != total)
		return -EIO;
	if (total % 4096)
		ramdisk_write(total, zeros, 4096 - (size_t)(total % 4096));
	return 0;
}

int pvgrub_boot_entry(const struct menu *m, const struct menu_entry *e,
		      const struct menu_device *boot_dev)
{
	static struct pvgrub_file kernel, initrds[MENU_MAX_INITRDS];
	const struct menu_file *initrd_names = e->n_initrds ? e->initrds : &e->initrd;
	int n_initrds = e->n_initrds ? e->n_initrds : e->has_initrd ? 1 : 0;
	uint64_t ramdisk_bytes = 0;
	struct menu_device dev;
	uint8_t *elf = NULL;
	size_t len;
	uint64_t t0 = time_now_ns();
	int rc;

	pr_info("booting '%s'", e->title);
	if (!e->has_kernel) {
		pr_err("entry '%s' (line %d) has no kernel command", e->title, e->line);
		return -EINVAL;
	}
	dev = device_of(m, e, boot_dev, &e->kernel);
	if ((rc = pvgrub_file_open(&dev, e->kernel.path, &kernel)) < 0)
		return rc;
	for (int i = 0; i < n_initrds; i++) {
		dev = device_of(m, e, boot_dev, &initrd_names[i]);
		if ((rc = pvgrub_file_open(&dev, initrd_names[i].path, &initrds[i])) < 0)
			return rc;
		ramdisk_bytes += (i ? -ramdisk_bytes & 3 : 0) + initrds[i].size;
	}
	if ((rc = kernel_image(&kernel, &elf, &len)) < 0)
		return rc;
	if ((rc = elf_xen_parse(elf, len, &info)) < 0) {
		pr_err("%s: %s", kernel.name, info.err);
		free(elf);
		return rc;
	}
	pr_info("kernel %s: %s %s, entry 0x%llx", kernel.name, info.guest_os, info.guest_version,
		(unsigned long long)info.virt_entry);
	if ((rc = chainboot_prepare(&cb, &info, elf, ramdisk_bytes)) < 0) {
		pr_err("%s: %s", kernel.name, cb.err);
		free(elf);
		return rc;
	}
	pr_info("boot mapping of %llu pages; %llu of the kernel's are the image's own, "
		"not copied",
		(unsigned long long)cb.layout.mapped_pages, (unsigned long long)cb.frames_lent);
	/* From here on, pages of elf may be the kernel's: it is freed only
	 * when the boot is abandoned. */
	chainboot_load_kernel(&cb, elf, &info);
	if (n_initrds && (rc = load_ramdisk(initrds, n_initrds, ramdisk_bytes)) < 0) {
		chainboot_abandon(&cb);
		free(elf);
		return rc;
	}
	if ((rc = chainboot_finish(&cb, e->kernel_args)) < 0) {
		pr_err("%s: %s", kernel.name, cb.err);
		chainboot_abandon(&cb);
		free(elf);
		return rc;
	}
	if (pvgrub_disks_close_for_successor() < 0)
		pr_warn("a disk did not close cleanly; the kernel may not see "
			"it");
	pvgrub_net_close_for_successor();
	pr_info("starting %s %s (%lu ms after choosing it)", kernel.name, e->kernel_args,
		ms_since(t0));
	rc = chainboot_jump(&cb);
	pr_err("cannot hand the domain over: %s", cb.err);
	return rc;
}
