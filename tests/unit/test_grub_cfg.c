/* apps/pvgrub/grub_cfg: grub.cfg files as Debian 12, Ubuntu 22.04 and Fedora 39 generate
 * them (tests/unit/data/grub_cfg/), every construct the parser follows or skips, garbage
 * and limits. */
#include "apps/pvgrub/grub_cfg.h"
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "tests/unit/disk_image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEBIAN_UUID "5d2c1e8a-3b7f-4f2e-9d43-0c6a1f7e2b91"

static struct menu m;

static int parse(const char *text)
{
	return grub_cfg_parse(&m, text, strlen(text));
}

static char *data_file(const char *name)
{
	char path[256];
	size_t len;

	snprintf(path, sizeof(path), "tests/unit/data/grub_cfg/%s", name);
	uint8_t *buf = load_file(path, &len);
	if (!buf)
		return NULL;
	char *text = realloc(buf, len + 1);
	text[len] = '\0';
	return text;
}

/* The Debian file with its `set default="0"` replaced by value. */
static char *debian_with_default(const char *value)
{
	char *text = data_file("debian12.cfg");
	const char *from = "set default=\"0\"";
	char *at = text ? strstr(text, from) : NULL;

	if (!at)
		return text;
	size_t before = (size_t)(at - text), tail = strlen(at + strlen(from));
	char *out = malloc(before + strlen(value) + tail + 32);
	memcpy(out, text, before);
	sprintf(out + before, "set default=\"%s\"%s", value, at + strlen(from));
	free(text);
	return out;
}

static int count_warnings_with(const char *needle)
{
	int n = 0;
	for (int i = 0; i < m.n_warnings && i < MENU_MAX_WARNINGS; i++)
		n += strstr(m.warnings[i].text, needle) != NULL;
	return n;
}

TEST(grub_cfg_debian12_update_grub)
{
	char *text = data_file("debian12.cfg");

	CHECK(text);
	if (!text)
		return;
	CHECK_INT(parse(text), 0);
	CHECK_INT(m.n_warnings, 0);
	CHECK_INT(m.n_entries, 5);
	CHECK_INT(m.default_entry, 0);
	CHECK(!m.default_saved);
	CHECK(m.default_id == NULL);
	CHECK_INT(m.timeout, 5);
	CHECK_INT(m.timeout_style, MENU_STYLE_MENU);
	CHECK(!m.hiddenmenu);
	CHECK(!m.blscfg);
	/* 05_debian_theme's top-level root and search. */
	CHECK(m.has_root);
	CHECK_INT(m.root.part, 0);
	CHECK_INT(m.search.kind, MENU_SEARCH_FS_UUID);

	const struct menu_entry *e = &m.entries[0];
	CHECK_STR(e->title, "Debian GNU/Linux");
	CHECK_STR(e->id, "gnulinux-simple-" DEBIAN_UUID);
	CHECK_INT(e->line, 116);
	CHECK(e->has_root);
	CHECK_INT(e->root.kind, MENU_DEV_HD);
	CHECK_INT(e->root.disk, 0);
	CHECK_INT(e->root.part, 0);
	CHECK_INT(e->search.kind, MENU_SEARCH_FS_UUID);
	CHECK_STR(e->search.value, DEBIAN_UUID);
	CHECK(e->has_kernel);
	CHECK_INT(e->kernel.dev.kind, MENU_DEV_NONE);
	CHECK_STR(e->kernel.path, "/boot/vmlinuz-6.1.0-13-amd64");
	CHECK_STR(e->kernel_args, "root=UUID=" DEBIAN_UUID " ro console=hvc0 quiet");
	CHECK(e->has_initrd);
	CHECK_INT(e->n_initrds, 1);
	CHECK_STR(e->initrd.path, "/boot/initrd.img-6.1.0-13-amd64");
	CHECK_STR(e->initrds[0].path, "/boot/initrd.img-6.1.0-13-amd64");

	e = &m.entries[2];
	CHECK_STR(e->title, "Advanced options for Debian GNU/Linux>"
			    "Debian GNU/Linux, with Linux 6.1.0-13-amd64 (recovery mode)");
	CHECK_STR(e->id, "gnulinux-advanced-" DEBIAN_UUID
			 ">gnulinux-6.1.0-13-amd64-recovery-" DEBIAN_UUID);
	CHECK_STR(e->kernel_args, "root=UUID=" DEBIAN_UUID " ro single console=hvc0");
	e = &m.entries[3];
	CHECK_STR(e->title, "Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux "
			    "6.1.0-12-amd64");
	CHECK_STR(e->kernel.path, "/boot/vmlinuz-6.1.0-12-amd64");
	CHECK_STR(e->initrd.path, "/boot/initrd.img-6.1.0-12-amd64");
	CHECK_INT(m.entries[4].line, 185);
	free(text);
}

TEST(grub_cfg_debian12_defaults)
{
	static const struct {
		const char *value;
		int entry;
		bool kept; /* default_id set: no entry matched */
	} cases[] = {
		{ "0", 0, false },
		{ "1", 1, false }, /* the submenu: its first entry */
		{ "1>2", 3, false },
		{ "1>3", 4, false },
		{ "gnulinux-advanced-" DEBIAN_UUID ">gnulinux-6.1.0-12-amd64-recovery-" DEBIAN_UUID,
		  4, false },
		{ "Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux "
		  "6.1.0-12-amd64",
		  3, false },
		{ "gnulinux-advanced-" DEBIAN_UUID ">1", 2, false },
		{ "Debian GNU/Linux", 0, false },
		{ "2", 0, true },
		{ "1>9", 0, true },
		{ "Debian GNU/Linux, with Linux 6.1.0-12-amd64", 0, true }, /* needs its submenu */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = debian_with_default(cases[i].value);
		CHECK(text);
		if (!text)
			return;
		CHECK_INT(parse(text), 0);
		CHECK_INT(m.default_entry, cases[i].entry);
		CHECK(!m.default_saved);
		if (cases[i].kept) {
			CHECK_STR(m.default_id, cases[i].value);
			CHECK_INT(m.n_warnings, 1);
			CHECK_INT(m.warnings[0].line, 0);
			CHECK(strstr(m.warnings[0].text, "no such entry") != NULL);
		} else {
			CHECK(m.default_id == NULL);
			CHECK_INT(m.n_warnings, 0);
		}
		if (m.default_entry != cases[i].entry)
			printf("    default '%s'\n", cases[i].value);
		free(text);
	}

	char *text = debian_with_default("saved");
	CHECK_INT(parse(text), 0);
	CHECK(m.default_saved);
	CHECK_INT(m.default_entry, 0);
	CHECK_INT(m.n_warnings, 0);
	free(text);
	text = debian_with_default("${saved_entry}");
	CHECK_INT(parse(text), 0);
	CHECK(m.default_saved);
	CHECK_INT(m.default_entry, 0);
	free(text);
}

/* GRUB_DEFAULT=saved with a grubenv as grub-editenv writes it: 1024 bytes,
 * '#' padding. */
static char grubenv[1024];

static const char *make_grubenv(const char *lines)
{
	size_t n =
		(size_t)snprintf(grubenv, sizeof(grubenv), "# GRUB Environment Block\n%s", lines);
	memset(grubenv + n, '#', sizeof(grubenv) - n);
	return grubenv;
}

TEST(grub_cfg_grubenv_saved_entry)
{
	char *text = debian_with_default("${saved_entry}");
	CHECK(text);
	if (!text)
		return;
	static const struct {
		const char *env;
		int entry, warnings;
	} cases[] = {
		{ "saved_entry=gnulinux-advanced-" DEBIAN_UUID
		  ">gnulinux-6.1.0-12-amd64-recovery-" DEBIAN_UUID "\n",
		  4, 0 },
		{ "saved_entry=Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux "
		  "6.1.0-12-amd64\n",
		  3, 0 },
		{ "saved_entry=1>2\n", 3, 0 },
		/* a one-time choice is not followed: GRUB would clear it */
		{ "next_entry=1>3\nsaved_entry=1\n", 1, 0 },
		/* a backslash escapes the next character */
		{ "saved_entry=1\\>2\n", 3, 0 },
		{ "saved_entry=9\n", 0, 1 },
		{ "=1\nsaved_entry=1>2\n", 3, 1 },
		{ "", 0, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *env = make_grubenv(cases[i].env);
		CHECK_INT(grub_cfg_parse_env(&m, text, strlen(text), env, sizeof(grubenv)), 0);
		CHECK_INT(m.default_entry, cases[i].entry);
		CHECK_INT(m.n_warnings, cases[i].warnings);
		if (m.default_entry != cases[i].entry || m.n_warnings != cases[i].warnings)
			printf("    grubenv case %zu\n", i);
	}
	/* no final newline, and a line longer than any default */
	static const char tail[] = "saved_entry=1>3";
	CHECK_INT(grub_cfg_parse_env(&m, text, strlen(text), tail, strlen(tail)), 0);
	CHECK_INT(m.default_entry, 4);
	char *long_line = malloc(600);
	memset(long_line, 'x', 599);
	memcpy(long_line, "saved_entry=", 12);
	long_line[599] = '\n';
	CHECK_INT(grub_cfg_parse_env(&m, text, strlen(text), long_line, 600), 0);
	CHECK_INT(m.default_entry, 0);
	CHECK_INT(count_warnings_with("grubenv"), 1);
	CHECK_INT(grub_cfg_parse_env(&m, text, strlen(text), NULL, 3), -EINVAL);
	free(long_line);
	free(text);

	/* Fedora's $kernelopts come from grubenv too. */
	static const char cfg[] = "menuentry 'F' { linux /vmlinuz $kernelopts }\n";
	static const char env[] = "kernelopts=root=/dev/xvda2 ro\n";
	CHECK_INT(grub_cfg_parse_env(&m, cfg, strlen(cfg), env, strlen(env)), 0);
	CHECK_STR(m.entries[0].kernel_args, "root=/dev/xvda2 ro");
}

TEST(grub_cfg_ubuntu2204_hidden_menu_and_functions)
{
	char *text = data_file("ubuntu2204.cfg");

	CHECK(text);
	if (!text)
		return;
	CHECK_INT(parse(text), 0);
	CHECK_INT(m.n_warnings, 0);
	CHECK_INT(m.n_entries, 3);
	CHECK_INT(m.default_entry, 0);
	CHECK_INT(m.timeout, 0);
	CHECK_INT(m.timeout_style, MENU_STYLE_HIDDEN);
	CHECK(m.hiddenmenu);
	CHECK(!m.has_root);
	const struct menu_entry *e = &m.entries[0];
	CHECK_STR(e->title, "Ubuntu");
	CHECK(!e->has_root);
	CHECK_INT(e->search.kind, MENU_SEARCH_FS_UUID);
	CHECK_STR(e->search.value, "0f6e7a42-61d3-4c1b-8e55-2a9d3b7c4e10");
	/* $vt_handoff comes from the gfxmode function, called with $linux_gfx_mode. */
	CHECK_STR(e->kernel_args,
		  "root=UUID=0f6e7a42-61d3-4c1b-8e55-2a9d3b7c4e10 ro console=hvc0 vt.handoff=7");
	CHECK_STR(m.entries[1].title,
		  "Advanced options for Ubuntu>Ubuntu, with Linux 5.15.0-86-generic");
	CHECK_STR(m.entries[2].kernel_args, "root=UUID=0f6e7a42-61d3-4c1b-8e55-2a9d3b7c4e10 ro "
					    "recovery nomodeset dis_ucode_ldr console=hvc0");
	free(text);
}

TEST(grub_cfg_fedora39_blscfg)
{
	char *text = data_file("fedora39.cfg");

	CHECK(text);
	if (!text)
		return;
	CHECK_INT(parse(text), 0);
	CHECK_INT(m.n_warnings, 0);
	CHECK_INT(m.n_entries, 0);
	CHECK(m.blscfg);
	CHECK_INT(m.blscfg_at, 0);
	CHECK(m.default_saved); /* set default="${saved_entry}", grubenv unread */
	CHECK_INT(m.default_entry, 0);
	CHECK_INT(m.timeout, 5);
	CHECK_INT(m.timeout_style, MENU_STYLE_MENU);
	/* Entries come from $boot: hd0,gpt2 as found by its UUID. */
	CHECK(m.has_bls_root);
	CHECK_INT(m.bls_root.disk, 0);
	CHECK_INT(m.bls_root.part, 1);
	CHECK_INT(m.bls_search.kind, MENU_SEARCH_FS_UUID);
	CHECK_STR(m.bls_search.value, "b3a1f0e2-5d6c-4b7a-9e8f-1a2b3c4d5e6f");
	CHECK(m.bls_dir == NULL);
	CHECK(m.has_root);
	CHECK_INT(m.root.part, 2);
	bool kernelopts = false;
	for (int i = 0; i < m.n_env; i++)
		kernelopts |= strcmp(m.env[i],
				     "kernelopts=root=UUID=7c1d2e3f-4a5b-4c6d-8e7f-"
				     "9a0b1c2d3e4f ro rootflags=subvol=root console=hvc0 ") == 0;
	CHECK(kernelopts);
	free(text);
}

TEST(grub_cfg_quoting_and_variables)
{
	const char *text =
		"set a=\"x  y\"\n"
		"b='$a' # a comment\n"
		"set c=${a}z\n" /* split: set gets c=x and yz */
		"menuentry 'q' {\n"
		"  linux /k \"$a\" $a '$a' \\$a a\\ b \"q\\\"q\" \"s\\\\l\" \"\\z\" $b $c \\\n"
		"     cont#inued x#y \"multi\n"
		"line\" \"\" ''\n"
		"}\n";

	CHECK_INT(parse(text), 0);
	CHECK_INT(m.n_warnings, 0);
	CHECK_INT(m.n_entries, 1);
	CHECK_STR(m.entries[0].kernel_args,
		  "\"x  y\" x y $a $a \"a b\" q\\\"q s\\\\l \\\\z $a x cont#inued x#y "
		  "multi\nline  ");
}

TEST(grub_cfg_arguments_joined_as_grub_does)
{
	CHECK_INT(parse("menuentry x {\nlinux /k 'a b' \"c'd\" e=\"f g\" end\n}\n"), 0);
	CHECK_STR(m.entries[0].kernel_args, "\"a b\" c\\'d \"e=f g\" end");
	CHECK_INT(parse("menuentry x {\nlinux /k\n}\n"), 0);
	CHECK_STR(m.entries[0].kernel_args, "");
}

TEST(grub_cfg_scopes_and_top_level_variables)
{
	const char *text = "set kdir=/boot\n"
			   "set opts=\"ro quiet\"\n"
			   "menuentry one {\n"
			   "  set opts=single\n"
			   "  set root=hd1,2\n"
			   "  linux $kdir/vmlinuz $opts\n"
			   "}\n"
			   "menuentry two {\n"
			   "  linux ${kdir}/vmlinuz $opts\n"
			   "}\n"
			   "x=1\n"
			   "unset kdir\n"
			   "menuentry three {\n"
			   "  linux /v$kdir $x\n"
			   "}\n";

	CHECK_INT(parse(text), 0);
	CHECK_INT(m.n_entries, 3);
	CHECK_STR(m.entries[0].kernel_args, "single");
	CHECK(m.entries[0].has_root);
	CHECK_INT(m.entries[0].root.disk, 1);
	CHECK_INT(m.entries[0].root.part, 1);
	CHECK_STR(m.entries[1].kernel.path, "/boot/vmlinuz");
	CHECK_STR(m.entries[1].kernel_args, "ro quiet");
	CHECK(!m.entries[1].has_root);
	CHECK(!m.has_root);
	CHECK_STR(m.entries[2].kernel.path, "/v");
	CHECK_STR(m.entries[2].kernel_args, "1");
	CHECK_INT(m.n_warnings, 1);
	CHECK_INT(m.warnings[0].line, 14);
	CHECK_STR(m.warnings[0].text, "linux: $kdir is not set: left empty");
}

TEST(grub_cfg_devices)
{
	static const struct {
		const char *s;
		int ret, disk, part;
	} ok[] = {
		{ "hd0", 3, 0, -1 },
		{ "(hd1)", 5, 1, -1 },
		{ "hd0,msdos1", 10, 0, 0 },
		{ "hd0,gpt2", 8, 0, 1 },
		{ "(hd0,3)", 7, 0, 2 },
		{ "hd2,msdos5", 10, 2, 4 },
		{ "(hd12,gpt128)/x", 13, 12, 127 },
	};
	static const char *const bad[] = {
		"hd0,0",       "hd0,msdos1,bsd1", "cd0",       "(hd0",	    "hd", "hdx",
		"lvm/vg-root", "(hd0,)",	  "hd0,msdos", "(hd0,gpt1", "",	  "hd99999999"
	};
	struct menu_device d;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		CHECK_INT(grub_cfg_parse_device(ok[i].s, strlen(ok[i].s), &d), ok[i].ret);
		CHECK_INT(d.kind, MENU_DEV_HD);
		CHECK_INT(d.disk, ok[i].disk);
		CHECK_INT(d.part, ok[i].part);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (grub_cfg_parse_device(bad[i], strlen(bad[i]), &d) != -EINVAL)
			unit_fail(__FILE__, __LINE__, "device '%s' accepted", bad[i]);

	const char *text = "set root=(hd0,gpt2)\n"
			   "menuentry a {\n"
			   "  linux (hd1,msdos2)/vmlinuz\n"
			   "  initrd ($root)/initrd (${root})/boot/ucode /plain\n"
			   "}\n"
			   "menuentry b {\n"
			   "  set root=lvm/vg-root\n"
			   "  linux (cd0)/vmlinuz\n"
			   "  linux vmlinuz\n"
			   "}\n";
	CHECK_INT(parse(text), 0);
	CHECK(m.has_root);
	CHECK_INT(m.root.part, 1);
	const struct menu_entry *e = &m.entries[0];
	CHECK(e->has_root);
	CHECK_INT(e->root.part, 1);
	CHECK_INT(e->kernel.dev.kind, MENU_DEV_HD);
	CHECK_INT(e->kernel.dev.disk, 1);
	CHECK_INT(e->kernel.dev.part, 1);
	CHECK_INT(e->n_initrds, 3);
	CHECK_INT(e->initrds[0].dev.kind, MENU_DEV_NONE);
	CHECK_STR(e->initrds[0].path, "/initrd");
	CHECK_INT(e->initrds[1].dev.kind, MENU_DEV_NONE);
	CHECK_STR(e->initrds[1].path, "/boot/ucode");
	CHECK_STR(e->initrds[2].path, "/plain");
	CHECK(!m.entries[1].has_root);
	CHECK(!m.entries[1].has_kernel);
	CHECK_INT(m.n_warnings, 3);
	CHECK_INT(m.warnings[0].line, 7);
	CHECK_STR(m.warnings[0].text, "root 'lvm/vg-root': not a disk PV-GRUB knows");
	CHECK_STR(m.warnings[1].text, "linux: bad device in '(cd0)/vmlinuz'");
	CHECK_STR(m.warnings[2].text, "linux: 'vmlinuz' is not a path");
}

TEST(grub_cfg_search_requests)
{
	const char *text = "menuentry a {\n"
			   "  search --no-floppy --label --set=root --hint=hd0,msdos1 rootfs\n"
			   "}\n"
			   "menuentry b {\n"
			   "  search --set /boot/vmlinuz-6.1\n"
			   "}\n"
			   "menuentry c {\n"
			   "  search.fs_uuid 1234-ABCD root hd0,gpt1\n"
			   "}\n"
			   "menuentry d {\n"
			   "  set root=hd0,msdos2\n"
			   "  search -u -s 5678\n"
			   "  set root=hd0,msdos3\n"
			   "}\n"
			   "menuentry e {\n"
			   "  search --fs-uuid 42\n"
			   "  search --fs-uuid --set=other 42\n"
			   "  search.fs_label LBL\n"
			   "  search --set=root\n"
			   "}\n";

	CHECK_INT(parse(text), 0);
	CHECK_INT(m.n_entries, 5);
	CHECK_INT(m.entries[0].search.kind, MENU_SEARCH_LABEL);
	CHECK_STR(m.entries[0].search.value, "rootfs");
	CHECK(!m.entries[0].has_root);
	CHECK_INT(m.entries[1].search.kind, MENU_SEARCH_FILE);
	CHECK_STR(m.entries[1].search.value, "/boot/vmlinuz-6.1");
	CHECK_INT(m.entries[2].search.kind, MENU_SEARCH_FS_UUID);
	CHECK_STR(m.entries[2].search.value, "1234-ABCD");
	/* set root after the search replaces it. */
	CHECK_INT(m.entries[3].search.kind, MENU_SEARCH_NONE);
	CHECK_INT(m.entries[3].root.part, 2);
	CHECK_INT(m.entries[4].search.kind, MENU_SEARCH_LABEL);
	CHECK_STR(m.entries[4].search.value, "LBL");
	CHECK_INT(m.n_warnings, 2);
	CHECK_INT(m.warnings[0].line, 17);
	CHECK_STR(m.warnings[0].text, "search --set=other: only root and boot are followed");
	CHECK_STR(m.warnings[1].text, "search: nothing to search for");
}

TEST(grub_cfg_initrds)
{
	const char *text =
		"menuentry a {\n"
		"  initrd /boot/intel-ucode.img /boot/amd-ucode.img /boot/initramfs.img\n"
		"  initrd16 /old\n"
		"  initrd /new1 /new2\n"
		"  initrd /ok newc:name:/x\n"
		"}\n";

	CHECK_INT(parse(text), 0);
	const struct menu_entry *e = &m.entries[0];
	CHECK_INT(e->n_initrds, 2);
	CHECK_STR(e->initrds[0].path, "/new1");
	CHECK_STR(e->initrds[1].path, "/new2");
	CHECK_STR(e->initrd.path, "/new1");
	CHECK_INT(m.n_warnings, 1);
	CHECK_STR(m.warnings[0].text, "initrd: 'newc:name:/x' is not a path");

	CHECK_INT(parse("menuentry a {\ninitrd /1 /2 /3 /4 /5 /6 /7 /8\n}\n"), 0);
	CHECK_INT(m.entries[0].n_initrds, 8);
	CHECK_INT(parse("menuentry a {\ninitrd /1 /2 /3 /4 /5 /6 /7 /8 /9\n}\n"), -E2BIG);
	CHECK_INT(m.err_line, 2);
	CHECK_STR(m.err, "grub.cfg line 2: more than 8 initrds in an entry");
	CHECK_INT(m.n_entries, 1);
}

TEST(grub_cfg_submenus_and_late_default)
{
	const char *text = "menuentry top0 --id t0 { linux /0; }\n"
			   "submenu 'S' --id=s {\n"
			   "  set default=7\n" /* a submenu's own default: not the menu's */
			   "  menuentry 's0' { linux /s0; }\n"
			   "  submenu 'T' {\n"
			   "    menuentry 't0' --id tt { linux /t0; }\n"
			   "    menuentry 't1' { linux /t1; }\n"
			   "  }\n"
			   "}\n"
			   "menuentry top2 --unrestricted --users x --hotkey a { linux /2; }\n"
			   "set default='1>1>1'\n"
			   "set timeout=-1\n";

	CHECK_INT(parse(text), 0);
	CHECK_INT(m.n_warnings, 0);
	CHECK_INT(m.n_entries, 5);
	CHECK_STR(m.entries[0].id, "t0");
	CHECK_STR(m.entries[1].title, "S>s0");
	CHECK(m.entries[1].id == NULL);
	CHECK_STR(m.entries[2].title, "S>T>t0");
	CHECK(m.entries[2].id == NULL); /* T has no id */
	CHECK_STR(m.entries[4].title, "top2");
	CHECK_INT(m.default_entry, 3);
	CHECK_INT(m.timeout, -1);

	CHECK_INT(parse("menuentry a { linux /a; }\nmenuentry b { linux /b; }\n"
			"set default=b\n"),
		  0);
	CHECK_INT(m.default_entry, 1);
	CHECK_INT(parse("set default='s>T'\nsubmenu S --id s { submenu T { menuentry x { linux "
			"/x; }\nmenuentry y { linux /y; } } }\n"),
		  0);
	CHECK_INT(m.default_entry, 0);
}

TEST(grub_cfg_tests_in_if)
{
	const char *text =
		"set n=5\n"
		"if [ -n \"$n\" -a $n -gt 3 ]; then set t1=y; fi\n"
		"if [ -z \"$n\" -o ! $n -eq 5 ]; then set t2=y; else set t2=n; fi\n"
		"if [ ( a = b ) -o ( $n -le 5 ) ]; then set t3=y; fi\n"
		"if test x != x; then set t4=y; elif true; then set t4=e; fi\n"
		"if false; then set t5=y; elif [ 1 -lt 0 ]; then set t5=e; else set t5=z; fi\n"
		"if [ -e /boot ]; then set t6=y; else set t6=n; fi\n"
		"if [ a == a ]\nthen\nset t7=y\nfi\n"
		"if [ x ]; then if [ ]; then set t8=inner; else set t8=else; fi; fi\n"
		"menuentry r {\n"
		"  linux /k $t1 $t2 $t3 $t4 $t5 $t6 $t7 $t8\n"
		"}\n";

	CHECK_INT(parse(text), 0);
	CHECK_INT(m.n_warnings, 0);
	CHECK_STR(m.entries[0].kernel_args, "y n y e z n y else");
}

TEST(grub_cfg_skipped_constructs_are_named)
{
	const char *text = "if sleep --interruptible 3; then\n"
			   "  set timeout=3\n"
			   "  set other=1\n"
			   "fi\n"
			   "while [ x = x ]; do\n"
			   "  menuentry 'in a loop' { linux /loop; }\n"
			   "done\n"
			   "for i in 1 2; do echo $i; done\n"
			   "menuentry ok {\n"
			   "  linux /ok\n"
			   "  chainloader +1\n"
			   "  multiboot2 /boot/xen.gz\n"
			   "  frobnicate now\n"
			   "  menuentry nested { linux /n; }\n"
			   "}\n"
			   "linux /outside\n"
			   "source /boot/grub/custom.cfg\n"
			   "if [ x = x ] && [ y = y ]; then set default=1; fi\n"
			   "menuentry after { linux /after; }\n"
			   "if loadfont unicode; then set gfxmode=auto; fi\n";

	CHECK_INT(parse(text), 0);
	CHECK_INT(m.n_entries, 2);
	CHECK_STR(m.entries[0].title, "ok");
	CHECK_STR(m.entries[0].kernel.path, "/ok");
	CHECK_STR(m.entries[1].title, "after");
	CHECK_INT(m.timeout, -1);
	CHECK_INT(m.n_warnings, 9);
	CHECK_INT(m.warnings[0].line, 2);
	CHECK_STR(m.warnings[0].text, "'set' not run: depends on 'sleep' (line 1), not evaluated");
	CHECK_INT(m.warnings[1].line, 6);
	CHECK_STR(m.warnings[1].text, "'menuentry' not run: depends on 'while' (line 5), not "
				      "evaluated");
	CHECK_INT(m.warnings[2].line, 11);
	CHECK_STR(m.warnings[2].text, "chainloader: PV-GRUB boots only 'linux' kernels");
	CHECK_STR(m.warnings[3].text, "multiboot2: PV-GRUB boots only 'linux' kernels");
	CHECK_STR(m.warnings[4].text, "unknown command 'frobnicate' ignored");
	CHECK_INT(m.warnings[5].line, 14);
	CHECK_STR(m.warnings[5].text, "menuentry inside an entry: skipped");
	CHECK_STR(m.warnings[6].text, "linux outside an entry: ignored");
	CHECK_INT(m.warnings[7].line, 17);
	CHECK_STR(m.warnings[7].text, "source /boot/grub/custom.cfg: not read");
	CHECK_INT(m.warnings[8].line, 18);
	CHECK_STR(m.warnings[8].text,
		  "'set' not run: depends on '&& || |' (line 18), not evaluated");
}

TEST(grub_cfg_functions)
{
	const char *text = "function opts {\n"
			   "  set o=\"$1-$2 n=$# all=$@\"\n"
			   "}\n"
			   "function rec\n"
			   "{\n"
			   "  rec\n"
			   "}\n"
			   "function late { set l=late; }\n"
			   "menuentry f {\n"
			   "  opts a b c\n"
			   "  late\n"
			   "  linux /k $o $l\n"
			   "}\n"
			   "rec\n";

	CHECK_INT(parse(text), 0);
	CHECK_STR(m.entries[0].kernel_args, "a-b n=3 all=a b c late");
	CHECK_INT(m.n_warnings, 1);
	CHECK_INT(m.warnings[0].line, 6);
	CHECK_STR(m.warnings[0].text, "rec: functions nested deeper than 8: not run");
}

TEST(grub_cfg_settings_and_other_commands)
{
	const char *text = "set timeout_style=countdown\n"
			   "set timeout=soon\n"
			   "timeout=7\n"
			   "set timeout_style=sideways\n"
			   "configfile (hd0,msdos2)/grub/grub.cfg\n"
			   "menuentry 'linux16' --id=x16 --bogus {\n"
			   "  linux16 /memtest86+x64.bin console=ttyS0\n"
			   "  configfile /other.cfg\n"
			   "  blscfg\n"
			   "}\n"
			   "menuentry efi { linuxefi /vmlinuz; initrdefi /initrd; }\n"
			   "set blsdir=/loader/entries\n"
			   "blscfg\n"
			   "blscfg\n"
			   "menuentry after { linux /a; }\n"
			   "set default=fedora-6.5\n";

	CHECK_INT(parse(text), 0);
	CHECK_INT(m.timeout, 7);
	CHECK_INT(m.timeout_style, MENU_STYLE_COUNTDOWN);
	CHECK(m.has_configfile);
	CHECK_INT(m.configfile.dev.part, 1);
	CHECK_STR(m.configfile.path, "/grub/grub.cfg");
	CHECK_INT(m.n_entries, 3);
	CHECK_STR(m.entries[0].id, "x16");
	CHECK_STR(m.entries[0].kernel.path, "/memtest86+x64.bin");
	CHECK(m.entries[0].has_configfile);
	CHECK_STR(m.entries[0].configfile.path, "/other.cfg");
	CHECK_STR(m.entries[1].kernel.path, "/vmlinuz");
	CHECK_STR(m.entries[1].initrd.path, "/initrd");
	CHECK(m.blscfg);
	CHECK_INT(m.blscfg_at, 2);
	CHECK_STR(m.bls_dir, "/loader/entries");
	CHECK(!m.has_bls_root);
	/* No entry here: maybe a BLS one, left to the caller, no warning. */
	CHECK_STR(m.default_id, "fedora-6.5");
	CHECK_INT(m.default_entry, 0);
	CHECK_INT(m.n_warnings, 5);
	CHECK_STR(m.warnings[0].text, "timeout: bad number 'soon'");
	CHECK_STR(m.warnings[1].text, "timeout_style 'sideways' unknown");
	CHECK_STR(m.warnings[2].text, "menuentry: option '--bogus' ignored");
	CHECK_STR(m.warnings[3].text, "blscfg inside an entry or submenu: ignored");
	CHECK_STR(m.warnings[4].text, "blscfg again: ignored");
}

TEST(grub_cfg_broken_structure)
{
	const char *text = "fi\n"
			   "}\n"
			   "menuentry 'no body'\n"
			   "menuentry good { linux /good; }\n"
			   "done\n"
			   "if [ a = a ]; then\n"
			   "menuentry tail {\n"
			   "  linux \"/tail\n";

	CHECK_INT(parse(text), 0);
	CHECK_INT(m.n_entries, 2);
	CHECK_STR(m.entries[0].kernel.path, "/good");
	CHECK_STR(m.entries[1].title, "tail");
	CHECK_STR(m.entries[1].kernel.path, "/tail\n");
	CHECK_INT(m.n_warnings, 7);
	CHECK_STR(m.warnings[0].text, "'fi' without its opening word ignored");
	CHECK_STR(m.warnings[1].text, "'}' without its '{' ignored");
	CHECK_INT(m.warnings[2].line, 3);
	CHECK_STR(m.warnings[2].text, "menuentry without a '{' body ignored");
	CHECK_STR(m.warnings[3].text, "'done' without its opening word ignored");
	CHECK_INT(m.warnings[4].line, 8);
	CHECK_STR(m.warnings[4].text, "double quote not closed");
	CHECK_INT(m.warnings[5].line, 7);
	CHECK_STR(m.warnings[5].text, "menuentry: no closing '}'");
	CHECK_INT(m.warnings[6].line, 6);
	CHECK_STR(m.warnings[6].text, "if: no 'fi'");

	/* A quote left open takes the rest of the file, as in GRUB. */
	CHECK_INT(parse("menuentry 'open { linux /x; }\nmenuentry b { linux /b; }\n"), 0);
	CHECK_INT(m.n_entries, 0);
	CHECK_INT(count_warnings_with("single quote not closed"), 1);
	CHECK_INT(count_warnings_with("without a '{' body"), 1);
}

TEST(grub_cfg_limits)
{
	static char big[200000];
	size_t n = 0;

	/* Too many entries. */
	for (int i = 0; i <= MENU_MAX_ENTRIES; i++)
		n += (size_t)sprintf(big + n, "menuentry e%d { linux /v; }\n", i);
	CHECK_INT(parse(big), -E2BIG);
	CHECK_INT(m.n_entries, MENU_MAX_ENTRIES);
	CHECK_INT(m.err_line, MENU_MAX_ENTRIES + 1);

	/* Blocks nested too deep. */
	n = 0;
	for (int i = 0; i < 20; i++)
		n += (size_t)sprintf(big + n, "if true; then\n");
	CHECK_INT(parse(big), -E2BIG);
	CHECK(strstr(m.err, "nested deeper") != NULL);

	/* A command too long: skipped, the rest parses. */
	n = (size_t)sprintf(big, "menuentry a {\nlinux /k");
	for (int i = 0; i < 100; i++)
		n += (size_t)sprintf(big + n, " arg%d", i);
	sprintf(big + n, "\nlinux /short\n}\n");
	CHECK_INT(parse(big), 0);
	CHECK_STR(m.entries[0].kernel.path, "/short");
	CHECK_INT(m.n_warnings, 1);
	CHECK_STR(m.warnings[0].text, "command longer than 4096 bytes or 64 words: ignored");

	/* Kernel arguments longer than a command line. */
	n = (size_t)sprintf(big, "set a=");
	memset(big + n, 'x', 1500);
	n += 1500;
	sprintf(big + n, "\nmenuentry a {\nlinux /k \"$a\"\n}\n");
	CHECK_INT(parse(big), 0);
	CHECK(!m.entries[0].has_kernel);
	CHECK_INT(m.n_warnings, 1);
	CHECK_STR(m.warnings[0].text, "linux: arguments longer than 1024 bytes: ignored");

	/* Variables that double: their storage is bounded. */
	n = (size_t)sprintf(big, "a=xxxxxxxx\n");
	for (int i = 0; i < 12; i++)
		n += (size_t)sprintf(big + n, "a=$a$a\n");
	CHECK_INT(parse(big), 0);
	CHECK(m.n_warnings >= 1);

	/* Functions calling each other twice over: the commands run are counted. */
	n = 0;
	n += (size_t)sprintf(big + n, "function f0 { true; }\n");
	for (int i = 1; i < 8; i++)
		n += (size_t)sprintf(big + n,
				     "function f%d { f%d; f%d; f%d; f%d; f%d; f%d; f%d; "
				     "f%d; }\n",
				     i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
	sprintf(big + n, "f7\n");
	CHECK_INT(parse(big), -E2BIG);
	CHECK(strstr(m.err, "commands run") != NULL);
	/* The commands a script may run: 256 and one for every 8 bytes of
	 * it. A definition of 57 bytes (8 commands: it and its body, read
	 * once) and 33 calls of 2 bytes (8 commands each): 272 commands, 123
	 * bytes allow 271; 32 calls run 264 of the 271 allowed. */
	n = (size_t)sprintf(big, "function f { true; true; true; true; true; true; true; }\n");
	CHECK_INT(n, 57);
	for (int i = 0; i < 33; i++)
		n += (size_t)sprintf(big + n, "f\n");
	CHECK_INT(parse(big), -E2BIG);
	CHECK(strstr(m.err, ": more than 271 commands run (functions calling functions?)"));
	big[n - 2] = '\0';
	CHECK_INT(parse(big), 0);
	/* And the bytes it may read: 4096 and 4 for every byte of it. A
	 * function of 1024 bytes read at its definition and at each call:
	 * 8 calls read about 9 KiB of the 4096 + 4 * 1040 allowed, 4 calls
	 * about 5 KiB. */
	n = (size_t)sprintf(big, "function f { true \"");
	memset(big + n, 'x', 1000);
	n += 1000;
	n += (size_t)sprintf(big + n, "\"; }\n");
	CHECK_INT(n, 1024);
	for (int i = 0; i < 8; i++)
		n += (size_t)sprintf(big + n, "f\n");
	CHECK_INT(parse(big), -E2BIG);
	CHECK(strstr(m.err, ": more than 8256 bytes read (functions calling functions?)"));
	big[n - 8] = '\0';
	CHECK_INT(parse(big), 0);
	/* And the bytes of variables it may expand: 16384 and 4 for every
	 * byte of it. A value of 1000 bytes (set in 1007 bytes) expanded by
	 * lines of 8 bytes: 22 of them expand 22000 of the 16384 + 4 * 1183
	 * allowed, 21 of them 21000 of 21084. */
	n = (size_t)sprintf(big, "set a=");
	memset(big + n, 'x', 1000);
	n += 1000;
	n += (size_t)sprintf(big + n, "\n");
	for (int i = 0; i < 22; i++)
		n += (size_t)sprintf(big + n, "echo $a\n");
	CHECK_INT(n, 1183);
	CHECK_INT(parse(big), -E2BIG);
	CHECK(strstr(m.err, ": more than 21116 bytes of variables expanded"));
	big[n - 8] = '\0';
	CHECK_INT(parse(big), 0);
	CHECK_INT(m.n_warnings, 0);
	/* A small script that would expand megabytes: a value of 3584 bytes
	 * 20 times in a function, the function run 64 times. It stops within
	 * what its size allows, the commands past it not run. */
	n = (size_t)sprintf(big, "set a=0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
				 "abcdef\nset a=$a$a$a$a$a$a$a$a\nset a=$a$a$a$a$a$a$a\n"
				 "function f {\n echo");
	for (int i = 0; i < 20; i++)
		n += (size_t)sprintf(big + n, " $a");
	n += (size_t)sprintf(big + n, "\n}\nfunction g { f; f; f; f; f; f; f; f; }\n"
				      "g; g; g; g; g; g; g; g\nmenuentry late { linux /k; }\n");
	CHECK(n < 400);
	CHECK_INT(parse(big), -E2BIG);
	CHECK(strstr(m.err, "bytes of variables expanded") != NULL);
	CHECK_INT(m.n_entries, 0);

	/* Lines. */
	memset(big, '\n', MENU_MAX_LINES + 10);
	CHECK_INT(grub_cfg_parse(&m, big, MENU_MAX_LINES + 10), -E2BIG);

	/* The string pool. */
	n = 0;
	for (int i = 0; i < 120; i++) {
		n += (size_t)sprintf(big + n, "menuentry e%d { linux /", i);
		memset(big + n, 'p', 400);
		n += 400;
		n += (size_t)sprintf(big + n, "; }\n");
	}
	big[n] = '\0';
	CHECK_INT(parse(big), -E2BIG);
	CHECK(strstr(m.err, "strings exceed") != NULL);
	CHECK(m.pool_used <= sizeof(m.pool));
}

TEST(grub_cfg_garbage)
{
	static const char *const inputs[] = {
		"",
		"\0\0\0",
		"{{{{",
		"}}}}",
		"$",
		"${",
		"${}",
		"$\"unterminated",
		"'",
		"\"\\",
		"\\",
		"menuentry",
		"menuentry {",
		"submenu x { submenu y { submenu z { submenu w { submenu v { menuentry a { } } } } "
		"} }",
		"function { }",
		"function 1x { }",
		"if",
		"if then fi",
		"while",
		"for x in",
		"[ ( ( ( ]",
		"if [ ! ! ! ]; then a; fi",
		"set =x\nset 9=y\n=z",
		"; ; ; && || | & < >",
		"menuentry a { set root=hd0,gpt0; linux ($root)/x; linux (; linux (hd0,1 ; }",
		"echo \x01\x02\xff\xfe",
	};

	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		size_t len = i == 1 ? 3 : strlen(inputs[i]);
		int r = grub_cfg_parse(&m, inputs[i], len);
		CHECK(r == 0 || r == -E2BIG);
		CHECK(m.n_entries >= 0 && m.n_entries <= MENU_MAX_ENTRIES);
		CHECK(m.pool_used <= sizeof(m.pool));
		CHECK(m.n_entries == 0 || m.default_entry < m.n_entries);
	}
	CHECK_INT(grub_cfg_parse(&m, NULL, 0), 0);
	CHECK_INT(grub_cfg_parse(&m, NULL, 5), -EINVAL);

	/* Random bytes, and random mixes of the parser's own words. */
	static const char *const words[] = { "if ",    "then ", "else ",       "fi ",  "menuentry ",
					     "{ ",     "} ",	"\n",	       ";",    "'",
					     "\"",     "$x ",	"${y} ",       "set ", "x=1 ",
					     "linux ", "/k ",	"function f ", "f ",   "\\" };
	static char buf[4096];
	unsigned seed = 12345;
	for (int round = 0; round < 3000; round++) {
		size_t n = 0;
		while (n < sizeof(buf) - 16) {
			seed = seed * 1103515245u + 12345u;
			if (round & 1) {
				buf[n++] = (char)(seed >> 16);
			} else {
				const char *w =
					words[(seed >> 16) % (sizeof(words) / sizeof(words[0]))];
				size_t l = strlen(w);
				memcpy(buf + n, w, l);
				n += l;
			}
			if (((seed >> 8) & 63) == 0)
				break;
		}
		int r = grub_cfg_parse(&m, buf, n);
		CHECK(r == 0 || r == -E2BIG);
		CHECK(m.n_entries == 0 || m.default_entry < m.n_entries);
	}
}
