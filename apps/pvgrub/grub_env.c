/*
 * grubenv for the grub.cfg parser (see grub_cfg_priv.h): GRUB's
 * environment block read into variables before the script runs.
 */
#include "apps/pvgrub/grub_cfg_priv.h"

#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

/* grubenv (GRUB's environment block: "NAME=VALUE" lines, '\\' before a
 * '\\' or newline in a value, '#' lines and padding) as if its load_env
 * had run before the script: $saved_entry, Fedora's $kernelopts. GRUB
 * boots $next_entry once and clears it; PV-GRUB cannot write the disk, so
 * next_entry is left out rather than booted every time. */
void cfg_load_grubenv(struct parser *p)
{
	const char *s = p->env, *end = p->env ? p->env + p->env_len : NULL;
	char name[CFG_NAME_BYTES], value[CFG_TARGET];

	while (s && s < end) {
		const char *eq = s, *nl;
		size_t n = 0;

		while (eq < end && *eq != '=' && *eq != '\n')
			eq++;
		if (*s == '#' || eq == end || *eq != '=') {
			nl = memchr(s, '\n', (size_t)(end - s));
			s = nl ? nl + 1 : end;
			continue;
		}
		bool fits = cfg_is_name(s, (size_t)(eq - s));
		if (fits)
			memcpy(name, s, (size_t)(eq - s));
		name[fits ? eq - s : 0] = '\0';
		for (s = eq + 1; s < end && *s != '\n'; s++) {
			if (*s == '\\' && s + 1 < end)
				s++;
			if (n + 1 < sizeof(value))
				value[n] = *s;
			n++;
		}
		s = s < end ? s + 1 : end;
		if (!fits || n >= sizeof(value)) {
			menu_warn(p->m, 0, "grubenv: a line too long or with a bad name: left out");
			continue;
		}
		value[n] = '\0';
		if (strcmp(name, "next_entry") != 0)
			cfg_set_var(p, name, value);
	}
}
