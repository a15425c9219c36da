/*
 * PV-GRUB, first stage: finds the menu that `extra` names ("(hdN[,P])/path",
 * default (hd0,0)/boot/grub/menu.lst), reads it from the guest's own disk
 * (partition tables, ext2/3/4), parses it, lists its entries and lets the
 * console choose one (menu_console.c). Loading the kernel and chain-booting
 * it are the next stage.
 */
#define LOG_TAG "pvgrub"
#include "apps/pvgrub/disk.h"
#include "apps/pvgrub/menu_console.h"
#include "apps/pvgrub/menu_lst.h"
#include "kernel/log.h"
#include "lib/errno.h"
#include "lib/fs/ext.h"
#include "lib/part/part.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MENU   "(hd0,0)/boot/grub/menu.lst"
#define MAX_MENU_BYTES (256 * 1024)

static struct ext_fs fs;
static struct menu menu;

static void print_device(const struct menu_device *d, char *buf, size_t size)
{
	if (d->kind == MENU_DEV_ND)
		snprintf(buf, size, "(nd)");
	else if (d->part >= 0)
		snprintf(buf, size, "(hd%d,%d)", d->disk, d->part);
	else
		snprintf(buf, size, "(hd%d)", d->disk);
}

static void print_boot_file(int n, const char *what, const struct menu_file *f, const char *args)
{
	char where[32] = "";

	if (f->dev.kind != MENU_DEV_NONE)
		print_device(&f->dev, where, sizeof(where));
	printf("pvgrub: boot entry %d: %s %s%s%s%s\n", n, what, where, f->path, *args ? " " : "",
	       args);
}

/* Reads file path of device dev into a malloc'd buffer. */
static int read_file(const struct menu_device *dev, const char *path, char **text, size_t *len)
{
	struct blkfront *disk;
	struct blockdev whole, part;
	struct ext_inode in;
	static uint8_t work[2 * EXT_MAX_BLOCKSIZE];
	char where[32];
	size_t done;
	int rc;

	print_device(dev, where, sizeof(where));
	if (dev->kind != MENU_DEV_HD) {
		printf("pvgrub: error: %s: network boot is not implemented yet\n", where);
		return -EOPNOTSUPP;
	}
	if ((rc = pvgrub_disk_open((unsigned)dev->disk, &disk, &whole)) < 0) {
		printf("pvgrub: error: %s: no such disk (%s)\n", where, errno_name(rc));
		return rc;
	}
	part = whole;
	if (dev->part >= 0 && (rc = part_find(&whole, dev->part, &part)) < 0) {
		printf("pvgrub: error: %s: no such partition (%s)\n", where, errno_name(rc));
		return rc;
	}
	if ((rc = ext_mount(&fs, &part, work, sizeof(work))) < 0) {
		printf("pvgrub: error: %s: unknown or damaged file system (%s)%s%s\n", where,
		       errno_name(rc), ext_error(&fs)[0] ? ": " : "", ext_error(&fs));
		return rc;
	}
	if ((rc = ext_lookup(&fs, path, true, &in)) < 0) {
		printf("pvgrub: error: file not found: %s%s (%s)\n", where, path, errno_name(rc));
		return rc;
	}
	if (!ext_is_reg(&in) || in.size > MAX_MENU_BYTES) {
		printf("pvgrub: error: %s%s is not a menu file\n", where, path);
		return -EINVAL;
	}
	*text = malloc((size_t)in.size + 1);
	if (!*text)
		return -ENOMEM;
	if ((rc = ext_read(&fs, &in, 0, *text, (size_t)in.size, &done)) < 0) {
		printf("pvgrub: error: reading %s%s: %s%s%s\n", where, path, errno_name(rc),
		       ext_error(&fs)[0] ? ": " : "", ext_error(&fs));
		free(*text);
		return rc;
	}
	(*text)[done] = '\0';
	*len = done;
	printf("pvgrub: read %s%s (%zu bytes) from %s\n", where, path, done, blkfront_name(disk));
	return 0;
}

int main(int argc, char **argv)
{
	const char *spec = argc > 1 ? argv[1] : DEFAULT_MENU;
	struct menu_device dev = { MENU_DEV_HD, 0, 0 };
	const char *path = spec;
	char *text;
	size_t len;
	int n;

	printf("pvgrub: stage 1: menu %s\n", spec);
	n = menu_parse_device(spec, strlen(spec), &dev);
	if (n > 0)
		path = spec + n;
	if (path[0] != '/') {
		printf("pvgrub: error: '%s' is not (hdN[,P])/path\n", spec);
		return 1;
	}
	if (read_file(&dev, path, &text, &len) < 0)
		return 1;
	if (menu_parse(&menu, text, len) < 0)
		printf("pvgrub: error: menu line %d: %s (entries before it are kept)\n",
		       menu.err_line, menu.err);
	for (int i = 0; i < menu.n_warnings && i < MENU_MAX_WARNINGS; i++)
		printf("pvgrub: menu line %d: %s\n", menu.warnings[i].line, menu.warnings[i].text);
	printf("pvgrub: %d entries, default %d, timeout %d\n", menu.n_entries, menu.default_entry,
	       menu.timeout);
	for (int i = 0; i < menu.n_entries; i++) {
		const struct menu_entry *e = &menu.entries[i];
		printf("pvgrub: entry %d: %s%s\n", i, e->title,
		       i == menu.default_entry ? " (default)" : "");
		if (e->has_kernel)
			printf("pvgrub:   kernel %s %s\n", e->kernel.path, e->kernel_args);
		if (e->has_initrd)
			printf("pvgrub:   initrd %s\n", e->initrd.path);
	}
	const struct menu_ui_choice *c = menu_console_run(&menu);
	const struct menu_entry *e = c->entry;
	if (e->has_kernel)
		print_boot_file(c->index, "kernel", &e->kernel, e->kernel_args);
	else
		printf("pvgrub: boot entry %d: no kernel\n", c->index);
	if (e->has_initrd)
		print_boot_file(c->index, "initrd", &e->initrd, "");
	for (int i = 0; i < e->n_modules; i++)
		print_boot_file(c->index, "module", &e->modules[i].file, e->modules[i].args);
	printf("pvgrub: loading and chain-booting the kernel are not implemented yet\n");
	free(text);
	return 0;
}
