/*
 * Read-only FAT12/16/32 (see fat.h for what is supported and the choices
 * made). Every number of the boot sector is checked at mount so that the
 * regions it describes fit the file system and their sectors turn into byte
 * offsets without overflow; every cluster number read from the disk is
 * checked before use, and every walk along a chain or a directory is
 * bounded.
 */
#include "lib/fs/fat.h"

#include "lib/errno.h"
#include "lib/format.h"
#include "lib/fs/block_cache.h"
#include "lib/fs/names.h"
#include "lib/fs/path_walk.h"
#include "lib/string.h"

/* Boot sector (BIOS parameter block) fields. */
#define BPB_BYTES_PER_SECTOR 11
#define BPB_SECTORS_PER_CLUS 13
#define BPB_RESERVED_SECTORS 14
#define BPB_NUM_FATS	     16
#define BPB_ROOT_ENTRIES     17
#define BPB_TOTAL_SECTORS16  19
#define BPB_MEDIA	     21
#define BPB_FAT_SIZE16	     22
#define BPB_TOTAL_SECTORS32  32
#define BPB32_FAT_SIZE	     36
#define BPB32_EXT_FLAGS	     40
#define BPB32_VERSION	     42
#define BPB32_ROOT_CLUSTER   44
#define BPB16_SERIAL	     39
#define BPB32_SERIAL	     67
#define BPB_LEN		     512

#define EXT_FLAGS_NO_MIRROR 0x80
#define EXT_FLAGS_ACTIVE    0x0f

/* Below this many clusters a FAT12/16 file system is FAT12. */
#define FAT12_MAX_CLUSTERS 4084

/* Directory entries. */
#define DIRENT_SIZE	32
#define DE_ATTR		11
#define DE_NT_CASE	12
#define DE_CLUSTER_HI	20
#define DE_CLUSTER_LO	26
#define DE_SIZE		28
#define DE_END		0x00
#define DE_DELETED	0xe5
#define DE_KANJI_E5	0x05
#define NT_LOWER_BASE	0x08
#define NT_LOWER_EXT	0x10
#define ATTR_LONG_NAME	0x0f
#define ATTR_LONG_MASK	0x3f
#define DE_NAME_LEN	11
#define LFN_LAST	0x40
#define LFN_ORD_MASK	0x1f
#define LFN_MAX_ENTRIES 20
#define LFN_UNITS	13
#define LFN_CHECKSUM	13
#define LFN_MAX_UNITS	255
#define DIR_MAX_BYTES	((uint64_t)FAT_DIR_MAX_ENTRIES * DIRENT_SIZE)
#define CURSOR_DATA	0
#define CURSOR_DIR	1
#define CHAIN_END	1

/* fs_fail() into fs->base.err. */
#define fail(fs, e, ...) fs_base_fail(&(fs)->base, (e), __VA_ARGS__)

/* ---- the file allocation table ------------------------------------------- */

static bool valid_cluster(const struct fat_fs *fs, uint32_t c)
{
	return c >= 2 && c - 2 < fs->clusters;
}

static uint64_t cluster_sector(const struct fat_fs *fs, uint32_t c)
{
	return fs->data_start + (uint64_t)(c - 2) * fs->sectors_per_cluster;
}

/* Byte off of the FAT in use (inside it: checked at mount for every valid
 * cluster's entry). */
static int fat_byte(struct fat_fs *fs, uint64_t off, uint8_t *out)
{
	const uint8_t *s;
	int r = fs_base_block(&fs->base, fs->fat_start + off / fs->sector_size, &s);

	if (r < 0)
		return r;
	*out = s[off % fs->sector_size];
	return 0;
}

/* The FAT's entry for valid cluster c, raw. FAT12 entries may straddle two
 * sectors; FAT16 and FAT32 entries never do. */
static int fat_entry(struct fat_fs *fs, uint32_t c, uint32_t *value)
{
	const uint8_t *s;
	uint64_t off;
	uint8_t lo, hi;
	int r;

	switch (fs->type) {
	case FAT12:
		off = (uint64_t)c + c / 2;
		if ((r = fat_byte(fs, off, &lo)) < 0 || (r = fat_byte(fs, off + 1, &hi)) < 0)
			return r;
		*value = (uint32_t)(lo | hi << 8);
		*value = c & 1 ? *value >> 4 : *value & 0xfff;
		return 0;
	case FAT16:
		off = (uint64_t)c * 2;
		r = fs_base_block(&fs->base, fs->fat_start + off / fs->sector_size, &s);
		if (r < 0)
			return r;
		*value = get_le16(s + off % fs->sector_size);
		return 0;
	case FAT32:
	default:
		off = (uint64_t)c * 4;
		r = fs_base_block(&fs->base, fs->fat_start + off / fs->sector_size, &s);
		if (r < 0)
			return r;
		*value = get_le32(s + off % fs->sector_size) & 0x0fffffff;
		return 0;
	}
}

/* The smallest end-of-chain mark; the value just below marks a bad cluster. */
static uint32_t end_of_chain(const struct fat_fs *fs)
{
	return fs->type == FAT12 ? 0xff8 : fs->type == FAT16 ? 0xfff8 : 0x0ffffff8;
}

/* The cluster after valid cluster c: 0 and *next, CHAIN_END, or -EUCLEAN. */
static int next_cluster(struct fat_fs *fs, uint32_t c, uint32_t *next)
{
	uint32_t v, eoc = end_of_chain(fs);
	int r = fat_entry(fs, c, &v);

	if (r < 0)
		return r;
	if (v >= eoc)
		return CHAIN_END;
	if (v == eoc - 1)
		return fail(fs, -EUCLEAN, "fat: cluster %u: chain leads to a bad cluster", c);
	if (v == 0)
		return fail(fs, -EUCLEAN, "fat: cluster %u: chain leads to a free cluster", c);
	if (!valid_cluster(fs, v))
		return fail(fs, -EUCLEAN, "fat: cluster %u: next cluster %u out of range", c, v);
	*next = v;
	return 0;
}

/*
 * The cluster at position index of the chain starting at first, through
 * cursor `which` (walks forward from where it stopped when it can). Loops
 * are found by Brent's method as the chain is followed, and no chain is
 * followed further than the cluster count. Returns 0, CHAIN_END when the
 * chain ends before index, or -EUCLEAN.
 */
static int chain_seek(struct fat_fs *fs, int which, uint32_t first, uint32_t index,
		      uint32_t *cluster)
{
	struct fat_cursor *c = &fs->cursor[which];

	if (!valid_cluster(fs, first))
		return fail(fs, -EUCLEAN, "fat: first cluster %u out of range", first);
	if (!c->valid || c->first != first || c->index > index)
		*c = (struct fat_cursor){ .first = first,
					  .cluster = first,
					  .tortoise = first,
					  .power = 1,
					  .valid = true };
	while (c->index < index) {
		uint32_t next = 0;
		int r = next_cluster(fs, c->cluster, &next);

		if (r != 0) {
			c->valid = false;
			return r;
		}
		if (next == c->tortoise || c->index + 1 >= fs->clusters) {
			c->valid = false;
			return fail(fs, -EUCLEAN, "fat: the cluster chain from %u loops", first);
		}
		if (++c->lam == c->power) {
			c->tortoise = next;
			c->power *= 2;
			c->lam = 0;
		}
		c->cluster = next;
		c->index++;
	}
	*cluster = c->cluster;
	return 0;
}

/* ---- mount ------------------------------------------------------------------ */

static bool power_of_two(uint32_t n)
{
	return n && !(n & (n - 1));
}

void fat_root(const struct fat_fs *fs, struct fat_file *out)
{
	memset(out, 0, sizeof(*out));
	out->root = true;
	out->attr = FAT_ATTR_DIRECTORY;
	if (fs->type == FAT32)
		out->cluster = fs->root_cluster;
}

static int dir_entry_at(struct fat_fs *fs, const struct fat_file *dir, uint32_t i, uint8_t *e);

/* The label as GRUB 2 finds it: the first entry of the root directory, up
 * to its end marker, whose attributes are VOLUME_ID (ARCHIVE aside) and
 * that is neither deleted, nor a long-name entry, nor has reserved
 * attribute bits set. A root directory that cannot be read that far gives
 * no label: the lookups that walk it report the damage. */
static void find_label(struct fat_fs *fs, const struct fat_file *root)
{
	uint8_t e[DIRENT_SIZE];

	fs->base.label[0] = '\0';
	for (uint32_t i = 0; dir_entry_at(fs, root, i, e) == 0 && e[0] != DE_END; i++) {
		/* (Long-name entries and reserved bits fail the attribute test.) */
		if (e[0] == DE_DELETED || (e[DE_ATTR] & ~FAT_ATTR_ARCHIVE) != FAT_ATTR_VOLUME_ID)
			continue;
		if (e[0] == DE_KANJI_E5)
			e[0] = DE_DELETED;
		fs_label_text(e, DE_NAME_LEN, true, fs->base.label);
		return;
	}
}

int fat_mount(struct fat_fs *fs, const struct blockdev *dev, void *work, size_t work_size)
{
	uint8_t bs[BPB_LEN], e[DIRENT_SIZE];
	struct fat_file root;
	int r;

	memset(fs, 0, sizeof(*fs));
	fs_base_init(&fs->base, "fat", dev);
	if (dev->size < BPB_LEN)
		return fail(fs, -EINVAL, "fat: device too small for a file system");
	r = fs_base_read(&fs->base, 0, bs, sizeof(bs));
	if (r < 0)
		return r;

	uint32_t bps = get_le16(bs + BPB_BYTES_PER_SECTOR), spc = bs[BPB_SECTORS_PER_CLUS];
	uint32_t reserved = get_le16(bs + BPB_RESERVED_SECTORS), nfats = bs[BPB_NUM_FATS];
	uint32_t root_entries = get_le16(bs + BPB_ROOT_ENTRIES), media = bs[BPB_MEDIA];
	uint32_t total = get_le16(bs + BPB_TOTAL_SECTORS16),
		 fat_size = get_le16(bs + BPB_FAT_SIZE16);
	bool fat32 = fat_size == 0;

	if (total == 0)
		total = get_le32(bs + BPB_TOTAL_SECTORS32);
	if (fat32)
		fat_size = get_le32(bs + BPB32_FAT_SIZE);
	/* What makes a boot sector a FAT one at all. */
	if (!power_of_two(bps) || bps < 512 || bps > FAT_MAX_SECTOR || !power_of_two(spc) ||
	    reserved == 0 || nfats == 0 || (media != 0xf0 && media < 0xf8) || total == 0 ||
	    fat_size == 0)
		return fail(fs, -EINVAL, "fat: no FAT boot sector");

	fs->sector_size = bps;
	fs->sectors_per_cluster = spc;
	fs->cluster_size = bps * spc;
	fs->fat_sectors = fat_size;
	fs->fat_start = reserved;
	if (fat32) {
		uint32_t flags = get_le16(bs + BPB32_EXT_FLAGS);
		uint32_t version = get_le16(bs + BPB32_VERSION);

		if (root_entries != 0)
			return fail(fs, -EUCLEAN, "fat: FAT32 with a fixed root directory");
		if (version != 0)
			return fail(fs, -EOPNOTSUPP, "fat: FAT32 version %u.%u", version >> 8,
				    version & 0xff);
		if (flags & EXT_FLAGS_NO_MIRROR) {
			if ((flags & EXT_FLAGS_ACTIVE) >= nfats)
				return fail(fs, -EUCLEAN, "fat: active FAT %u of %u",
					    flags & EXT_FLAGS_ACTIVE, nfats);
			fs->fat_start += (flags & EXT_FLAGS_ACTIVE) * fat_size;
		}
	} else if (root_entries == 0) {
		return fail(fs, -EUCLEAN, "fat: no root directory entries");
	}

	uint64_t root_sectors = ((uint64_t)root_entries * DIRENT_SIZE + bps - 1) / bps;
	uint64_t meta = reserved + (uint64_t)nfats * fat_size + root_sectors;
	if (meta >= total)
		return fail(fs, -EUCLEAN, "fat: no room for data (%llu of %u sectors are metadata)",
			    (unsigned long long)meta, total);
	fs->root_start = (uint32_t)(reserved + (uint64_t)nfats * fat_size);
	fs->root_entries = root_entries;
	fs->data_start = (uint32_t)meta;
	fs->clusters = (total - fs->data_start) / spc;
	if (fs->clusters == 0)
		return fail(fs, -EUCLEAN, "fat: no data clusters");
	fs->type = fat32 ? FAT32 : fs->clusters <= FAT12_MAX_CLUSTERS ? FAT12 : FAT16;

	/* Every cluster needs an entry in the FAT, below the bad-cluster mark. */
	uint64_t bits = fs->type, entries = (uint64_t)fat_size * bps * 8 / bits;
	if ((uint64_t)fs->clusters + 2 > entries || fs->clusters + 2 > end_of_chain(fs) - 1)
		return fail(fs, -EUCLEAN, "fat: %u clusters do not fit a FAT%u of %u sectors",
			    fs->clusters, fs->type, fat_size);
	if ((uint64_t)(fs->fat_start + fat_size) * bps > dev->size)
		return fail(fs, -EUCLEAN, "fat: the device ends inside the FAT");
	if (fat32) {
		fs->root_cluster = get_le32(bs + BPB32_ROOT_CLUSTER);
		if (!valid_cluster(fs, fs->root_cluster))
			return fail(fs, -EUCLEAN, "fat: root cluster %u out of range",
				    fs->root_cluster);
	}

	if (!work || work_size < 2u * bps)
		return fail(fs, -ENOMEM,
			    "fat: work area of %zu bytes too small for %u-byte sectors", work_size,
			    bps);
	block_cache_init(&fs->base.cache, fs->base.name, work, work_size, bps);

	/* The root directory's first entry must be readable. */
	fat_root(fs, &root);
	r = dir_entry_at(fs, &root, 0, e);
	if (r < 0)
		return r;

	uint32_t serial = get_le32(bs + (fat32 ? BPB32_SERIAL : BPB16_SERIAL));
	format_buf(fs->base.uuid, sizeof(fs->base.uuid), "%04X-%04X", serial >> 16,
		   serial & 0xffff);
	find_label(fs, &root);
	fs->base.err[0] = '\0';
	return 0;
}

/* ---- reading files ------------------------------------------------------- */

int fat_read(struct fat_fs *fs, const struct fat_file *f, uint64_t offset, void *buf, size_t len,
	     size_t *done)
{
	uint8_t *dst = buf;
	uint32_t cs = fs->cluster_size;
	int r;

	*done = 0;
	fs->base.err[0] = '\0';
	if (fat_kind(f) == FS_KIND_DIR || offset >= f->size)
		return 0;
	if (len > f->size - offset)
		len = (size_t)(f->size - offset);
	if ((f->size + (uint64_t)cs - 1) / cs > fs->clusters)
		return fail(fs, -EUCLEAN, "fat: file of %u bytes larger than the file system",
			    f->size);

	while (len > 0) {
		uint32_t index = (uint32_t)(offset / cs), in = (uint32_t)(offset % cs);
		uint32_t cluster, run = 1;

		r = chain_seek(fs, CURSOR_DATA, f->cluster, index, &cluster);
		if (r == CHAIN_END)
			return fail(fs, -EUCLEAN,
				    "fat: cluster chain from %u shorter than the file", f->cluster);
		if (r < 0)
			return r;
		/* Extend over the following clusters while they are contiguous. */
		uint64_t want = ((uint64_t)in + len + cs - 1) / cs;
		while (run < want) {
			uint32_t next;

			r = chain_seek(fs, CURSOR_DATA, f->cluster, index + run, &next);
			if (r == CHAIN_END)
				return fail(fs, -EUCLEAN,
					    "fat: cluster chain from %u shorter than the file",
					    f->cluster);
			if (r < 0)
				return r;
			if (next != cluster + run)
				break;
			run++;
		}
		uint64_t avail = (uint64_t)run * cs - in;
		size_t n = avail < len ? (size_t)avail : len;

		r = fs_base_read(&fs->base, cluster_sector(fs, cluster) * fs->sector_size + in, dst,
				 n);
		if (r < 0)
			return r;
		dst += n;
		offset += n;
		len -= n;
		*done += n;
	}
	return 0;
}

/* ---- directories ---------------------------------------------------------- */

static bool fixed_root(const struct fat_fs *fs, const struct fat_file *dir)
{
	return dir->root && fs->type != FAT32;
}

/* Entry i of a directory into e: 0, CHAIN_END past its last one, or -errno. */
static int dir_entry_at(struct fat_fs *fs, const struct fat_file *dir, uint32_t i, uint8_t *e)
{
	uint64_t byte, sector;
	const uint8_t *s;
	int r;

	if (fixed_root(fs, dir)) {
		if (i >= fs->root_entries)
			return CHAIN_END;
		byte = (uint64_t)i * DIRENT_SIZE;
		sector = fs->root_start + byte / fs->sector_size;
	} else {
		uint32_t per_cluster = fs->cluster_size / DIRENT_SIZE, cluster;

		if (i >= FAT_DIR_MAX_ENTRIES)
			return fail(fs, -EUCLEAN, "fat: directory at cluster %u too long",
				    dir->cluster);
		r = chain_seek(fs, CURSOR_DIR, dir->cluster, i / per_cluster, &cluster);
		if (r != 0)
			return r;
		byte = (uint64_t)(i % per_cluster) * DIRENT_SIZE;
		sector = cluster_sector(fs, cluster) + byte / fs->sector_size;
	}
	r = fs_base_block(&fs->base, sector, &s);
	if (r < 0)
		return r;
	memcpy(e, s + byte % fs->sector_size, DIRENT_SIZE);
	return 0;
}

/* One directory entry as the walk hands it on: both names, the long one
 * empty when there is none. */
struct dirent {
	char lfn[FAT_NAME_MAX + 1];
	size_t lfn_len;
	char sfn[13];
	size_t sfn_len;
	struct fat_file file;
};

/* The long name being gathered: its units, how many entries it has, which
 * ordinal comes next (0 when complete) and the checksum they all carry. */
struct lfn_state {
	uint16_t units[LFN_MAX_ENTRIES * LFN_UNITS];
	unsigned entries, next;
	uint8_t sum;
};

static void lfn_entry(struct lfn_state *l, const uint8_t *e)
{
	static const uint8_t at[LFN_UNITS] = { 1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30 };
	unsigned ord = e[0] & LFN_ORD_MASK;

	if (e[0] & LFN_LAST) {
		l->entries = 0;
		if (ord == 0 || ord > LFN_MAX_ENTRIES)
			return;
		l->entries = ord;
		l->sum = e[LFN_CHECKSUM];
	} else if (l->entries == 0 || ord == 0 || ord != l->next || e[LFN_CHECKSUM] != l->sum) {
		l->entries = 0; /* out of sequence: forget it */
		return;
	}
	for (unsigned k = 0; k < LFN_UNITS; k++)
		l->units[(ord - 1) * LFN_UNITS + k] = get_le16(e + at[k]);
	l->next = ord - 1;
}

static uint8_t short_name_sum(const uint8_t *e)
{
	uint8_t sum = 0;

	for (int i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + e[i]);
	return sum;
}

/* The long name for short entry e into d->lfn, when it is complete and
 * belongs to e. */
static void lfn_finish(const struct lfn_state *l, const uint8_t *e, struct dirent *d)
{
	size_t n = 0, max = (size_t)l->entries * LFN_UNITS;

	d->lfn_len = 0;
	d->lfn[0] = '\0';
	if (l->entries == 0 || l->next != 0 || l->sum != short_name_sum(e))
		return;
	while (n < max && n < LFN_MAX_UNITS && l->units[n] != 0)
		n++;
	int len = fs_utf16_to_utf8(l->units, n, d->lfn, sizeof(d->lfn));
	if (len > 0)
		d->lfn_len = (size_t)len;
}

static size_t short_part(const uint8_t *p, size_t n, bool lower, char *out)
{
	while (n > 0 && p[n - 1] == ' ')
		n--;
	for (size_t i = 0; i < n; i++) {
		char c = (char)p[i];

		if (p[i] < 0x20)
			c = '?'; /* not allowed in names: keep the name a string */
		out[i] = lower && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	return n;
}

static void short_name(const uint8_t *e, struct dirent *d)
{
	uint8_t base[8];
	size_t n;

	memcpy(base, e, 8);
	if (base[0] == DE_KANJI_E5)
		base[0] = DE_DELETED;
	n = short_part(base, 8, e[DE_NT_CASE] & NT_LOWER_BASE, d->sfn);
	char ext[3];
	size_t en = short_part(e + 8, 3, e[DE_NT_CASE] & NT_LOWER_EXT, ext);
	if (en) {
		d->sfn[n++] = '.';
		memcpy(d->sfn + n, ext, en);
		n += en;
	}
	d->sfn[n] = '\0';
	d->sfn_len = n;
}

typedef int (*walk_fn)(struct fat_fs *fs, const struct dirent *d, void *ctx);

/* Calls fn for every entry in use of dir (volume labels and long-name
 * entries aside). fn's nonzero return stops the walk and is returned. */
static int walk_dir(struct fat_fs *fs, const struct fat_file *dir, walk_fn fn, void *ctx)
{
	struct lfn_state lfn;
	struct dirent d;
	int r;

	if (!dir->root && dir->cluster == 0)
		return fail(fs, -EUCLEAN, "fat: directory without a cluster");
	lfn.entries = 0;
	for (uint32_t i = 0;; i++) {
		uint8_t e[DIRENT_SIZE];

		r = dir_entry_at(fs, dir, i, e);
		if (r == CHAIN_END)
			return 0;
		if (r < 0)
			return r;
		if (e[0] == DE_END)
			return 0;
		if (e[0] == DE_DELETED) {
			lfn.entries = 0;
			continue;
		}
		if ((e[DE_ATTR] & ATTR_LONG_MASK) == ATTR_LONG_NAME) {
			lfn_entry(&lfn, e);
			continue;
		}
		if (e[DE_ATTR] & FAT_ATTR_VOLUME_ID) {
			lfn.entries = 0;
			continue;
		}
		lfn_finish(&lfn, e, &d);
		lfn.entries = 0;
		short_name(e, &d);
		if (d.sfn_len == 0)
			continue; /* a blank name: not an entry */
		memset(&d.file, 0, sizeof(d.file));
		d.file.attr = e[DE_ATTR];
		d.file.size = get_le32(e + DE_SIZE);
		d.file.cluster = get_le16(e + DE_CLUSTER_LO);
		if (fs->type == FAT32)
			d.file.cluster |= (uint32_t)get_le16(e + DE_CLUSTER_HI) << 16;
		if (d.file.attr & FAT_ATTR_DIRECTORY) {
			d.file.size = 0;
			/* ".." of a directory in the root names cluster 0. */
			if (d.sfn_len == 2 && memcmp(d.sfn, "..", 2) == 0 &&
			    (d.file.cluster == 0 ||
			     (fs->type == FAT32 && d.file.cluster == fs->root_cluster)))
				fat_root(fs, &d.file);
		}
		r = fn(fs, &d, ctx);
		if (r)
			return r;
	}
}

struct readdir_ctx {
	fat_dir_fn fn;
	void *ctx;
};

static int readdir_one(struct fat_fs *fs, const struct dirent *d, void *ctx)
{
	struct readdir_ctx *c = ctx;

	(void)fs;
	if (d->lfn_len)
		return c->fn(d->lfn, d->lfn_len, &d->file, c->ctx);
	return c->fn(d->sfn, d->sfn_len, &d->file, c->ctx);
}

int fat_readdir(struct fat_fs *fs, const struct fat_file *dir, fat_dir_fn fn, void *ctx)
{
	struct readdir_ctx c = { fn, ctx };

	fs->base.err[0] = '\0';
	if (fat_kind(dir) != FS_KIND_DIR)
		return fail(fs, -ENOTDIR, "fat: not a directory");
	return walk_dir(fs, dir, readdir_one, &c);
}

/* ---- path lookup: the shared walk (path_walk.h) over entries ------------ */

struct find {
	const char *name;
	size_t len;
	struct fat_file file;
};

static int find_one(struct fat_fs *fs, const struct dirent *d, void *ctx)
{
	struct find *f = ctx;

	(void)fs;
	if (!fs_name_eq_nocase(d->lfn, d->lfn_len, f->name, f->len) &&
	    !fs_name_eq_nocase(d->sfn, d->sfn_len, f->name, f->len))
		return 0;
	f->file = d->file;
	return 1;
}

static int walk_root(void *fs, void *node)
{
	fat_root(fs, node);
	return 0;
}

/* "." stays where it is and the root's ".." is the root (the root has
 * neither entry); other names are looked for in the directory. */
static int walk_find(void *fs, const void *dir, const char *name, size_t len, void *out)
{
	const struct fat_file *d = dir;
	struct find f = { name, len, { 0 } };
	int r;

	if ((len == 1 && name[0] == '.') || (len == 2 && memcmp(name, "..", 2) == 0 && d->root)) {
		*(struct fat_file *)out = *d;
		return 1;
	}
	r = walk_dir(fs, d, find_one, &f);
	if (r > 0)
		*(struct fat_file *)out = f.file;
	return r;
}

static enum fs_kind walk_kind(const void *node)
{
	return fat_kind(node);
}

static const struct path_walk_ops walk_ops = {
	.node_size = sizeof(struct fat_file),
	.name_max = FAT_NAME_MAX,
	.root = walk_root,
	.find = walk_find,
	.kind = walk_kind,
};

int fat_lookup(struct fat_fs *fs, const char *path, struct fat_file *out)
{
	struct fat_file cur;

	return path_walk(&fs->base, &walk_ops, fs, path, false, &cur, out);
}
