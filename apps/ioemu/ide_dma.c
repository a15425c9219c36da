/*
 * The PIIX3 IDE function's bus master (BAR4, see ide.h): per channel a
 * command register (start, direction), a status register (active, error,
 * interrupt, the drives' DMA-capable bits) and the PRD table's address;
 * and the walk of the PRD table in guest memory that moves a DMA command's
 * data between the channel's buffer and the guest. Every entry is read
 * through guest_memory as the guest left it: a table that ends before the
 * data (or never ends within IDE_PRD_MAX_ENTRIES), an address outside the
 * guest's memory, end the command with the error bit and the interrupt.
 * A table longer than the data is fine (its rest is not used). The
 * direction bit is the guest's to set; the command decides the direction.
 */
#include "apps/ioemu/ide_internal.h"

#include "lib/errno.h"

enum {
	BM_CHANNEL_BYTES = 8,
	PRD_ENTRY_BYTES = 8,
	PRD_LAST = 0x80, /* in the entry's last byte */
	PRD_MAX_COUNT = 0x10000,
	BM_COMMAND_BITS = IDE_BM_CMD_START | IDE_BM_CMD_TO_MEMORY,
	BM_STATUS_WRITABLE = IDE_BM_ST_DRIVE0_DMA | IDE_BM_ST_DRIVE1_DMA,
	BM_STATUS_WRITE_CLEARS = IDE_BM_ST_ERROR | IDE_BM_ST_INTERRUPT,
};

void ide_dma_reset(struct ide_channel *ch)
{
	ch->bm_command = 0;
	ch->bm_status = 0;
	ch->bm_prd_table = 0;
	ch->prd_table_base = 0;
	ch->prd_index = ch->prd_left = ch->prd_address = 0;
	ch->prd_last = false;
}

/* The walk starts again at the table's first entry. */
static void prd_restart(struct ide_channel *ch)
{
	ch->prd_table_base = ch->bm_prd_table;
	ch->prd_index = ch->prd_left = ch->prd_address = 0;
	ch->prd_last = false;
}

/* Counted, and told to the glue with the range it would have touched. */
static int refuse(struct ide_channel *ch, const char *why, uint64_t address, uint32_t bytes)
{
	struct ide *ide = ch->ide;

	ide->dma_refused++;
	ide->last_refusal = why;
	if (ide->dma_refused_hook)
		ide->dma_refused_hook(ide->dma_refused_ctx, (int)ch->index, why, address, bytes);
	return -EFAULT;
}

/* The next entry of the table into prd_address/prd_left/prd_last. */
static int prd_next(struct ide_channel *ch)
{
	const struct guest_memory *mem = ch->ide->mem;
	uint64_t at = (uint64_t)ch->prd_table_base + (uint64_t)ch->prd_index * PRD_ENTRY_BYTES;
	uint8_t e[PRD_ENTRY_BYTES];
	uint32_t count;

	if (ch->prd_last)
		return refuse(ch, "PRD table ends before the transfer", ch->prd_table_base,
			      ch->prd_index * PRD_ENTRY_BYTES);
	if (ch->prd_index >= IDE_PRD_MAX_ENTRIES)
		return refuse(ch, "PRD table without an end", ch->prd_table_base,
			      IDE_PRD_MAX_ENTRIES * PRD_ENTRY_BYTES);
	if (!mem || mem->read(mem->ctx, at, e, sizeof(e)) < 0)
		return refuse(ch, "PRD table outside guest memory", at, PRD_ENTRY_BYTES);
	ch->prd_index++;
	ch->prd_address = ((uint32_t)e[0] | (uint32_t)e[1] << 8 | (uint32_t)e[2] << 16 |
			   (uint32_t)e[3] << 24) &
			  ~1u;
	count = ((uint32_t)e[4] | (uint32_t)e[5] << 8) & 0xfffe;
	ch->prd_left = count ? count : PRD_MAX_COUNT;
	ch->prd_last = e[7] & PRD_LAST;
	return 0;
}

/* len bytes between buf and the guest memory the table names, going on
 * from where the walk stands. At most len / 2 + IDE_PRD_MAX_ENTRIES
 * steps: each one uses an entry or moves at least a byte. */
static int prd_move(struct ide_channel *ch, uint8_t *buf, uint32_t len, bool to_guest)
{
	const struct guest_memory *mem = ch->ide->mem;

	while (len) {
		uint32_t n;
		int rc;

		if (!ch->prd_left && prd_next(ch) < 0)
			return -EFAULT;
		n = len < ch->prd_left ? len : ch->prd_left;
		rc = to_guest ? mem->write(mem->ctx, ch->prd_address, buf, n)
			      : mem->read(mem->ctx, ch->prd_address, buf, n);
		if (rc < 0)
			return refuse(ch, "DMA address outside guest memory", ch->prd_address, n);
		ch->prd_address += n;
		ch->prd_left -= n;
		buf += n;
		len -= n;
	}
	return 0;
}

static void dma_failed(struct ide_channel *ch)
{
	struct ide_drive *d = ide_job_drive(ch);

	ch->bm_status |= IDE_BM_ST_ERROR;
	if (ch->job.atapi)
		atapi_set_sense(&d->atapi, SENSE_ABORTED_COMMAND, 0, 0);
	ide_finish(ch, ATA_ERROR_ABRT);
}

void ide_dma_continue(struct ide_channel *ch)
{
	struct ide_job *job = &ch->job;

	if (ch->phase != IDE_PHASE_DMA || ch->in_flight || !(ch->bm_status & IDE_BM_ST_ACTIVE))
		return;
	if (!job->write) {
		if (prd_move(ch, ch->buf + ch->pos, ch->len - ch->pos, true) < 0) {
			dma_failed(ch);
			return;
		}
		ch->pos = ch->len;
		if (job->sectors_left)
			ide_fill(ch);
		else
			ide_finish(ch, 0);
		return;
	}
	{
		uint64_t n = job->sectors_left;

		if (n > IDE_BUFFER_BYTES / IDE_SECTOR_SIZE)
			n = IDE_BUFFER_BYTES / IDE_SECTOR_SIZE;
		if (prd_move(ch, ch->buf, (uint32_t)n * IDE_SECTOR_SIZE, false) < 0) {
			dma_failed(ch);
			return;
		}
		ide_submit_write(ch, (uint32_t)n);
	}
}

static void command_write(struct ide_channel *ch, uint8_t v)
{
	uint8_t old = ch->bm_command;

	ch->bm_command = v & BM_COMMAND_BITS;
	if (!(old & IDE_BM_CMD_START) && (v & IDE_BM_CMD_START)) {
		ch->bm_status |= IDE_BM_ST_ACTIVE;
		prd_restart(ch);
		ide_dma_continue(ch);
	} else if ((old & IDE_BM_CMD_START) && !(v & IDE_BM_CMD_START)) {
		/* stopped: a command still waiting for data waits for the next
		 * start, which walks the table from its beginning again */
		ch->bm_status &= (uint8_t)~IDE_BM_ST_ACTIVE;
	}
}

static uint8_t read_byte(struct ide *ide, unsigned offset)
{
	struct ide_channel *ch = &ide->channel[offset / BM_CHANNEL_BYTES];
	unsigned reg = offset % BM_CHANNEL_BYTES;

	switch (reg) {
	case IDE_BM_COMMAND:
		return ch->bm_command;
	case IDE_BM_STATUS:
		return ch->bm_status;
	case IDE_BM_PRD_TABLE:
	case IDE_BM_PRD_TABLE + 1:
	case IDE_BM_PRD_TABLE + 2:
	case IDE_BM_PRD_TABLE + 3:
		return (uint8_t)(ch->bm_prd_table >> (8 * (reg - IDE_BM_PRD_TABLE)));
	default:
		return 0;
	}
}

static void write_byte(struct ide *ide, unsigned offset, uint8_t v)
{
	struct ide_channel *ch = &ide->channel[offset / BM_CHANNEL_BYTES];
	unsigned reg = offset % BM_CHANNEL_BYTES;

	switch (reg) {
	case IDE_BM_COMMAND:
		command_write(ch, v);
		break;
	case IDE_BM_STATUS:
		ch->bm_status =
			(uint8_t)((ch->bm_status & ~BM_STATUS_WRITABLE) | (v & BM_STATUS_WRITABLE));
		ch->bm_status &= (uint8_t) ~(v & BM_STATUS_WRITE_CLEARS);
		break;
	case IDE_BM_PRD_TABLE:
	case IDE_BM_PRD_TABLE + 1:
	case IDE_BM_PRD_TABLE + 2:
	case IDE_BM_PRD_TABLE + 3: {
		unsigned shift = 8 * (reg - IDE_BM_PRD_TABLE);

		ch->bm_prd_table &= ~(0xffu << shift);
		ch->bm_prd_table |= (uint32_t)v << shift;
		ch->bm_prd_table &= ~3u; /* dword aligned */
		break;
	}
	default:
		break;
	}
}

uint64_t ide_dma_region_read(void *dev, uint64_t offset, unsigned size)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < size && offset + i < IDE_BM_REGION_BYTES; i++)
		v |= (uint64_t)read_byte(dev, (unsigned)offset + i) << (8 * i);
	return v;
}

void ide_dma_region_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	for (unsigned i = 0; i < size && offset + i < IDE_BM_REGION_BYTES; i++)
		write_byte(dev, (unsigned)offset + i, (uint8_t)(value >> (8 * i)));
}
