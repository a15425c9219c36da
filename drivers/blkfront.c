/*
 * blkfront's datapath: requests of up to 11 granted bounce pages each on
 * the shared ring, several in flight per call, responses matched by slot.
 * Everything read back from the ring is copied once and checked (id in
 * range, slot really in flight) before use.
 */
#define LOG_TAG "blkfront"
#include "drivers/blkfront_priv.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/mm.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "xen/grant_table.h"
#include "xen/time.h"

#define IO_TIMEOUT_NS (30 * 1000000000ull)
#define MAX_DISKS     64
#define HANDOVER_NS   (5 * 1000000000ull)
#define SEG_PAGES     BLKIF_MAX_SEGMENTS_PER_REQUEST

void blkfront_event(evtchn_port_t port, void *data)
{
	struct blkfront *dev = data;

	wake_up(&dev->wq);
}

static void take_responses(struct blkfront *dev)
{
	int more;

	do {
		RING_IDX prod = dev->ring.sring->rsp_prod, cons = dev->ring.rsp_cons;

		rmb();
		if (prod - cons > BLK_RING_SLOTS) {
			dev->bad_responses++;
			pr_err("%s: response index out of range (%u after %u)", dev->fe.node, prod,
			       cons);
			return;
		}
		for (; cons != prod; cons++) {
			struct blkif_response rsp;

			memcpy(&rsp, RING_GET_RESPONSE(&dev->ring, cons), sizeof(rsp));
			if (rsp.id >= BLK_RING_SLOTS || !dev->slots[rsp.id].busy ||
			    dev->slots[rsp.id].done) {
				dev->bad_responses++;
				pr_warn("%s: response for no request (id %llu) ignored",
					dev->fe.node, (unsigned long long)rsp.id);
				continue;
			}
			dev->slots[rsp.id].status = rsp.status;
			dev->slots[rsp.id].done = true;
		}
		dev->ring.rsp_cons = cons;
		RING_FINAL_CHECK_FOR_RESPONSES(&dev->ring, more);
	} while (more);
}

struct wait_ctx {
	struct blkfront *dev;
	int slot; /* -1: any free slot */
};

static bool progress(void *arg)
{
	struct wait_ctx *w = arg;

	take_responses(w->dev);
	if (w->slot >= 0)
		return w->dev->slots[w->slot].done;
	for (unsigned i = 0; i < BLK_RING_SLOTS; i++)
		if (!w->dev->slots[i].busy)
			return true;
	return false;
}

/* Ends a finished request: copies read data out, withdraws the grants,
 * frees the pages; returns its result. */
static int finish(struct blkfront *dev, int id, void *read_dst, size_t bytes)
{
	struct blk_slot *s = &dev->slots[id];
	int rc = s->status == BLKIF_RSP_OKAY	     ? 0
		 : s->status == BLKIF_RSP_EOPNOTSUPP ? -EOPNOTSUPP
						     : -EIO;

	for (unsigned i = 0; i < s->npages; i++) {
		size_t n = bytes > PAGE_SIZE ? PAGE_SIZE : bytes;

		if (read_dst && rc == 0) {
			memcpy((char *)read_dst + i * PAGE_SIZE, s->pages[i], n);
		}
		bytes -= n;
		if (gnttab_end_access((grant_ref_t)s->grefs[i]) < 0)
			pr_warn("%s: backend still maps a data page; it is leaked", dev->fe.node);
		else
			page_free(s->pages[i], 1);
	}
	s->busy = s->done = false;
	s->npages = 0;
	return rc;
}

/* Queues one request; returns its slot or -errno. */
static int submit(struct blkfront *dev, uint8_t op, uint64_t sector512, const void *write_src,
		  size_t bytes)
{
	struct blkif_request *req;
	struct blk_slot *s = NULL;
	int id = -1, notify;

	for (unsigned i = 0; i < BLK_RING_SLOTS; i++) {
		if (!dev->slots[i].busy) {
			id = (int)i;
			s = &dev->slots[i];
			break;
		}
	}
	if (!s || RING_FULL(&dev->ring))
		return -EBUSY;
	s->npages = 0;
	for (size_t off = 0; off < bytes; off += PAGE_SIZE) {
		size_t n = bytes - off > PAGE_SIZE ? PAGE_SIZE : bytes - off;
		void *page = page_alloc(1);
		int ref;

		if (!page)
			goto nomem;
		if (write_src)
			memcpy(page, (const char *)write_src + off, n);
		ref = gnttab_grant_access(dev->fe.backend_id, pfn_to_mfn(virt_to_pfn(page)),
					  op == BLKIF_OP_WRITE);
		if (ref < 0) {
			page_free(page, 1);
			goto nomem;
		}
		s->pages[s->npages] = page;
		s->grefs[s->npages] = ref;
		s->npages++;
	}
	req = RING_GET_REQUEST(&dev->ring, dev->ring.req_prod_pvt);
	req->operation = op;
	req->nr_segments = (uint8_t)s->npages;
	req->handle = (blkif_vdev_t)dev->vdev;
	req->id = (uint64_t)id;
	req->sector_number = sector512;
	for (unsigned i = 0; i < s->npages; i++) {
		size_t n = bytes - i * PAGE_SIZE > PAGE_SIZE ? PAGE_SIZE : bytes - i * PAGE_SIZE;
		req->seg[i].gref = (grant_ref_t)s->grefs[i];
		req->seg[i].first_sect = 0;
		req->seg[i].last_sect = (uint8_t)(n / 512 - 1);
	}
	s->busy = true;
	s->done = false;
	dev->ring.req_prod_pvt++;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&dev->ring, notify);
	if (notify)
		evtchn_notify((evtchn_port_t)dev->fe.port);
	return id;
nomem:
	for (unsigned i = 0; i < s->npages; i++) {
		gnttab_end_access((grant_ref_t)s->grefs[i]);
		page_free(s->pages[i], 1);
	}
	s->npages = 0;
	return -ENOMEM;
}

struct inflight {
	int slot;
	size_t offset, bytes;
};

static int wait_for(struct blkfront *dev, int slot, uint64_t deadline)
{
	struct wait_ctx w = { dev, slot };

	if (!wait_until(&dev->wq, progress, &w, deadline)) {
		pr_err("%s: backend did not answer within %llu s", dev->fe.node,
		       (unsigned long long)(IO_TIMEOUT_NS / 1000000000ull));
		return -ETIMEDOUT;
	}
	return 0;
}

static int do_io(struct blkfront *dev, uint8_t op, uint64_t sector, void *rbuf, const void *wbuf,
		 size_t count)
{
	size_t total = count * dev->sector_size, chunk = SEG_PAGES * PAGE_SIZE;
	uint64_t deadline = time_now_ns() + IO_TIMEOUT_NS;
	struct inflight fl[BLK_RING_SLOTS];
	unsigned nfl = 0;
	size_t off = 0;
	int rc = 0;

	if (!dev->fe.ring)
		return -ENODEV;
	if (frontend_backend_gone(&dev->fe))
		return -ECONNRESET;
	if (sector > dev->sectors || count > dev->sectors - sector)
		return -EINVAL;
	if (op == BLKIF_OP_WRITE && dev->readonly)
		return -EROFS;
	while ((off < total || nfl) && rc != -ETIMEDOUT) {
		if (off < total && rc == 0) {
			size_t n = total - off > chunk ? chunk : total - off;
			uint64_t s512 = (sector * dev->sector_size + off) / 512;
			int id = submit(dev, op, s512, wbuf ? (const char *)wbuf + off : NULL, n);

			if (id >= 0) {
				fl[nfl].slot = id;
				fl[nfl].offset = off;
				fl[nfl].bytes = n;
				nfl++;
				off += n;
				continue;
			}
			if (id != -EBUSY) {
				rc = id;
				continue;
			}
		}
		/* Ring full or all submitted: finish the oldest request. */
		if (wait_for(dev, fl[0].slot, deadline) < 0) {
			rc = -ETIMEDOUT;
			break;
		}
		int r = finish(dev, fl[0].slot, rbuf ? (char *)rbuf + fl[0].offset : NULL,
			       fl[0].bytes);
		if (r < 0 && rc == 0)
			rc = r;
		memmove(&fl[0], &fl[1], (nfl - 1) * sizeof(fl[0]));
		nfl--;
	}
	return rc;
}

int blkfront_read(struct blkfront *dev, uint64_t sector, void *buf, size_t count)
{
	return do_io(dev, BLKIF_OP_READ, sector, buf, NULL, count);
}

int blkfront_write(struct blkfront *dev, uint64_t sector, const void *buf, size_t count)
{
	return do_io(dev, BLKIF_OP_WRITE, sector, NULL, buf, count);
}

int blkfront_flush(struct blkfront *dev)
{
	uint8_t op;
	int id, rc;

	if (dev->can_flush)
		op = BLKIF_OP_FLUSH_DISKCACHE;
	else if (dev->can_barrier)
		op = BLKIF_OP_WRITE_BARRIER;
	else
		return -EOPNOTSUPP;
	while ((id = submit(dev, op, 0, NULL, 0)) == -EBUSY) {
		struct wait_ctx w = { dev, -1 };
		if (!wait_until(&dev->wq, progress, &w, time_now_ns() + IO_TIMEOUT_NS))
			return -ETIMEDOUT;
	}
	if (id < 0)
		return id;
	if ((rc = wait_for(dev, id, time_now_ns() + IO_TIMEOUT_NS)) < 0)
		return rc;
	return finish(dev, id, NULL, 0);
}

int blkfront_count(void)
{
	unsigned ids[MAX_DISKS];

	return frontend_list("vbd", ids, MAX_DISKS);
}

int blkfront_open(unsigned index, struct blkfront **out)
{
	unsigned ids[MAX_DISKS];
	int n = frontend_list("vbd", ids, MAX_DISKS), rc;
	struct blkfront *dev;

	if (n < 0)
		return n;
	if (index >= (unsigned)n)
		return -ENODEV;
	dev = kcalloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	wait_queue_init(&dev->wq);
	dev->vdev = ids[index];
	rc = frontend_connect(&dev->fe, "vbd", dev->vdev, &blkfront_ops, dev);
	if (rc < 0) {
		kfree(dev);
		return rc;
	}
	*out = dev;
	return 0;
}

void blkfront_close(struct blkfront *dev)
{
	for (unsigned i = 0; i < BLK_RING_SLOTS; i++)
		if (dev->slots[i].busy)
			pr_warn("%s: closing with a request in flight", dev->fe.node);
	frontend_disconnect(&dev->fe, &blkfront_ops, dev);
	if (dev->bad_responses)
		pr_warn("%s: %lu bad responses from the backend", dev->fe.node, dev->bad_responses);
	kfree(dev);
}

int blkfront_close_for_successor(struct blkfront *dev)
{
	unsigned id = dev->vdev;

	blkfront_close(dev);
	return frontend_leave_for_successor("vbd", id, HANDOVER_NS);
}

uint64_t blkfront_sectors(const struct blkfront *dev)
{
	return dev->sectors;
}

unsigned blkfront_sector_size(const struct blkfront *dev)
{
	return dev->sector_size;
}

bool blkfront_readonly(const struct blkfront *dev)
{
	return dev->readonly;
}

const char *blkfront_name(const struct blkfront *dev)
{
	return dev->fe.node;
}
