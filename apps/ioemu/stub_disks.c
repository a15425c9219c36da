/*
 * Pairing IDE slots with the stub's PV disks (see stub_disks.h): every PV
 * disk opened in turn, its number decoded, kept when a slot names its
 * disk, closed otherwise.
 */
#define LOG_TAG "ioemu"
#include "apps/ioemu/stub_disks.h"

#include "drivers/blkfront.h"
#include "kernel/log.h"
#include "lib/vbd_number.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The slot wanting PV disk number k, or -1. */
static int slot_for(const struct ioemu_config *cfg, unsigned k)
{
	for (int s = 0; s < IOEMU_IDE_SLOTS; s++)
		if (cfg->ide[s].media != IOEMU_MEDIA_NONE && cfg->ide[s].vdev &&
		    (unsigned)(cfg->ide[s].vdev - 'a') == k)
			return s;
	return -1;
}

static int check(const struct ioemu_config *cfg, int s, struct blkfront *dev)
{
	if (blkfront_sector_size(dev) != 512) {
		pr_err("%s (ide%d.%d): sectors of %u bytes; the emulated drives take 512",
		       blkfront_name(dev), s / 2, s % 2, blkfront_sector_size(dev));
		return -EINVAL;
	}
	if (cfg->ide[s].media == IOEMU_MEDIA_DISK && !cfg->ide[s].readonly &&
	    blkfront_readonly(dev)) {
		pr_err("%s (ide%d.%d): the disk is read-only and IDE hard disks are not",
		       blkfront_name(dev), s / 2, s % 2);
		return -EROFS;
	}
	return 0;
}

int stub_disks_open(struct stub_disks *disks, const struct ioemu_config *cfg,
		    struct poll_source *src)
{
	int n = blkfront_count();

	memset(disks, 0, sizeof(*disks));
	for (int i = 0; i < n; i++) {
		struct blkfront *dev;
		const char *name;
		unsigned disk, part;
		int s, rc = blkfront_open((unsigned)i, &dev);

		if (rc < 0) {
			pr_err("PV disk %d: cannot open it: %d", i, rc);
			return rc;
		}
		name = blkfront_name(dev);
		if (strncmp(name, "device/vbd/", 11) != 0 ||
		    vbd_number_decode((uint32_t)strtoul(name + 11, NULL, 10), &disk, &part) < 0 ||
		    part != 0 || (s = slot_for(cfg, disk)) < 0) {
			pr_info("%s: no emulated drive names it", name);
			blkfront_close(dev);
			continue;
		}
		rc = check(cfg, s, dev);
		if (rc < 0) {
			blkfront_close(dev);
			return rc;
		}
		disks->slot[s] = dev;
		blkfront_notify(dev, src);
		pr_info("ide%d.%d: %s, %llu sectors%s", s / 2, s % 2, name,
			(unsigned long long)blkfront_sectors(dev),
			blkfront_readonly(dev) ? ", read-only" : "");
	}
	for (int s = 0; s < IOEMU_IDE_SLOTS; s++) {
		if (cfg->ide[s].vdev && !disks->slot[s]) {
			pr_err("ide%d.%d: the stub has no PV disk xvd%c", s / 2, s % 2,
			       cfg->ide[s].vdev);
			return -ENODEV;
		}
	}
	return 0;
}

void stub_disks_poll(struct stub_disks *disks)
{
	for (int s = 0; s < IOEMU_IDE_SLOTS; s++)
		if (disks->slot[s])
			blkfront_poll(disks->slot[s]);
}
