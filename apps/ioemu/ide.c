/*
 * The IDE channels' registers (see ide.h): the task file each drive
 * latches, status and the interrupt line, the device control register's
 * resets, the data register's PIO blocks, and the backend's requests and
 * their completions. Commands are decoded in ide_ata.c and ide_packet.c,
 * the bus master is ide_dma.c.
 */
#include "apps/ioemu/ide_internal.h"

#include "apps/ioemu/ide_identify.h"

#include "lib/errno.h"

#include <string.h>

enum {
	REG_DATA = 0,
	REG_ERROR_FEATURE = 1,
	REG_NSECTOR = 2,
	REG_LBA_LOW = 3,
	REG_LBA_MID = 4,
	REG_LBA_HIGH = 5,
	REG_DEVICE = 6,
	REG_STATUS_COMMAND = 7,
	COMMAND_REGION_BYTES = 8,
	DEVICE_OBSOLETE_BITS = 0xa0, /* read as set */
	DEVICE_UNIT_BIT = 0x10,
	CMD_DEVICE_RESET = 0x08,
};

static const uint16_t command_ports[IDE_CHANNELS] = { IDE_PRIMARY_COMMAND_PORT,
						      IDE_SECONDARY_COMMAND_PORT };
static const uint16_t control_ports[IDE_CHANNELS] = { IDE_PRIMARY_CONTROL_PORT,
						      IDE_SECONDARY_CONTROL_PORT };
static const int irqs[IDE_CHANNELS] = { IDE_PRIMARY_IRQ, IDE_SECONDARY_IRQ };

static bool channel_empty(const struct ide_channel *ch)
{
	return ch->drive[0].media == IDE_MEDIA_NONE && ch->drive[1].media == IDE_MEDIA_NONE;
}

struct ide_drive *ide_job_drive(struct ide_channel *ch)
{
	return &ch->drive[ch->job.unit & 1];
}

int ide_drive_number(const struct ide_channel *ch, unsigned unit)
{
	return (int)(ch->index * IDE_UNITS + (unit & 1));
}

/* ---- interrupts ---- */

static void update_irq(struct ide_channel *ch)
{
	bool level = ch->intrq && !(ch->control & ATA_CONTROL_NIEN);

	if (level == ch->irq_level)
		return;
	ch->irq_level = level;
	if (ch->ide->ops && ch->ide->ops->set_irq)
		ch->ide->ops->set_irq(ch->ide->ops->ctx, irqs[ch->index], level);
}

void ide_raise_irq(struct ide_channel *ch)
{
	ch->intrq = true;
	ch->bm_status |= IDE_BM_ST_INTERRUPT;
	update_irq(ch);
}

static void clear_irq(struct ide_channel *ch)
{
	ch->intrq = false;
	update_irq(ch);
}

/* ---- reset ---- */

void ide_set_signature(struct ide_drive *d)
{
	d->nsector = 1;
	d->lba_low = 1;
	if (d->media == IDE_MEDIA_CDROM) {
		d->lba_mid = 0x14;
		d->lba_high = 0xeb;
	} else {
		d->lba_mid = 0;
		d->lba_high = 0;
	}
	d->device = 0;
}

/* After a reset or a diagnostic: the signature, "passed", ready (an ATAPI
 * drive does not set DRDY until a command). */
static void drive_after_reset(struct ide_drive *d)
{
	ide_set_signature(d);
	d->error = ATA_ERROR_AMNF;
	d->status = d->media == IDE_MEDIA_DISK ? ATA_STATUS_DRDY | ATA_STATUS_DSC : 0;
}

static void default_geometry(struct ide_drive *d)
{
	ide_default_geometry(d->sectors, &d->cylinders, &d->heads, &d->sectors_per_track);
}

static void abandon_job(struct ide_channel *ch)
{
	memset(&ch->job, 0, sizeof(ch->job));
	ch->phase = IDE_PHASE_IDLE;
	ch->pos = ch->drq_end = ch->len = 0;
}

/* A reset's start: both drives busy, any command abandoned. */
static void reset_begin(struct ide_channel *ch)
{
	abandon_job(ch);
	for (unsigned u = 0; u < IDE_UNITS; u++)
		ch->drive[u].status = ATA_STATUS_BSY;
	clear_irq(ch);
}

/* A reset's end, once no request of the old command is in flight. */
static void reset_end(struct ide_channel *ch)
{
	if (ch->in_flight) {
		ch->reset_when_done = true;
		return;
	}
	ch->reset_when_done = false;
	abandon_job(ch); /* whatever began while the reset was asserted */
	for (unsigned u = 0; u < IDE_UNITS; u++)
		drive_after_reset(&ch->drive[u]);
	ch->unit = 0;
}

void ide_reset(struct ide *ide)
{
	for (unsigned c = 0; c < IDE_CHANNELS; c++) {
		struct ide_channel *ch = &ide->channel[c];

		reset_begin(ch);
		ch->control = 0;
		ide_dma_reset(ch);
		for (unsigned u = 0; u < IDE_UNITS; u++) {
			struct ide_drive *d = &ch->drive[u];

			d->multiple = 0;
			d->write_cache = true;
			d->pio_mode = 0xff;
			d->mwdma_mode = 2;
			d->udma_mode = 0xff;
			default_geometry(d);
			atapi_reset(&d->atapi);
		}
		reset_end(ch);
		update_irq(ch);
	}
}

/* ---- ending commands ---- */

void ide_finish(struct ide_channel *ch, uint8_t error)
{
	struct ide_drive *d = ide_job_drive(ch);

	if (ch->job.dma)
		ch->bm_status &= (uint8_t)~IDE_BM_ST_ACTIVE;
	if (ch->job.atapi) {
		d->nsector = 3; /* I/O and C/D: the status phase */
		if (error)
			error = d->atapi.sense_key ? (uint8_t)(d->atapi.sense_key << 4)
						   : ATA_ERROR_ABRT;
	}
	d->error = error;
	d->status = error ? ATA_STATUS_DRDY | ATA_STATUS_ERR : ATA_STATUS_DRDY | ATA_STATUS_DSC;
	abandon_job(ch);
	ide_raise_irq(ch);
}

/* ---- backend requests ---- */

static void request_done(struct ide_channel *ch, int rc);

enum request_kind { REQUEST_READ, REQUEST_WRITE, REQUEST_FLUSH };

static void submit(struct ide_channel *ch, enum request_kind kind, uint32_t count)
{
	const struct ide_backend_ops *ops = ch->ide->ops;
	int drive = ide_drive_number(ch, ch->job.unit);
	int rc;

	ch->job.batch = count;
	ch->phase = IDE_PHASE_BACKEND;
	ide_job_drive(ch)->status = ATA_STATUS_BSY | ATA_STATUS_DRDY;
	ch->in_flight = true;
	ch->submitting = true;
	ch->completed_early = false;
	if (kind == REQUEST_FLUSH && !ops->flush) {
		/* nothing to flush: done at once */
		ch->submitting = false;
		ch->in_flight = false;
		request_done(ch, 0);
		return;
	}
	if (kind == REQUEST_FLUSH)
		rc = ops->flush(ops->ctx, drive, ch);
	else
		rc = ops->submit(ops->ctx, drive, ch->job.sector, count, ch->buf,
				 kind == REQUEST_WRITE, ch);
	ch->submitting = false;
	if (rc < 0 || ch->completed_early) {
		/* refused (no completion will come), or completed from within
		 * submit */
		ch->in_flight = false;
		ch->completed_early = false;
		request_done(ch, rc < 0 ? rc : ch->early_rc);
	}
}

void ide_fill(struct ide_channel *ch)
{
	uint64_t n = ch->job.sectors_left;

	if (n > IDE_BUFFER_BYTES / IDE_SECTOR_SIZE)
		n = IDE_BUFFER_BYTES / IDE_SECTOR_SIZE;
	submit(ch, REQUEST_READ, (uint32_t)n);
}

void ide_submit_write(struct ide_channel *ch, uint32_t count)
{
	submit(ch, REQUEST_WRITE, count);
}

void ide_submit_flush(struct ide_channel *ch)
{
	submit(ch, REQUEST_FLUSH, 0);
}

static void io_error(struct ide_channel *ch)
{
	struct ide_drive *d = ide_job_drive(ch);

	ch->ide->io_errors++;
	if (ch->job.atapi) {
		atapi_set_sense(&d->atapi, SENSE_MEDIUM_ERROR, ASC_READ_ERROR, 0);
		ide_finish(ch, ATA_ERROR_ABRT);
	} else {
		ide_finish(ch, ch->job.write || ch->job.flush ? ATA_ERROR_ABRT : ATA_ERROR_UNC);
	}
}

/* The first DRQ block of a PIO write, or the next one. */
static void pio_out_block(struct ide_channel *ch)
{
	uint64_t n = ch->job.sectors_left;

	if (n > ch->job.drq_sectors)
		n = ch->job.drq_sectors;
	ch->pos = 0;
	ch->len = ch->drq_end = (uint32_t)n * IDE_SECTOR_SIZE;
	ch->phase = IDE_PHASE_PIO_OUT;
	ide_job_drive(ch)->status = ATA_STATUS_DRDY | ATA_STATUS_DSC | ATA_STATUS_DRQ;
}

static void request_done(struct ide_channel *ch, int rc)
{
	struct ide_job *job = &ch->job;

	if (ch->phase != IDE_PHASE_BACKEND) {
		/* the command was abandoned by a reset while in flight */
		if (ch->reset_when_done)
			reset_end(ch);
		return;
	}
	if (rc < 0) {
		io_error(ch);
		return;
	}
	if (job->flush) {
		ide_finish(ch, 0);
		return;
	}
	job->sector += job->batch;
	job->sectors_left -= job->batch;
	if (!job->write) {
		ch->pos = 0;
		ch->len = ch->drq_end = job->batch * IDE_SECTOR_SIZE;
		if (job->dma) {
			ch->phase = IDE_PHASE_DMA;
			ide_dma_continue(ch);
		} else if (job->atapi) {
			ide_packet_pio_block(ch);
		} else {
			ide_pio_in_block(ch);
		}
		return;
	}
	if (!job->sectors_left) {
		ide_finish(ch, 0);
	} else if (job->dma) {
		ch->phase = IDE_PHASE_DMA;
		ide_job_drive(ch)->status = ATA_STATUS_BSY | ATA_STATUS_DRDY;
		ide_dma_continue(ch);
	} else {
		pio_out_block(ch);
		ide_raise_irq(ch);
	}
}

int ide_complete(struct ide *ide, void *cookie, int rc)
{
	for (unsigned c = 0; c < IDE_CHANNELS; c++) {
		struct ide_channel *ch = &ide->channel[c];

		if (cookie != ch)
			continue;
		if (!ch->in_flight)
			break;
		if (ch->submitting) {
			ch->completed_early = true;
			ch->early_rc = rc;
			return 0;
		}
		ch->in_flight = false;
		request_done(ch, rc);
		return 0;
	}
	ide->completions_ignored++;
	return -ENOENT;
}

/* ---- PIO ---- */

void ide_pio_in_block(struct ide_channel *ch)
{
	uint32_t block = ch->job.drq_sectors * IDE_SECTOR_SIZE;

	ch->drq_end = ch->len - ch->pos < block ? ch->len : ch->pos + block;
	ch->phase = IDE_PHASE_PIO_IN;
	ide_job_drive(ch)->status = ATA_STATUS_DRDY | ATA_STATUS_DSC | ATA_STATUS_DRQ;
	ide_raise_irq(ch);
}

/* The guest has read a whole block. */
static void pio_in_block_done(struct ide_channel *ch)
{
	if (ch->pos < ch->len) {
		if (ch->job.atapi)
			ide_packet_pio_block(ch);
		else
			ide_pio_in_block(ch);
	} else if (ch->job.sectors_left) {
		ide_fill(ch);
	} else if (ch->job.atapi) {
		ide_finish(ch, 0);
	} else {
		/* ATA data-in ends without an interrupt after the last block */
		ide_job_drive(ch)->status = ATA_STATUS_DRDY | ATA_STATUS_DSC;
		abandon_job(ch);
	}
}

/* The guest has written a whole block (or the packet). */
static void pio_out_block_done(struct ide_channel *ch)
{
	if (ch->phase == IDE_PHASE_PACKET)
		ide_packet_received(ch);
	else
		ide_submit_write(ch, ch->len / IDE_SECTOR_SIZE);
}

static bool data_port_active(const struct ide_channel *ch)
{
	return ch->unit == ch->job.unit && !ch->in_flight;
}

static uint64_t data_read(struct ide_channel *ch, unsigned size)
{
	uint64_t v = 0;

	if (ch->phase != IDE_PHASE_PIO_IN || !data_port_active(ch))
		return ~UINT64_C(0);
	for (unsigned i = 0; i < size && ch->pos < ch->drq_end; i++)
		v |= (uint64_t)ch->buf[ch->pos++] << (8 * i);
	if (ch->pos == ch->drq_end)
		pio_in_block_done(ch);
	return v;
}

static void data_write(struct ide_channel *ch, unsigned size, uint64_t value)
{
	if ((ch->phase != IDE_PHASE_PIO_OUT && ch->phase != IDE_PHASE_PACKET) ||
	    !data_port_active(ch))
		return;
	for (unsigned i = 0; i < size && ch->pos < ch->drq_end; i++)
		ch->buf[ch->pos++] = (uint8_t)(value >> (8 * i));
	if (ch->pos == ch->drq_end)
		pio_out_block_done(ch);
}

/* ---- the task file ---- */

static uint8_t status_read(struct ide_channel *ch)
{
	const struct ide_drive *d = &ch->drive[ch->unit];

	if (channel_empty(ch))
		return 0xff; /* a floating bus: nobody there */
	if (d->media == IDE_MEDIA_NONE)
		return 0; /* device 0 answers for an absent device 1 */
	return d->status;
}

static uint8_t register_read(struct ide_channel *ch, unsigned reg)
{
	const struct ide_drive *d = &ch->drive[ch->unit];
	bool hob = ch->control & ATA_CONTROL_HOB;

	if (channel_empty(ch))
		return 0xff;
	switch (reg) {
	case REG_ERROR_FEATURE:
		return d->media == IDE_MEDIA_NONE ? 0 : d->error;
	case REG_NSECTOR:
		return hob ? d->hob_nsector : d->nsector;
	case REG_LBA_LOW:
		return hob ? d->hob_lba_low : d->lba_low;
	case REG_LBA_MID:
		return hob ? d->hob_lba_mid : d->lba_mid;
	case REG_LBA_HIGH:
		return hob ? d->hob_lba_high : d->lba_high;
	case REG_DEVICE:
		return d->device | DEVICE_OBSOLETE_BITS;
	default: /* REG_STATUS_COMMAND: reading it acknowledges the interrupt */
		clear_irq(ch);
		return status_read(ch);
	}
}

static bool busy(const struct ide_channel *ch)
{
	return ch->in_flight || ch->phase != IDE_PHASE_IDLE ||
	       (ch->drive[ch->unit].status & ATA_STATUS_BSY);
}

static void command_write(struct ide_channel *ch, uint8_t command)
{
	struct ide_drive *d = &ch->drive[ch->unit];

	if (d->media == IDE_MEDIA_NONE || (ch->control & ATA_CONTROL_SRST))
		return; /* nobody executes it; or the devices are held in reset */
	/* DEVICE RESET reaches an ATAPI drive in the middle of a command
	 * (not while its request is in flight: SRST is the way then). */
	if (command == CMD_DEVICE_RESET && d->media == IDE_MEDIA_CDROM && !ch->in_flight &&
	    (ch->phase == IDE_PHASE_IDLE || ch->unit == ch->job.unit)) {
		abandon_job(ch);
		clear_irq(ch);
		drive_after_reset(d);
		return;
	}
	if (busy(ch))
		return;
	clear_irq(ch);
	ide_ata_command(ch, command);
}

static void register_write(struct ide_channel *ch, unsigned reg, uint8_t v)
{
	if (reg == REG_STATUS_COMMAND) {
		command_write(ch, v);
		return;
	}
	ch->control &= (uint8_t)~ATA_CONTROL_HOB;
	for (unsigned u = 0; u < IDE_UNITS; u++) {
		struct ide_drive *d = &ch->drive[u];

		switch (reg) {
		case REG_ERROR_FEATURE:
			d->hob_feature = d->feature;
			d->feature = v;
			break;
		case REG_NSECTOR:
			d->hob_nsector = d->nsector;
			d->nsector = v;
			break;
		case REG_LBA_LOW:
			d->hob_lba_low = d->lba_low;
			d->lba_low = v;
			break;
		case REG_LBA_MID:
			d->hob_lba_mid = d->lba_mid;
			d->lba_mid = v;
			break;
		case REG_LBA_HIGH:
			d->hob_lba_high = d->lba_high;
			d->lba_high = v;
			break;
		default: /* REG_DEVICE */
			d->device = v & (uint8_t)~DEVICE_OBSOLETE_BITS;
			break;
		}
	}
	if (reg == REG_DEVICE)
		ch->unit = (v & DEVICE_UNIT_BIT) ? 1 : 0;
}

static uint64_t command_region_read(void *dev, uint64_t offset, unsigned size)
{
	struct ide_channel *ch = dev;
	uint64_t v = 0;

	if (offset == REG_DATA)
		return channel_empty(ch) ? ~UINT64_C(0) : data_read(ch, size);
	for (unsigned i = 0; i < size && offset + i < COMMAND_REGION_BYTES; i++)
		v |= (uint64_t)register_read(ch, (unsigned)offset + i) << (8 * i);
	return v;
}

static void command_region_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct ide_channel *ch = dev;

	if (channel_empty(ch))
		return;
	if (offset == REG_DATA) {
		data_write(ch, size, value);
		return;
	}
	for (unsigned i = 0; i < size && offset + i < COMMAND_REGION_BYTES; i++)
		register_write(ch, (unsigned)offset + i, (uint8_t)(value >> (8 * i)));
}

/* ---- the control block: alternate status, device control ---- */

static uint64_t control_region_read(void *dev, uint64_t offset, unsigned size)
{
	(void)offset;
	(void)size;
	return status_read(dev);
}

static void control_region_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct ide_channel *ch = dev;
	uint8_t old = ch->control, v = (uint8_t)value;

	(void)offset;
	(void)size;
	ch->control = v;
	if (!(old & ATA_CONTROL_SRST) && (v & ATA_CONTROL_SRST))
		reset_begin(ch);
	else if ((old & ATA_CONTROL_SRST) && !(v & ATA_CONTROL_SRST))
		reset_end(ch);
	update_irq(ch);
}

/* ---- set-up ---- */

void ide_init(struct ide *ide, const struct ide_backend_ops *ops, const struct guest_memory *mem)
{
	memset(ide, 0, sizeof(*ide));
	ide->ops = ops;
	ide->mem = mem;
	for (unsigned c = 0; c < IDE_CHANNELS; c++) {
		struct ide_channel *ch = &ide->channel[c];

		ch->ide = ide;
		ch->index = c;
		ide->command_region[c] = (struct io_region){ c ? "ide1" : "ide0",
							     IO_SPACE_PORT,
							     command_ports[c],
							     COMMAND_REGION_BYTES,
							     command_region_read,
							     command_region_write,
							     ch,
							     NULL };
		ide->control_region[c] = (struct io_region){ c ? "ide1-control" : "ide0-control",
							     IO_SPACE_PORT,
							     control_ports[c],
							     1,
							     control_region_read,
							     control_region_write,
							     ch,
							     NULL };
	}
	ide->bm_region = (struct io_region){
		"ide-bus-master",    IO_SPACE_PORT,	   0,	IDE_BM_REGION_BYTES,
		ide_dma_region_read, ide_dma_region_write, ide, NULL
	};
	ide_reset(ide);
}

int ide_attach(struct ide *ide, int drive, enum ide_media media, bool readonly)
{
	struct ide_channel *ch;
	struct ide_drive *d;

	if (drive < 0 || drive >= IDE_DRIVES ||
	    (media != IDE_MEDIA_DISK && media != IDE_MEDIA_CDROM))
		return -EINVAL;
	ch = &ide->channel[drive / IDE_UNITS];
	d = &ch->drive[drive % IDE_UNITS];
	if (d->media != IDE_MEDIA_NONE)
		return -EEXIST;
	if (media == IDE_MEDIA_DISK) {
		uint64_t sectors = ide->ops->sectors(ide->ops->ctx, drive);

		if (!sectors)
			return -EINVAL;
		d->sectors = sectors;
	}
	d->media = media;
	d->readonly = readonly || media == IDE_MEDIA_CDROM;
	default_geometry(d);
	drive_after_reset(d);
	return 0;
}

unsigned ide_unplug_disks(struct ide *ide, bool spare_primary_master)
{
	unsigned gone = 0;

	for (unsigned c = 0; c < IDE_CHANNELS; c++) {
		struct ide_channel *ch = &ide->channel[c];

		for (unsigned u = 0; u < IDE_UNITS; u++) {
			struct ide_drive *d = &ch->drive[u];

			if (d->media != IDE_MEDIA_DISK ||
			    (spare_primary_master && c == 0 && u == 0))
				continue;
			if (ch->phase != IDE_PHASE_IDLE && (ch->job.unit & 1) == u) {
				reset_begin(ch);
				reset_end(ch);
			}
			*d = (struct ide_drive){ .media = IDE_MEDIA_NONE };
			gone++;
		}
		update_irq(ch);
	}
	return gone;
}

int ide_add_legacy_regions(struct ide *ide, struct io_bus *bus)
{
	for (unsigned c = 0; c < IDE_CHANNELS; c++) {
		int rc = io_bus_add(bus, &ide->command_region[c]);

		if (rc < 0)
			return rc;
		rc = io_bus_add(bus, &ide->control_region[c]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

struct io_region *ide_bus_master_region(struct ide *ide)
{
	return &ide->bm_region;
}

uint8_t ide_prog_if(const struct ide *ide)
{
	(void)ide;
	return IDE_PROG_IF_LEGACY;
}
