/*
 * libFuzzer harness: arbitrary bytes as the disk of a FAT12/16/32 file
 * system. Mounts it, then does what PV-GRUB does and more: looks up the
 * usual paths (in any case, through "." and ".."), lists the root and the
 * directories in it, and reads the files found there, whole and near their
 * end; the UUID and label must be printable text of the promised form.
 */
#include "lib/blockdev.h"
#include "lib/fs/fat.h"
#include "tests/fuzz/ident_check.h"
#include "tests/fuzz/mem_blockdev.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t work[FAT_WORK_SIZE];
static uint8_t buf[65536];
static struct fat_fs fs;

static void read_file(const struct fat_file *f)
{
	size_t got;

	if (fat_read(&fs, f, 0, buf, sizeof(buf), &got) == 0 && got > sizeof(buf))
		__builtin_trap();
	if (fat_read(&fs, f, f->size > 5000 ? f->size - 5000 : 0, buf, 8000, &got) == 0 &&
	    got > 8000)
		__builtin_trap();
}

struct visit {
	int depth, count;
};

static int visit(const char *name, size_t len, const struct fat_file *f, void *ctx)
{
	struct visit *v = ctx;

	if (len == 0 || len > FAT_NAME_MAX || strlen(name) != len)
		__builtin_trap();
	if (++v->count > 64)
		return 1;
	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	if (fat_kind(f) == FS_KIND_DIR && v->depth < 2) {
		struct visit sub = { v->depth + 1, 0 };
		(void)fat_readdir(&fs, f, visit, &sub);
	} else {
		read_file(f);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"/boot/grub/menu.lst",	      "/BOOT/VMLINUZ", "A Long File Name.txt",
		"dir/sub/../sub/deeper/file", "big/f-7",       "../frag",
	};
	struct blockdev dev = mem_blockdev(data, size, 0);
	struct fat_file f;
	struct visit v = { 0, 0 };

	if (fat_mount(&fs, &dev, work, sizeof(work)) != 0)
		return 0;
	IDENT_CHECK(fs_base_uuid, &fs.base, FAT_UUID_LEN, false);
	IDENT_CHECK(fs_base_label, &fs.base, FAT_LABEL_MAX, true);
	{
		char uuid[FAT_UUID_LEN + 1];

		/* upper-case XXXX-XXXX */
		if (fs_base_uuid(&fs.base, uuid, sizeof(uuid)) != 0 || strlen(uuid) != FAT_UUID_LEN)
			__builtin_trap();
		for (int i = 0; i < FAT_UUID_LEN; i++)
			if (i == 4 ? uuid[i] != '-' : !strchr("0123456789ABCDEF", uuid[i]))
				__builtin_trap();
	}
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (fat_lookup(&fs, paths[i], &f) == 0)
			read_file(&f);
	if (fat_lookup(&fs, "/", &f) == 0)
		(void)fat_readdir(&fs, &f, visit, &v);
	if (strnlen(fs_base_error(&fs.base), sizeof(fs.base.err)) >= sizeof(fs.base.err))
		__builtin_trap();
	return 0;
}
