/*
 * The IDE backend over blkfront (see ide_xen.h). A request the driver
 * cannot take (a full ring, a disk going away) fails the command: the
 * guest sees an error, the loop never waits.
 */
#define LOG_TAG "ioemu"
#include "apps/ioemu/ide_xen.h"

#include "kernel/log.h"

#include <errno.h>

static void request_done(struct blkfront_request *req)
{
	struct ide_xen *x = req->arg;
	int ch = (int)(req - x->req);

	x->busy[ch] = false;
	if (req->result < 0 && req->op == BLKFRONT_FLUSH && req->result == -EOPNOTSUPP)
		req->result = 0;
	if (req->result < 0 && x->errors++ < 16)
		pr_warn("ide channel %d: the disk answered %d", ch, req->result);
	ide_complete(x->ide, x->cookie[ch], req->result);
}

static int start(struct ide_xen *x, int drive, enum blkfront_op op, uint64_t sector, uint32_t count,
		 void *buf, void *cookie)
{
	struct blkfront *dev;
	struct blkfront_request *r;
	int ch = drive / IDE_UNITS, rc;

	if (drive < 0 || drive >= IDE_DRIVES || !(dev = x->disks->slot[drive]))
		return -ENODEV;
	if (x->busy[ch])
		return -EBUSY;
	r = &x->req[ch];
	*r = (struct blkfront_request){ .op = op,
					.sector = sector,
					.count = count,
					.buf = buf,
					.done = request_done,
					.arg = x };
	x->cookie[ch] = cookie;
	x->busy[ch] = true;
	rc = blkfront_submit(dev, r);
	if (rc == -EOPNOTSUPP && op == BLKFRONT_FLUSH) {
		/* No flush to offer: written data is as safe as it gets. */
		x->busy[ch] = false;
		ide_complete(x->ide, cookie, 0);
		return 0;
	}
	if (rc < 0) {
		x->busy[ch] = false;
		if (x->errors++ < 16)
			pr_warn("ide drive %d: the disk did not take a request: %d", drive, rc);
	}
	return rc;
}

static int submit(void *ctx, int drive, uint64_t sector, uint32_t count, void *buf, bool write,
		  void *cookie)
{
	return start(ctx, drive, write ? BLKFRONT_WRITE : BLKFRONT_READ, sector, count, buf,
		     cookie);
}

static int flush(void *ctx, int drive, void *cookie)
{
	return start(ctx, drive, BLKFRONT_FLUSH, 0, 0, NULL, cookie);
}

static uint64_t sectors(void *ctx, int drive)
{
	struct ide_xen *x = ctx;

	if (drive < 0 || drive >= IDE_DRIVES || !x->disks->slot[drive])
		return 0;
	return blkfront_sectors(x->disks->slot[drive]);
}

static void set_irq(void *ctx, int irq, int level)
{
	struct ide_xen *x = ctx;

	platform_set_isa_irq(x->platform, (unsigned)irq, level != 0);
}

/* The guest chooses its DMA addresses: the first 32 refusals, then one in
 * 1024, each with what was refused and where. */
static void dma_refused(void *ctx, int channel, const char *why, uint64_t address, uint32_t bytes)
{
	struct ide_xen *x = ctx;

	x->dma_refusals++;
	if (x->dma_refusals <= 32 || x->dma_refusals % 1024 == 0)
		pr_warn("ide channel %d: DMA refused: %s: %u bytes at %#llx (%lu refused)", channel,
			why, bytes, (unsigned long long)address, x->dma_refusals);
}

void ide_xen_init(struct ide_xen *x, struct ide *ide, struct stub_disks *disks,
		  const struct platform_ops *platform)
{
	*x = (struct ide_xen){ .ide = ide, .disks = disks, .platform = platform };
	x->ops = (struct ide_backend_ops){ submit, flush, sectors, set_irq, x };
}

void ide_xen_log_refusals(struct ide_xen *x)
{
	x->ide->dma_refused_hook = dma_refused;
	x->ide->dma_refused_ctx = x;
}
