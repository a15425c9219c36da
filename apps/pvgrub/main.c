/*
 * PV-GRUB: finds the menu that `extra` names ("(hdN[,P])/path", default
 * (hd0,0)/boot/grub/menu.lst), reads it from the guest's own disk
 * (partition tables, ext2/3/4) and parses it, lets the console choose an
 * entry (menu_console.c: countdown, keys, editing, a command line), and
 * boots it in place of itself; the default entry falls back as `fallback`
 * says. When nothing boots, the menu comes back and waits.
 */
#define LOG_TAG "pvgrub"
#include "apps/pvgrub/boot.h"
#include "apps/pvgrub/files.h"
#include "apps/pvgrub/menu_console.h"
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

static void print_boot_file(int n, const char *what, const struct menu_file *f, const char *args)
{
	char where[32] = "";

	if (f->dev.kind != MENU_DEV_NONE)
		pvgrub_device_name(&f->dev, where, sizeof(where));
	printf("pvgrub: boot entry %d: %s %s%s%s%s\n", n, what, where, f->path, *args ? " " : "",
	       args);
}

/* Boots what the menu chose; returns only when it did not boot. */
static void boot_choice(const struct menu_ui_choice *c, const struct menu_device *boot_dev)
{
	const struct menu_entry *e = c->entry;

	if (e->has_kernel)
		print_boot_file(c->index, "kernel", &e->kernel, e->kernel_args);
	if (e->has_initrd)
		print_boot_file(c->index, "initrd", &e->initrd, "");
	for (int i = 0; i < e->n_modules; i++)
		print_boot_file(c->index, "module", &e->modules[i].file, e->modules[i].args);
	pvgrub_boot_entry(&menu, e, boot_dev);
}

/* The default entry failed: each fallback in turn, as GRUB legacy does. */
static void boot_fallbacks(const struct menu_device *boot_dev)
{
	bool tried[MENU_MAX_ENTRIES] = { false };

	tried[menu.default_entry] = true;
	for (int i = 0; i < menu.n_fallback; i++) {
		int index = menu.fallback[i];

		if (index < 0 || index >= menu.n_entries || tried[index])
			continue;
		tried[index] = true;
		printf("pvgrub: falling back to entry %d\n", index);
		pvgrub_boot_entry(&menu, &menu.entries[index], boot_dev);
	}
}

int main(int argc, char **argv)
{
	const char *spec = argc > 1 ? argv[1] : DEFAULT_MENU;
	struct menu_device dev = { MENU_DEV_HD, 0, 0 };
	const char *path = spec;
	char *text = NULL;
	size_t len = 0;
	int n;

	printf("pvgrub: menu %s\n", spec);
	n = menu_parse_device(spec, strlen(spec), &dev);
	if (n > 0)
		path = spec + n;
	if (path[0] != '/')
		printf("pvgrub: error: '%s' is not (hdN[,P])/path\n", spec);
	else if (read_menu_file(&dev, path, &text, &len) < 0)
		printf("pvgrub: error: no menu; the command line is open\n");
	if (menu_parse(&menu, text ? text : "", len) < 0)
		printf("pvgrub: error: menu line %d: %s (entries before it are kept)\n",
		       menu.err_line, menu.err);
	free(text);
	for (int i = 0; i < menu.n_warnings && i < MENU_MAX_WARNINGS; i++)
		printf("pvgrub: menu line %d: %s\n", menu.warnings[i].line, menu.warnings[i].text);
	printf("pvgrub: %d entries, default %d, timeout %d\n", menu.n_entries, menu.default_entry,
	       menu.timeout);

	for (;;) {
		const struct menu_ui_choice *c = menu_console_run(&menu);

		boot_choice(c, &dev);
		if (c->index == menu.default_entry && !c->edited)
			boot_fallbacks(&dev);
		/* Back to the menu, which now waits for the user. */
		printf("pvgrub: nothing was booted; back to the menu\n");
		menu.timeout = -1;
		menu.hiddenmenu = false;
	}
}
