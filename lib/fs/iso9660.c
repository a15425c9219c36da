/*
 * Read-only ISO9660 with Rock Ridge and Joliet (see iso9660.h for what is
 * supported and the choices made). Directory records are copied out of
 * their block and checked before any field is used; extents must lie inside
 * the volume; system use entries and continuation areas are bounded.
 */
#include "lib/fs/iso9660.h"

#include "lib/errno.h"
#include "lib/format.h"
#include "lib/fs/block_cache.h"
#include "lib/fs/names.h"
#include "lib/fs/path_walk.h"
#include "lib/string.h"

/* Volume descriptors: from byte 32768, one a 2048-byte sector. */
#define VD_START	 (16 * ISO_BLOCK)
#define VD_MAX		 64
#define VD_TYPE_PRIMARY	 1
#define VD_TYPE_SUPPL	 2
#define VD_TYPE_END	 255
#define VD_ID		 1
#define VD_VOLUME_ID	 40
#define VD_VOLUME_ID_LEN 32
#define VD_MODIFIED	 830
#define VD_DATE_DIGITS	 16
#define VD_VOLUME_BLOCKS 80
#define VD_ESCAPES	 88
#define VD_BLOCK_SIZE	 128
#define VD_ROOT		 156
#define VD_ROOT_LEN	 34

/* Directory records. */
#define DR_LEN	     0
#define DR_EAR_LEN   1
#define DR_EXTENT    2
#define DR_SIZE	     10
#define DR_FLAGS     25
#define DR_UNIT_SIZE 26
#define DR_GAP	     27
#define DR_NAME_LEN  32
#define DR_NAME	     33
#define DR_MIN	     34
#define DR_MAX	     255
#define FLAG_DIR     0x02
#define FLAG_ASSOC   0x04
#define FLAG_MULTI   0x80
#define NAME_SELF    0x00
#define NAME_PARENT  0x01

/* System use entries. */
#define SUE_HDR	    4
#define SIG(a, b)   ((uint16_t)((a) << 8 | (b)))
#define NM_CONTINUE 0x01
#define NM_CURRENT  0x02
#define NM_PARENT   0x04
#define SL_CONTINUE 0x01
#define SL_CURRENT  0x02
#define SL_PARENT   0x04
#define SL_ROOT	    0x08
#define RR_NAME_MAX 255

/* fs_fail() into fs->base.err. */
#define fail(fs, e, ...) fs_base_fail(&(fs)->base, (e), __VA_ARGS__)

/* One block of metadata through the cache; valid until the next call. */
static int meta_block(struct iso_fs *fs, uint64_t block, const uint8_t **out)
{
	if (block >= fs->volume_blocks)
		return fail(fs, -EUCLEAN, "iso9660: block %llu is beyond the volume",
			    (unsigned long long)block);
	return fs_base_block(&fs->base, block, out);
}

/* ---- system use entries (SUSP, Rock Ridge) ---------------------------------- */

/* What the system use area of one record says. link, when set, receives
 * the symlink target (link_size bytes). */
struct rr {
	char name[RR_NAME_MAX + 1];
	size_t name_len;
	bool has_name, has_mode, has_sl, relocated, zisofs, has_child, has_parent;
	bool sp, rrip; /* SP, and an ER naming RRIP or an RR or PX entry */
	uint8_t skip;
	uint32_t mode, child, parent;
	char *link;
	size_t link_size, link_len;
	bool link_slash; /* the next component needs a '/' before it */
};

static int rr_append(struct iso_fs *fs, struct rr *rr, const void *s, size_t n)
{
	if (n >= rr->link_size - rr->link_len)
		return fail(fs, -E2BIG, "iso9660: symlink target too long");
	memcpy(rr->link + rr->link_len, s, n);
	rr->link_len += n;
	rr->link[rr->link_len] = '\0';
	return 0;
}

/* The components of one SL entry e (len bytes) onto rr->link. */
static int rr_symlink(struct iso_fs *fs, struct rr *rr, const uint8_t *e, size_t len)
{
	int r;

	for (size_t p = SUE_HDR + 1; p < len;) {
		if (len - p < 2 || e[p + 1] > len - p - 2)
			return fail(fs, -EUCLEAN, "iso9660: bad symlink component");
		uint8_t flags = e[p], n = e[p + 1];
		const uint8_t *text = e + p + 2;

		p += 2u + n;
		if (flags & SL_ROOT) {
			if (rr->link_len == 0 && (r = rr_append(fs, rr, "/", 1)) < 0)
				return r;
			rr->link_slash = false;
			continue;
		}
		if (rr->link_slash && (r = rr_append(fs, rr, "/", 1)) < 0)
			return r;
		if (flags & SL_CURRENT)
			r = rr_append(fs, rr, ".", 1);
		else if (flags & SL_PARENT)
			r = rr_append(fs, rr, "..", 2);
		else
			r = rr_append(fs, rr, text, n);
		if (r < 0)
			return r;
		rr->link_slash = !(flags & SL_CONTINUE);
	}
	return 0;
}

static bool rrip_id(const uint8_t *id, size_t len)
{
	static const char *const ids[] = { "RRIP_1991A", "IEEE_P1282", "IEEE_1282" };

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (len == strlen(ids[i]) && memcmp(id, ids[i], len) == 0)
			return true;
	return false;
}

/* One entry e of len bytes (at least SUE_HDR). Sets *ce when it is a CE. */
static int rr_entry(struct iso_fs *fs, struct rr *rr, const uint8_t *e, size_t len, bool *ce,
		    uint32_t *ce_where)
{
	size_t n;

	switch (SIG(e[0], e[1])) {
	case SIG('N', 'M'):
		if (len < SUE_HDR + 1)
			break;
		rr->has_name = true;
		if (e[4] & (NM_CURRENT | NM_PARENT)) {
			n = e[4] & NM_CURRENT ? 1 : 2;
			memcpy(rr->name, "..", n);
			rr->name_len = n;
			break;
		}
		n = len - SUE_HDR - 1;
		if (n > RR_NAME_MAX - rr->name_len)
			return fail(fs, -EUCLEAN, "iso9660: Rock Ridge name longer than %d bytes",
				    RR_NAME_MAX);
		memcpy(rr->name + rr->name_len, e + SUE_HDR + 1, n);
		rr->name_len += n;
		break;
	case SIG('P', 'X'):
		if (len >= 36) {
			rr->has_mode = true;
			rr->mode = get_le32(e + 4);
			rr->rrip = true;
		}
		break;
	case SIG('S', 'L'):
		if (len < SUE_HDR + 1)
			break;
		rr->has_sl = true;
		if (rr->link)
			return rr_symlink(fs, rr, e, len);
		break;
	case SIG('C', 'L'):
		if (len >= 12) {
			rr->has_child = true;
			rr->child = get_le32(e + 4);
		}
		break;
	case SIG('P', 'L'):
		if (len >= 12) {
			rr->has_parent = true;
			rr->parent = get_le32(e + 4);
		}
		break;
	case SIG('R', 'E'):
		rr->relocated = true;
		break;
	case SIG('Z', 'F'):
		rr->zisofs = true;
		break;
	case SIG('R', 'R'):
		rr->rrip = true;
		break;
	case SIG('S', 'P'):
		if (len >= 7 && e[4] == 0xbe && e[5] == 0xef) {
			rr->sp = true;
			rr->skip = e[6];
		}
		break;
	case SIG('E', 'R'):
		if (len >= 8 && e[4] <= len - 8 && rrip_id(e + 8, e[4]))
			rr->rrip = true;
		break;
	case SIG('C', 'E'):
		if (len >= 28) {
			*ce = true;
			ce_where[0] = get_le32(e + 4);
			ce_where[1] = get_le32(e + 12);
			ce_where[2] = get_le32(e + 20);
		}
		break;
	default:
		break;
	}
	return 0;
}

/* Walks the system use area sua (len bytes) of a record and the
 * continuation areas it leads to, at most ISO_MAX_CE of them. */
static int rr_parse(struct iso_fs *fs, const uint8_t *sua, size_t len, struct rr *rr)
{
	const uint8_t *a = sua;
	size_t alen = len;
	unsigned areas = 0;
	int r;

	for (;;) {
		uint32_t ce_where[3] = { 0, 0, 0 };
		bool ce = false;

		for (size_t pos = 0; alen - pos >= SUE_HDR;) {
			const uint8_t *e = a + pos;
			size_t elen = e[2];

			if (elen < SUE_HDR)
				break; /* padding */
			if (elen > alen - pos)
				return fail(fs, -EUCLEAN, "iso9660: system use entry %c%c too long",
					    e[0], e[1]);
			if (SIG(e[0], e[1]) == SIG('S', 'T'))
				break;
			r = rr_entry(fs, rr, e, elen, &ce, ce_where);
			if (r < 0)
				return r;
			pos += elen;
		}
		if (!ce)
			return 0;
		if (++areas > ISO_MAX_CE)
			return fail(fs, -EUCLEAN, "iso9660: more than %d continuation areas",
				    ISO_MAX_CE);
		if (ce_where[1] >= ISO_BLOCK || ce_where[2] > ISO_BLOCK - ce_where[1])
			return fail(fs, -EUCLEAN, "iso9660: bad continuation area");
		const uint8_t *b;
		r = meta_block(fs, ce_where[0], &b);
		if (r < 0)
			return r;
		memcpy(fs->area, b + ce_where[1], ce_where[2]);
		a = fs->area;
		alen = ce_where[2];
	}
}

/* ---- directory records ------------------------------------------------------ */

/* A directory record copied out of its block. */
struct record {
	uint8_t raw[DR_MAX];
	uint32_t block; /* where it is */
	uint16_t off;
};

static size_t rec_len(const struct record *rec)
{
	return rec->raw[DR_LEN];
}

static size_t rec_name_len(const struct record *rec)
{
	return rec->raw[DR_NAME_LEN];
}

/* Copies the record at byte off of block b and checks its lengths. */
static int record_at(struct iso_fs *fs, const uint8_t *b, uint32_t block, uint32_t off,
		     struct record *rec)
{
	size_t len = b[off];

	if (len < DR_MIN || len > ISO_BLOCK - off || b[off + DR_NAME_LEN] == 0 ||
	    b[off + DR_NAME_LEN] > len - DR_NAME)
		return fail(fs, -EUCLEAN, "iso9660: bad directory record at block %u byte %u",
			    block, off);
	memcpy(rec->raw, b + off, len);
	rec->block = block;
	rec->off = (uint16_t)off;
	return 0;
}

static bool rec_is_dot(const struct record *rec, uint8_t which)
{
	return rec_name_len(rec) == 1 && rec->raw[DR_NAME] == which;
}

/* Where the record's system use area starts. */
static size_t sua_start(const struct iso_fs *fs, const struct record *rec)
{
	size_t n = rec_name_len(rec), start = DR_NAME + n + (n % 2 == 0);

	if (!rec_is_dot(rec, NAME_SELF))
		start += fs->susp_skip;
	return start;
}

static int rr_of(struct iso_fs *fs, const struct record *rec, struct rr *rr, char *link,
		 size_t link_size)
{
	size_t start = sua_start(fs, rec);

	memset(rr, 0, sizeof(*rr));
	rr->link = link;
	rr->link_size = link_size;
	rr->link_len = 0;
	rr->link_slash = false;
	if (start >= rec_len(rec))
		return 0;
	return rr_parse(fs, rec->raw + start, rec_len(rec) - start, rr);
}

/* The data extent of a record, checked to lie inside the volume. */
static int record_extent(struct iso_fs *fs, const struct record *rec, struct iso_extent *ext)
{
	uint64_t block = (uint64_t)get_le32(rec->raw + DR_EXTENT) + rec->raw[DR_EAR_LEN];
	uint32_t len = get_le32(rec->raw + DR_SIZE);
	uint64_t blocks = ((uint64_t)len + ISO_BLOCK - 1) / ISO_BLOCK;

	if (block > fs->volume_blocks || blocks > fs->volume_blocks - block)
		return fail(fs, -EUCLEAN, "iso9660: extent at block %llu beyond the volume",
			    (unsigned long long)block);
	ext->block = (uint32_t)block;
	ext->len = len;
	return 0;
}

/* A file from its (first) record: one extent, type from the flags. */
static int record_file(struct iso_fs *fs, const struct record *rec, struct iso_file *f)
{
	memset(f, 0, sizeof(*f));
	int r = record_extent(fs, rec, &f->extent[0]);
	if (r < 0)
		return r;
	f->extents = 1;
	f->size = f->extent[0].len;
	f->rec_block = rec->block;
	f->rec_off = rec->off;
	f->mode = rec->raw[DR_FLAGS] & FLAG_DIR ? ISO_S_IFDIR | 0555 : ISO_S_IFREG | 0444;
	if (rec->raw[DR_UNIT_SIZE] || rec->raw[DR_GAP])
		f->flags |= ISO_F_INTERLEAVED;
	return 0;
}

/* The directory whose extent starts at block, from its "." record (for
 * Rock Ridge's CL and PL, which name only the block). */
static int dir_at_block(struct iso_fs *fs, uint32_t block, struct iso_file *out)
{
	struct record rec;
	const uint8_t *b;
	int r = meta_block(fs, block, &b);

	if (r < 0)
		return r;
	r = record_at(fs, b, block, 0, &rec);
	if (r < 0)
		return r;
	if (!rec_is_dot(&rec, NAME_SELF) || !(rec.raw[DR_FLAGS] & FLAG_DIR) ||
	    get_le32(rec.raw + DR_EXTENT) + rec.raw[DR_EAR_LEN] != block)
		return fail(fs, -EUCLEAN, "iso9660: no directory at block %u", block);
	return record_file(fs, &rec, out);
}

/* ---- names ---------------------------------------------------------------- */

/* Drops a version suffix (";1") and then a trailing dot. */
static size_t strip_version(const char *name, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (name[i] == ';') {
			n = i;
			break;
		}
	if (n > 1 && name[n - 1] == '.')
		n--;
	return n;
}

/* The name of a record in the chosen naming into out (ISO_NAME_MAX + 1). */
static size_t record_name(const struct iso_fs *fs, const struct record *rec, const struct rr *rr,
			  char *out)
{
	const uint8_t *id = rec->raw + DR_NAME;
	size_t n = rec_name_len(rec);

	if (rr->has_name) {
		memcpy(out, rr->name, rr->name_len);
		out[rr->name_len] = '\0';
		return rr->name_len;
	}
	if (rec_is_dot(rec, NAME_SELF) || rec_is_dot(rec, NAME_PARENT)) {
		n = rec_is_dot(rec, NAME_SELF) ? 1 : 2;
		memcpy(out, "..", n);
		out[n] = '\0';
		return n;
	}
	if (fs->names == ISO_NAMES_JOLIET) {
		uint16_t units[DR_MAX / 2];
		size_t u = n / 2;

		for (size_t i = 0; i < u; i++)
			units[i] = (uint16_t)(id[2 * i] << 8 | id[2 * i + 1]);
		int len = fs_utf16_to_utf8(units, u, out, ISO_NAME_MAX + 1);
		n = len < 0 ? 0 : (size_t)len; /* cannot fail: 3 * 111 < ISO_NAME_MAX */
	} else {
		memcpy(out, id, n);
	}
	n = strip_version(out, n);
	out[n] = '\0';
	return n;
}

/* ---- directories ---------------------------------------------------------- */

/* One directory entry as the walk hands it on. */
struct entry {
	char name[ISO_NAME_MAX + 1];
	size_t len;
	struct iso_file file;
	uint8_t id[DR_MAX]; /* the record's identifier, to match the extents of a file */
	size_t id_len;
};

/* Fills e from record rec (its first one, for a file in several extents). */
static int make_entry(struct iso_fs *fs, const struct record *rec, struct entry *e, bool *skip)
{
	struct rr rr;
	int r;

	*skip = false;
	r = record_file(fs, rec, &e->file);
	if (r < 0)
		return r;
	memset(&rr, 0, sizeof(rr));
	if (fs->names == ISO_NAMES_ROCK_RIDGE) {
		r = rr_of(fs, rec, &rr, NULL, 0);
		if (r < 0)
			return r;
	}
	e->len = record_name(fs, rec, &rr, e->name);
	e->id_len = rec_name_len(rec);
	memcpy(e->id, rec->raw + DR_NAME, e->id_len);
	if ((rec->raw[DR_FLAGS] & FLAG_ASSOC) || rr.relocated) {
		*skip = true; /* associated files; relocated directories (shown via CL) */
		return 0;
	}
	if (rr.zisofs)
		e->file.flags |= ISO_F_ZISOFS;
	if (rr.has_child)
		return dir_at_block(fs, rr.child, &e->file);
	if (rr.has_parent && rec_is_dot(rec, NAME_PARENT))
		return dir_at_block(fs, rr.parent, &e->file);
	if (iso_kind(&e->file) != FS_KIND_DIR) {
		if (rr.has_mode) {
			uint32_t type = rr.mode & ISO_S_IFMT;

			if (type == ISO_S_IFDIR) /* not a directory to ISO9660 */
				type = ISO_S_IFREG;
			e->file.mode = type | (rr.mode & 07777);
		} else if (rr.has_sl) {
			e->file.mode = ISO_S_IFLNK | 0777;
		}
	} else if (rr.has_mode) {
		e->file.mode = ISO_S_IFDIR | (rr.mode & 07777);
	}
	return 0;
}

typedef int (*walk_fn)(struct iso_fs *fs, const struct entry *e, void *ctx);

/* Adds the extent of record rec to e's file (a later part of it). */
static int add_extent(struct iso_fs *fs, struct entry *e, const struct record *rec)
{
	struct iso_file *f = &e->file;

	if (rec_name_len(rec) != e->id_len || memcmp(rec->raw + DR_NAME, e->id, e->id_len) != 0)
		return fail(fs, -EUCLEAN, "iso9660: %s: extents of a file end early", e->name);
	if (f->extents == ISO_MAX_EXTENTS)
		return fail(fs, -EOPNOTSUPP, "iso9660: %s: more than %d extents", e->name,
			    ISO_MAX_EXTENTS);
	int r = record_extent(fs, rec, &f->extent[f->extents]);
	if (r < 0)
		return r;
	f->size += f->extent[f->extents].len;
	f->extents++;
	return 0;
}

/* Calls fn for every entry of dir. fn's nonzero return stops the walk and
 * is returned. */
static int walk_dir(struct iso_fs *fs, const struct iso_file *dir, walk_fn fn, void *ctx)
{
	const struct iso_extent *x = &dir->extent[0];
	struct record rec;
	struct entry e;
	bool pending = false, skip = false;
	int r;

	if (iso_kind(dir) != FS_KIND_DIR)
		return fail(fs, -ENOTDIR, "iso9660: not a directory");
	for (uint64_t off = 0; off < x->len;) {
		uint32_t in = (uint32_t)(off % ISO_BLOCK),
			 block = x->block + (uint32_t)(off / ISO_BLOCK);
		const uint8_t *b;

		/* Again for each record: fn may have used the cache. */
		r = meta_block(fs, block, &b);
		if (r < 0)
			return r;
		if (b[in] == 0) { /* the rest of the block is unused */
			off += ISO_BLOCK - in;
			continue;
		}
		r = record_at(fs, b, block, in, &rec);
		if (r < 0)
			return r;
		off += rec_len(&rec);

		if (pending)
			r = add_extent(fs, &e, &rec);
		else
			r = make_entry(fs, &rec, &e, &skip);
		if (r < 0)
			return r;
		pending = rec.raw[DR_FLAGS] & FLAG_MULTI;
		if (pending || skip)
			continue;
		r = fn(fs, &e, ctx);
		if (r)
			return r;
	}
	if (pending)
		return fail(fs, -EUCLEAN, "iso9660: %s: its last extent is missing", e.name);
	return 0;
}

struct readdir_ctx {
	iso_dir_fn fn;
	void *ctx;
};

static int readdir_one(struct iso_fs *fs, const struct entry *e, void *ctx)
{
	struct readdir_ctx *c = ctx;

	(void)fs;
	return c->fn(e->name, e->len, &e->file, c->ctx);
}

int iso_readdir(struct iso_fs *fs, const struct iso_file *dir, iso_dir_fn fn, void *ctx)
{
	struct readdir_ctx c = { fn, ctx };

	fs->base.err[0] = '\0';
	return walk_dir(fs, dir, readdir_one, &c);
}

/* ---- reading files and symlinks ------------------------------------------- */

int iso_read(struct iso_fs *fs, const struct iso_file *f, uint64_t offset, void *buf, size_t len,
	     size_t *done)
{
	uint8_t *dst = buf;
	uint64_t start = 0; /* of the extent in the file */
	int r;

	*done = 0;
	fs->base.err[0] = '\0';
	if (f->flags & ISO_F_ZISOFS)
		return fail(fs, -EOPNOTSUPP, "iso9660: file compressed with zisofs");
	if (f->flags & ISO_F_INTERLEAVED)
		return fail(fs, -EOPNOTSUPP, "iso9660: interleaved file");
	if (offset >= f->size)
		return 0;
	if (len > f->size - offset)
		len = (size_t)(f->size - offset);
	for (unsigned i = 0; i < f->extents && i < ISO_MAX_EXTENTS && len > 0; i++) {
		const struct iso_extent *x = &f->extent[i];

		if (offset < start + x->len) {
			uint64_t in = offset - start;
			size_t n = x->len - in < len ? (size_t)(x->len - in) : len;

			r = fs_base_read(&fs->base, (uint64_t)x->block * ISO_BLOCK + in, dst, n);
			if (r < 0)
				return r;
			dst += n;
			offset += n;
			len -= n;
			*done += n;
		}
		start += x->len;
	}
	if (len > 0)
		return fail(fs, -EUCLEAN, "iso9660: extents shorter than the file");
	return 0;
}

int iso_readlink(struct iso_fs *fs, const struct iso_file *f, char *buf, size_t size)
{
	struct record rec;
	struct rr rr;
	const uint8_t *b;
	int r;

	fs->base.err[0] = '\0';
	if (iso_kind(f) != FS_KIND_SYMLINK || fs->names != ISO_NAMES_ROCK_RIDGE)
		return fail(fs, -EINVAL, "iso9660: not a symlink");
	if (size == 0)
		return fail(fs, -E2BIG, "iso9660: symlink target too long");
	if (f->rec_off >= ISO_BLOCK)
		return fail(fs, -EUCLEAN, "iso9660: bad directory record place");
	r = meta_block(fs, f->rec_block, &b);
	if (r < 0)
		return r;
	r = record_at(fs, b, f->rec_block, f->rec_off, &rec);
	if (r < 0)
		return r;
	buf[0] = '\0';
	r = rr_of(fs, &rec, &rr, buf, size);
	if (r < 0)
		return r;
	if (!rr.has_sl || rr.link_len == 0)
		return fail(fs, -EUCLEAN, "iso9660: symlink without a target");
	return 0;
}

/* ---- mount ------------------------------------------------------------------ */

/* What a volume descriptor says of the volume's identity, kept while the
 * descriptors are read. */
struct vd_identity {
	uint8_t volume_id[VD_VOLUME_ID_LEN];
	uint8_t modified[VD_DATE_DIGITS];
};

static void vd_identity_of(const uint8_t *vd, struct vd_identity *id)
{
	memcpy(id->volume_id, vd + VD_VOLUME_ID, sizeof(id->volume_id));
	memcpy(id->modified, vd + VD_MODIFIED, sizeof(id->modified));
}

_Static_assert(ISO_UUID_LEN == VD_DATE_DIGITS + 6, "the UUID's text fits");
_Static_assert(ISO_LABEL_MAX >= 3 * (VD_VOLUME_ID_LEN / 2) && ISO_LABEL_MAX >= VD_VOLUME_ID_LEN,
	       "the label's text fits");

/* The UUID and label as GRUB 2 gives them, from the descriptor in use. */
static void keep_identity(struct iso_fs *fs, const struct vd_identity *id, bool joliet)
{
	size_t o = 0;
	bool dated = false;

	for (unsigned i = 0; i < VD_DATE_DIGITS; i++) {
		uint8_t c = id->modified[i];

		dated |= c != 0;
		/* YYYY-MM-DD-HH-MM-SS-CC */
		if (i >= 4 && i % 2 == 0)
			fs->base.uuid[o++] = '-';
		fs->base.uuid[o++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	fs->base.uuid[dated ? o : 0] = '\0';

	if (!joliet) {
		fs_label_text(id->volume_id, VD_VOLUME_ID_LEN, true, fs->base.label);
		return;
	}
	uint16_t units[VD_VOLUME_ID_LEN / 2];
	char utf8[ISO_LABEL_MAX + 1];
	size_t n = 0;

	while (n < VD_VOLUME_ID_LEN / 2) {
		units[n] = (uint16_t)(id->volume_id[2 * n] << 8 | id->volume_id[2 * n + 1]);
		if (units[n] == 0)
			break;
		n++;
	}
	int len = fs_utf16_to_utf8(units, n, utf8, sizeof(utf8));
	fs_label_text((const uint8_t *)utf8, len > 0 ? (size_t)len : 0, true, fs->base.label);
}

/* The file described by the 34-byte root record of a volume descriptor. */
static int root_of(struct iso_fs *fs, const uint8_t *vd, uint32_t block, struct iso_file *root)
{
	struct record rec;
	int r;

	if (vd[VD_ROOT + DR_LEN] != VD_ROOT_LEN)
		return fail(fs, -EUCLEAN, "iso9660: bad root directory record");
	r = record_at(fs, vd + VD_ROOT, block, 0, &rec);
	if (r < 0)
		return r;
	r = record_file(fs, &rec, root);
	if (r < 0)
		return r;
	if (iso_kind(root) != FS_KIND_DIR || root->size == 0)
		return fail(fs, -EUCLEAN, "iso9660: bad root directory record");
	root->rec_off = 0;
	return 0;
}

/* Rock Ridge is in use when the root's "." record starts with SP and says
 * RRIP somewhere. */
static int detect_rock_ridge(struct iso_fs *fs)
{
	struct record rec;
	struct rr rr;
	const uint8_t *b;
	int r = meta_block(fs, fs->root.extent[0].block, &b);

	if (r < 0)
		return r;
	r = record_at(fs, b, fs->root.extent[0].block, 0, &rec);
	if (r < 0)
		return r;
	size_t start = sua_start(fs, &rec);
	if (!rec_is_dot(&rec, NAME_SELF) || start + 7 > rec_len(&rec) ||
	    memcmp(rec.raw + start, "SP", 2) != 0)
		return 0;
	r = rr_of(fs, &rec, &rr, NULL, 0);
	if (r < 0)
		return r;
	if (rr.sp && rr.rrip) {
		fs->names = ISO_NAMES_ROCK_RIDGE;
		fs->susp_skip = rr.skip;
	}
	return 0;
}

int iso_mount(struct iso_fs *fs, const struct blockdev *dev, void *work, size_t work_size)
{
	uint8_t pvd_root[VD_ROOT + VD_ROOT_LEN], joliet_root[VD_ROOT + VD_ROOT_LEN];
	struct vd_identity pvd_id = { 0 }, joliet_id = { 0 };
	bool have_pvd = false, have_joliet = false;
	uint32_t block_size = 0;
	int r;

	memset(fs, 0, sizeof(*fs));
	fs_base_init(&fs->base, "iso9660", dev);
	if (dev->size < VD_START + ISO_BLOCK)
		return fail(fs, -EINVAL, "iso9660: device too small for a file system");
	for (unsigned i = 0; i < VD_MAX; i++) {
		uint64_t off = VD_START + (uint64_t)i * ISO_BLOCK;
		uint8_t *vd = fs->area;

		if (off + ISO_BLOCK > dev->size)
			break;
		r = fs_base_read(&fs->base, off, vd, ISO_BLOCK);
		if (r < 0)
			return r;
		if (memcmp(vd + VD_ID, "CD001", 5) != 0) {
			if (i == 0)
				return fail(fs, -EINVAL, "iso9660: no volume descriptor");
			break;
		}
		if (vd[0] == VD_TYPE_END)
			break;
		if (vd[0] == VD_TYPE_PRIMARY && !have_pvd) {
			have_pvd = true;
			fs->volume_blocks = get_le32(vd + VD_VOLUME_BLOCKS);
			block_size = get_le16(vd + VD_BLOCK_SIZE);
			memcpy(pvd_root, vd, sizeof(pvd_root));
			vd_identity_of(vd, &pvd_id);
		} else if (vd[0] == VD_TYPE_SUPPL && !have_joliet && vd[VD_ESCAPES] == '%' &&
			   vd[VD_ESCAPES + 1] == '/' &&
			   (vd[VD_ESCAPES + 2] == '@' || vd[VD_ESCAPES + 2] == 'C' ||
			    vd[VD_ESCAPES + 2] == 'E')) {
			have_joliet = true;
			memcpy(joliet_root, vd, sizeof(joliet_root));
			vd_identity_of(vd, &joliet_id);
		}
	}
	if (!have_pvd)
		return fail(fs, -EUCLEAN, "iso9660: no primary volume descriptor");
	if (block_size != ISO_BLOCK)
		return fail(fs, -EOPNOTSUPP, "iso9660: logical blocks of %u bytes", block_size);
	if (fs->volume_blocks <= VD_START / ISO_BLOCK)
		return fail(fs, -EUCLEAN, "iso9660: volume of %u blocks", fs->volume_blocks);

	if (!work || work_size < 2u * ISO_BLOCK)
		return fail(fs, -ENOMEM, "iso9660: work area of %zu bytes too small", work_size);
	block_cache_init(&fs->base.cache, fs->base.name, work, work_size, ISO_BLOCK);

	r = root_of(fs, pvd_root, VD_START / ISO_BLOCK, &fs->root);
	if (r < 0)
		return r;
	r = detect_rock_ridge(fs);
	if (r < 0)
		return r;
	if (fs->names != ISO_NAMES_ROCK_RIDGE && have_joliet) {
		struct iso_file jroot;

		/* A damaged Joliet tree leaves the primary one's names. */
		if (root_of(fs, joliet_root, VD_START / ISO_BLOCK, &jroot) == 0) {
			fs->root = jroot;
			fs->names = ISO_NAMES_JOLIET;
		}
	}
	if (fs->names == ISO_NAMES_JOLIET)
		keep_identity(fs, &joliet_id, true);
	else
		keep_identity(fs, &pvd_id, false);
	fs->base.err[0] = '\0';
	return 0;
}

/* ---- path lookup: the shared walk (path_walk.h) over records ------------ */

struct find {
	const char *name;
	size_t len;
	bool nocase;
	struct iso_file file;
};

static int find_one(struct iso_fs *fs, const struct entry *e, void *ctx)
{
	struct find *f = ctx;

	(void)fs;
	if (f->nocase ? !fs_name_eq_nocase(e->name, e->len, f->name, f->len)
		      : (e->len != f->len || memcmp(e->name, f->name, f->len) != 0))
		return 0;
	f->file = e->file;
	return 1;
}

static int walk_root(void *fs, void *node)
{
	*(struct iso_file *)node = ((struct iso_fs *)fs)->root;
	return 0;
}

/* Only plain ISO names are compared regardless of case. */
static int walk_find(void *fs, const void *dir, const char *name, size_t len, void *out)
{
	struct iso_fs *iso = fs;
	struct find f = { name, len, iso->names == ISO_NAMES_PLAIN, { 0 } };
	int r = walk_dir(iso, dir, find_one, &f);

	if (r > 0)
		*(struct iso_file *)out = f.file;
	return r;
}

static enum fs_kind walk_kind(const void *node)
{
	return iso_kind(node);
}

static int walk_readlink(void *fs, const void *node, char *buf, size_t size)
{
	return iso_readlink(fs, node, buf, size);
}

static const struct path_walk_ops walk_ops = {
	.node_size = sizeof(struct iso_file),
	.name_max = ISO_NAME_MAX,
	.max_links = ISO_MAX_SYMLINKS,
	.root = walk_root,
	.find = walk_find,
	.kind = walk_kind,
	.readlink = walk_readlink,
};

int iso_lookup(struct iso_fs *fs, const char *path, bool follow, struct iso_file *out)
{
	struct iso_file cur;

	return path_walk(&fs->base, &walk_ops, fs, path, follow, &cur, out);
}
