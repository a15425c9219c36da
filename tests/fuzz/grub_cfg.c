/*
 * libFuzzer harness: arbitrary bytes as a grub.cfg, then as the grubenv
 * read with a fixed grub.cfg. The parser must finish
 * with 0 or -E2BIG (no crash, no hang: its loops and calls are bounded), and
 * everything it hands out must hold together: counts within their arrays,
 * the default naming an entry, every string a NUL-terminated piece of the
 * pool, every path starting with '/'.
 */
#include "apps/pvgrub/grub_cfg.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct menu m;

static void check_string(const char *s)
{
	if (!s || (s[0] == '\0' && (s < m.pool || s >= m.pool + sizeof(m.pool))))
		return; /* NULL, or the empty literal of an entry without arguments */
	if (s < m.pool || s >= m.pool + m.pool_used ||
	    strnlen(s, (size_t)(m.pool + m.pool_used - s)) >= (size_t)(m.pool + m.pool_used - s))
		__builtin_trap();
}

static void check_file(const struct menu_file *f)
{
	check_string(f->path);
	if (!f->path || f->path[0] != '/')
		__builtin_trap();
	if (f->dev.kind == MENU_DEV_HD && (f->dev.disk < 0 || f->dev.part < -1))
		__builtin_trap();
}

static void check_search(const struct menu_search *s)
{
	if ((s->kind == MENU_SEARCH_NONE) != (s->value == NULL))
		__builtin_trap();
	check_string(s->value);
}

static void check_menu(int r)
{
	if (r != 0 && r != -7 /* -E2BIG */)
		__builtin_trap();
	if (m.n_entries < 0 || m.n_entries > MENU_MAX_ENTRIES || m.pool_used > sizeof(m.pool) ||
	    m.n_warnings < 0 || m.n_env < 0 || m.n_env > MENU_MAX_ENV)
		__builtin_trap();
	if (r == 0 && m.n_entries > 0 && (m.default_entry < 0 || m.default_entry >= m.n_entries))
		__builtin_trap();
	if (m.blscfg && (m.blscfg_at < 0 || m.blscfg_at > m.n_entries))
		__builtin_trap();
	check_string(m.default_id);
	check_string(m.bls_dir);
	check_search(&m.search);
	check_search(&m.bls_search);
	if (m.has_configfile)
		check_file(&m.configfile);
	for (int i = 0; i < m.n_env; i++)
		check_string(m.env[i]);
	for (int i = 0; i < m.n_entries; i++) {
		const struct menu_entry *e = &m.entries[i];
		check_string(e->title);
		check_string(e->id);
		check_string(e->kernel_args);
		check_search(&e->search);
		if (!e->title || !e->kernel_args)
			__builtin_trap();
		if (e->has_kernel)
			check_file(&e->kernel);
		if (e->has_configfile)
			check_file(&e->configfile);
		if (e->n_initrds < 0 || e->n_initrds > MENU_MAX_INITRDS ||
		    e->has_initrd != (e->n_initrds > 0))
			__builtin_trap();
		for (int j = 0; j < e->n_initrds; j++)
			check_file(&e->initrds[j]);
		if (e->has_initrd && e->initrd.path != e->initrds[0].path)
			__builtin_trap();
	}
	for (int i = 0; i < m.n_warnings && i < MENU_MAX_WARNINGS; i++)
		if (strnlen(m.warnings[i].text, sizeof(m.warnings[i].text)) >=
		    sizeof(m.warnings[i].text))
			__builtin_trap();
}

/* Debian's grub.cfg as GRUB_DEFAULT=saved writes it, in short. */
static const char saved_cfg[] =
	"set default=\"${saved_entry}\"\n"
	"menuentry 'A' --id a { linux /a $kernelopts }\n"
	"submenu 'S' --id s { menuentry 'B' --id b { linux /b $kernelopts; initrd $initrd } }\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct menu_device d;
	int r = grub_cfg_parse(&m, (const char *)data, size);

	check_menu(r);
	/* the same bytes as the grubenv beside a grub.cfg */
	r = grub_cfg_parse_env(&m, saved_cfg, sizeof(saved_cfg) - 1, (const char *)data, size);
	check_menu(r);
	r = grub_cfg_parse_device((const char *)data, size, &d);
	if (r > (int)size)
		__builtin_trap();
	return 0;
}
