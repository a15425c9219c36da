/* apps/pvgrub/menu_lst: GRUB legacy menu.lst files, as Debian and users write them. */
#include "apps/pvgrub/menu_lst.h"
#include "lib/errno.h"
#include "tests/unit/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct menu m;

static int parse(const char *text)
{
	return menu_parse(&m, text, strlen(text));
}

TEST(menu_debian_style)
{
	const char *text = "# menu.lst - See: grub(8), info grub, update-grub(8)\n"
			   "default\t\t1\n"
			   "timeout\t\t5\n"
			   "fallback 0 1\n"
			   "hiddenmenu\n"
			   "\n"
			   "title\t\tDebian GNU/Linux, kernel 6.1.0-13-amd64\n"
			   "root\t\t(hd0,0)\n"
			   "kernel\t\t/boot/vmlinuz-6.1.0-13-amd64 root=/dev/xvda1 ro quiet\n"
			   "initrd\t\t/boot/initrd.img-6.1.0-13-amd64\n"
			   "savedefault\n"
			   "\n"
			   "title\t\tDebian GNU/Linux, kernel 6.1.0-13-amd64 (single-user mode)\n"
			   "root\t\t(hd0,0)\n"
			   "kernel\t\t/boot/vmlinuz-6.1.0-13-amd64 root=/dev/xvda1 ro single\n"
			   "initrd\t\t/boot/initrd.img-6.1.0-13-amd64\n";

	CHECK_INT(parse(text), 0);
	CHECK_INT(m.default_entry, 1);
	CHECK_INT(m.timeout, 5);
	CHECK_INT(m.n_fallback, 2);
	CHECK_INT(m.fallback[1], 1);
	CHECK(m.hiddenmenu);
	CHECK_INT(m.n_entries, 2);
	CHECK_INT(m.n_warnings, 0);
	const struct menu_entry *e = &m.entries[0];
	CHECK_STR(e->title, "Debian GNU/Linux, kernel 6.1.0-13-amd64");
	CHECK_INT(e->line, 7);
	CHECK(e->has_root && !e->root_noverify);
	CHECK_INT(e->root.kind, MENU_DEV_HD);
	CHECK_INT(e->root.disk, 0);
	CHECK_INT(e->root.part, 0);
	CHECK(e->has_kernel);
	CHECK_INT(e->kernel.dev.kind, MENU_DEV_NONE);
	CHECK_STR(e->kernel.path, "/boot/vmlinuz-6.1.0-13-amd64");
	CHECK_STR(e->kernel_args, "root=/dev/xvda1 ro quiet");
	CHECK(e->has_initrd);
	CHECK_STR(e->initrd.path, "/boot/initrd.img-6.1.0-13-amd64");
	CHECK(e->savedefault);
	CHECK_STR(m.entries[1].kernel_args, "root=/dev/xvda1 ro single");
}

TEST(menu_equals_crlf_whitespace_and_devices)
{
	const char *text = "  timeout=3\r\n"
			   "default = saved\r\n"
			   "\t# indented comment\r\n"
			   "password --md5 $1$abc$def\r\n"
			   "title=Xen guest  \r\n"
			   "   rootnoverify (hd1)\r\n"
			   "kernel=(hd0,4)/vmlinuz\r\n"
			   "module (hd2,12)/mod one two\r\n"
			   "module /mod2\r\n"
			   "title net\n"
			   "root (nd)\n"
			   "kernel --type=linux --no-mem-option /pxe/vmlinuz console=hvc0\n"
			   "title chain\n"
			   "configfile (hd0,1)/boot/grub/menu.lst\n"
			   "password secret\n"
			   "boot\n";

	CHECK_INT(parse(text), 0);
	CHECK_INT(m.timeout, 3);
	CHECK(m.default_saved);
	CHECK_STR(m.password, "$1$abc$def");
	CHECK(m.password_md5);
	CHECK_INT(m.n_entries, 3);
	CHECK_INT(m.n_warnings, 0);
	const struct menu_entry *e = &m.entries[0];
	CHECK_STR(e->title, "Xen guest");
	CHECK(e->has_root && e->root_noverify);
	CHECK_INT(e->root.disk, 1);
	CHECK_INT(e->root.part, -1);
	CHECK_INT(e->kernel.dev.kind, MENU_DEV_HD);
	CHECK_INT(e->kernel.dev.part, 4);
	CHECK_STR(e->kernel.path, "/vmlinuz");
	CHECK_STR(e->kernel_args, "");
	CHECK_INT(e->n_modules, 2);
	CHECK_INT(e->modules[0].file.dev.disk, 2);
	CHECK_INT(e->modules[0].file.dev.part, 12);
	CHECK_STR(e->modules[0].args, "one two");
	CHECK_STR(e->modules[1].file.path, "/mod2");
	CHECK_INT(m.entries[1].root.kind, MENU_DEV_ND);
	CHECK_STR(m.entries[1].kernel.path, "/pxe/vmlinuz");
	CHECK_STR(m.entries[1].kernel_args, "console=hvc0");
	CHECK(m.entries[2].has_configfile);
	CHECK_INT(m.entries[2].configfile.dev.part, 1);
	CHECK_STR(m.entries[2].configfile.path, "/boot/grub/menu.lst");
	CHECK_STR(m.entries[2].password, "secret");
	CHECK(!m.entries[2].password_md5);
}

TEST(menu_unknown_commands_are_warnings)
{
	const char *text = "color cyan/blue white/blue\n"
			   "splashimage=(hd0,0)/grub/splash.xpm.gz\n"
			   "kernel /outside\n"
			   "title a\n"
			   "root (fd0)\n"
			   "kernel vmlinuz\n"
			   "kernel (hd0,x)/vmlinuz\n"
			   "initrd\n"
			   "chainloader +1\n"
			   "default 0\n"
			   "timeout soon\n"
			   "kernel /ok\n";

	CHECK_INT(parse(text), 0);
	CHECK_INT(m.n_entries, 1);
	CHECK_INT(m.n_warnings, 10);
	CHECK_INT(m.warnings[0].line, 1);
	CHECK_STR(m.warnings[0].text, "unknown command 'color' ignored");
	CHECK_INT(m.warnings[2].line, 3);
	CHECK_STR(m.warnings[2].text, "kernel outside an entry: ignored");
	CHECK_STR(m.warnings[3].text, "root: bad or missing device");
	CHECK_STR(m.warnings[4].text, "kernel: 'vmlinuz' is not a path");
	CHECK_STR(m.warnings[5].text, "kernel: bad device in '(hd0,x)/vmlinuz'");
	CHECK_STR(m.warnings[6].text, "initrd: no file");
	CHECK_INT(m.warnings[7].line, 9);
	CHECK_STR(m.warnings[8].text, "default inside an entry: ignored");
	CHECK_STR(m.warnings[9].text, "timeout inside an entry: ignored");
	CHECK(m.entries[0].has_kernel);
	CHECK_STR(m.entries[0].kernel.path, "/ok");
	CHECK(!m.entries[0].has_root);
}

TEST(menu_defaults_and_fallbacks_are_checked)
{
	CHECK_INT(parse("default 5\nfallback 1 7 0\ntitle a\nkernel /a\ntitle b\nkernel /b\n"), 0);
	CHECK_INT(m.default_entry, 0);
	CHECK_INT(m.n_fallback, 2);
	CHECK_INT(m.fallback[0], 1);
	CHECK_INT(m.fallback[1], 0);
	CHECK_INT(m.n_warnings, 2);
	CHECK_INT(m.warnings[0].line, 0);
	CHECK_INT(parse(""), 0);
	CHECK_INT(m.n_entries, 0);
	CHECK_INT(m.timeout, -1);
	CHECK_INT(parse("default 99999999999\ntimeout -1\n"), 0);
	CHECK_INT(m.n_warnings, 2);
	CHECK_INT(menu_parse(&m, NULL, 0), 0);
	CHECK_INT(menu_parse(&m, NULL, 1), -EINVAL);
}

TEST(menu_devices)
{
	struct menu_device d;

	CHECK_INT(menu_parse_device("(hd0)", 5, &d), 5);
	CHECK_INT(d.kind, MENU_DEV_HD);
	CHECK_INT(d.part, -1);
	CHECK_INT(menu_parse_device("(hd12,3)/x", 10, &d), 8);
	CHECK_INT(d.disk, 12);
	CHECK_INT(d.part, 3);
	CHECK_INT(menu_parse_device("(nd)", 4, &d), 4);
	CHECK_INT(d.kind, MENU_DEV_ND);
	CHECK_INT(menu_parse_device("(hd0", 4, &d), -EINVAL);
	CHECK_INT(menu_parse_device("(hd0,)", 6, &d), -EINVAL);
	CHECK_INT(menu_parse_device("(hd,1)", 6, &d), -EINVAL);
	CHECK_INT(menu_parse_device("(hd0,1,a)", 9, &d), -EINVAL);
	CHECK_INT(menu_parse_device("(hd99999999999)", 15, &d), -EINVAL);
	CHECK_INT(menu_parse_device("(fd0)", 5, &d), -EINVAL);
	CHECK_INT(menu_parse_device("(hd0)", 3, &d), -EINVAL); /* length is respected */
}

TEST(menu_limits_are_errors)
{
	static char text[300000];
	size_t n = 0;

	for (int i = 0; i <= MENU_MAX_ENTRIES; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "title %d\nkernel /k%d\n", i, i);
	CHECK_INT(menu_parse(&m, text, n), -E2BIG);
	CHECK_INT(m.n_entries, MENU_MAX_ENTRIES);
	CHECK_INT(m.err_line, 2 * MENU_MAX_ENTRIES + 1);
	CHECK_STR(m.err, "menu.lst line 257: more than 128 entries");

	memset(text, 'a', MENU_MAX_LINE + 1);
	CHECK_INT(menu_parse(&m, text, MENU_MAX_LINE), 0);
	CHECK_INT(menu_parse(&m, text, MENU_MAX_LINE + 1), -E2BIG);
	CHECK_STR(m.err, "menu.lst line 1: longer than 1024 bytes");

	n = (size_t)snprintf(text, sizeof(text), "title x\n");
	for (int i = 0; i <= MENU_MAX_MODULES; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "module /m%d\n", i);
	CHECK_INT(menu_parse(&m, text, n), -E2BIG);
	CHECK_INT(m.entries[0].n_modules, MENU_MAX_MODULES);

	/* Strings beyond the pool. */
	n = 0;
	for (int i = 0; i < 60; i++) {
		n += (size_t)snprintf(text + n, sizeof(text) - n, "title %d ", i);
		memset(text + n, 'x', 1000);
		n += 1000;
		text[n++] = '\n';
	}
	CHECK_INT(menu_parse(&m, text, n), -E2BIG);
	CHECK(strstr(m.err, "strings exceed") != NULL);

	memset(text, '\n', MENU_MAX_LINES + 1);
	CHECK_INT(menu_parse(&m, text, MENU_MAX_LINES), 0);
	CHECK_INT(menu_parse(&m, text, MENU_MAX_LINES + 1), -E2BIG);
}

TEST(menu_nul_bytes_and_no_final_newline)
{
	static const char text[] = "title a\nkernel /x\0y\ninitrd /i";

	CHECK_INT(menu_parse(&m, text, sizeof(text) - 1), 0);
	CHECK_INT(m.n_warnings, 1);
	CHECK_INT(m.warnings[0].line, 2);
	CHECK(!m.entries[0].has_kernel);
	CHECK_STR(m.entries[0].initrd.path, "/i");
}

TEST(menu_many_warnings_are_counted)
{
	static char text[4000];
	size_t n = 0;

	for (int i = 0; i < 100; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "bogus%d\n", i);
	CHECK_INT(menu_parse(&m, text, n), 0);
	CHECK_INT(m.n_warnings, 100);
	CHECK_INT(m.warnings[MENU_MAX_WARNINGS - 1].line, MENU_MAX_WARNINGS);
}

/* menu_parse_entry: one entry's lines, as edited or typed at the console. */
static int parse_entry(const char *lines)
{
	return menu_parse_entry(&m, "edited", lines, strlen(lines));
}

TEST(menu_entry_lines)
{
	CHECK_INT(parse_entry("root (hd0,1)\nkernel /vmlinuz a=b  c\ninitrd (hd1)/initrd.img\n"
			      "module /mod x\n"),
		  0);
	CHECK_INT(m.n_entries, 1);
	CHECK_INT(m.n_warnings, 0);
	const struct menu_entry *e = &m.entries[0];
	CHECK_STR(e->title, "edited");
	CHECK(e->has_root);
	CHECK_INT(e->root.part, 1);
	CHECK_STR(e->kernel.path, "/vmlinuz");
	CHECK_STR(e->kernel_args, "a=b  c");
	CHECK_INT(e->initrd.dev.disk, 1);
	CHECK_INT(e->initrd.dev.part, -1);
	CHECK_INT(e->n_modules, 1);
	CHECK_STR(e->modules[0].args, "x");
}

TEST(menu_entry_no_lines)
{
	CHECK_INT(menu_parse_entry(&m, "empty", "", 0), 0);
	CHECK_INT(m.n_entries, 1);
	CHECK(!m.entries[0].has_kernel);
	CHECK_STR(m.entries[0].kernel_args, "");
	CHECK_INT(menu_parse_entry(&m, NULL, "", 0), -EINVAL);
}

TEST(menu_entry_title_and_globals_are_warnings)
{
	CHECK_INT(parse_entry("title another\ntimeout 3\nkernel (hdx)/v\nfoo\nkernel /k\n"), 0);
	CHECK_INT(m.n_entries, 1);
	CHECK_INT(m.timeout, -1);
	CHECK_INT(m.n_warnings, 4);
	CHECK_INT(m.warnings[0].line, 1);
	CHECK_STR(m.warnings[0].text, "title inside an entry: ignored");
	CHECK_INT(m.warnings[1].line, 2);
	CHECK_STR(m.warnings[1].text, "timeout inside an entry: ignored");
	CHECK_INT(m.warnings[2].line, 3);
	CHECK_STR(m.warnings[2].text, "kernel: bad device in '(hdx)/v'");
	CHECK_STR(m.warnings[3].text, "unknown command 'foo' ignored");
	CHECK_STR(m.entries[0].kernel.path, "/k");
}

TEST(menu_entry_limits)
{
	char text[16 * 12];
	size_t n = 0;

	for (int i = 0; i <= MENU_MAX_MODULES; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "module /m%d\n", i);
	CHECK_INT(menu_parse_entry(&m, "t", text, n), -E2BIG);
	CHECK_INT(m.err_line, MENU_MAX_MODULES + 1);
	CHECK_INT(m.entries[0].n_modules, MENU_MAX_MODULES);

	static char line[MENU_MAX_LINE + 2];
	memset(line, 'a', sizeof(line));
	CHECK_INT(menu_parse_entry(&m, "t", line, sizeof(line)), -E2BIG);
}

TEST(menu_fields_shared_with_grub_cfg)
{
	CHECK_INT(parse("hiddenmenu\ntitle a\nkernel /k\ninitrd /i1\ninitrd (hd0,1)/i2\n"), 0);
	CHECK(m.hiddenmenu);
	CHECK_INT(m.timeout_style, MENU_STYLE_HIDDEN);
	const struct menu_entry *e = &m.entries[0];
	CHECK_INT(e->n_initrds, 1); /* the last initrd line wins */
	CHECK_STR(e->initrds[0].path, "/i2");
	CHECK_INT(e->initrds[0].dev.part, 1);
	CHECK_STR(e->initrd.path, "/i2");
	CHECK(e->id == NULL);
	CHECK_INT(e->search.kind, MENU_SEARCH_NONE);
	CHECK(!m.blscfg);
	CHECK(m.default_id == NULL);
}

TEST(menu_saved_default_file)
{
	static const struct {
		const char *text;
		int rc, entry;
	} cases[] = {
		/* as grub-set-default writes it */
		{ "2\n#\n#\n# WARNING: If you want to edit this file directly, do not remove any "
		  "line\n",
		  0, 2 },
		{ "0", 0, 0 },
		{ "  13 \r\n", 0, 13 },
		{ "", -EINVAL, -1 },
		{ "\n1\n", -EINVAL, -1 },
		{ "saved\n", -EINVAL, -1 },
		{ "1x\n", -EINVAL, -1 },
		{ "99999999999999999999\n", -EINVAL, -1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int entry = -1;
		CHECK_INT(menu_parse_saved_default(cases[i].text, strlen(cases[i].text), &entry),
			  cases[i].rc);
		CHECK_INT(entry, cases[i].entry);
	}
	CHECK_INT(menu_parse_saved_default(NULL, 0, NULL), -EINVAL);

	static const char text[] = "default saved\ntitle a\nkernel /a\ntitle b\nkernel /b\n";
	CHECK_INT(parse(text), 0);
	CHECK(m.default_saved);
	CHECK_INT(m.default_entry, 0);
	CHECK_INT(menu_choose_default(&m, 1), 0);
	CHECK_INT(m.default_entry, 1);
	CHECK_INT(menu_choose_default(&m, 2), -ENOENT);
	CHECK_INT(menu_choose_default(&m, -1), -ENOENT);
	CHECK_INT(m.default_entry, 1);
}

TEST(menu_device_names)
{
	static const struct {
		struct menu_device dev;
		const char *name;
	} cases[] = {
		{ { MENU_DEV_HD, 0, -1 }, "(hd0)" },
		{ { MENU_DEV_HD, 2, 4 }, "(hd2,4)" },
		{ { MENU_DEV_ND, 0, -1 }, "(nd)" },
		{ { MENU_DEV_NONE, 0, 0 }, "" },
	};
	char buf[32];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(buf, 'x', sizeof(buf));
		menu_format_device(buf, sizeof(buf), &cases[i].dev);
		CHECK_STR(buf, cases[i].name);
	}
	/* cut to the buffer, still a string */
	menu_format_device(buf, 4, &cases[1].dev);
	CHECK_STR(buf, "(hd");
}
