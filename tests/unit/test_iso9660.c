/*
 * lib/fs/iso9660: the ISO images make-images.sh built with xorriso (Rock
 * Ridge, Rock Ridge with Joliet, Rock Ridge with deep directories
 * relocated, Joliet only, plain) are read through the reader and compared
 * with the tree they were made from (Rock Ridge) or with xorriso's own
 * extraction (the others): types, sizes, contents, listings, symlink
 * targets; then lookups through symlinks and "..", the case rules, a file
 * split into extents, damaged copies, and the UUID and label as GRUB 2
 * takes them from the descriptor in use, from hostile bytes too.
 */
#include "lib/errno.h"
#include "lib/fs/iso9660.h"
#include "tests/unit/check.h"
#include "tests/unit/disk_image.h"
#include "tests/unit/image_tree.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t work[ISO_WORK_SIZE];

static int mount_image(struct mem_disk *m, struct blockdev *dev, struct iso_fs *fs,
		       const char *name)
{
	char fn[64];
	int r;

	snprintf(fn, sizeof(fn), "%s.iso", name);
	if (mem_disk_open(m, dev, fn) < 0)
		return -ENOENT;
	r = iso_mount(fs, dev, work, sizeof(work));
	if (r < 0) {
		unit_fail(__FILE__, __LINE__, "%s: mount: %d %s", name, r,
			  fs_base_error(&fs->base));
		free(m->buf);
	}
	return r;
}

/* iso_read() for tree_same_content(). */
static int read_iso(void *fs, const void *file, uint64_t off, void *buf, size_t len, size_t *done)
{
	return iso_read(fs, file, off, buf, len, done);
}

/* The ISO9660 reader for tree_check_files(). */
static int lookup_iso(void *fs, const char *path, void *file)
{
	return iso_lookup(fs, path, false, file);
}

static char type_iso(const void *file)
{
	return iso_kind(file) == FS_KIND_DIR	   ? 'd'
	       : iso_kind(file) == FS_KIND_SYMLINK ? 'l'
	       : iso_kind(file) == FS_KIND_REG	   ? 'f'
						   : '?';
}

static uint64_t size_iso(const void *file)
{
	return ((const struct iso_file *)file)->size;
}

/* Names come NUL-terminated and without ISO9660's ";1" version. */
static int listed_iso(const char *name, size_t len, const struct iso_file *f, void *ctx)
{
	bool bad = strlen(name) != len || strchr(name, ';');

	tree_listed(ctx, name, len, bad ? '?' : type_iso(f));
	return 0;
}

static int list_iso(void *fs, const void *dir, struct tree_listing *l)
{
	return iso_readdir(fs, dir, listed_iso, l);
}

static int readlink_iso(void *fs, const void *file, char *buf, size_t size)
{
	return iso_readlink(fs, file, buf, size);
}

static const char *error_iso(void *fs)
{
	return fs_base_error(&((struct iso_fs *)fs)->base);
}

static bool contains(const uint8_t *buf, size_t len, const char *pat, size_t n)
{
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(buf + i, pat, n) == 0)
			return true;
	return false;
}

static void check_image(const char *name, enum iso_names names)
{
	static struct iso_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	struct image_tree t;
	struct iso_file f;
	struct tree_counts c;
	const struct tree_reader reader = {
		.image = name,
		.fs = &fs,
		.file_size = sizeof(struct iso_file),
		.odd_piece = 2047,
		.lookup = lookup_iso,
		.type = type_iso,
		.size = size_iso,
		.read = read_iso,
		.list = list_iso,
		.readlink = readlink_iso,
		.error = error_iso,
	};

	tree_load(&t, name);
	if (!t.e || mount_image(&m, &dev, &fs, name) < 0)
		goto out;
	CHECK_INT(fs.names, names);
	tree_check_files(&reader, &t, &c);
	struct tree_listing root = { .t = &t, .dir = "" };
	CHECK_INT(iso_lookup(&fs, "/", true, &f), 0);
	CHECK_INT(list_iso(&fs, &f, &root), 0);
	CHECK_INT(root.dots, 2);
	CHECK_INT(root.unknown, 0);
	CHECK_INT(root.entries - root.dots, tree_children(&t, ""));
	CHECK(c.files >= 300 && c.dirs > 10);
	CHECK(names != ISO_NAMES_ROCK_RIDGE || c.links > 10);
	/* Relocation really happened there: child links (and the directories
	 * were found where they belong). */
	CHECK(strcmp(name, "iso-reloc") != 0 || contains(m.buf, m.len, "CL\x0c\x01", 4));
	free(m.buf);
out:
	tree_free(&t);
}

TEST(iso_image_rock_ridge)
{
	check_image("iso-rr", ISO_NAMES_ROCK_RIDGE);
}

TEST(iso_image_rock_ridge_and_joliet)
{
	check_image("iso-rr-joliet", ISO_NAMES_ROCK_RIDGE);
}

TEST(iso_image_rock_ridge_relocated)
{
	check_image("iso-reloc", ISO_NAMES_ROCK_RIDGE);
}

TEST(iso_image_joliet)
{
	check_image("iso-joliet", ISO_NAMES_JOLIET);
}

TEST(iso_image_plain)
{
	check_image("iso-plain", ISO_NAMES_PLAIN);
}

static void check_same(struct iso_fs *fs, const char *name, const char *path, const char *host)
{
	struct image_tree t = { .src = "isrc" };
	struct iso_file f;
	size_t len;
	uint8_t *want = tree_file(&t, host, &len);
	int r = iso_lookup(fs, path, true, &f);

	if (r < 0 || !want || !tree_same_content(read_iso, fs, &f, want, len, 1 << 16))
		unit_fail(__FILE__, __LINE__, "%s: %s: %d %s", name, path, r,
			  fs_base_error(&fs->base));
	free(want);
}

static uint32_t dir_block(struct iso_fs *fs, const char *path)
{
	struct iso_file f;

	if (iso_lookup(fs, path, true, &f) != 0 || iso_kind(&f) != FS_KIND_DIR) {
		unit_fail(__FILE__, __LINE__, "%s: %s", path, fs_base_error(&fs->base));
		return 0;
	}
	return f.extent[0].block;
}

TEST(iso_rock_ridge_symlinks_and_parents)
{
	static const char *const images[] = { "iso-rr", "iso-rr-joliet", "iso-reloc" };
	static struct iso_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	struct iso_file f;

	for (size_t i = 0; i < sizeof(images) / sizeof(images[0]); i++) {
		const char *name = images[i];

		if (mount_image(&m, &dev, &fs, name) < 0)
			continue;
		check_same(&fs, name, "links/fast", "boot/vmlinuz");
		check_same(&fs, name, "links/abs-dir/menu.lst", "boot/grub/menu.lst");
		check_same(&fs, name, "links/rel-dir/d4/d5/d6/d7/d8/d9/d10/d11/d12/deep file",
			   "d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/deep file");
		check_same(&fs, name, "links/chain7", "medium");
		check_same(&fs, name, "links/long-target", "medium");
		char lname[256] = "rr/";
		memset(lname + 3, 'r', 200);
		strcpy(lname + 203, ".name");
		check_same(&fs, name, "rr/to-long-name", lname);
		check_same(&fs, name, lname, lname);
		check_same(&fs, name,
			   "//d1/./d2/../d2/d3/../../../d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/"
			   "d12/deep file",
			   "d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/deep file");
		CHECK_INT(iso_lookup(&fs, "links/chain8", true, &f), -ELOOP);
		CHECK(strstr(fs_base_error(&fs.base), "too many levels") != NULL);
		CHECK_INT(iso_lookup(&fs, "links/chain8", false, &f), 0);
		CHECK(iso_kind(&f) == FS_KIND_SYMLINK);
		CHECK_INT(iso_lookup(&fs, "links/loop-a", true, &f), -ELOOP);
		CHECK_INT(iso_lookup(&fs, "links/dangling", true, &f), -ENOENT);
		CHECK_INT(iso_lookup(&fs, "links/dangling", false, &f), 0);
		CHECK_INT(iso_readlink(&fs, &f, (char[4]){ 0 }, 4), -E2BIG);
		CHECK_INT(iso_lookup(&fs, "boot/missing", true, &f), -ENOENT);
		CHECK_STR(fs_base_error(&fs.base), "iso9660: boot/missing: not found");
		CHECK_INT(iso_lookup(&fs, "BOOT/VMLINUZ", true, &f), -ENOENT); /* case counts */
		CHECK_INT(iso_lookup(&fs, "boot/vmlinuz/x", true, &f), -ENOTDIR);
		CHECK_INT(iso_lookup(&fs, "boot/vmlinuz/", true, &f), -ENOTDIR);
		CHECK_INT(iso_lookup(&fs, "boot", true, &f), 0);
		CHECK_INT(iso_readlink(&fs, &f, (char[8]){ 0 }, 8), -EINVAL);
		/* Every ".." leads back up, relocated directories' too (PL). */
		char path[256] = "d1";
		for (int k = 2; k <= 12; k++) {
			char up[300];
			uint32_t parent = dir_block(&fs, path);

			snprintf(path + strlen(path), sizeof(path) - strlen(path), "/d%d", k);
			snprintf(up, sizeof(up), "%s/..", path);
			CHECK_INT(dir_block(&fs, up), parent);
		}
		CHECK_INT(dir_block(&fs, ".."), fs.root.extent[0].block);
		free(m.buf);
	}
}

TEST(iso_names_and_their_case)
{
	static struct iso_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	struct iso_file f;

	if (mount_image(&m, &dev, &fs, "iso-plain") == 0) {
		CHECK_INT(iso_lookup(&fs, "boot/grub/menu.lst", true, &f), 0);
		CHECK_INT(iso_lookup(&fs, "BOOT/Grub/MENU.LST", true, &f), 0);
		CHECK_INT(iso_lookup(&fs, "empty", true, &f), 0); /* "EMPTY.;1" */
		CHECK_INT(f.size, 0);
		CHECK_INT(iso_lookup(&fs, "EMPTY.", true, &f), -ENOENT);
		CHECK_INT(iso_lookup(&fs, "d1/d2/D3/d4/d5/d6/d7/d8/d9/d10/d11/d12/deep_file", true,
				     &f),
			  0);
		free(m.buf);
	}
	if (mount_image(&m, &dev, &fs, "iso-joliet") == 0) {
		CHECK_INT(iso_lookup(&fs, "MixedCase.Txt", true, &f), 0);
		CHECK_INT(iso_lookup(&fs, "mixedcase.txt", true, &f), -ENOENT);
		CHECK_INT(iso_lookup(&fs, "ünïcödé €.txt", true, &f), 0);
		CHECK_INT(f.size, 13);
		free(m.buf);
	}
}

/* ---- a file in several extents --------------------------------------------- */

static void put_both32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
		p[7 - i] = (uint8_t)(v >> (8 * i));
	}
}

/*
 * Rewrites iso-plain's MEDIUM (70000 bytes) as three extents: its first 16
 * blocks where they are, the next 16 from a copy of the file appended to the
 * image, the rest where it is; *last_record is the third record. false when
 * that could not be done.
 */
static bool split_medium(struct mem_disk *m, struct blockdev *dev, struct iso_fs *fs,
			 uint8_t **last_record)
{
	struct iso_file f;

	if (mount_image(m, dev, fs, "iso-plain") < 0)
		return false;
	if (iso_lookup(fs, "MEDIUM", true, &f) != 0 || f.size != 70000) {
		unit_fail(__FILE__, __LINE__, "no MEDIUM");
		return false;
	}
	uint32_t vol = fs->volume_blocks, first = f.extent[0].block;

	if (m->len > (size_t)vol * ISO_BLOCK) /* the copy goes past the image's end */
		vol = (uint32_t)((m->len + ISO_BLOCK - 1) / ISO_BLOCK);
	uint8_t *b = m->buf + (size_t)f.rec_block * ISO_BLOCK, rec[255], block[ISO_BLOCK];
	size_t rl = b[f.rec_off], used = 0;

	while (used < ISO_BLOCK && b[used])
		used += b[used];
	if (used + 2 * rl > ISO_BLOCK) {
		unit_fail(__FILE__, __LINE__, "no room in the directory block");
		return false;
	}
	memcpy(rec, b + f.rec_off, rl);
	memset(block, 0, sizeof(block));
	memcpy(block, b, f.rec_off);
	uint8_t *r1 = block + f.rec_off, *r2 = r1 + rl, *r3 = r2 + rl;
	for (uint8_t *r = r1; r <= r3; r += rl)
		memcpy(r, rec, rl);
	r1[25] |= 0x80;
	put_both32(r1 + 10, 32768);
	r2[25] |= 0x80;
	put_both32(r2 + 2, vol + 16);
	put_both32(r2 + 10, 32768);
	put_both32(r3 + 2, first + 32);
	put_both32(r3 + 10, 70000 - 65536);
	memcpy(r3 + rl, b + f.rec_off + rl, used - f.rec_off - rl);
	memcpy(b, block, ISO_BLOCK);
	size_t last_off = (size_t)f.rec_block * ISO_BLOCK + (size_t)(r3 - block);

	/* The copy, past the old end of the volume. */
	size_t size = ((size_t)vol + 35) * ISO_BLOCK;
	uint8_t *grown = realloc(m->buf, size);
	if (!grown)
		return false;
	m->buf = grown;
	memset(m->buf + m->len, 0, size - m->len);
	memcpy(m->buf + (size_t)vol * ISO_BLOCK, m->buf + (size_t)first * ISO_BLOCK, 70000);
	m->len = size;
	put_both32(m->buf + 16 * ISO_BLOCK + 80, vol + 35);
	*last_record = m->buf + last_off;
	mem_blockdev(dev, m);
	return iso_mount(fs, dev, work, sizeof(work)) == 0;
}

TEST(iso_file_in_several_extents)
{
	static struct iso_fs fs;
	static uint8_t buf[70000];
	struct image_tree t = { .src = "isrc" };
	struct mem_disk m;
	struct blockdev dev;
	struct iso_file f;
	uint8_t *last;
	size_t len, got;
	uint8_t *want = tree_file(&t, "medium", &len);

	if (!want || !split_medium(&m, &dev, &fs, &last)) {
		unit_fail(__FILE__, __LINE__, "could not split MEDIUM (%s)",
			  fs_base_error(&fs.base));
		free(want);
		free(m.buf);
		return;
	}
	CHECK_INT(iso_lookup(&fs, "medium", true, &f), 0);
	CHECK_INT(f.extents, 3);
	CHECK_INT(f.size, 70000);
	CHECK(f.extent[1].block != f.extent[0].block + 16);
	CHECK(tree_same_content(read_iso, &fs, &f, want, len, 1 << 16));
	CHECK(tree_same_content(read_iso, &fs, &f, want, len, 1000));
	CHECK_INT(iso_read(&fs, &f, 32760, buf, 32800, &got), 0);
	CHECK_INT(got, 32800);
	CHECK(memcmp(buf, want + 32760, got) == 0);
	CHECK_INT(iso_read(&fs, &f, 65530, buf, 10000, &got), 0);
	CHECK_INT(got, 70000 - 65530);
	CHECK(memcmp(buf, want + 65530, got) == 0);
	CHECK_INT(iso_lookup(&fs, "one", true, &f), 0); /* records after it */
	CHECK_INT(f.size, 1);

	/* The last extent flagged as not the last: the next record is not
	 * more of it. */
	last[25] |= 0x80;
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(iso_lookup(&fs, "medium", true, &f), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "extents of a file end early") != NULL);
	free(want);
	free(m.buf);
}

/* ---- damaged images -------------------------------------------------------- */

/* The system use entry sig in the record at rec, NULL when absent. */
static uint8_t *find_entry(uint8_t *rec, const char *sig)
{
	size_t len = rec[0], start = 33 + rec[32] + (rec[32] % 2 == 0);

	for (size_t p = start; p + 4 <= len && rec[p + 2] >= 4; p += rec[p + 2])
		if (rec[p] == sig[0] && rec[p + 1] == sig[1])
			return rec + p;
	return NULL;
}

static uint8_t *record_of(struct iso_fs *fs, struct mem_disk *m, const char *path)
{
	struct iso_file f;

	if (iso_lookup(fs, path, false, &f) != 0) {
		unit_fail(__FILE__, __LINE__, "%s: %s", path, fs_base_error(&fs->base));
		return NULL;
	}
	return m->buf + (size_t)f.rec_block * ISO_BLOCK + f.rec_off;
}

TEST(iso_refuses_damaged_records)
{
	static struct iso_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	struct iso_file f;
	uint8_t save[255], b[16];
	size_t got;

	if (mount_image(&m, &dev, &fs, "iso-rr") < 0)
		return;
	uint8_t *rec = record_of(&fs, &m, "small");
	if (!rec)
		goto out;
	memcpy(save, rec, rec[0]);
	/* (each change is followed by a mount, which forgets the cache) */
	rec[0] = 20;
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(iso_lookup(&fs, "small", true, &f), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "bad directory record") != NULL);
	memcpy(rec, save, save[0]);
	rec[32] = 240; /* name longer than the record */
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(iso_lookup(&fs, "small", true, &f), -EUCLEAN);
	memcpy(rec, save, save[0]);
	put_both32(rec + 2, 0x7ffffff0); /* extent beyond the volume */
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(iso_lookup(&fs, "small", true, &f), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "beyond the volume") != NULL);
	memcpy(rec, save, save[0]);
	uint8_t *tf = find_entry(rec, "TF");
	CHECK(tf != NULL);
	if (tf) {
		tf[0] = 'Z'; /* "ZF": compressed */
		CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
		CHECK_INT(iso_lookup(&fs, "small", true, &f), 0);
		CHECK_INT(iso_read(&fs, &f, 0, b, sizeof(b), &got), -EOPNOTSUPP);
		tf[0] = 'T';
	}
	tf = find_entry(rec, "NM");
	CHECK(tf != NULL);
	if (tf) {
		tf[2] = 200; /* longer than the record */
		CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
		CHECK_INT(iso_lookup(&fs, "small", true, &f), -EUCLEAN);
		CHECK(strstr(fs_base_error(&fs.base), "too long") != NULL);
	}
	memcpy(rec, save, save[0]);

	/* A symlink component longer than its entry. */
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	rec = record_of(&fs, &m, "links/fast");
	uint8_t *sl = rec ? find_entry(rec, "SL") : NULL;
	CHECK(sl != NULL);
	if (sl) {
		sl[6] = 200;
		CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
		CHECK_INT(iso_lookup(&fs, "links/fast", true, &f), -EUCLEAN);
		CHECK(strstr(fs_base_error(&fs.base), "symlink component") != NULL);
	}
out:
	free(m.buf);
}

TEST(iso_continuation_areas_are_bounded)
{
	static struct iso_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	struct iso_file f;
	char dir[] = "rr";

	if (mount_image(&m, &dev, &fs, "iso-rr") < 0)
		return;
	/* The 200-character name needs a continuation area. */
	CHECK_INT(iso_lookup(&fs, "rr/to-long-name", true, &f), 0);
	uint8_t *rec = record_of(&fs, &m, "rr/to-long-name");
	uint8_t *ce = rec ? find_entry(rec, "CE") : NULL;
	CHECK(ce != NULL);
	if (!ce)
		goto out;
	uint32_t block = (uint32_t)((rec - m.buf) / ISO_BLOCK),
		 off = (uint32_t)((rec - m.buf) % ISO_BLOCK);
	uint8_t save[28];
	memcpy(save, ce, sizeof(save));
	/* Pointing at the record's own entries: a loop. */
	uint32_t start = 33 + rec[32] + (rec[32] % 2 == 0);
	put_both32(ce + 4, block);
	put_both32(ce + 12, off + start);
	put_both32(ce + 20, rec[0] - start);
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(iso_lookup(&fs, "rr/to-long-name", true, &f), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "continuation areas") != NULL);
	/* Crossing the end of its block. */
	put_both32(ce + 12, 2040);
	put_both32(ce + 20, 100);
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(iso_lookup(&fs, dir, true, &f), 0);
	CHECK_INT(iso_lookup(&fs, "rr/to-long-name", true, &f), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "bad continuation area") != NULL);
	/* Beyond the volume. */
	put_both32(ce + 4, 0x7fffffff);
	put_both32(ce + 12, 0);
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(iso_lookup(&fs, "rr/to-long-name", true, &f), -EUCLEAN);
	memcpy(ce, save, sizeof(save));
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(iso_lookup(&fs, "rr/to-long-name", true, &f), 0);
out:
	free(m.buf);
}

TEST(iso_refuses_bad_volume_descriptors)
{
	static struct iso_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	uint8_t *pvd;
	uint8_t save[ISO_BLOCK];

	if (mem_disk_open(&m, &dev, "iso-rr.iso") < 0)
		return;
	pvd = m.buf + 16 * ISO_BLOCK;
	memcpy(save, pvd, sizeof(save));
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	pvd[1] = 'X';
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), -EINVAL);
	memcpy(pvd, save, sizeof(save));
	pvd[128] = 0; /* 512-byte blocks */
	pvd[129] = 2;
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), -EOPNOTSUPP);
	memcpy(pvd, save, sizeof(save));
	pvd[156] = 33; /* root record */
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), -EUCLEAN);
	memcpy(pvd, save, sizeof(save));
	put_both32(pvd + 80, 5); /* volume size */
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), -EUCLEAN);
	memcpy(pvd, save, sizeof(save));
	pvd[0] = 3; /* no primary descriptor */
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), -EUCLEAN);
	memcpy(pvd, save, sizeof(save));
	CHECK_INT(iso_mount(&fs, &dev, work, ISO_BLOCK), -ENOMEM);
	CHECK_INT(iso_mount(&fs, &dev, work, 2 * ISO_BLOCK), 0);
	dev.size = 40000; /* cut before the root directory */
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), -EUCLEAN);
	CHECK(strstr(fs_base_error(&fs.base), "past the end") != NULL);
	dev.size = 30000;
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), -EINVAL);
	free(m.buf);

	/* A damaged Joliet descriptor leaves the plain names. */
	if (mem_disk_open(&m, &dev, "iso-joliet.iso") < 0)
		return;
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fs.names, ISO_NAMES_JOLIET);
	m.buf[17 * ISO_BLOCK + 156] = 0;
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fs.names, ISO_NAMES_PLAIN);
	free(m.buf);
}

/* ---- UUID and label ------------------------------------------------------ */

#define VD_VOLUME_ID 40
#define VD_CREATED   813
#define VD_MODIFIED  830

/* The first supplementary (Joliet) descriptor of the image. */
static uint8_t *joliet_descriptor(struct mem_disk *m)
{
	for (unsigned b = 17; b < 32 && (size_t)(b + 1) * ISO_BLOCK <= m->len; b++) {
		uint8_t *vd = m->buf + b * ISO_BLOCK;

		if (vd[0] == 2)
			return vd;
		if (vd[0] == 255)
			break;
	}
	unit_fail(__FILE__, __LINE__, "no supplementary volume descriptor");
	return NULL;
}

static void check_ident(struct iso_fs *fs, const char *uuid, const char *label)
{
	char buf[ISO_LABEL_MAX + 1];

	if (uuid) {
		CHECK_INT(fs_base_uuid(&fs->base, buf, sizeof(buf)), 0);
		CHECK_STR(buf, uuid);
	} else {
		CHECK_INT(fs_base_uuid(&fs->base, buf, sizeof(buf)), -ENOENT);
	}
	if (label) {
		CHECK_INT(fs_base_label(&fs->base, buf, sizeof(buf)), 0);
		CHECK_STR(buf, label);
	} else {
		CHECK_INT(fs_base_label(&fs->base, buf, sizeof(buf)), -ENOENT);
	}
}

/* Joliet's volume identifier: 16 big-endian UCS-2 units. */
static void put_joliet_id(uint8_t *vd, const uint16_t *units, size_t n)
{
	for (size_t i = 0; i < 16; i++) {
		uint16_t u = i < n ? units[i] : ' ';

		vd[VD_VOLUME_ID + 2 * i] = (uint8_t)(u >> 8);
		vd[VD_VOLUME_ID + 2 * i + 1] = (uint8_t)u;
	}
}

TEST(iso_uuid_and_label_of_joliet)
{
	/* J, o with diaeresis, a check mark, a control, an unpaired surrogate,
	 * a pair (U+1F600), spaces. */
	static const uint16_t units[] = {
		'J', 0x00f6, 0x2713, 0x0007, 0xd800, 'x', 0xd83d, 0xde00
	};
	static struct iso_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	uint8_t *pvd, *svd;

	if (mount_image(&m, &dev, &fs, "iso-joliet") < 0)
		return;
	check_ident(&fs, "2021-06-07-08-09-10-00", "PvGrub Joliet");
	pvd = m.buf + 16 * ISO_BLOCK;
	svd = joliet_descriptor(&m);
	if (!svd)
		goto out;

	/* Joliet's names are used: its descriptor's identifier and date. */
	memset(pvd + VD_VOLUME_ID, ' ', 32);
	memcpy(pvd + VD_VOLUME_ID, "PRIMARY", 7);
	memcpy(pvd + VD_MODIFIED, "1999123123595999", 16);
	put_joliet_id(svd, units, sizeof(units) / sizeof(units[0]));
	memcpy(svd + VD_MODIFIED, "2001020304050607", 16);
	memcpy(svd + VD_CREATED, "1970010100000000", 16);
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fs.names, ISO_NAMES_JOLIET);
	check_ident(&fs, "2001-02-03-04-05-06-07", "J\303\266\342\234\223??x\360\237\230\200");

	/* A NUL unit ends the label; one of spaces is none. */
	put_joliet_id(svd, (const uint16_t[]){ 'a', ' ', 0, 'b' }, 4);
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	check_ident(&fs, "2001-02-03-04-05-06-07", "a");
	put_joliet_id(svd, NULL, 0);
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	check_ident(&fs, "2001-02-03-04-05-06-07", NULL);

	/* A damaged Joliet tree: the primary names, and its identity. */
	svd[156] = 0;
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	CHECK_INT(fs.names, ISO_NAMES_PLAIN);
	check_ident(&fs, "1999-12-31-23-59-59-99", "PRIMARY");
out:
	free(m.buf);
}

TEST(iso_uuid_and_label_with_rock_ridge_are_the_primarys)
{
	static struct iso_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	uint8_t *svd;

	if (mount_image(&m, &dev, &fs, "iso-rr-joliet") < 0)
		return;
	svd = joliet_descriptor(&m);
	if (svd) {
		put_joliet_id(svd, (const uint16_t[]){ 'n', 'o' }, 2);
		memcpy(svd + VD_MODIFIED, "2001020304050607", 16);
		memcpy(m.buf + 16 * ISO_BLOCK + VD_MODIFIED, "2002020304050607", 16);
		CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
		CHECK_INT(fs.names, ISO_NAMES_ROCK_RIDGE);
		check_ident(&fs, "2002-02-03-04-05-06-07", "PVGRUB RRJ");
	}
	free(m.buf);
}

TEST(iso_uuid_and_label_from_hostile_bytes)
{
	static struct iso_fs fs;
	struct mem_disk m;
	struct blockdev dev;
	uint8_t *pvd;
	char buf[ISO_UUID_LEN + 1];

	if (mount_image(&m, &dev, &fs, "iso-plain") < 0)
		return;
	pvd = m.buf + 16 * ISO_BLOCK;
	/* Not digits: printed as they are, or as '?' when not printable. */
	memcpy(pvd + VD_MODIFIED, "20x4\001\377\000020304050", 16);
	memcpy(pvd + VD_VOLUME_ID, "A\tB\377C  D", 8);
	memset(pvd + VD_VOLUME_ID + 8, ' ', 24);
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	check_ident(&fs, "20x4-?\?-?0-20-30-40-50" /* (no trigraph) */, "A?B?C  D");
	CHECK_INT(fs_base_uuid(&fs.base, buf, sizeof(buf)), 0);
	CHECK_INT(fs_base_uuid(&fs.base, buf, sizeof(buf) - 1), -E2BIG);

	/* All 32 bytes of the identifier, no NUL. */
	memset(pvd + VD_VOLUME_ID, 'L', 32);
	/* A date of zero digits is a date (GRUB prints it); zero bytes are none. */
	memcpy(pvd + VD_MODIFIED, "0000000000000000", 16);
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	check_ident(&fs, "0000-00-00-00-00-00-00", "LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL");
	memset(pvd + VD_MODIFIED, 0, 16);
	memset(pvd + VD_VOLUME_ID, ' ', 32);
	CHECK_INT(iso_mount(&fs, &dev, work, sizeof(work)), 0);
	check_ident(&fs, NULL, NULL);
	free(m.buf);
}
