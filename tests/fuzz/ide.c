/*
 * libFuzzer harness: the IDE controller (apps/ioemu/ide.h) driven by a
 * byte stream as a hostile guest would drive it: the first bytes choose
 * the drives (disks, CD-ROM drives with and without a medium) and whether
 * the backend completes from within submit; then each step is a port read
 * or write of the task file, the control registers and the bus master
 * (single or repeated through guest memory), a PACKET with its 12 bytes,
 * an ATA command with its address, PRD entries written to guest memory
 * (64 KiB of it, much less than what the entries may name), backend
 * completions (some failing) in any order, or a reset. After every step:
 * a channel's buffer positions within the buffer, at most one request in
 * flight per channel and exactly while the channel says so, every request
 * within its disk and the buffer, status bits consistent with the phase,
 * the interrupt line as the registers say, the PRD walk within its bound.
 */
#include "apps/ioemu/ide.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { RAM_BYTES = 65536, BM_BASE = 0xc000, MAX_PENDING = 4, MAX_STEPS = 4096, DRAIN_GOOD = 64 };

struct request {
	struct ide_channel *ch;
	bool write;
	uint64_t sector;
	uint32_t count;
};

static struct ide ide;
static struct io_bus bus;
static uint8_t ram[RAM_BYTES];
static uint64_t disk_sectors[IDE_DRIVES];
static struct request pending[MAX_PENDING];
static unsigned n_pending;
static bool complete_in_submit;
static int irq_line[16];

static const uint8_t *in;
static size_t in_left;

static uint8_t next(void)
{
	if (!in_left)
		return 0;
	in_left--;
	return *in++;
}

static uint32_t next32(void)
{
	uint32_t v = next();

	v |= (uint32_t)next() << 8;
	v |= (uint32_t)next() << 16;
	return v | (uint32_t)next() << 24;
}

/* Bulk data is only touched at both ends: enough for ASan to see a range
 * outside the channel's buffer (a contiguous range is inside one object
 * when both ends are), without copying DMA's megabytes; small transfers
 * (a PACKET's bytes, a PRD table's entries) are copied whole. */
enum { COPY_WHOLE = 4096 };

static void touch_ends(const volatile uint8_t *p, size_t len)
{
	uint8_t first = p[0], last = p[len - 1];

	(void)first;
	(void)last;
}

static int ram_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	(void)ctx;
	if (gpa > RAM_BYTES || len > RAM_BYTES - gpa)
		return -14;
	if (len <= COPY_WHOLE) {
		memcpy(buf, &ram[gpa], len);
	} else {
		volatile uint8_t *to = buf;

		to[0] = ram[gpa];
		to[len - 1] = ram[gpa + len - 1];
	}
	return 0;
}

static int ram_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	(void)ctx;
	if (gpa > RAM_BYTES || len > RAM_BYTES - gpa)
		return -14;
	if (len <= COPY_WHOLE)
		memcpy(&ram[gpa], buf, len);
	else
		touch_ends(buf, len);
	return 0;
}

static const struct guest_memory mem = { ram_read, ram_write, NULL };

static struct ide_channel *channel_of(void *cookie)
{
	for (unsigned c = 0; c < IDE_CHANNELS; c++)
		if (cookie == &ide.channel[c])
			return &ide.channel[c];
	__builtin_trap();
}

/* A read's data: its first and last sectors filled (the rest is never
 * looked at). */
static void fill(uint8_t *buf, uint64_t sector, uint32_t count)
{
	size_t bytes = (size_t)count * IDE_SECTOR_SIZE;

	memset(buf, (int)(sector & 0xff), IDE_SECTOR_SIZE);
	memset(buf + bytes - IDE_SECTOR_SIZE, (int)(sector & 0xff), IDE_SECTOR_SIZE);
}

static int submit(void *ctx, int drive, uint64_t sector, uint32_t count, void *buf, bool write,
		  void *cookie)
{
	struct ide_channel *ch = channel_of(cookie);

	(void)ctx;
	if (drive < 0 || drive >= IDE_DRIVES || (unsigned)drive / IDE_UNITS != ch->index)
		__builtin_trap();
	if (!count || (uint64_t)count * IDE_SECTOR_SIZE > IDE_BUFFER_BYTES ||
	    sector > disk_sectors[drive] || count > disk_sectors[drive] - sector)
		__builtin_trap();
	if (buf != ch->buf || (write && ch->drive[drive % IDE_UNITS].readonly))
		__builtin_trap();
	for (unsigned i = 0; i < n_pending; i++)
		if (pending[i].ch == ch)
			__builtin_trap(); /* a second request of one channel */
	if (complete_in_submit) {
		if (!write)
			fill(buf, sector, count);
		return ide_complete(&ide, cookie, (sector & 7) == 7 ? -5 : 0);
	}
	if (n_pending == MAX_PENDING)
		__builtin_trap();
	pending[n_pending++] = (struct request){ ch, write, sector, count };
	return 0;
}

static int flush(void *ctx, int drive, void *cookie)
{
	struct ide_channel *ch = channel_of(cookie);

	(void)ctx;
	if (drive < 0 || drive >= IDE_DRIVES || n_pending == MAX_PENDING)
		__builtin_trap();
	if (complete_in_submit)
		return ide_complete(&ide, cookie, 0);
	pending[n_pending++] = (struct request){ ch, false, 0, 0 };
	return 0;
}

static uint64_t sectors(void *ctx, int drive)
{
	(void)ctx;
	if (drive < 0 || drive >= IDE_DRIVES)
		__builtin_trap();
	return disk_sectors[drive];
}

static void set_irq(void *ctx, int irq, int level)
{
	(void)ctx;
	if ((irq != IDE_PRIMARY_IRQ && irq != IDE_SECONDARY_IRQ) || irq_line[irq] == level)
		__builtin_trap(); /* only changes are told */
	irq_line[irq] = level;
}

static const struct ide_backend_ops ops = { submit, flush, sectors, set_irq, NULL };

static void complete(unsigned i, int rc)
{
	struct request r = pending[i];

	pending[i] = pending[--n_pending];
	if (!rc && !r.write && r.count)
		fill(r.ch->buf, r.sector, r.count);
	if (ide_complete(&ide, r.ch, rc) < 0)
		__builtin_trap(); /* it was in flight */
}

static uint16_t command_port(unsigned c)
{
	return c ? IDE_SECONDARY_COMMAND_PORT : IDE_PRIMARY_COMMAND_PORT;
}

static uint64_t port(uint64_t addr, unsigned size, bool read, uint64_t value)
{
	struct ioreq_req r = { .type = IOREQ_TYPE_PIO,
			       .read = read,
			       .size = size,
			       .count = 1,
			       .addr = addr,
			       .data = value };
	uint64_t v = 0;

	io_bus_dispatch(&bus, &r, &v);
	return v;
}

static void rep(uint64_t addr, bool read, unsigned size, uint32_t count, uint64_t gpa, bool df)
{
	struct ioreq_req r = { .type = IOREQ_TYPE_PIO,
			       .read = read,
			       .data_is_ptr = true,
			       .df = df,
			       .size = size,
			       .count = count ? count : 1,
			       .addr = addr,
			       .data = gpa };
	uint64_t v = 0;

	io_bus_dispatch(&bus, &r, &v);
}

static void check_channel(struct ide_channel *ch)
{
	unsigned in_flight = 0;
	uint8_t s;

	if (ch->pos > ch->drq_end || ch->drq_end > ch->len || ch->len > IDE_BUFFER_BYTES)
		__builtin_trap();
	if (ch->phase > IDE_PHASE_BACKEND || ch->unit > 1 || ch->job.unit > 1)
		__builtin_trap();
	for (unsigned i = 0; i < n_pending; i++)
		in_flight += pending[i].ch == ch;
	if (in_flight != ch->in_flight)
		__builtin_trap();
	if ((ch->phase == IDE_PHASE_BACKEND) && !ch->in_flight)
		__builtin_trap();
	if (ch->prd_index > IDE_PRD_MAX_ENTRIES || ch->prd_left > 0x10000)
		__builtin_trap();
	if (ch->irq_level != (ch->intrq && !(ch->control & ATA_CONTROL_NIEN)))
		__builtin_trap();
	if (irq_line[ch->index ? IDE_SECONDARY_IRQ : IDE_PRIMARY_IRQ] != ch->irq_level)
		__builtin_trap();
	for (unsigned u = 0; u < IDE_UNITS; u++) {
		const struct ide_drive *d = &ch->drive[u];
		bool data_phase = ch->phase == IDE_PHASE_PIO_IN || ch->phase == IDE_PHASE_PIO_OUT ||
				  ch->phase == IDE_PHASE_PACKET;

		s = d->status;
		if (d->media == IDE_MEDIA_NONE)
			continue;
		if ((s & ATA_STATUS_BSY) && (s & (ATA_STATUS_DRQ | ATA_STATUS_ERR)))
			__builtin_trap();
		if ((s & ATA_STATUS_DRQ) && (s & ATA_STATUS_ERR))
			__builtin_trap();
		if ((s & ATA_STATUS_DRQ) && !(data_phase && ch->job.unit == u))
			__builtin_trap();
		if (data_phase && ch->job.unit == u && !(s & ATA_STATUS_DRQ))
			__builtin_trap();
		if (ch->in_flight && ch->job.unit == u && !(s & ATA_STATUS_BSY))
			__builtin_trap();
	}
	if (ch->phase != IDE_PHASE_IDLE && ch->phase != IDE_PHASE_BACKEND &&
	    ch->job.sectors_left > disk_sectors[ch->index * IDE_UNITS + ch->job.unit])
		__builtin_trap();
}

static void setup(void)
{
	uint8_t config = next(), sizes = next();

	memset(ram, 0, sizeof(ram));
	memset(disk_sectors, 0, sizeof(disk_sectors));
	memset(irq_line, 0, sizeof(irq_line));
	n_pending = 0;
	complete_in_submit = config & 0x80;
	io_bus_init(&bus, &mem);
	ide_init(&ide, &ops, &mem);
	for (int d = 0; d < IDE_DRIVES; d++) {
		unsigned kind = (config >> (2 * d)) & 3;

		/* sizes near the buffer's and LBA28's edges, and small ones */
		switch ((sizes >> (2 * d)) & 3) {
		case 0:
			disk_sectors[d] = 64;
			break;
		case 1:
			disk_sectors[d] = 300;
			break;
		case 2:
			disk_sectors[d] = 0x10000001;
			break;
		default:
			disk_sectors[d] = UINT64_C(1) << 40;
			break;
		}
		if (kind == 0) {
			disk_sectors[d] = 0;
		} else if (kind == 3) {
			disk_sectors[d] = 0; /* an empty CD-ROM drive */
		}
		if (kind && ide_attach(&ide, d, kind == 1 ? IDE_MEDIA_DISK : IDE_MEDIA_CDROM,
				       (sizes & 1) && kind == 1) < 0)
			__builtin_trap();
	}
	if (ide_add_legacy_regions(&ide, &bus) < 0)
		__builtin_trap();
	ide_bus_master_region(&ide)->base = BM_BASE;
	if (io_bus_add(&bus, ide_bus_master_region(&ide)) < 0)
		__builtin_trap();
}

static void step(void)
{
	uint8_t op = next(), a = next();
	unsigned c = a & 1;
	uint16_t base = command_port(c);
	static const unsigned sizes[4] = { 1, 2, 4, 2 };

	switch (op % 15) {
	case 0: /* task-file write */
		port(base + ((a >> 1) & 7), 1, false, next());
		break;
	case 1: /* task-file read */
		port(base + ((a >> 1) & 7), 1, true, 0);
		break;
	case 2: /* device control */
		port(c ? IDE_SECONDARY_CONTROL_PORT : IDE_PRIMARY_CONTROL_PORT, 1, false, next());
		break;
	case 3: /* alternate status */
		port(c ? IDE_SECONDARY_CONTROL_PORT : IDE_PRIMARY_CONTROL_PORT, 1, true, 0);
		break;
	case 4: /* bus master write */
		port(BM_BASE + ((a >> 1) & 15), sizes[(a >> 5) & 3], false, next32());
		break;
	case 5: /* bus master read */
		port(BM_BASE + ((a >> 1) & 15), sizes[(a >> 5) & 3], true, 0);
		break;
	case 6:	  /* rep ins from the data port */
	case 7: { /* rep outs to the data port */
		uint32_t count = ((uint32_t)next() << 8 | next()) & 0x0fff;
		uint64_t gpa = (uint64_t)next() << 8 | next();

		rep(base, op % 15 == 6, sizes[(a >> 1) & 3], count, gpa * 4, a & 0x80);
		break;
	}
	case 8: { /* PACKET and its bytes */
		uint8_t cdb[12];

		port(base + 1, 1, false, next() & 5);
		port(base + 4, 1, false, next());
		port(base + 5, 1, false, next());
		port(base + 7, 1, false, 0xa0);
		for (unsigned i = 0; i < sizeof(cdb); i++)
			cdb[i] = next();
		memcpy(&ram[RAM_BYTES - 16], cdb, sizeof(cdb));
		rep(base, false, 2, 6, RAM_BYTES - 16, false);
		break;
	}
	case 9: /* a completion, maybe failing */
		if (n_pending)
			complete(a % n_pending, (a & 0x40) ? -5 : 0);
		break;
	case 10: /* a few completions in a row */
		for (unsigned i = 0; n_pending && i < 16; i++)
			complete(0, 0);
		break;
	case 11: { /* a PRD entry in guest memory */
		uint32_t at = ((uint32_t)next() << 8 | next()) & (RAM_BYTES - 8);
		uint32_t addr = next32();
		uint8_t e[8] = { (uint8_t)addr,
				 (uint8_t)(addr >> 8),
				 (uint8_t)(addr >> 16),
				 (uint8_t)(addr >> 24),
				 next(),
				 next(),
				 0,
				 next() };

		memcpy(&ram[at & ~7u], e, sizeof(e));
		break;
	}
	case 12:
		ide_reset(&ide);
		break;
	case 13: { /* an ATA command with an address and a count */
		uint8_t command = next();

		port(base + 2, 1, false, next());
		port(base + 3, 1, false, next());
		port(base + 4, 1, false, next());
		port(base + 5, 1, false, next());
		port(base + 6, 1, false, next());
		port(base + 7, 1, false, command);
		break;
	}
	default: /* a single data access */
		port(base, sizes[(a >> 1) & 3], a & 0x80, next32());
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	in = data;
	in_left = size;
	setup();
	for (unsigned steps = 0; in_left && steps < MAX_STEPS; steps++) {
		step();
		for (unsigned c = 0; c < IDE_CHANNELS; c++)
			check_channel(&ide.channel[c]);
	}
	/* Everything in flight ends. A DMA command may go on for as long as
	 * its PRD table (IDE_PRD_MAX_ENTRIES of 64 KiB); after DRAIN_GOOD
	 * good completions the rest fail, and a failure ends the command:
	 * no more requests come. */
	for (unsigned steps = 0; n_pending; steps++) {
		if (steps > DRAIN_GOOD + 2 * IDE_CHANNELS)
			__builtin_trap();
		complete(0, steps < DRAIN_GOOD ? 0 : -5);
		for (unsigned c = 0; c < IDE_CHANNELS; c++)
			check_channel(&ide.channel[c]);
	}
	return 0;
}
