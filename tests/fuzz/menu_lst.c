/*
 * libFuzzer harness: arbitrary bytes as a menu.lst, as the lines of one
 * entry (menu_parse_entry) and as the saved-default file. The parser must
 * finish with 0 or -E2BIG, and everything it hands out must hold together:
 * counts within their arrays, the default naming an entry, every string a
 * NUL-terminated piece of the pool.
 */
#include "apps/pvgrub/menu_lst.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct menu m;

static void check_string(const char *s)
{
	if (!s)
		return;
	if (s < m.pool || s >= m.pool + m.pool_used ||
	    strnlen(s, (size_t)(m.pool + m.pool_used - s)) >= (size_t)(m.pool + m.pool_used - s))
		__builtin_trap();
}

static void check_file(const struct menu_file *f)
{
	check_string(f->path);
	if (f->path && f->path[0] != '/')
		__builtin_trap();
}

static void check_menu(void)
{
	if (m.n_entries < 0 || m.n_entries > MENU_MAX_ENTRIES || m.pool_used > sizeof(m.pool) ||
	    m.n_fallback > MENU_MAX_FALLBACK || m.n_warnings < 0)
		__builtin_trap();
	check_string(m.password);
	for (int i = 0; i < m.n_entries; i++) {
		const struct menu_entry *e = &m.entries[i];
		check_string(e->title);
		check_string(e->password);
		if (e->has_kernel)
			check_file(&e->kernel);
		if (e->has_initrd)
			check_file(&e->initrd);
		if (e->n_modules < 0 || e->n_modules > MENU_MAX_MODULES)
			__builtin_trap();
		for (int j = 0; j < e->n_modules; j++) {
			check_file(&e->modules[j].file);
			check_string(e->modules[j].args);
		}
	}
	for (int i = 0; i < m.n_warnings && i < MENU_MAX_WARNINGS; i++)
		if (strnlen(m.warnings[i].text, sizeof(m.warnings[i].text)) >=
		    sizeof(m.warnings[i].text))
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct menu_device d;
	int r = menu_parse(&m, (const char *)data, size);

	if (r != 0 && r != -7 /* -E2BIG */)
		__builtin_trap();
	if (r == 0 && m.n_entries > 0 && (m.default_entry < 0 || m.default_entry >= m.n_entries))
		__builtin_trap();
	check_menu();
	r = menu_parse_entry(&m, "edited", (const char *)data, size);
	if ((r != 0 && r != -7) || m.n_entries != 1)
		__builtin_trap();
	check_menu();
	r = menu_parse_device((const char *)data, size, &d);
	if (r > (int)size)
		__builtin_trap();
	/* the same bytes as the `default` file of `default saved` */
	int entry = -1;
	r = menu_parse_saved_default((const char *)data, size, &entry);
	if ((r != 0 && r != -22 /* -EINVAL */) ||
	    (r == 0 && (entry < 0 || entry > MENU_MAX_NUMBER)))
		__builtin_trap();
	return 0;
}
