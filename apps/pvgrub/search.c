/* GRUB 2's search --set=root over the guest's disks (see search.h). */
#include "apps/pvgrub/search.h"

#include "apps/pvgrub/files.h"
#include "drivers/blkfront.h"
#include "lib/errno.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#define MAX_PARTS 32 /* partition numbers tried on each disk */

static bool matches(const struct menu_search *s, const struct menu_device *dev)
{
	char uuid[FS_UUID_SIZE], label[FS_LABEL_SIZE];
	struct pvgrub_file f;

	switch (s->kind) {
	case MENU_SEARCH_FILE:
		return pvgrub_file_probe(dev, s->value, &f) == 0;
	case MENU_SEARCH_FS_UUID:
		return pvgrub_device_ident(dev, uuid, sizeof(uuid), label, sizeof(label)) == 0 &&
		       uuid[0] && strcasecmp(uuid, s->value) == 0;
	case MENU_SEARCH_LABEL:
		return pvgrub_device_ident(dev, uuid, sizeof(uuid), label, sizeof(label)) == 0 &&
		       label[0] && strcmp(label, s->value) == 0;
	default:
		return false;
	}
}

int pvgrub_search(const struct menu_search *s, struct menu_device *out)
{
	int disks = blkfront_count();

	if (s->kind == MENU_SEARCH_NONE || !s->value)
		return -ENOENT;
	for (int d = 0; d < disks; d++) {
		for (int p = -1; p < MAX_PARTS; p++) {
			struct menu_device dev = { MENU_DEV_HD, d, p };

			if (matches(s, &dev)) {
				*out = dev;
				return 0;
			}
		}
	}
	return -ENOENT;
}
