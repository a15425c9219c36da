/*
 * libFuzzer harness: arbitrary bytes as the disk of an ext2/3/4 file
 * system. Mounts it, then does what PV-GRUB does and more: looks up the
 * usual paths (following symlinks), lists the root and the directories in
 * it, reads files and symlinks found there, and reads the first inodes
 * directly whatever their type; the UUID and label must be printable text
 * of the promised form.
 */
#include "lib/blockdev.h"
#include "lib/fs/ext.h"
#include "tests/fuzz/ident_check.h"
#include "tests/fuzz/mem_blockdev.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t work[2 * EXT_MAX_BLOCKSIZE];
static uint8_t buf[65536];
static struct ext_fs fs;

static void read_file(const struct ext_inode *in)
{
	size_t got;
	char target[EXT_PATH_MAX];

	if (ext_read(&fs, in, 0, buf, sizeof(buf), &got) == 0 && got > sizeof(buf))
		__builtin_trap();
	if (ext_read(&fs, in, in->size > 5000 ? in->size - 5000 : 0, buf, 8000, &got) == 0 &&
	    got > 8000)
		__builtin_trap();
	if (ext_kind(in) == FS_KIND_SYMLINK && ext_readlink(&fs, in, target, sizeof(target)) == 0 &&
	    strlen(target) >= sizeof(target))
		__builtin_trap();
}

struct visit {
	int depth, count;
};

static int visit(const char *name, size_t len, uint32_t ino, uint8_t type, void *ctx)
{
	struct visit *v = ctx;
	struct ext_inode in;

	(void)type;
	if (len == 0 || len > 255)
		__builtin_trap();
	if (++v->count > 64)
		return 1;
	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	if (ext_read_inode(&fs, ino, &in) != 0)
		return 0;
	if (ext_kind(&in) == FS_KIND_DIR && v->depth < 2) {
		struct visit sub = { v->depth + 1, 0 };
		(void)ext_readdir(&fs, &in, visit, &sub);
	} else {
		read_file(&in);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"/boot/grub/menu.lst",
		"/boot/vmlinuz",
		"links/fast",
		"links/slow",
		"links/abs-dir/menu.lst",
		"dir/sub/../sub/deeper/file",
		"big/f-7",
	};
	struct blockdev dev = mem_blockdev(data, size, 0);
	struct ext_inode in;
	struct visit v = { 0, 0 };

	if (ext_mount(&fs, &dev, work, sizeof(work)) != 0)
		return 0;
	IDENT_CHECK(fs_base_uuid, &fs.base, EXT_UUID_LEN, false);
	IDENT_CHECK(fs_base_label, &fs.base, EXT_LABEL_MAX, true);
	{
		char uuid[EXT_UUID_LEN + 1];

		/* lowercase 8-4-4-4-12 hex */
		if (fs_base_uuid(&fs.base, uuid, sizeof(uuid)) != 0 || strlen(uuid) != EXT_UUID_LEN)
			__builtin_trap();
		for (int i = 0; i < EXT_UUID_LEN; i++)
			if ((i == 8 || i == 13 || i == 18 || i == 23)
				    ? uuid[i] != '-'
				    : !strchr("0123456789abcdef", uuid[i]))
				__builtin_trap();
	}
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (ext_lookup(&fs, paths[i], true, &in) == 0)
			read_file(&in);
	if (ext_lookup(&fs, "/", true, &in) == 0)
		(void)ext_readdir(&fs, &in, visit, &v);
	for (uint32_t ino = 1; ino <= 16; ino++)
		if (ext_read_inode(&fs, ino, &in) == 0)
			read_file(&in);
	if (strnlen(fs_base_error(&fs.base), sizeof(fs.base.err)) >= sizeof(fs.base.err))
		__builtin_trap();
	return 0;
}
