/* Finding, reading and parsing PV-GRUB's menu (see menu_load.h). */
#define LOG_TAG "pvgrub"
#include "apps/pvgrub/menu_load.h"

#include "apps/pvgrub/bls.h"
#include "apps/pvgrub/files.h"
#include "apps/pvgrub/grub_cfg.h"
#include "apps/pvgrub/menu_lst.h"
#include "apps/pvgrub/search.h"
#include "kernel/log.h"
#include "lib/errno.h"
#include "lib/format.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MENU_BYTES (256 * 1024)
#define MAX_BLS_FILES  64
#define BLS_NAME_MAX   256

enum menu_kind { MENU_LST, MENU_GRUB_CFG };

/* The BLS menu is large: one, reused. */
static struct menu bls_menu;

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && strcmp(s + n - t, tail) == 0;
}

/* Reads a file into a malloc'd, NUL-terminated buffer. -ENOENT quietly
 * when quiet and it is not there. */
static int read_text(const struct menu_device *dev, const char *path, size_t max, bool quiet,
		     char **text, size_t *len)
{
	struct pvgrub_file f;
	int rc = quiet ? pvgrub_file_probe(dev, path, &f) : pvgrub_file_open(dev, path, &f);

	if (rc < 0)
		return rc;
	if (f.size > max) {
		pr_err("%s is too large for a menu (%llu bytes)", f.name,
		       (unsigned long long)f.size);
		return -EFBIG;
	}
	if (!(*text = malloc((size_t)f.size + 1)))
		return -ENOMEM;
	if ((rc = pvgrub_file_read(&f, 0, *text, (size_t)f.size)) < 0) {
		free(*text);
		return rc;
	}
	(*text)[f.size] = '\0';
	*len = (size_t)f.size;
	pr_info("read %s (%zu bytes)", f.name, *len);
	return 0;
}

/* name in the directory of path: "/boot/grub/default" beside
 * "/boot/grub/menu.lst". */
static void path_beside(char *out, size_t size, const char *path, const char *name)
{
	const char *slash = strrchr(path, '/');

	format_buf(out, size, "%.*s/%s", slash ? (int)(slash - path) : 0, path, name);
}

/* `default saved` in a menu.lst: the number in the `default` file beside
 * it, as grub-set-default writes it; entry 0 when there is none. */
static void load_saved_default(struct menu *m, const struct menu_device *dev, const char *path)
{
	char file[560], dev_name[32], where[600], *text;
	size_t len;
	int entry, rc;

	path_beside(file, sizeof(file), path, "default");
	menu_format_device(dev_name, sizeof(dev_name), dev);
	format_buf(where, sizeof(where), "%s%s", dev_name, file);
	if ((rc = read_text(dev, file, 4096, true, &text, &len)) < 0) {
		pr_warn("default saved: %s: %s; using entry 0", where,
			rc == -ENOENT ? "not found" : errno_name(rc));
		return;
	}
	rc = menu_parse_saved_default(text, len, &entry);
	free(text);
	if (rc < 0)
		pr_warn("default saved: %s does not start with an entry number; "
			"using entry 0",
			where);
	else if (menu_choose_default(m, entry) < 0)
		pr_warn("default saved: entry %d (from %s): no such entry; using "
			"entry 0",
			entry, where);
	else
		pr_info("default saved: entry %d (from %s)", entry, where);
}

/* Parses the menu read from path on dev: a grub.cfg with the variables of
 * the grubenv beside it (saved_entry, kernelopts), a menu.lst with its
 * saved default. */
static void parse(struct menu *m, enum menu_kind kind, const struct menu_device *dev,
		  const char *path, const char *text, size_t len)
{
	char env_path[560], *env = NULL;
	size_t env_len = 0;
	int rc;

	if (kind == MENU_GRUB_CFG) {
		path_beside(env_path, sizeof(env_path), path, "grubenv");
		if (read_text(dev, env_path, 64 * 1024, true, &env, &env_len) < 0)
			env = NULL, env_len = 0;
		rc = grub_cfg_parse_env(m, text, len, env, env_len);
		free(env);
	} else {
		rc = menu_parse(m, text, len);
	}
	if (rc < 0)
		pr_err("menu line %d: %s (entries before it are kept)", m->err_line, m->err);
	if (kind == MENU_LST && m->default_saved)
		load_saved_default(m, dev, path);
}

struct bls_names {
	int n;
	char names[MAX_BLS_FILES][BLS_NAME_MAX];
};

static int collect_conf(const char *name, size_t len, enum fs_kind kind, void *ctx)
{
	struct bls_names *b = ctx;

	if (kind == FS_KIND_DIR || len < 6 || len >= BLS_NAME_MAX || !ends_with(name, ".conf"))
		return 0;
	if (b->n == MAX_BLS_FILES) {
		pr_warn("more than %d BLS entries; the rest are left out", MAX_BLS_FILES);
		return 1;
	}
	memcpy(b->names[b->n++], name, len + 1);
	return 0;
}

/* BLS entries from dir on dev into *m. -ENOENT when there are none. */
static int load_bls(const struct menu_device *dev, const char *dir, struct menu *m,
		    const struct menu *cfg)
{
	static struct bls_names found;
	static struct bls_file files[MAX_BLS_FILES];
	char path[BLS_NAME_MAX + 64];
	int n = 0, rc;

	found.n = 0;
	if ((rc = pvgrub_dir_list(dev, dir, collect_conf, &found)) < 0 && rc != 1)
		return -ENOENT;
	if (found.n == 0)
		return -ENOENT;
	for (int i = 0; i < found.n; i++) {
		char *text;
		size_t len;

		format_buf(path, sizeof(path), "%s/%s", dir, found.names[i]);
		if (read_text(dev, path, BLS_MAX_FILE, false, &text, &len) < 0)
			continue;
		files[n].name = found.names[i];
		files[n].text = text;
		files[n].len = len;
		n++;
	}
	rc = bls_parse(m, files, n, cfg);
	if (rc < 0)
		pr_err("BLS entries: %s (entries before it are kept)", m->err);
	for (int i = 0; i < n; i++)
		free((char *)files[i].text);
	return m->n_entries ? 0 : -ENOENT;
}

/* grub.cfg ran blscfg: its BLS entries, from where it says. */
static void merge_bls(struct menu *m, const struct menu_device *boot_dev)
{
	struct menu_device dev = m->has_bls_root ? m->bls_root : m->has_root ? m->root : *boot_dev;
	const char *dir = m->bls_dir ? m->bls_dir : "/loader/entries";

	if (m->bls_search.kind != MENU_SEARCH_NONE && pvgrub_search(&m->bls_search, &dev) < 0)
		pr_warn("blscfg: no device has %s", m->bls_search.value);
	if (load_bls(&dev, dir, &bls_menu, m) < 0 &&
	    (strcmp(dir, "/loader/entries") != 0 ||
	     load_bls(&dev, "/boot/loader/entries", &bls_menu, m) < 0)) {
		pr_warn("blscfg: no Boot Loader Spec entries in %s", dir);
		return;
	}
	if (bls_merge(m, &bls_menu) < 0)
		pr_err("blscfg: %s", m->err);
}

/* systemd-boot's loader.conf beside the entries directory: its timeout
 * (seconds; "menu-force" waits), else 0 as systemd-boot does: boot the
 * default at once. */
static int loader_timeout(const struct menu_device *dev, const char *entries_dir)
{
	char path[96], *text, *line;
	size_t len;
	int timeout = 0;

	format_buf(path, sizeof(path), "%.*s/loader.conf",
		   (int)(strrchr(entries_dir, '/') - entries_dir), entries_dir);
	if (read_text(dev, path, 4096, true, &text, &len) < 0)
		return 0;
	for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char *v;

		if (strncmp(line, "timeout", 7) != 0 || (line[7] != ' ' && line[7] != '\t'))
			continue;
		v = line + 8;
		while (*v == ' ' || *v == '\t')
			v++;
		if (strncmp(v, "menu-force", 10) == 0)
			timeout = -1;
		else if (*v >= '0' && *v <= '9') {
			long t = strtol(v, NULL, 10);

			timeout = t > 3600 ? 3600 : (int)t;
		}
	}
	free(text);
	return timeout;
}

int pvgrub_menu_load(const char *spec, struct menu *m, struct menu_device *boot_dev)
{
	static const char *const bls_dirs[] = { "/loader/entries", "/boot/loader/entries" };
	char path[512], beside[560];
	char *text;
	size_t len;
	int n, rc;

	memset(m, 0, sizeof(*m));
	menu_parse(m, "", 0);
	*boot_dev = (struct menu_device){ MENU_DEV_HD, 0, 0 };
	n = menu_parse_device(spec, strlen(spec), boot_dev);
	format_buf(path, sizeof(path), "%s", n > 0 ? spec + n : spec);
	if (path[0] != '/') {
		pr_err("'%s' is not (hdN[,P])/path", spec);
		return -EINVAL;
	}
	rc = read_text(boot_dev, path, MAX_MENU_BYTES, ends_with(path, "menu.lst"), &text, &len);
	if (rc == 0) {
		parse(m, ends_with(path, ".cfg") ? MENU_GRUB_CFG : MENU_LST, boot_dev, path, text,
		      len);
		free(text);
	} else if (rc == -ENOENT && ends_with(path, "menu.lst")) {
		/* No legacy menu: what a modern distribution has instead. */
		path_beside(beside, sizeof(beside), path, "grub.cfg");
		rc = read_text(boot_dev, beside, MAX_MENU_BYTES, true, &text, &len);
		if (rc == 0) {
			parse(m, MENU_GRUB_CFG, boot_dev, beside, text, len);
			free(text);
		}
		for (unsigned i = 0; rc < 0 && i < sizeof(bls_dirs) / sizeof(bls_dirs[0]); i++) {
			rc = load_bls(boot_dev, bls_dirs[i], m, NULL);
			if (rc == 0) {
				/* BLS paths are relative to the partition holding them. */
				m->has_root = true;
				m->root = *boot_dev;
				m->timeout = loader_timeout(boot_dev, bls_dirs[i]);
				pr_info("%d Boot Loader Spec entries from %s", m->n_entries,
					bls_dirs[i]);
			}
		}
		if (rc < 0)
			pr_err("no menu: neither %s nor %s nor Boot Loader Spec "
			       "entries",
			       path, beside);
	}
	if (rc < 0) {
		memset(m, 0, sizeof(*m));
		menu_parse(m, "", 0);
		return rc;
	}
	if (m->blscfg)
		merge_bls(m, boot_dev);
	return 0;
}
