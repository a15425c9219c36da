/*
 * The PACKET protocol of an ATAPI drive on an IDE channel (see ide.h):
 * the 12-byte packet taken through the data register, the command carried
 * out by atapi.c, its data given to the host in PIO blocks of at most the
 * byte count the host set (or by DMA when the features register asked),
 * blocks of the medium read from the backing disk, CHECK CONDITION as ERR
 * with the sense key in the error register.
 */
#include "apps/ioemu/ide_internal.h"

#include "apps/ioemu/ide_identify.h"

#include <string.h>

enum {
	FEATURE_DMA = 0x01,
	/* Interrupt reason (in the sector count register). */
	REASON_COMMAND = 0x01, /* C/D: the host is to write the packet */
	REASON_TO_HOST = 0x02, /* I/O */
	BYTE_LIMIT_DEFAULT = 0xfffe,
};

void ide_packet_command(struct ide_channel *ch)
{
	struct ide_drive *d = ide_job_drive(ch);
	uint32_t limit = (uint32_t)d->lba_high << 8 | d->lba_mid;

	/* 0 and 0xffff mean "as much as you like"; blocks but the last are
	 * of an even length */
	if (!limit || limit == 0xffff)
		limit = BYTE_LIMIT_DEFAULT;
	limit &= ~1u;
	if (!limit)
		limit = 2;
	ch->job.atapi = true;
	ch->job.dma = d->feature & FEATURE_DMA;
	ch->job.byte_limit = limit;
	ch->pos = 0;
	ch->len = ch->drq_end = ATAPI_PACKET_BYTES;
	ch->phase = IDE_PHASE_PACKET;
	d->nsector = REASON_COMMAND;
	d->status = ATA_STATUS_DRDY | ATA_STATUS_DSC | ATA_STATUS_DRQ;
}

void ide_packet_identify(struct ide_channel *ch)
{
	int number = ide_drive_number(ch, ch->job.unit);

	ide_identify_atapi(ide_job_drive(ch), (unsigned)number, ch->buf);
	ch->pos = 0;
	ch->len = IDE_IDENTIFY_BYTES;
	ch->job.drq_sectors = 1;
	ide_pio_in_block(ch);
}

void ide_packet_pio_block(struct ide_channel *ch)
{
	struct ide_drive *d = ide_job_drive(ch);
	uint32_t n = ch->len - ch->pos;

	if (n > ch->job.byte_limit)
		n = ch->job.byte_limit;
	ch->drq_end = ch->pos + n;
	ch->phase = IDE_PHASE_PIO_IN;
	d->lba_mid = (uint8_t)n;
	d->lba_high = (uint8_t)(n >> 8);
	d->nsector = REASON_TO_HOST;
	d->status = ATA_STATUS_DRDY | ATA_STATUS_DSC | ATA_STATUS_DRQ;
	ide_raise_irq(ch);
}

/* Data to the host, from buf[0..len) and then from the medium. */
static void start_data(struct ide_channel *ch)
{
	if (ch->job.dma) {
		ch->drq_end = ch->len;
		ch->phase = IDE_PHASE_DMA;
		ide_job_drive(ch)->status = ATA_STATUS_BSY | ATA_STATUS_DRDY;
		ide_dma_continue(ch);
	} else {
		ide_packet_pio_block(ch);
	}
}

void ide_packet_received(struct ide_channel *ch)
{
	const struct ide_backend_ops *ops = ch->ide->ops;
	struct ide_drive *d = ide_job_drive(ch);
	uint8_t cdb[ATAPI_PACKET_BYTES];
	uint64_t blocks = ops->sectors(ops->ctx, ide_drive_number(ch, ch->job.unit)) /
			  ATAPI_SECTORS_PER_BLOCK;
	struct atapi_result res;

	memcpy(cdb, ch->buf, sizeof(cdb));
	atapi_execute(&d->atapi, cdb, blocks, ch->buf, IDE_BUFFER_BYTES, &res);
	switch (res.outcome) {
	case ATAPI_DATA:
		if (res.len) {
			ch->pos = 0;
			ch->len = res.len;
			ch->job.sectors_left = 0;
			start_data(ch);
			break;
		}
		ide_finish(ch, 0);
		break;
	case ATAPI_READ:
		ch->job.sector = res.lba * ATAPI_SECTORS_PER_BLOCK;
		ch->job.sectors_left = (uint64_t)res.blocks * ATAPI_SECTORS_PER_BLOCK;
		if (ch->job.dma)
			ch->phase = IDE_PHASE_DMA;
		ide_fill(ch);
		break;
	case ATAPI_CHECK_CONDITION:
		ide_finish(ch, ATA_ERROR_ABRT);
		break;
	default: /* ATAPI_GOOD */
		ide_finish(ch, 0);
		break;
	}
}
