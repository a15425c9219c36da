/*
 * PV-GRUB: finds the menu that `extra` names ("(hdN[,P])/path", default
 * (hd0,0)/boot/grub/menu.lst), reads it from the guest's own disk
 * (partition tables, ext2/3/4), parses it, lists its entries and boots the
 * default one, then each fallback, in place of itself.
 */
#define LOG_TAG "pvgrub"
#include "apps/pvgrub/boot.h"
#include "apps/pvgrub/files.h"
#include "apps/pvgrub/menu_lst.h"
#include "lib/errno.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MENU   "(hd0,0)/boot/grub/menu.lst"
#define MAX_MENU_BYTES (256 * 1024)

static struct menu menu;

/* Reads file path of device dev into a malloc'd, NUL-terminated buffer. */
static int read_menu_file(const struct menu_device *dev, const char *path, char **text, size_t *len)
{
	struct pvgrub_file f;
	int rc;

	if ((rc = pvgrub_file_open(dev, path, &f)) < 0)
		return rc;
	if (f.size > MAX_MENU_BYTES) {
		printf("pvgrub: error: %s is not a menu file (%llu bytes)\n", f.name,
		       (unsigned long long)f.size);
		return -EFBIG;
	}
	*text = malloc((size_t)f.size + 1);
	if (!*text)
		return -ENOMEM;
	if ((rc = pvgrub_file_read(&f, 0, *text, (size_t)f.size)) < 0) {
		free(*text);
		return rc;
	}
	(*text)[f.size] = '\0';
	*len = (size_t)f.size;
	printf("pvgrub: read %s (%zu bytes)\n", f.name, *len);
	return 0;
}

/* The default entry, then each fallback in turn; returns only when none
 * of them booted. */
static void boot_with_fallbacks(const struct menu_device *boot_dev)
{
	int tried[MENU_MAX_FALLBACK + 1], ntried = 0;

	for (int i = -1; i < menu.n_fallback; i++) {
		int index = i < 0 ? menu.default_entry : menu.fallback[i];
		bool again = false;

		for (int t = 0; t < ntried; t++)
			again |= tried[t] == index;
		if (again || index < 0 || index >= menu.n_entries)
			continue;
		tried[ntried++] = index;
		if (i >= 0)
			printf("pvgrub: falling back to entry %d\n", index);
		pvgrub_boot_entry(&menu, index, boot_dev);
	}
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
	if (read_menu_file(&dev, path, &text, &len) < 0)
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
	boot_with_fallbacks(&dev);
	printf("pvgrub: error: no entry could be booted\n");
	free(text);
	return 1;
}
