/*
 * blkfront's datapath: requests submitted without waiting, each cut into
 * parts of up to 11 granted bounce pages, one ring slot a part (slots
 * tracked by blk_slots.c); responses taken by blkfront_poll, which
 * completes requests and calls their callbacks in the polling thread; the
 * blocking read/write/flush built on that. Everything read back from the
 * ring is copied once and checked (id in range, slot really in flight)
 * before use.
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

#define IO_TIMEOUT_NS (30 * FRONTEND_SECOND)
#define MAX_DISKS     64
#define SEG_PAGES     BLKIF_MAX_SEGMENTS_PER_REQUEST
#define PART_BYTES    ((size_t)SEG_PAGES * PAGE_SIZE) /* what one ring slot carries */

/* Ends the part a ring slot carried: copies read data into its request's
 * buffer (when it still has an owner and succeeded), withdraws the grants
 * and frees the bounce pages. */
static void end_part(struct blkfront *dev, unsigned id, const struct blk_slot_use *u, int rc)
{
	struct blk_slot *s = &dev->slots[id];
	struct blkfront_request *req = u->owner;
	size_t bytes = u->bytes;

	for (unsigned i = 0; i < s->npages; i++) {
		size_t n = bytes > PAGE_SIZE ? PAGE_SIZE : bytes;

		if (req && rc == 0 && s->op == BLKIF_OP_READ)
			memcpy((char *)req->buf + u->offset + i * PAGE_SIZE, s->pages[i], n);
		bytes -= n;
		if (gnttab_end_access((grant_ref_t)s->grefs[i]) < 0)
			pr_warn("%s: backend still maps a data page; it is leaked", dev->fe.node);
		else
			page_free(s->pages[i], 1);
	}
	s->npages = 0;
}

/* Takes every response on the ring: each ends its part, and requests
 * whose last part came back are appended to the list at *tail. */
static void take_responses(struct blkfront *dev, struct blkfront_request ***tail)
{
	int more;

	do {
		RING_IDX prod = dev->ring.sring->rsp_prod, cons = dev->ring.rsp_cons;

		rmb();
		if (prod - cons > BLK_RING_SLOTS) {
			dev->bad_responses++;
			dev->broken = true;
			pr_err("%s: response index out of range (%u after %u): device stopped",
			       dev->fe.node, prod, cons);
			return;
		}
		for (; cons != prod; cons++) {
			struct blkif_response rsp;
			struct blk_slot_use u;
			struct blkfront_request *req;
			int rc;

			memcpy(&rsp, RING_GET_RESPONSE(&dev->ring, cons), sizeof(rsp));
			if (blk_slots_complete(&dev->track, rsp.id, &u) < 0) {
				dev->bad_responses++;
				pr_warn("%s: response for no request (id %llu) ignored",
					dev->fe.node, (unsigned long long)rsp.id);
				continue;
			}
			rc = blk_status_errno(rsp.status);
			end_part(dev, (unsigned)rsp.id, &u, rc);
			req = u.owner;
			if (req && blk_progress_part(&req->progress, rc)) {
				req->next = NULL;
				**tail = req;
				*tail = &req->next;
			}
		}
		dev->ring.rsp_cons = cons;
		RING_FINAL_CHECK_FOR_RESPONSES(&dev->ring, more);
	} while (more);
}

int blkfront_poll(struct blkfront *dev)
{
	struct blkfront_request *done = NULL, **tail = &done;
	int n = 0;

	if (!dev->fe.ring || dev->broken)
		return 0;
	take_responses(dev, &tail);
	while (done) {
		struct blkfront_request *req = done;

		done = req->next;
		req->next = NULL;
		req->result = req->progress.result;
		req->complete = true;
		dev->in_flight--;
		n++;
		if (req->done)
			req->done(req);
	}
	return n;
}

/* Puts one part on the ring (not pushed yet): its bounce pages, granted,
 * filled from src for a write. */
static int queue_part(struct blkfront *dev, struct blkfront_request *req, uint8_t op,
		      uint64_t sector512, size_t offset, size_t bytes)
{
	int id = blk_slots_take(&dev->track, req, offset, bytes);
	struct blk_slot *s;
	struct blkif_request *r;

	if (id < 0)
		return id;
	s = &dev->slots[id];
	s->op = op;
	s->npages = 0;
	for (size_t off = 0; off < bytes; off += PAGE_SIZE) {
		size_t n = bytes - off > PAGE_SIZE ? PAGE_SIZE : bytes - off;
		void *page = page_alloc(1);
		int ref;

		if (!page)
			goto nomem;
		if (op == BLKIF_OP_WRITE)
			memcpy(page, (const char *)req->buf + offset + off, n);
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
	r = RING_GET_REQUEST(&dev->ring, dev->ring.req_prod_pvt);
	r->operation = op;
	r->nr_segments = (uint8_t)s->npages;
	r->handle = (blkif_vdev_t)dev->vdev;
	r->id = (uint64_t)id;
	r->sector_number = sector512;
	for (unsigned i = 0; i < s->npages; i++) {
		size_t n = bytes - i * PAGE_SIZE > PAGE_SIZE ? PAGE_SIZE : bytes - i * PAGE_SIZE;

		r->seg[i].gref = (grant_ref_t)s->grefs[i];
		r->seg[i].first_sect = 0;
		r->seg[i].last_sect = (uint8_t)(n / 512 - 1);
	}
	dev->ring.req_prod_pvt++;
	return id;
nomem:
	pr_err("%s: out of memory or grants for a request's pages", dev->fe.node);
	for (unsigned i = 0; i < s->npages; i++) {
		gnttab_end_access((grant_ref_t)s->grefs[i]);
		page_free(s->pages[i], 1);
	}
	s->npages = 0;
	blk_slots_put(&dev->track, (unsigned)id);
	return -ENOMEM;
}

/* Takes back the n parts queued but not pushed, in slots ids (our own
 * record: the ring page is the backend's to scribble on). */
static void unqueue(struct blkfront *dev, const int *ids, unsigned n)
{
	while (n--) {
		struct blk_slot_use u;

		dev->ring.req_prod_pvt--;
		if (blk_slots_complete(&dev->track, (uint64_t)ids[n], &u) == 0)
			end_part(dev, (unsigned)ids[n], &u, -ECANCELED);
	}
}

/* The checks of a read or write, in the order the blocking calls have
 * always made them. */
static int check_io(struct blkfront *dev, enum blkfront_op op, uint64_t sector, size_t count)
{
	if (!dev->fe.ring)
		return -ENODEV;
	if (dev->broken)
		return -EIO;
	if (frontend_backend_gone(&dev->fe))
		return -ECONNRESET;
	if (sector > dev->sectors || count > dev->sectors - sector)
		return -EINVAL;
	if (op == BLKFRONT_WRITE && dev->readonly)
		return -EROFS;
	return 0;
}

/* The checks of a request, and its ring operation. */
static int check(struct blkfront *dev, const struct blkfront_request *req, uint8_t *op)
{
	int rc;

	if (req->op == BLKFRONT_FLUSH) {
		if (!dev->fe.ring)
			return -ENODEV;
		if (dev->broken)
			return -EIO;
		if (dev->can_flush)
			*op = BLKIF_OP_FLUSH_DISKCACHE;
		else if (dev->can_barrier)
			*op = BLKIF_OP_WRITE_BARRIER;
		else
			return -EOPNOTSUPP;
		return frontend_backend_gone(&dev->fe) ? -ECONNRESET : 0;
	}
	if (req->op != BLKFRONT_READ && req->op != BLKFRONT_WRITE)
		return -EINVAL;
	*op = req->op == BLKFRONT_READ ? BLKIF_OP_READ : BLKIF_OP_WRITE;
	if ((rc = check_io(dev, req->op, req->sector, req->count)) < 0)
		return rc;
	if (req->count == 0 || req->count > blkfront_max_sectors(dev) || !req->buf)
		return -EINVAL;
	return 0;
}

int blkfront_submit(struct blkfront *dev, struct blkfront_request *req)
{
	size_t bytes = req->op == BLKFRONT_FLUSH ? 0 : req->count * dev->sector_size;
	unsigned parts = blk_parts(bytes, PART_BYTES), queued = 0;
	int ids[BLK_RING_SLOTS];
	uint8_t op = 0;
	int rc = check(dev, req, &op), notify;

	if (rc < 0)
		return rc;
	if (parts > dev->track.nfree || parts > RING_FREE_REQUESTS(&dev->ring))
		return -EAGAIN;
	blk_progress_start(&req->progress, parts);
	req->complete = false;
	req->result = 0;
	req->next = NULL;
	for (size_t off = 0; off < bytes || queued == 0; off += PART_BYTES) {
		size_t n = bytes - off > PART_BYTES ? PART_BYTES : bytes - off;
		uint64_t s512 = op == BLKIF_OP_READ || op == BLKIF_OP_WRITE
					? (req->sector * dev->sector_size + off) / 512
					: 0;

		if ((rc = queue_part(dev, req, op, s512, off, n)) < 0) {
			unqueue(dev, ids, queued);
			return rc;
		}
		ids[queued++] = rc;
	}
	dev->in_flight++;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&dev->ring, notify);
	if (notify)
		evtchn_notify((evtchn_port_t)dev->fe.port);
	return 0;
}

void blkfront_notify(struct blkfront *dev, struct poll_source *src)
{
	frontend_notify(&dev->fe, src);
}

size_t blkfront_max_sectors(const struct blkfront *dev)
{
	return BLK_RING_SLOTS * PART_BYTES / dev->sector_size;
}

unsigned blkfront_in_flight(const struct blkfront *dev)
{
	return dev->in_flight;
}

/* ---- the blocking calls ----------------------------------------------- */

struct wait_ctx {
	struct blkfront *dev;
	const struct blkfront_request *req; /* NULL: any response */
};

/* Wait condition (events masked): responses to take (asking for an event
 * otherwise), or the request completed by another thread's poll. */
static bool answered(void *arg)
{
	struct wait_ctx *w = arg;
	int more;

	if (!w->dev->fe.ring || w->dev->broken || (w->req && w->req->complete))
		return true;
	RING_FINAL_CHECK_FOR_RESPONSES(&w->dev->ring, more);
	return more;
}

/* Completes what has come back; then, unless req is complete, waits for
 * the next response. -ETIMEDOUT at the deadline. */
static int wait_response(struct blkfront *dev, const struct blkfront_request *req,
			 uint64_t deadline)
{
	struct wait_ctx w = { dev, req };

	blkfront_poll(dev);
	if (req && req->complete)
		return 0;
	if (!wait_until(&dev->fe.wq, answered, &w, deadline)) {
		pr_err("%s: backend did not answer within %llu s", dev->fe.node,
		       (unsigned long long)(IO_TIMEOUT_NS / FRONTEND_SECOND));
		return -ETIMEDOUT;
	}
	blkfront_poll(dev);
	return dev->broken ? -EIO : 0;
}

/* Gives up on requests still in flight: their parts complete later
 * without touching them. */
static void abandon(struct blkfront *dev, struct blkfront_request *req)
{
	if (!req->complete && blk_slots_abandon(&dev->track, req) > 0)
		dev->in_flight--;
}

/* A read or write of any size: parts of one ring slot each, as many in
 * flight as the ring takes, the oldest waited for when it is full. */
static int do_io(struct blkfront *dev, enum blkfront_op op, uint64_t sector, void *buf,
		 size_t count)
{
	struct blkfront_request fl[BLK_RING_SLOTS];
	size_t chunk = PART_BYTES / dev->sector_size, submitted = 0;
	uint64_t deadline = time_now_ns() + IO_TIMEOUT_NS;
	unsigned head = 0, n = 0;
	int rc = check_io(dev, op, sector, count), waited;

	if (rc < 0)
		return rc;
	while (n || (submitted < count && rc == 0)) {
		if (submitted < count && rc == 0 && n < BLK_RING_SLOTS) {
			struct blkfront_request *req = &fl[(head + n) % BLK_RING_SLOTS];
			int r;

			memset(req, 0, sizeof(*req));
			req->op = op;
			req->sector = sector + submitted;
			req->count = count - submitted > chunk ? chunk : count - submitted;
			req->buf = (char *)buf + submitted * dev->sector_size;
			r = blkfront_submit(dev, req);
			if (r == 0) {
				n++;
				submitted += req->count;
				continue;
			}
			if (r != -EAGAIN) {
				rc = r;
				continue;
			}
		}
		/* Ring full, an error, or all submitted: wait for the oldest
		 * (for any response when the ring is full of others'). */
		if ((waited = wait_response(dev, n ? &fl[head] : NULL, deadline)) < 0) {
			for (unsigned i = 0; i < n; i++)
				abandon(dev, &fl[(head + i) % BLK_RING_SLOTS]);
			return waited;
		}
		while (n && fl[head].complete) {
			if (fl[head].result < 0 && rc == 0)
				rc = fl[head].result;
			head = (head + 1) % BLK_RING_SLOTS;
			n--;
		}
	}
	return rc;
}

int blkfront_read(struct blkfront *dev, uint64_t sector, void *buf, size_t count)
{
	return do_io(dev, BLKFRONT_READ, sector, buf, count);
}

int blkfront_write(struct blkfront *dev, uint64_t sector, const void *buf, size_t count)
{
	return do_io(dev, BLKFRONT_WRITE, sector, (void *)buf, count);
}

int blkfront_flush(struct blkfront *dev)
{
	struct blkfront_request req = { .op = BLKFRONT_FLUSH };
	uint64_t deadline = time_now_ns() + IO_TIMEOUT_NS;
	int rc;

	while ((rc = blkfront_submit(dev, &req)) == -EAGAIN)
		if ((rc = wait_response(dev, NULL, deadline)) < 0)
			return rc;
	if (rc < 0)
		return rc;
	while (!req.complete) {
		if ((rc = wait_response(dev, &req, deadline)) < 0) {
			abandon(dev, &req);
			return rc;
		}
	}
	return req.result;
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
	blk_slots_init(&dev->track, BLK_RING_SLOTS);
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
	if (dev->in_flight)
		pr_warn("%s: closing with %u request(s) in flight", dev->fe.node, dev->in_flight);
	frontend_disconnect(&dev->fe, &blkfront_ops, dev);
	if (dev->bad_responses)
		pr_warn("%s: %lu bad responses from the backend", dev->fe.node, dev->bad_responses);
	kfree(dev);
}

int blkfront_close_for_successor(struct blkfront *dev)
{
	unsigned id = dev->vdev;

	blkfront_close(dev);
	return frontend_leave_for_successor("vbd", id, FRONTEND_HANDOVER_NS);
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
