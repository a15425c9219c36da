/*
 * Read-only ext2/3/4 (see ext.h for what is supported and the choices made).
 * Every on-disk number is checked before it is used as a size, an index or
 * an offset; block numbers must lie below the superblock's block count,
 * which is checked at mount not to overflow when turned into bytes.
 */
#include "lib/fs/ext.h"

#include "lib/errno.h"
#include "lib/format.h"
#include "lib/fs/block_cache.h"
#include "lib/fs/names.h"
#include "lib/fs/path_walk.h"
#include "lib/string.h"

/* Superblock (at byte 1024) field offsets. */
#define SB_OFFSET	     1024
#define SB_INODES_COUNT	     0x00
#define SB_BLOCKS_COUNT_LO   0x04
#define SB_FIRST_DATA_BLOCK  0x14
#define SB_LOG_BLOCK_SIZE    0x18
#define SB_LOG_CLUSTER_SIZE  0x1c
#define SB_BLOCKS_PER_GROUP  0x20
#define SB_INODES_PER_GROUP  0x28
#define SB_MAGIC	     0x38
#define SB_REV_LEVEL	     0x4c
#define SB_INODE_SIZE	     0x58
#define SB_FEATURE_COMPAT    0x5c
#define SB_FEATURE_INCOMPAT  0x60
#define SB_FEATURE_RO_COMPAT 0x64
#define SB_UUID		     0x68
#define SB_UUID_LEN	     16
#define SB_VOLUME_NAME	     0x78
#define SB_DESC_SIZE	     0xfe
#define SB_FIRST_META_BG     0x104
#define SB_BLOCKS_COUNT_HI   0x150
#define SB_BACKUP_BGS	     0x24c
#define EXT_MAGIC	     0xef53

#define COMPAT_SPARSE_SUPER2 0x0200
#define RO_COMPAT_SPARSE     0x0001
#define RO_COMPAT_HUGE_FILE  0x0008
#define RO_COMPAT_BIGALLOC   0x0200

#define INCOMPAT_COMPRESSION 0x00001
#define INCOMPAT_FILETYPE    0x00002
#define INCOMPAT_RECOVER     0x00004
#define INCOMPAT_JOURNAL_DEV 0x00008
#define INCOMPAT_META_BG     0x00010
#define INCOMPAT_EXTENTS     0x00040
#define INCOMPAT_64BIT	     0x00080
#define INCOMPAT_MMP	     0x00100
#define INCOMPAT_FLEX_BG     0x00200
#define INCOMPAT_EA_INODE    0x00400
#define INCOMPAT_DIRDATA     0x01000
#define INCOMPAT_CSUM_SEED   0x02000
#define INCOMPAT_LARGEDIR    0x04000
#define INCOMPAT_INLINE_DATA 0x08000
#define INCOMPAT_ENCRYPT     0x10000
#define INCOMPAT_CASEFOLD    0x20000
#define INCOMPAT_SUPPORTED                                                                  \
	(INCOMPAT_FILETYPE | INCOMPAT_RECOVER | INCOMPAT_META_BG | INCOMPAT_EXTENTS |       \
	 INCOMPAT_64BIT | INCOMPAT_MMP | INCOMPAT_FLEX_BG | INCOMPAT_EA_INODE |             \
	 INCOMPAT_CSUM_SEED | INCOMPAT_LARGEDIR | INCOMPAT_INLINE_DATA | INCOMPAT_ENCRYPT | \
	 INCOMPAT_CASEFOLD)

/* Group descriptor fields. */
#define BG_INODE_TABLE_LO 0x08
#define BG_INODE_TABLE_HI 0x28

/* Inode fields. */
#define I_MODE	      0x00
#define I_SIZE_LO     0x04
#define I_BLOCKS_LO   0x1c
#define I_FLAGS	      0x20
#define I_BLOCK	      0x28
#define I_BLOCK_LEN   60
#define I_FILE_ACL_LO 0x68
#define I_SIZE_HIGH   0x6c
#define I_BLOCKS_HIGH 0x74
#define I_FILE_ACL_HI 0x76
#define I_EXTRA_ISIZE 0x80
#define I_GOOD_OLD    128

#define FL_ENCRYPT     0x00000800
#define FL_HUGE_FILE   0x00040000
#define FL_EXTENTS     0x00080000
#define FL_INLINE_DATA 0x10000000

/* Extent trees. */
#define EXT_EXTENT_MAGIC 0xf30a
#define EXT_EXTENT_DEPTH 5
#define EXT_INIT_MAX_LEN 32768

/* In-inode extended attributes (inline data lives in "system.data"). */
#define XATTR_MAGIC	     0xea020000
#define XATTR_INDEX_SYSTEM   7
#define XATTR_ENTRY_HDR	     16
#define INLINE_DIR_PARENT_SZ 4

#define NO_BLOCK UINT64_MAX

/* fs_fail() into fs->base.err. */
#define fail(fs, e, ...) fs_base_fail(&(fs)->base, (e), __VA_ARGS__)

_Static_assert(EXT_UUID_LEN == 2 * SB_UUID_LEN + 4, "the UUID's text fits");

/* The UUID and label from the superblock sb, as GRUB 2 gives them. */
static void keep_identity(struct ext_fs *fs, const uint8_t *sb)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (unsigned i = 0; i < SB_UUID_LEN; i++) {
		uint8_t b = sb[SB_UUID + i];

		if (i == 4 || i == 6 || i == 8 || i == 10)
			fs->base.uuid[o++] = '-';
		fs->base.uuid[o++] = hex[b >> 4];
		fs->base.uuid[o++] = hex[b & 15];
	}
	fs->base.uuid[o] = '\0';
	fs_label_text(sb + SB_VOLUME_NAME, EXT_LABEL_MAX, false, fs->base.label);
}

/* One block of metadata through the cache. The pointer stays valid until
 * the next call that reads a block (at least one more read). */
static int meta_block(struct ext_fs *fs, uint64_t block, const uint8_t **out)
{
	if (block >= fs->blocks_count)
		return fail(fs, -EUCLEAN, "ext: block %llu is beyond the file system",
			    (unsigned long long)block);
	return fs_base_block(&fs->base, block, out);
}

/* ---- superblock and group descriptors ------------------------------------ */

static bool is_power_of(uint64_t n, unsigned base)
{
	while (n > 1 && n % base == 0)
		n /= base;
	return n == 1;
}

static bool group_has_super(const struct ext_fs *fs, uint64_t g)
{
	if (g == 0)
		return true;
	if (fs->compat & COMPAT_SPARSE_SUPER2)
		return g == fs->backup_bgs[0] || g == fs->backup_bgs[1];
	if (!(fs->ro_compat & RO_COMPAT_SPARSE))
		return true;
	return g == 1 || is_power_of(g, 3) || is_power_of(g, 5) || is_power_of(g, 7);
}

/* The block holding descriptor block number i (groups i * per_block ...). */
static uint64_t desc_block(const struct ext_fs *fs, uint64_t i)
{
	uint64_t per_block = fs->block_size / fs->desc_size;
	/* With 1 KiB blocks and bigalloc, block 0 is not the superblock's. */
	uint64_t adjust = i == 0 && fs->block_size == 1024 && fs->cluster_ratio > 1;

	if (!(fs->incompat & INCOMPAT_META_BG) || i < fs->first_meta_bg)
		return fs->first_data_block + 1 + i + adjust;
	/* meta_bg: each group of per_block groups keeps its descriptor block
	 * in its own first group, after the superblock backup if any. */
	uint64_t g = i * per_block;
	return fs->first_data_block + g * fs->blocks_per_group + group_has_super(fs, g) + adjust;
}

static int inode_table(struct ext_fs *fs, uint64_t group, uint64_t *table)
{
	uint64_t per_block = fs->block_size / fs->desc_size;
	const uint8_t *b;
	int r;

	if (group >= fs->groups)
		return fail(fs, -EUCLEAN, "ext: group %llu does not exist",
			    (unsigned long long)group);
	r = meta_block(fs, desc_block(fs, group / per_block), &b);
	if (r < 0)
		return r;

	const uint8_t *d = b + (group % per_block) * fs->desc_size;
	uint64_t t = get_le32(d + BG_INODE_TABLE_LO);
	if (fs->desc_size >= 64)
		t |= (uint64_t)get_le32(d + BG_INODE_TABLE_HI) << 32;
	/* The whole table must be inside the file system. */
	uint64_t table_blocks =
		((uint64_t)fs->inodes_per_group * fs->inode_size + fs->block_size - 1) /
		fs->block_size;
	if (t == 0 || t >= fs->blocks_count || table_blocks > fs->blocks_count - t)
		return fail(fs, -EUCLEAN, "ext: group %llu: bad inode table block %llu",
			    (unsigned long long)group, (unsigned long long)t);
	*table = t;
	return 0;
}

static int check_features(struct ext_fs *fs)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ INCOMPAT_COMPRESSION, " compression" },
		{ INCOMPAT_JOURNAL_DEV, " journal_dev" },
		{ INCOMPAT_DIRDATA, " dirdata" },
	};
	uint32_t bad = fs->incompat & ~(uint32_t)INCOMPAT_SUPPORTED;
	char list[64] = "";
	size_t n = 0;

	if (!bad)
		return 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (bad & names[i].bit)
			n += (size_t)format_buf(list + n, sizeof(list) - n, "%s", names[i].name);
	/* (the names fit: n stays far below sizeof(list)) */
	if (bad & ~(uint32_t)(INCOMPAT_COMPRESSION | INCOMPAT_JOURNAL_DEV | INCOMPAT_DIRDATA))
		format_buf(list + n, sizeof(list) - n, " unknown");
	return fail(fs, -EOPNOTSUPP, "ext: unsupported incompatible features 0x%x (%s)", bad,
		    list + 1);
}

int ext_mount(struct ext_fs *fs, const struct blockdev *dev, void *work, size_t work_size)
{
	uint8_t sb[1024];
	struct ext_inode root;
	int r;

	memset(fs, 0, sizeof(*fs));
	fs_base_init(&fs->base, "ext", dev);
	if (dev->size < SB_OFFSET + sizeof(sb))
		return fail(fs, -EINVAL, "ext: device too small for a file system");
	r = fs_base_read(&fs->base, SB_OFFSET, sb, sizeof(sb));
	if (r < 0)
		return r;
	if (get_le16(sb + SB_MAGIC) != EXT_MAGIC)
		return fail(fs, -EINVAL, "ext: no ext2/3/4 superblock");

	uint32_t log_bs = get_le32(sb + SB_LOG_BLOCK_SIZE);
	if (log_bs > 6)
		return fail(fs, -EUCLEAN, "ext: bad block size (log %u)", log_bs);
	fs->block_size = 1024u << log_bs;
	uint32_t log_cs = get_le32(sb + SB_LOG_CLUSTER_SIZE);
	fs->compat = get_le32(sb + SB_FEATURE_COMPAT);
	fs->incompat = get_le32(sb + SB_FEATURE_INCOMPAT);
	fs->ro_compat = get_le32(sb + SB_FEATURE_RO_COMPAT);
	r = check_features(fs);
	if (r < 0)
		return r;
	fs->cluster_ratio = 1;
	if (fs->ro_compat & RO_COMPAT_BIGALLOC) {
		if (log_cs < log_bs || log_cs - log_bs > 16)
			return fail(fs, -EUCLEAN, "ext: bad cluster size");
		fs->cluster_ratio = 1u << (log_cs - log_bs);
	}

	if (get_le32(sb + SB_REV_LEVEL) == 0) {
		fs->inode_size = I_GOOD_OLD;
	} else {
		fs->inode_size = get_le16(sb + SB_INODE_SIZE);
		if (fs->inode_size < I_GOOD_OLD || fs->inode_size > fs->block_size ||
		    (fs->inode_size & (fs->inode_size - 1)))
			return fail(fs, -EUCLEAN, "ext: bad inode size %u", fs->inode_size);
	}
	fs->desc_size = 32;
	if (fs->incompat & INCOMPAT_64BIT) {
		fs->desc_size = get_le16(sb + SB_DESC_SIZE);
		if (fs->desc_size < 64 || fs->desc_size > 1024 ||
		    (fs->desc_size & (fs->desc_size - 1)))
			return fail(fs, -EUCLEAN, "ext: bad group descriptor size %u",
				    fs->desc_size);
	}

	fs->blocks_count = get_le32(sb + SB_BLOCKS_COUNT_LO);
	if (fs->incompat & INCOMPAT_64BIT)
		fs->blocks_count |= (uint64_t)get_le32(sb + SB_BLOCKS_COUNT_HI) << 32;
	fs->first_data_block = get_le32(sb + SB_FIRST_DATA_BLOCK);
	fs->blocks_per_group = get_le32(sb + SB_BLOCKS_PER_GROUP);
	fs->inodes_per_group = get_le32(sb + SB_INODES_PER_GROUP);
	fs->inodes_count = get_le32(sb + SB_INODES_COUNT);
	fs->first_meta_bg = get_le32(sb + SB_FIRST_META_BG);
	fs->backup_bgs[0] = get_le32(sb + SB_BACKUP_BGS);
	fs->backup_bgs[1] = get_le32(sb + SB_BACKUP_BGS + 4);

	/* Block numbers below blocks_count must be turnable into byte offsets. */
	if (fs->blocks_count > (UINT64_MAX >> (10 + log_bs)) - 1)
		return fail(fs, -EUCLEAN, "ext: block count too large");
	if (fs->first_data_block > 1 || fs->blocks_count <= fs->first_data_block)
		return fail(fs, -EUCLEAN, "ext: bad first data block or block count");
	if (fs->blocks_per_group == 0 || fs->inodes_per_group == 0 ||
	    fs->inodes_per_group > fs->block_size * 8u)
		return fail(fs, -EUCLEAN, "ext: bad blocks or inodes per group");
	fs->groups = (fs->blocks_count - fs->first_data_block + fs->blocks_per_group - 1) /
		     fs->blocks_per_group;
	if (fs->groups > UINT32_MAX || fs->inodes_count < EXT_ROOT_INO ||
	    fs->inodes_count > fs->groups * fs->inodes_per_group)
		return fail(fs, -EUCLEAN, "ext: inode count does not match the groups");

	if (!work || work_size < 2u * fs->block_size)
		return fail(fs, -ENOMEM, "ext: work area of %zu bytes too small for %u-byte blocks",
			    work_size, fs->block_size);
	block_cache_init(&fs->base.cache, fs->base.name, work, work_size, fs->block_size);

	r = ext_read_inode(fs, EXT_ROOT_INO, &root);
	if (r < 0)
		return r;
	if (ext_kind(&root) != FS_KIND_DIR)
		return fail(fs, -EUCLEAN, "ext: the root inode is not a directory");
	keep_identity(fs, sb);
	fs->base.err[0] = '\0';
	return 0;
}

/* ---- inodes --------------------------------------------------------------- */

int ext_read_inode(struct ext_fs *fs, uint32_t ino, struct ext_inode *out)
{
	uint64_t table = 0;
	int r;

	if (ino < 1 || ino > fs->inodes_count)
		return fail(fs, -EUCLEAN, "ext: inode %u does not exist", ino);
	uint64_t group = (ino - 1) / fs->inodes_per_group;
	uint64_t index = (ino - 1) % fs->inodes_per_group;
	r = inode_table(fs, group, &table);
	if (r < 0)
		return r;

	memset(out, 0, sizeof(*out));
	out->ino = ino;
	out->raw_len = fs->inode_size < EXT_INODE_RAW ? fs->inode_size : EXT_INODE_RAW;
	r = fs_base_read(&fs->base, table * fs->block_size + index * fs->inode_size, out->raw,
			 out->raw_len);
	if (r < 0)
		return r;
	out->mode = get_le16(out->raw + I_MODE);
	out->flags = get_le32(out->raw + I_FLAGS);
	out->size = get_le32(out->raw + I_SIZE_LO);
	if ((out->mode & EXT_S_IFMT) == EXT_S_IFREG || (fs->incompat & INCOMPAT_LARGEDIR))
		out->size |= (uint64_t)get_le32(out->raw + I_SIZE_HIGH) << 32;
	if (out->mode == 0)
		return fail(fs, -EUCLEAN, "ext: inode %u is not in use", ino);
	if (out->raw_len > I_GOOD_OLD) {
		uint32_t extra = get_le16(out->raw + I_EXTRA_ISIZE);
		if (extra > out->raw_len - I_GOOD_OLD || (extra & 3))
			return fail(fs, -EUCLEAN, "ext: inode %u: bad extra size %u", ino, extra);
	}
	return 0;
}

/* ---- inline data ---------------------------------------------------------- */

/* The value of the in-inode "system.data" attribute: the part of inline
 * data past the 60 bytes of i_block. Absent is an empty value. */
static int inline_tail(struct ext_fs *fs, const struct ext_inode *in, const uint8_t **val,
		       uint32_t *len)
{
	const uint8_t *raw = in->raw;
	uint32_t end = in->raw_len;

	*val = NULL;
	*len = 0;
	if (end <= I_GOOD_OLD)
		return 0;
	uint32_t start = I_GOOD_OLD + get_le16(raw + I_EXTRA_ISIZE); /* checked at read */
	if (end - start < 4 || get_le32(raw + start) != XATTR_MAGIC)
		return 0;
	uint32_t first = start + 4;
	for (uint32_t pos = first; end - pos >= 4 && get_le32(raw + pos) != 0;) {
		if (end - pos < XATTR_ENTRY_HDR)
			break;
		uint32_t name_len = raw[pos], index = raw[pos + 1];
		uint32_t voff = get_le16(raw + pos + 2), vinum = get_le32(raw + pos + 4);
		uint32_t vsize = get_le32(raw + pos + 8);
		uint32_t esize = (XATTR_ENTRY_HDR + name_len + 3) & ~3u;

		if (esize > end - pos)
			break;
		if (index == XATTR_INDEX_SYSTEM && name_len == 4 &&
		    memcmp(raw + pos + XATTR_ENTRY_HDR, "data", 4) == 0) {
			if (vinum != 0)
				return fail(fs, -EOPNOTSUPP,
					    "ext: inode %u: inline data in an attribute inode",
					    in->ino);
			if (voff > end - first || vsize > end - first - voff)
				return fail(fs, -EUCLEAN, "ext: inode %u: bad inline data",
					    in->ino);
			*val = raw + first + voff;
			*len = vsize;
			return 0;
		}
		pos += esize;
	}
	return 0;
}

static int inline_read(struct ext_fs *fs, const struct ext_inode *in, uint64_t offset, uint8_t *buf,
		       size_t len)
{
	const uint8_t *tail;
	uint32_t tail_len;
	int r = inline_tail(fs, in, &tail, &tail_len);

	if (r < 0)
		return r;
	if (offset + len > I_BLOCK_LEN + (uint64_t)tail_len)
		return fail(fs, -EUCLEAN, "ext: inode %u: inline data shorter than the file",
			    in->ino);
	for (size_t i = 0; i < len; i++) {
		uint64_t o = offset + i;
		buf[i] = o < I_BLOCK_LEN ? in->raw[I_BLOCK + o] : tail[o - I_BLOCK_LEN];
	}
	return 0;
}

/* ---- block mapping -------------------------------------------------------- */

/*
 * Maps logical block lblk of an inode: *pblk is its physical block, or
 * NO_BLOCK for a hole (or an unwritten extent), and *run how many blocks from
 * lblk on continue the same way (physically contiguous, or hole), at least 1.
 */
static int map_extents(struct ext_fs *fs, const struct ext_inode *in, uint64_t lblk, uint64_t *pblk,
		       uint64_t *run)
{
	const uint8_t *node = in->raw + I_BLOCK;
	uint32_t node_len = I_BLOCK_LEN;
	uint64_t limit = (uint64_t)1 << 32; /* first logical block past this subtree */
	int expect = -1;

	*pblk = NO_BLOCK;
	if (lblk >= limit) {
		*run = UINT64_MAX - lblk;
		return 0;
	}
	for (;;) {
		uint32_t entries = get_le16(node + 2), max = get_le16(node + 4);
		int depth = get_le16(node + 6);

		if (get_le16(node) != EXT_EXTENT_MAGIC || entries > max ||
		    max > (node_len - 12) / 12 || depth > EXT_EXTENT_DEPTH ||
		    (expect >= 0 && depth != expect))
			return fail(fs, -EUCLEAN, "ext: inode %u: bad extent tree node", in->ino);

		if (depth == 0) {
			uint64_t next = limit;
			for (uint32_t i = 0; i < entries; i++) {
				const uint8_t *e = node + 12 + 12 * i;
				uint64_t start = get_le32(e), len = get_le16(e + 4);
				bool unwritten = len > EXT_INIT_MAX_LEN;

				if (unwritten)
					len -= EXT_INIT_MAX_LEN;
				if (lblk >= start && lblk - start < len) {
					uint64_t end = start + len < limit ? start + len : limit;
					*run = end - lblk;
					if (unwritten)
						return 0;
					uint64_t p = ((uint64_t)get_le16(e + 6) << 32 |
						      get_le32(e + 8)) +
						     (lblk - start);
					if (p >= fs->blocks_count || *run > fs->blocks_count - p)
						return fail(fs, -EUCLEAN,
							    "ext: inode %u: extent beyond the "
							    "file system",
							    in->ino);
					*pblk = p;
					return 0;
				}
				if (start > lblk && start < next)
					next = start;
			}
			*run = next - lblk;
			return 0;
		}

		/* Index node: the entry with the largest start <= lblk. */
		const uint8_t *best = NULL;
		uint64_t best_start = 0, next = limit;
		for (uint32_t i = 0; i < entries; i++) {
			const uint8_t *e = node + 12 + 12 * i;
			uint64_t start = get_le32(e);

			if (start <= lblk && (!best || start >= best_start)) {
				best = e;
				best_start = start;
			} else if (start > lblk && start < next) {
				next = start;
			}
		}
		limit = next;
		if (!best) {
			*run = limit - lblk;
			return 0;
		}
		uint64_t child = (uint64_t)get_le16(best + 8) << 32 | get_le32(best + 4);
		int r = meta_block(fs, child, &node);
		if (r < 0)
			return r;
		node_len = fs->block_size;
		expect = depth - 1;
	}
}

static int map_blockmap(struct ext_fs *fs, const struct ext_inode *in, uint64_t lblk,
			uint64_t *pblk, uint64_t *run)
{
	uint64_t per = fs->block_size / 4;
	uint64_t span[4] = { 1, per, per * per, per * per * per }; /* blocks under a pointer */
	const uint8_t *table = in->raw + I_BLOCK;
	uint64_t idx = lblk, count = 12;

	*pblk = NO_BLOCK;
	if (lblk >= 12) {
		/* Which tree: single, double or triple indirect. */
		uint64_t rel = lblk - 12;
		int level = 1;
		while (level <= 3 && rel >= span[level]) {
			rel -= span[level];
			level++;
		}
		if (level > 3) {
			*run = UINT64_MAX - lblk;
			return 0;
		}
		/* Down the tree: at level l, ptr names a block of pointers that
		 * each cover span[l - 1] blocks; rel is the place in its subtree. */
		uint64_t ptr = get_le32(table + 4 * (11 + level));
		for (int l = level; l >= 1; l--) {
			if (ptr == 0) {
				*run = span[l] - rel;
				return 0;
			}
			int r = meta_block(fs, ptr, &table);
			if (r < 0)
				return r;
			idx = rel / span[l - 1];
			rel %= span[l - 1];
			ptr = get_le32(table + 4 * idx);
		}
		count = per;
	}

	/* table[idx] of count pointers is the leaf; extend the run while the
	 * following pointers continue it. */
	uint64_t p = get_le32(table + 4 * idx), n = 1;
	if (p == 0) {
		while (idx + n < count && get_le32(table + 4 * (idx + n)) == 0)
			n++;
		*run = n;
		return 0;
	}
	while (idx + n < count && get_le32(table + 4 * (idx + n)) == p + n)
		n++;
	if (p >= fs->blocks_count || n > fs->blocks_count - p)
		return fail(fs, -EUCLEAN, "ext: inode %u: block %llu beyond the file system",
			    in->ino, (unsigned long long)p);
	*pblk = p;
	*run = n;
	return 0;
}

static int map_block(struct ext_fs *fs, const struct ext_inode *in, uint64_t lblk, uint64_t *pblk,
		     uint64_t *run)
{
	if (in->flags & FL_EXTENTS)
		return map_extents(fs, in, lblk, pblk, run);
	return map_blockmap(fs, in, lblk, pblk, run);
}

/* ---- reading files -------------------------------------------------------- */

static bool fast_symlink(const struct ext_fs *fs, const struct ext_inode *in)
{
	uint64_t blocks, acl;

	if (ext_kind(in) != FS_KIND_SYMLINK || (in->flags & (FL_EXTENTS | FL_INLINE_DATA)) ||
	    in->size >= I_BLOCK_LEN)
		return false;
	blocks = get_le32(in->raw + I_BLOCKS_LO);
	if (fs->ro_compat & RO_COMPAT_HUGE_FILE)
		blocks |= (uint64_t)get_le16(in->raw + I_BLOCKS_HIGH) << 32;
	acl = get_le32(in->raw + I_FILE_ACL_LO) | (uint64_t)get_le16(in->raw + I_FILE_ACL_HI) << 32;
	/* i_blocks counts 512-byte sectors (file system blocks with
	 * huge_file's per-inode flag) and includes the attribute block. */
	if (acl) {
		uint64_t acl_units =
			(fs->ro_compat & RO_COMPAT_HUGE_FILE) && (in->flags & FL_HUGE_FILE)
				? 1
				: fs->block_size / 512;
		blocks = blocks >= acl_units ? blocks - acl_units : 0;
	}
	return blocks == 0;
}

int ext_read(struct ext_fs *fs, const struct ext_inode *in, uint64_t offset, void *buf, size_t len,
	     size_t *done)
{
	uint8_t *dst = buf;
	uint32_t bs = fs->block_size;
	int r;

	*done = 0;
	fs->base.err[0] = '\0';
	if (in->flags & FL_ENCRYPT)
		return fail(fs, -EOPNOTSUPP, "ext: inode %u is encrypted", in->ino);
	if (offset >= in->size)
		return 0;
	if (len > in->size - offset)
		len = (size_t)(in->size - offset);
	if (in->flags & FL_INLINE_DATA) {
		r = inline_read(fs, in, offset, dst, len);
		if (r == 0)
			*done = len;
		return r;
	}
	if (fast_symlink(fs, in)) {
		memcpy(dst, in->raw + I_BLOCK + offset, len); /* size < 60 */
		*done = len;
		return 0;
	}

	while (len > 0) {
		uint64_t lblk = offset / bs, pblk, run;
		uint32_t in_block = (uint32_t)(offset % bs);

		r = map_block(fs, in, lblk, &pblk, &run);
		if (r < 0)
			return r;
		uint64_t want_blocks = ((uint64_t)len + in_block + bs - 1) / bs;
		if (run > want_blocks)
			run = want_blocks;
		uint64_t avail = run * bs - in_block;
		size_t n = avail < len ? (size_t)avail : len;

		if (pblk == NO_BLOCK)
			memset(dst, 0, n);
		else {
			r = fs_base_read(&fs->base, pblk * bs + in_block, dst, n);
			if (r < 0)
				return r;
		}
		dst += n;
		offset += n;
		len -= n;
		*done += n;
	}
	return 0;
}

int ext_readlink(struct ext_fs *fs, const struct ext_inode *in, char *buf, size_t size)
{
	size_t got;
	int r;

	fs->base.err[0] = '\0';
	if (ext_kind(in) != FS_KIND_SYMLINK)
		return fail(fs, -EINVAL, "ext: inode %u is not a symlink", in->ino);
	if (in->size == 0)
		return fail(fs, -EUCLEAN, "ext: symlink inode %u is empty", in->ino);
	if (size == 0 || in->size > size - 1)
		return fail(fs, -E2BIG, "ext: symlink inode %u: target too long", in->ino);
	r = ext_read(fs, in, 0, buf, (size_t)in->size, &got);
	if (r < 0)
		return r;
	buf[got] = '\0';
	return 0;
}

/* ---- directories ---------------------------------------------------------- */

static uint32_t rec_len(const struct ext_fs *fs, const uint8_t *e)
{
	uint32_t raw = get_le16(e + 4);

	if (fs->block_size < 65536)
		return raw;
	if (raw == 65535 || raw == 0)
		return 65536;
	return (raw & 65532) | ((raw & 3) << 16);
}

struct dir_walk {
	struct ext_fs *fs;
	const struct ext_inode *dir;
	ext_dir_fn fn;
	void *ctx;
};

/* One entry at e, avail bytes left in its block or inline region: checks it,
 * sets *len_out to its length and calls fn when it is in use. The name is
 * copied out first, so fn may use the file system (and evict the block).
 * Returns 0, fn's value, or -EUCLEAN. */
static int dir_entry(struct dir_walk *w, const uint8_t *e, uint32_t avail, uint32_t *len_out)
{
	struct ext_fs *fs = w->fs;
	char name[256];

	if (avail < 8)
		return fail(fs, -EUCLEAN, "ext: directory inode %u: truncated entry", w->dir->ino);
	uint32_t ino = get_le32(e), rl = rec_len(fs, e), nlen = e[6];
	uint8_t type = 0;
	if (fs->incompat & INCOMPAT_FILETYPE)
		type = e[7];
	else
		nlen |= (uint32_t)e[7] << 8;
	if (rl < 8 || rl % 4 || rl > avail || (ino && (nlen > rl - 8 || nlen > 255)))
		return fail(fs, -EUCLEAN, "ext: directory inode %u: bad entry", w->dir->ino);
	*len_out = rl;
	if (ino == 0 || nlen == 0)
		return 0;
	memcpy(name, e + 8, nlen);
	name[nlen] = '\0';
	return w->fn(name, nlen, ino, type, w->ctx);
}

static int dir_inline(struct dir_walk *w)
{
	struct ext_fs *fs = w->fs;
	const struct ext_inode *dir = w->dir;
	const uint8_t *tail;
	uint32_t tail_len, len;
	int r;

	/* No "." or ".." entries are stored: the parent is the first word. */
	r = w->fn(".", 1, dir->ino, 2, w->ctx);
	if (r)
		return r;
	r = w->fn("..", 2, get_le32(dir->raw + I_BLOCK), 2, w->ctx);
	if (r)
		return r;
	/* The inode is a copy: fn may not disturb it. */
	for (uint32_t pos = INLINE_DIR_PARENT_SZ; pos < I_BLOCK_LEN; pos += len) {
		r = dir_entry(w, dir->raw + I_BLOCK + pos, I_BLOCK_LEN - pos, &len);
		if (r)
			return r;
	}
	r = inline_tail(fs, dir, &tail, &tail_len);
	if (r < 0)
		return r;
	for (uint32_t pos = 0; pos < tail_len; pos += len) {
		r = dir_entry(w, tail + pos, tail_len - pos, &len);
		if (r)
			return r;
	}
	return 0;
}

int ext_readdir(struct ext_fs *fs, const struct ext_inode *dir, ext_dir_fn fn, void *ctx)
{
	struct dir_walk w = { fs, dir, fn, ctx };
	uint32_t bs = fs->block_size;
	int r;

	fs->base.err[0] = '\0';
	if (ext_kind(dir) != FS_KIND_DIR)
		return fail(fs, -ENOTDIR, "ext: inode %u is not a directory", dir->ino);
	if (dir->flags & FL_ENCRYPT)
		return fail(fs, -EOPNOTSUPP, "ext: directory inode %u is encrypted", dir->ino);
	if (dir->flags & FL_INLINE_DATA)
		return dir_inline(&w);
	if (dir->size > fs->base.dev.size)
		return fail(fs, -EUCLEAN, "ext: directory inode %u larger than the device",
			    dir->ino);

	uint64_t nblocks = (dir->size + bs - 1) / bs;
	for (uint64_t lblk = 0; lblk < nblocks;) {
		uint64_t pblk, run;

		r = map_block(fs, dir, lblk, &pblk, &run);
		if (r < 0)
			return r;
		if (run > nblocks - lblk)
			run = nblocks - lblk;
		if (pblk == NO_BLOCK) {
			lblk += run; /* a hole in a directory holds no entries */
			continue;
		}
		for (uint64_t i = 0; i < run; i++) {
			uint32_t len;

			for (uint32_t pos = 0; pos < bs; pos += len) {
				const uint8_t *b;

				/* Again after each entry: fn may have evicted it. */
				r = meta_block(fs, pblk + i, &b);
				if (r < 0)
					return r;
				r = dir_entry(&w, b + pos, bs - pos, &len);
				if (r)
					return r;
			}
		}
		lblk += run;
	}
	return 0;
}

/* ---- path lookup: the shared walk (path_walk.h) over inodes ------------- */

struct find {
	const char *name;
	size_t len;
	uint32_t ino;
};

static int find_one(const char *name, size_t len, uint32_t ino, uint8_t type, void *ctx)
{
	struct find *f = ctx;

	(void)type;
	if (len != f->len || memcmp(name, f->name, len) != 0)
		return 0;
	f->ino = ino;
	return 1;
}

static int walk_root(void *fs, void *node)
{
	return ext_read_inode(fs, EXT_ROOT_INO, node);
}

static int walk_find(void *fs, const void *dir, const char *name, size_t len, void *out)
{
	struct find f = { name, len, 0 };
	int r = ext_readdir(fs, dir, find_one, &f);

	if (r <= 0)
		return r;
	r = ext_read_inode(fs, f.ino, out);
	return r < 0 ? r : 1;
}

static enum fs_kind walk_kind(const void *node)
{
	return ext_kind(node);
}

static int walk_readlink(void *fs, const void *node, char *buf, size_t size)
{
	return ext_readlink(fs, node, buf, size);
}

static const struct path_walk_ops walk_ops = {
	.node_size = sizeof(struct ext_inode),
	.name_max = 255,
	.max_links = EXT_MAX_SYMLINKS,
	.root = walk_root,
	.find = walk_find,
	.kind = walk_kind,
	.readlink = walk_readlink,
};

int ext_lookup(struct ext_fs *fs, const char *path, bool follow, struct ext_inode *out)
{
	struct ext_inode cur;

	return path_walk(&fs->base, &walk_ops, fs, path, follow, &cur, out);
}
