/*
 * libFuzzer harness: arbitrary bytes as Boot Loader Spec entry files. The
 * input is cut at 0xff bytes into files, each named by its first line
 * (".conf" added) with the rest as its text; they are parsed, sorted and
 * merged into a small grub.cfg that ran blscfg. Everything handed out must
 * hold together (counts, strings in the pool, paths starting with '/'), and
 * the version comparison must be a consistent order on the names.
 */
#include "apps/pvgrub/bls.h"
#include "apps/pvgrub/grub_cfg.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FILES 16

static struct menu m, cfg;
static char names[MAX_FILES][64];

static void check_string(const struct menu *mm, const char *s)
{
	if (!s || (s[0] == '\0' && (s < mm->pool || s >= mm->pool + sizeof(mm->pool))))
		return;
	if (s < mm->pool || s >= mm->pool + mm->pool_used ||
	    strnlen(s, (size_t)(mm->pool + mm->pool_used - s)) >=
		    (size_t)(mm->pool + mm->pool_used - s))
		__builtin_trap();
}

static void check_menu(const struct menu *mm)
{
	if (mm->n_entries < 0 || mm->n_entries > MENU_MAX_ENTRIES ||
	    mm->pool_used > sizeof(mm->pool) || mm->n_warnings < 0)
		__builtin_trap();
	if (mm->n_entries > 0 && (mm->default_entry < 0 || mm->default_entry >= mm->n_entries))
		__builtin_trap();
	for (int i = 0; i < mm->n_entries; i++) {
		const struct menu_entry *e = &mm->entries[i];
		check_string(mm, e->title);
		check_string(mm, e->id);
		check_string(mm, e->kernel_args);
		check_string(mm, e->kernel.path);
		if (!e->title || !e->kernel_args || !e->has_kernel || e->kernel.path[0] != '/')
			__builtin_trap();
		if (e->n_initrds < 0 || e->n_initrds > MENU_MAX_INITRDS)
			__builtin_trap();
		for (int j = 0; j < e->n_initrds; j++) {
			check_string(mm, e->initrds[j].path);
			if (e->initrds[j].path[0] != '/')
				__builtin_trap();
		}
	}
	for (int i = 0; i < mm->n_warnings && i < MENU_MAX_WARNINGS; i++)
		if (strnlen(mm->warnings[i].text, sizeof(mm->warnings[i].text)) >=
		    sizeof(mm->warnings[i].text))
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char cfg_text[] = "set kernelopts=\"root=/dev/xvda1 ro\"\n"
				       "menuentry before { linux /b; }\n"
				       "set default=2\n"
				       "blscfg\n";
	struct bls_file files[MAX_FILES];
	const char *text = (const char *)data;
	size_t pos = 0;
	int n = 0;

	while (pos <= size && n < MAX_FILES) {
		size_t end = pos;
		while (end < size && data[end] != 0xff)
			end++;
		size_t nl = pos;
		while (nl < end && text[nl] != '\n' && nl - pos < sizeof(names[0]) - 6)
			nl++;
		memcpy(names[n], text + pos, nl - pos);
		memcpy(names[n] + (nl - pos), ".conf", 6);
		size_t body = nl < end ? nl + 1 : end;
		files[n].name = names[n];
		files[n].text = text + body;
		files[n].len = end - body;
		n++;
		pos = end + 1;
	}

	int r = bls_parse(&m, files, n, NULL);
	if (r != 0 && r != -7 /* -E2BIG */)
		__builtin_trap();
	check_menu(&m);

	/* The order is consistent: antisymmetric, reflexive. */
	for (int i = 0; i + 1 < n; i++) {
		int ab = bls_version_compare(names[i], names[i + 1]);
		int ba = bls_version_compare(names[i + 1], names[i]);
		if (ab != -ba || (ab != 0 && ab != 1 && ab != -1) ||
		    bls_version_compare(names[i], names[i]) != 0)
			__builtin_trap();
	}

	if (grub_cfg_parse(&cfg, cfg_text, sizeof(cfg_text) - 1) != 0 || !cfg.blscfg)
		__builtin_trap();
	r = bls_parse(&m, files, n, &cfg);
	if (r != 0 && r != -7)
		__builtin_trap();
	int before = cfg.n_entries;
	r = bls_merge(&cfg, &m);
	if (r != 0 && r != -7)
		__builtin_trap();
	if (r == 0 && cfg.n_entries != before + m.n_entries)
		__builtin_trap();
	check_menu(&cfg);
	return 0;
}
