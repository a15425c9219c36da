/*
 * lib/fs/path_walk: the walk every reader's lookup is, over a made-up file
 * system in memory: names, empty names and "." and "..", symlinks spliced
 * in (absolute targets from the root, relative ones from the link's
 * directory, the last name's only when asked), loops and chains longer
 * than the limit, paths too long before and after splicing, names too
 * long, a file system without symlinks, and errors of the reader's own.
 */
#include "lib/errno.h"
#include "lib/fs/path_walk.h"
#include "tests/unit/check.h"

#include <string.h>

/* A node is its number in nodes[]. */
struct fake_node {
	int n;
};

static const struct {
	enum fs_kind kind;
	const char *target; /* symlinks */
} nodes[] = {
	[0] = { FS_KIND_DIR, NULL },		   /* / */
	[1] = { FS_KIND_DIR, NULL },		   /* /boot */
	[2] = { FS_KIND_DIR, NULL },		   /* /boot/grub */
	[3] = { FS_KIND_REG, NULL },		   /* /file */
	[4] = { FS_KIND_REG, NULL },		   /* /boot/grub/menu.lst */
	[5] = { FS_KIND_SYMLINK, "/boot" },	   /* /abs */
	[6] = { FS_KIND_SYMLINK, "boot/grub" },	   /* /rel */
	[7] = { FS_KIND_SYMLINK, "loop" },	   /* /loop */
	[8] = { FS_KIND_SYMLINK, "../file" },	   /* /boot/up */
	[9] = { FS_KIND_DIR, NULL },		   /* /bad: cannot be read */
	[10] = { FS_KIND_SYMLINK, "l2" },	   /* /l1 ... */
	[11] = { FS_KIND_SYMLINK, "l3" },	   /* /l2 */
	[12] = { FS_KIND_SYMLINK, "l4" },	   /* /l3 */
	[13] = { FS_KIND_SYMLINK, "l5" },	   /* /l4 */
	[14] = { FS_KIND_SYMLINK, "l6" },	   /* /l5 */
	[15] = { FS_KIND_SYMLINK, "l7" },	   /* /l6 */
	[16] = { FS_KIND_SYMLINK, "l8" },	   /* /l7 */
	[17] = { FS_KIND_SYMLINK, "l9" },	   /* /l8 */
	[18] = { FS_KIND_SYMLINK, "file" },	   /* /l9 */
	[19] = { FS_KIND_SYMLINK, NULL },	   /* /big: a long target */
	[20] = { FS_KIND_SYMLINK, "/boot/grub/" }, /* /boot/grub/self-abs */
};

static const struct {
	int dir;
	const char *name;
	int node;
} entries[] = {
	{ 0, ".", 0 },	      { 0, "..", 0 },	     { 0, "boot", 1 }, { 0, "file", 3 },
	{ 0, "abs", 5 },      { 0, "rel", 6 },	     { 0, "loop", 7 }, { 0, "bad", 9 },
	{ 0, "l1", 10 },      { 0, "l2", 11 },	     { 0, "l3", 12 },  { 0, "l4", 13 },
	{ 0, "l5", 14 },      { 0, "l6", 15 },	     { 0, "l7", 16 },  { 0, "l8", 17 },
	{ 0, "l9", 18 },      { 0, "big", 19 },	     { 1, ".", 1 },    { 1, "..", 0 },
	{ 1, "grub", 2 },     { 1, "up", 8 },	     { 2, ".", 2 },    { 2, "..", 1 },
	{ 2, "menu.lst", 4 }, { 2, "self-abs", 20 },
};

struct fake_fs {
	struct fs_base base;
	char big_target[FS_PATH_MAX];
	int finds, readlinks;
};

static int fake_root(void *fs, void *node)
{
	(void)fs;
	((struct fake_node *)node)->n = 0;
	return 0;
}

static int fake_find(void *fs, const void *dir, const char *name, size_t len, void *out)
{
	struct fake_fs *f = fs;
	int d = ((const struct fake_node *)dir)->n;

	f->finds++;
	if (d == 9)
		return fs_base_fail(&f->base, -EIO, "t: cannot read directory %d", d);
	for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); i++)
		if (entries[i].dir == d && strlen(entries[i].name) == len &&
		    memcmp(entries[i].name, name, len) == 0) {
			((struct fake_node *)out)->n = entries[i].node;
			return 1;
		}
	return 0;
}

static enum fs_kind fake_kind(const void *node)
{
	return nodes[((const struct fake_node *)node)->n].kind;
}

static int fake_readlink(void *fs, const void *node, char *buf, size_t size)
{
	struct fake_fs *f = fs;
	int n = ((const struct fake_node *)node)->n;
	const char *t = n == 19 ? f->big_target : nodes[n].target;

	f->readlinks++;
	if (strlen(t) >= size)
		return fs_base_fail(&f->base, -E2BIG, "t: target too long");
	strcpy(buf, t);
	return 0;
}

static const struct path_walk_ops ops = {
	.node_size = sizeof(struct fake_node),
	.name_max = 16,
	.max_links = 8,
	.root = fake_root,
	.find = fake_find,
	.kind = fake_kind,
	.readlink = fake_readlink,
};

static struct fake_fs fake;

static void fake_init(void)
{
	memset(&fake, 0, sizeof(fake));
	fake.base.name = "t";
}

/* The node path names (-errno when the walk fails). */
static int walk(const struct path_walk_ops *o, const char *path, bool follow)
{
	struct fake_node cur, out;
	int r = path_walk(&fake.base, o, &fake, path, follow, &cur, &out);

	return r < 0 ? r : out.n;
}

TEST(path_walk_names_dots_and_empty_names)
{
	fake_init();
	CHECK_INT(walk(&ops, "/boot/grub/menu.lst", true), 4);
	CHECK_STR(fs_base_error(&fake.base), "");
	CHECK_INT(walk(&ops, "boot//grub/./menu.lst", true), 4);
	CHECK_INT(walk(&ops, "boot/grub/../grub/menu.lst", true), 4);
	CHECK_INT(walk(&ops, "/../boot/..", true), 0);
	CHECK_INT(walk(&ops, "/", true), 0);
	CHECK_INT(walk(&ops, "", true), 0);
	CHECK_INT(walk(&ops, "///boot/", true), 1);
}

TEST(path_walk_splices_symlinks)
{
	fake_init();
	/* An absolute target starts again at the root. */
	CHECK_INT(walk(&ops, "abs/grub/menu.lst", true), 4);
	CHECK_INT(walk(&ops, "boot/grub/self-abs/menu.lst", true), 4);
	/* A relative one resolves in the link's directory, ".." included. */
	CHECK_INT(walk(&ops, "rel/menu.lst", true), 4);
	CHECK_INT(walk(&ops, "boot/up", true), 3);
	CHECK_INT(walk(&ops, "/boot/grub/../up", true), 3);
	/* The last name's link is followed only when asked; the others are. */
	CHECK_INT(walk(&ops, "abs", true), 1);
	CHECK_INT(walk(&ops, "abs", false), 5);
	CHECK_INT(walk(&ops, "abs/", false), 1);
	CHECK_INT(walk(&ops, "boot/up", false), 8);
	fake.readlinks = 0;
	CHECK_INT(walk(&ops, "/boot/grub/menu.lst", true), 4);
	CHECK_INT(fake.readlinks, 0);
}

TEST(path_walk_limits_symlinks)
{
	fake_init();
	CHECK_INT(walk(&ops, "loop", true), -ELOOP);
	CHECK_STR(fs_base_error(&fake.base), "t: loop: too many levels of symlinks");
	CHECK_INT(fake.readlinks, 8);
	CHECK_INT(walk(&ops, "loop", false), 7);
	/* l2 -> l3 ... l9 -> file: eight links; l1 is a ninth. */
	CHECK_INT(walk(&ops, "l2", true), 3);
	CHECK_INT(walk(&ops, "l1", true), -ELOOP);
	CHECK_STR(fs_base_error(&fake.base), "t: l9: too many levels of symlinks");
	CHECK_INT(walk(&ops, "l1", false), 10);
}

TEST(path_walk_refuses_paths_too_long)
{
	static char path[FS_PATH_MAX + 1];

	fake_init();
	memset(path, '/', FS_PATH_MAX - 1);
	path[FS_PATH_MAX - 1] = '\0';
	CHECK_INT(walk(&ops, path, true), 0);
	path[FS_PATH_MAX - 1] = '/';
	path[FS_PATH_MAX] = '\0';
	CHECK_INT(walk(&ops, path, true), -E2BIG);
	CHECK_STR(fs_base_error(&fake.base), "t: path too long");
	CHECK_INT(fake.finds, 0);

	/* A target that fits, but not with what follows it (the message
	 * names the path after each splice). */
	memset(fake.big_target, '/', 900);
	strcpy(fake.big_target + 900, "boot");
	CHECK_INT(walk(&ops, "big", true), 1);
	memset(path, 0, sizeof(path));
	strcpy(path, "big/");
	memset(path + 4, '/', 20);
	strcat(path, "grub");
	CHECK_INT(walk(&ops, path, true), 2);
	memset(path + 4, '/', 150);
	CHECK_INT(walk(&ops, path, true), -E2BIG);
	CHECK_STR(fs_base_error(&fake.base), "t: path too long after symlinks");
}

TEST(path_walk_errors_name_where)
{
	static char name[40];

	fake_init();
	CHECK_INT(walk(&ops, "boot/missing", true), -ENOENT);
	CHECK_STR(fs_base_error(&fake.base), "t: boot/missing: not found");
	CHECK_INT(walk(&ops, "file/x", true), -ENOTDIR);
	CHECK_STR(fs_base_error(&fake.base), "t: file/: not a directory");
	CHECK_INT(walk(&ops, "file/", true), -ENOTDIR);
	CHECK_STR(fs_base_error(&fake.base), "t: file/: not a directory");
	CHECK_INT(walk(&ops, "abs/up/", true), -ENOTDIR);
	CHECK_STR(fs_base_error(&fake.base), "t: ../file/: not a directory");
	/* Names longer than the reader's are not looked for. */
	memset(name, 'n', 17);
	fake.finds = 0;
	CHECK_INT(walk(&ops, name, true), -ENOENT);
	CHECK_STR(fs_base_error(&fake.base), "t: nnnnnnnnnnnnnnnnn: name too long");
	CHECK_INT(fake.finds, 0);
	name[16] = '\0';
	CHECK_INT(walk(&ops, name, true), -ENOENT);
	CHECK_STR(fs_base_error(&fake.base), "t: nnnnnnnnnnnnnnnn: not found");
	/* The reader's own errors and messages pass through. */
	CHECK_INT(walk(&ops, "bad/x", true), -EIO);
	CHECK_STR(fs_base_error(&fake.base), "t: cannot read directory 9");
}

TEST(path_walk_without_symlinks)
{
	struct path_walk_ops plain = ops;

	plain.readlink = NULL;
	fake_init();
	CHECK_INT(walk(&plain, "abs", true), 5);
	CHECK_INT(walk(&plain, "abs/grub", true), -ENOTDIR);
	CHECK_INT(fake.readlinks, 0);
}
