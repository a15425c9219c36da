/*
 * libFuzzer harness: arbitrary bytes as an ISO9660 image (with or without
 * Rock Ridge and Joliet). Mounts it, then does what PV-GRUB does and more:
 * looks up the usual paths (following symlinks), lists the root and the
 * directories in it, and reads the files and symlinks found there; the
 * UUID and label must be printable text of the promised form.
 */
#include "lib/blockdev.h"
#include "lib/fs/iso9660.h"
#include "tests/fuzz/ident_check.h"
#include "tests/fuzz/mem_blockdev.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t work[ISO_WORK_SIZE];
static uint8_t buf[65536];
static struct iso_fs fs;

static void read_file(const struct iso_file *f)
{
	size_t got;
	char target[ISO_PATH_MAX];

	if (iso_read(&fs, f, 0, buf, sizeof(buf), &got) == 0 && got > sizeof(buf))
		__builtin_trap();
	if (iso_read(&fs, f, f->size > 5000 ? f->size - 5000 : 0, buf, 8000, &got) == 0 &&
	    got > 8000)
		__builtin_trap();
	if (iso_kind(f) == FS_KIND_SYMLINK && iso_readlink(&fs, f, target, sizeof(target)) == 0 &&
	    strlen(target) >= sizeof(target))
		__builtin_trap();
}

struct visit {
	int depth, count;
};

static int visit(const char *name, size_t len, const struct iso_file *f, void *ctx)
{
	struct visit *v = ctx;

	if (len > ISO_NAME_MAX || strnlen(name, ISO_NAME_MAX + 1) > len)
		__builtin_trap();
	if (++v->count > 64)
		return 1;
	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	if (iso_kind(f) == FS_KIND_DIR && v->depth < 2) {
		struct visit sub = { v->depth + 1, 0 };
		(void)iso_readdir(&fs, f, visit, &sub);
	} else {
		read_file(f);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"/boot/grub/menu.lst",
		"/boot/vmlinuz",
		"links/fast",
		"links/abs-dir/menu.lst",
		"dir/sub/../sub/deeper/file",
		"d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/file",
		"BOOT/GRUB/MENU.LST",
	};
	struct blockdev dev = mem_blockdev(data, size, 0);
	struct iso_file f;
	struct visit v = { 0, 0 };

	if (iso_mount(&fs, &dev, work, sizeof(work)) != 0)
		return 0;
	IDENT_CHECK(fs_base_uuid, &fs.base, ISO_UUID_LEN, true);
	IDENT_CHECK(fs_base_label, &fs.base, ISO_LABEL_MAX, true);
	{
		char uuid[ISO_UUID_LEN + 1];

		/* YYYY-MM-DD-HH-MM-SS-CC, when there is one */
		if (fs_base_uuid(&fs.base, uuid, sizeof(uuid)) == 0) {
			if (strlen(uuid) != ISO_UUID_LEN)
				__builtin_trap();
			for (int i = 4; i < ISO_UUID_LEN; i += 3)
				if (uuid[i] != '-')
					__builtin_trap();
		}
	}
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (iso_lookup(&fs, paths[i], true, &f) == 0)
			read_file(&f);
	if (iso_lookup(&fs, "links/fast", false, &f) == 0)
		read_file(&f);
	if (iso_lookup(&fs, "/", true, &f) == 0)
		(void)iso_readdir(&fs, &f, visit, &v);
	if (strnlen(fs_base_error(&fs.base), sizeof(fs.base.err)) >= sizeof(fs.base.err))
		__builtin_trap();
	return 0;
}
