/* apps/pvgrub/bls: Boot Loader Spec entries as Fedora's kernel-install and systemd's write
 * them, their order, the version comparison, the merge into Fedora's grub.cfg (blscfg),
 * garbage and limits. */
#include "apps/pvgrub/bls.h"
#include "apps/pvgrub/grub_cfg.h"
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "tests/unit/disk_image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MID	    "6a9857a393724b7a981ebb5b8495b9ea"
#define ROOT_UUID   "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
#define FEDORA_OPTS "root=UUID=" ROOT_UUID " ro rootflags=subvol=root console=hvc0"

static struct menu m, cfg;

static int parse_cfg(const char *text)
{
	return grub_cfg_parse(&cfg, text, strlen(text));
}

#define FEDORA_ENTRY(kver)                                    \
	"title Fedora Linux (" kver ") 39 (Server Edition)\n" \
	"version " kver "\n"                                  \
	"linux /vmlinuz-" kver "\n"                           \
	"initrd /initramfs-" kver ".img\n"                    \
	"options " FEDORA_OPTS "\n"                           \
	"grub_users $grub_users\n"                            \
	"grub_arg --unrestricted\n"                           \
	"grub_class fedora\n"

static const char fedora_rescue[] = "title Fedora Linux (0-rescue-" MID ") 39 (Server Edition)\n"
				    "version 0-rescue-" MID "\n"
				    "linux /vmlinuz-0-rescue-" MID "\n"
				    "initrd /initramfs-0-rescue-" MID ".img\n"
				    "options " FEDORA_OPTS "\n"
				    "grub_users $grub_users\n"
				    "grub_arg --unrestricted\n"
				    "grub_class fedora\n";
static const char fedora_6_5_6[] = FEDORA_ENTRY("6.5.6-300.fc39.x86_64");
static const char fedora_6_5_12[] = FEDORA_ENTRY("6.5.12-300.fc39.x86_64");

#define FILE_OF(name, text)                  \
	{                                    \
		name, text, sizeof(text) - 1 \
	}

static const struct bls_file fedora_files[] = {
	FILE_OF("/boot/loader/entries/" MID "-0-rescue.conf", fedora_rescue),
	FILE_OF(MID "-6.5.6-300.fc39.x86_64.conf", fedora_6_5_6),
	FILE_OF(MID "-6.5.12-300.fc39.x86_64.conf", fedora_6_5_12),
};

TEST(bls_fedora39_entries)
{
	CHECK_INT(bls_parse(&m, fedora_files, 3, NULL), 0);
	CHECK_INT(m.n_warnings, 0);
	CHECK_INT(m.n_entries, 3);
	CHECK_INT(m.default_entry, 0);
	CHECK_INT(m.timeout, -1);
	/* Newest kernel first (6.5.12 > 6.5.6 by number), rescue last. */
	const struct menu_entry *e = &m.entries[0];
	CHECK_STR(e->title, "Fedora Linux (6.5.12-300.fc39.x86_64) 39 (Server Edition)");
	CHECK_STR(e->id, MID "-6.5.12-300.fc39.x86_64");
	CHECK_INT(e->line, 1);
	CHECK(e->has_kernel);
	CHECK_INT(e->kernel.dev.kind, MENU_DEV_NONE);
	CHECK_STR(e->kernel.path, "/vmlinuz-6.5.12-300.fc39.x86_64");
	CHECK_STR(e->kernel_args, FEDORA_OPTS);
	CHECK(e->has_initrd);
	CHECK_INT(e->n_initrds, 1);
	CHECK_STR(e->initrd.path, "/initramfs-6.5.12-300.fc39.x86_64.img");
	CHECK(!e->has_root);
	CHECK_STR(m.entries[1].id, MID "-6.5.6-300.fc39.x86_64");
	CHECK_STR(m.entries[2].id, MID "-0-rescue");
	CHECK_STR(m.entries[2].kernel.path, "/vmlinuz-0-rescue-" MID);
}

/* The order of systemd's own test: sort-key entries first (by sort-key, machine-id,
 * version newest first), then the rest by file name, newest first. */
TEST(bls_order_of_the_spec)
{
	static const struct bls_file files[] = {
		FILE_OF("a-10.conf", "title A\nversion 10\nmachine-id "
				     "dd235d00696545768f6f693bfd23b15f\nlinux /a10\n"),
		FILE_OF("a-5.conf", "title A\nversion 5\nmachine-id "
				    "dd235d00696545768f6f693bfd23b15f\nlinux /a5\n"),
		FILE_OF("b.conf", "title B\nversion 3\nmachine-id "
				  "b75451ad92f94feeab50b0b442768dbd\nlinux /b\n"),
		FILE_OF("c.conf", "title C\nsort-key xxxx\nversion 5\nmachine-id "
				  "309de666fd5044268a9a26541ac93176\nlinux /c\n"),
		FILE_OF("cx.conf", "title C\nsort-key xxxx\nversion 10\nmachine-id "
				   "309de666fd5044268a9a26541ac93176\nlinux /cx\n"),
		FILE_OF("d.conf", "title D\nsort-key kkkk\nversion 100\nmachine-id "
				  "81c6e3147cf544c19006af023e22b292\nlinux /d\n"),
		FILE_OF("e.conf", "title E\nsort-key xxxx\nversion 7\nmachine-id "
				  "00000000000000000000000000000000\nlinux /e\n"),
	};
	static const char *const order[] = { "d", "e", "cx", "c", "b", "a-10", "a-5" };

	CHECK_INT(bls_parse(&m, files, 7, NULL), 0);
	CHECK_INT(m.n_entries, 7);
	CHECK_INT(m.n_warnings, 0);
	for (int i = 0; i < 7 && i < m.n_entries; i++)
		CHECK_STR(m.entries[i].id, order[i]);
	CHECK_STR(m.entries[0].kernel.path, "/d");
	CHECK_STR(m.entries[6].kernel.path, "/a5");
}

TEST(bls_version_compare_rule)
{
	/* Each older than the next: systemd's list. */
	static const char *const chain[] = { "122.1",	"123~rc1-1", "123",	"123-a",
					     "123-a.1", "123-1",     "123-1.1", "123^post1",
					     "123.a-1", "123.1-1",   "123a-1",	"124-1" };
	static const struct {
		const char *a, *b;
		int r;
	} pairs[] = {
		{ "11", "11", 0 },
		{ "systemd-123", "systemd-123", 0 },
		{ "bar-123", "foo-123", -1 },
		{ "123a", "123", 1 },
		{ "123.a", "123", 1 },
		{ "123.a", "123.b", -1 },
		{ "123a", "123.a", 1 },
		{ "11\xce\xb1", "11\xce\xb2", 0 }, /* non-ASCII letters are skipped */
		{ "A", "a", -1 },
		{ "", "0", -1 },
		{ "0.", "0", 1 },
		{ "0.0", "0", 1 },
		{ "1_", "1", 0 },
		{ "_1", "1", 0 },
		{ "1_", "1.2", -1 },
		{ "1_2_3", "1.3.3", 1 },
		{ "1+", "1", 0 },
		{ "1+2+3", "1.3.3", 1 },
		{ "00123", "123", 0 },
		{ "5.10", "5.9", 1 },
		{ "6.5.12-300.fc39", "6.5.6-300.fc39", 1 },
		{ "6.5~rc1", "6.5", -1 },
		{ "6.5", "6.5~rc1", 1 },
		{ NULL, "", 0 },
		{ "99999999999999999999999", "99999999999999999999998", 1 },
	};

	for (size_t i = 0; i + 1 < sizeof(chain) / sizeof(chain[0]); i++) {
		for (size_t j = i + 1; j < sizeof(chain) / sizeof(chain[0]); j++) {
			if (bls_version_compare(chain[i], chain[j]) >= 0 ||
			    bls_version_compare(chain[j], chain[i]) <= 0)
				unit_fail(__FILE__, __LINE__, "'%s' not older than '%s'", chain[i],
					  chain[j]);
		}
		CHECK_INT(bls_version_compare(chain[i], chain[i]), 0);
	}
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		int r = bls_version_compare(pairs[i].a, pairs[i].b);
		int s = bls_version_compare(pairs[i].b, pairs[i].a);
		if (r != pairs[i].r || s != -pairs[i].r)
			unit_fail(__FILE__, __LINE__, "'%s' vs '%s': %d and %d, expected %d",
				  pairs[i].a ? pairs[i].a : "(null)", pairs[i].b, r, s, pairs[i].r);
	}
}

TEST(bls_keys_and_fallbacks)
{
	static const char systemd_entry[] =
		"# Boot Loader Specification type#1 entry\n"
		"# File created by /usr/lib/kernel/install.d/90-loaderentry.install (systemd 252)\n"
		"title      Debian GNU/Linux 12 (bookworm)\n"
		"version    6.1.0-13-amd64\n"
		"machine-id 0123456789abcdef0123456789abcdef\n"
		"sort-key   debian\n"
		"options    root=UUID=5d2c1e8a ro\n"
		"options    console=hvc0\n"
		"linux      /0123456789abcdef0123456789abcdef/6.1.0-13-amd64/linux\n"
		"initrd     /0123456789abcdef0123456789abcdef/6.1.0-13-amd64/microcode\n"
		"initrd     /0123456789abcdef0123456789abcdef/6.1.0-13-amd64/initrd.img-6.1.0-13\n"
		"architecture x64\n"
		"devicetree /dtb\n";
	static const char rhel_entry[] =
		"  title Red Hat Enterprise Linux (4.18.0-80.el8.x86_64) 8.0\r\n"
		"version 4.18.0-80.el8.x86_64\r\n"
		"linux /vmlinuz-4.18.0-80.el8.x86_64\r\n"
		"initrd /initramfs-4.18.0-80.el8.x86_64.img $tuned_initrd\r\n"
		"options $kernelopts $tuned_params\r\n"
		"id rhel-20190313123456-4.18.0-80.el8.x86_64\r\n"
		"grub_users $grub_users\r\n";
	static const char untitled[] = "linux /vmlinuz\n\t# indented comment\n\n";
	const struct bls_file files[] = {
		FILE_OF("0123456789abcdef0123456789abcdef-6.1.0-13-amd64.conf", systemd_entry),
		FILE_OF("rhel.conf", rhel_entry),
		FILE_OF("untitled.conf", untitled),
	};

	CHECK_INT(parse_cfg("set kernelopts=\"root=/dev/xvda2 ro\"\nblscfg\n"), 0);
	CHECK_INT(bls_parse(&m, files, 3, &cfg), 0);
	CHECK_INT(m.n_entries, 3);
	const struct menu_entry *e = &m.entries[0];
	CHECK_STR(e->title, "Debian GNU/Linux 12 (bookworm)");
	CHECK_INT(e->line, 3);
	CHECK_STR(e->kernel_args, "root=UUID=5d2c1e8a ro console=hvc0");
	CHECK_INT(e->n_initrds, 2);
	CHECK_STR(e->initrds[0].path, "/0123456789abcdef0123456789abcdef/6.1.0-13-amd64/microcode");
	CHECK_STR(e->initrds[1].path,
		  "/0123456789abcdef0123456789abcdef/6.1.0-13-amd64/initrd.img-6.1.0-13");
	/* No sort-key: by id, newest first ("untitled" > "rhel"). */
	CHECK_STR(m.entries[1].id, "untitled");
	CHECK_STR(m.entries[1].title, "untitled");
	CHECK_STR(m.entries[1].kernel_args, "");
	CHECK_INT(m.entries[1].n_initrds, 0);
	CHECK(!m.entries[1].has_initrd);
	e = &m.entries[2];
	CHECK_STR(e->title, "Red Hat Enterprise Linux (4.18.0-80.el8.x86_64) 8.0");
	CHECK_STR(e->kernel_args, "root=/dev/xvda2 ro ");
	CHECK_INT(e->n_initrds, 1);
	CHECK_STR(e->initrd.path, "/initramfs-4.18.0-80.el8.x86_64.img");
	CHECK_INT(m.n_warnings, 3);
	CHECK_INT(m.warnings[0].line, 4);
	CHECK_STR(m.warnings[0].text, "rhel.conf: $tuned_initrd is not set: left empty");
	CHECK_STR(m.warnings[1].text, "rhel.conf: $tuned_params is not set: left empty");
	CHECK_INT(m.warnings[2].line, 6);
	CHECK_STR(m.warnings[2].text, "rhel.conf: unknown key 'id' ignored");
}

TEST(bls_entries_left_out)
{
	static const struct bls_file files[] = {
		FILE_OF("README", "linux /x\n"),
		FILE_OF(".hidden.conf", "linux /x\n"),
		FILE_OF(".conf", "linux /x\n"),
		FILE_OF("uki.conf", "title UKI\nefi /EFI/Linux/uki.efi\nlinux /x\n"),
		FILE_OF("arm.conf", "title ARM\narchitecture aa64\nlinux /Image\n"),
		FILE_OF("nolinux.conf", "title nothing\noptions quiet\n"),
		FILE_OF("bad.conf", "title bad\nlinux vmlinuz\ninitrd ok.img /fine.img\ntitle\n"
				    "linux /good\n"),
		FILE_OF("nul.conf", "title a\0b\nlinux /n\n"),
		{ "null.conf", NULL, 0 },
	};

	CHECK_INT(bls_parse(&m, files, 9, NULL), 0);
	CHECK_INT(m.n_entries, 2);
	CHECK_STR(m.entries[0].id, "nul");
	CHECK_STR(m.entries[0].title, "nul");
	CHECK_STR(m.entries[1].id, "bad");
	CHECK_STR(m.entries[1].kernel.path, "/good");
	CHECK_INT(m.entries[1].n_initrds, 1);
	CHECK_STR(m.entries[1].initrds[0].path, "/fine.img");
	CHECK_INT(m.n_warnings, 11);
	CHECK_STR(m.warnings[0].text, "README: not an entry file (NAME.conf): skipped");
	CHECK_STR(m.warnings[3].text, "uki.conf: an EFI program: left out");
	CHECK_STR(m.warnings[4].text, "arm.conf: for architecture 'aa64': left out");
	CHECK_STR(m.warnings[5].text, "nolinux.conf: no 'linux' line: left out");
	CHECK_INT(m.warnings[6].line, 2);
	CHECK_STR(m.warnings[6].text, "bad.conf: linux 'vmlinuz' is not a path");
	CHECK_STR(m.warnings[7].text, "bad.conf: initrd 'ok.img' is not a path");
	CHECK_INT(m.warnings[8].line, 4);
	CHECK_STR(m.warnings[8].text, "bad.conf: key 'title' without a value ignored");
	CHECK_STR(m.warnings[9].text, "nul.conf: NUL byte in line: ignored");
	CHECK_STR(m.warnings[10].text, "null.conf: no 'linux' line: left out");
	CHECK_INT(bls_parse(&m, NULL, 1, NULL), -EINVAL);
	CHECK_INT(bls_parse(&m, files, -1, NULL), -EINVAL);
	CHECK_INT(bls_parse(&m, NULL, 0, NULL), 0);
	CHECK_INT(m.n_entries, 0);
}

TEST(bls_limits)
{
	static char text[BLS_MAX_FILE + 2];
	static char names[MENU_MAX_ENTRIES + 1][24];
	static struct bls_file files[MENU_MAX_ENTRIES + 1];

	/* Too many initrds; a line too long; a file too large. */
	struct bls_file f =
		FILE_OF("i.conf", "linux /k\ninitrd /1 /2 /3 /4 /5\ninitrd /6 /7 /8 /9\n");
	CHECK_INT(bls_parse(&m, &f, 1, NULL), -E2BIG);
	CHECK_STR(m.err, "i.conf line 3: more than 8 initrds");
	CHECK_INT(m.n_entries, 0);
	memset(text, 'x', sizeof(text));
	memcpy(text, "linux /k\noptions ", 17);
	text[2000] = '\n';
	f.name = "long.conf";
	f.text = text;
	f.len = 2001;
	CHECK_INT(bls_parse(&m, &f, 1, NULL), 0);
	CHECK_INT(m.n_entries, 1);
	CHECK_STR(m.entries[0].kernel_args, "");
	CHECK_STR(m.warnings[0].text, "long.conf: line longer than 1024 bytes ignored");
	f.len = BLS_MAX_FILE + 1;
	CHECK_INT(bls_parse(&m, &f, 1, NULL), 0);
	CHECK_INT(m.n_entries, 0);
	CHECK_INT(m.n_warnings, 1);

	/* Too many entries: the first ones stay, sorted. */
	for (int i = 0; i <= MENU_MAX_ENTRIES; i++) {
		snprintf(names[i], sizeof(names[i]), "k-%d.conf", i);
		files[i] = (struct bls_file){ names[i], "linux /k\n", 9 };
	}
	CHECK_INT(bls_parse(&m, files, MENU_MAX_ENTRIES + 1, NULL), -E2BIG);
	CHECK_INT(m.n_entries, MENU_MAX_ENTRIES);
	CHECK_STR(m.entries[0].id, "k-127");
	CHECK_STR(m.entries[MENU_MAX_ENTRIES - 1].id, "k-0");

	/* The string pool. */
	static char big[40][1100];
	for (int i = 0; i < 40; i++) {
		int n = snprintf(big[i], sizeof(big[i]), "linux /k\noptions ");
		memset(big[i] + n, 'o', 1000);
		big[i][n + 1000] = '\n';
		files[i] = (struct bls_file){ names[i], big[i], (size_t)n + 1001 };
	}
	CHECK_INT(bls_parse(&m, files, 40, NULL), -E2BIG);
	CHECK(strstr(m.err, "strings exceed") != NULL);
	CHECK(m.pool_used <= sizeof(m.pool));
}

static char *fedora_cfg(void)
{
	size_t len;
	uint8_t *buf = load_file("tests/unit/data/grub_cfg/fedora39.cfg", &len);
	if (!buf)
		return NULL;
	char *text = realloc(buf, len + 1);
	text[len] = '\0';
	return text;
}

TEST(bls_merged_into_fedora_grub_cfg)
{
	char *text = fedora_cfg();

	CHECK(text);
	if (!text)
		return;
	CHECK_INT(grub_cfg_parse(&cfg, text, strlen(text)), 0);
	CHECK_INT(bls_parse(&m, fedora_files, 3, &cfg), 0);
	CHECK_INT(bls_merge(&cfg, &m), 0);
	CHECK_INT(cfg.n_entries, 3);
	CHECK_INT(cfg.default_entry, 0);
	CHECK(cfg.default_saved);
	const struct menu_entry *e = &cfg.entries[0];
	CHECK_STR(e->id, MID "-6.5.12-300.fc39.x86_64");
	CHECK(e->title >= cfg.pool && e->title < cfg.pool + cfg.pool_used);
	CHECK(e->kernel.path >= cfg.pool && e->kernel.path < cfg.pool + cfg.pool_used);
	CHECK(e->has_root);
	CHECK_INT(e->root.disk, 0);
	CHECK_INT(e->root.part, 1);
	CHECK_INT(e->search.kind, MENU_SEARCH_FS_UUID);
	CHECK_STR(e->search.value, "b3a1f0e2-5d6c-4b7a-9e8f-1a2b3c4d5e6f");
	CHECK_STR(e->initrds[0].path, "/initramfs-6.5.12-300.fc39.x86_64.img");
	CHECK_STR(e->initrd.path, "/initramfs-6.5.12-300.fc39.x86_64.img");
	free(text);

	/* grub.cfg entries around blscfg, and a default naming a BLS entry by id. */
	const char *around = "menuentry before { linux /b; }\n"
			     "set default=" MID "-6.5.6-300.fc39.x86_64\n"
			     "blscfg\n"
			     "menuentry after { linux /a; }\n";
	CHECK_INT(grub_cfg_parse(&cfg, around, strlen(around)), 0);
	CHECK_STR(cfg.default_id, MID "-6.5.6-300.fc39.x86_64");
	CHECK_INT(bls_merge(&cfg, &m), 0);
	CHECK_INT(cfg.n_entries, 5);
	CHECK_STR(cfg.entries[0].title, "before");
	CHECK_STR(cfg.entries[1].id, MID "-6.5.12-300.fc39.x86_64");
	CHECK_STR(cfg.entries[3].id, MID "-0-rescue");
	CHECK_STR(cfg.entries[4].title, "after");
	CHECK_INT(cfg.default_entry, 2);
	CHECK_INT(cfg.n_warnings, 0);

	/* A number counts BLS entries; an unknown name falls back on 0. */
	CHECK_INT(parse_cfg("set default=3\nblscfg\nmenuentry x { linux /x; }\n"), 0);
	CHECK_INT(bls_merge(&cfg, &m), 0);
	CHECK_STR(cfg.entries[3].title, "x");
	CHECK_INT(cfg.default_entry, 3);
	CHECK_INT(parse_cfg("set default=nothing\nblscfg\n"), 0);
	CHECK_INT(bls_merge(&cfg, &m), 0);
	CHECK_INT(cfg.default_entry, 0);
	CHECK_INT(cfg.n_warnings, 1);
	CHECK_STR(cfg.warnings[0].text, "default 'nothing': no such entry, using 0");

	/* Too many entries in all: cfg stays as it was. */
	static char many[8192];
	size_t n = 0;
	for (int i = 0; i < MENU_MAX_ENTRIES - 2; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n, "menuentry e%d { linux /k; }\n",
				      i);
	snprintf(many + n, sizeof(many) - n, "blscfg\n");
	CHECK_INT(grub_cfg_parse(&cfg, many, strlen(many)), 0);
	size_t pool = cfg.pool_used;
	CHECK_INT(bls_merge(&cfg, &m), -E2BIG);
	CHECK_INT(cfg.n_entries, MENU_MAX_ENTRIES - 2);
	CHECK_INT(cfg.pool_used, pool);
	CHECK_STR(cfg.err, "BLS entries: more than 128 entries in all");
}
