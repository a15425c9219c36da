/*
 * The ATA command set of the IDE drives (see ide.h): the command register
 * decoded for the selected drive, its addresses (CHS, LBA28, LBA48) and
 * counts checked against the disk, then a PIO, DMA or non-data command
 * started on the channel. An ATAPI drive takes the few ATA commands such
 * a drive answers; everything else ends with ERR and ABRT.
 */
#include "apps/ioemu/ide_internal.h"

#include "apps/ioemu/ide_identify.h"

#include <string.h>

enum {
	CMD_DEVICE_RESET = 0x08,
	CMD_RECALIBRATE = 0x10, /* 0x10-0x1f */
	CMD_READ_SECTORS = 0x20,
	CMD_READ_SECTORS_NO_RETRY = 0x21,
	CMD_READ_SECTORS_EXT = 0x24,
	CMD_READ_DMA_EXT = 0x25,
	CMD_READ_MULTIPLE_EXT = 0x29,
	CMD_WRITE_SECTORS = 0x30,
	CMD_WRITE_SECTORS_NO_RETRY = 0x31,
	CMD_WRITE_SECTORS_EXT = 0x34,
	CMD_WRITE_DMA_EXT = 0x35,
	CMD_WRITE_MULTIPLE_EXT = 0x39,
	CMD_READ_VERIFY = 0x40,
	CMD_READ_VERIFY_NO_RETRY = 0x41,
	CMD_READ_VERIFY_EXT = 0x42,
	CMD_SEEK = 0x70,
	CMD_EXECUTE_DEVICE_DIAGNOSTIC = 0x90,
	CMD_INITIALIZE_DEVICE_PARAMETERS = 0x91,
	CMD_PACKET = 0xa0,
	CMD_IDENTIFY_PACKET_DEVICE = 0xa1,
	CMD_READ_MULTIPLE = 0xc4,
	CMD_WRITE_MULTIPLE = 0xc5,
	CMD_SET_MULTIPLE_MODE = 0xc6,
	CMD_READ_DMA = 0xc8,
	CMD_READ_DMA_NO_RETRY = 0xc9,
	CMD_WRITE_DMA = 0xca,
	CMD_WRITE_DMA_NO_RETRY = 0xcb,
	CMD_STANDBY_IMMEDIATE = 0xe0,
	CMD_IDLE_IMMEDIATE = 0xe1,
	CMD_STANDBY = 0xe2,
	CMD_IDLE = 0xe3,
	CMD_CHECK_POWER_MODE = 0xe5,
	CMD_FLUSH_CACHE = 0xe7,
	CMD_FLUSH_CACHE_EXT = 0xea,
	CMD_IDENTIFY_DEVICE = 0xec,
	CMD_SET_FEATURES = 0xef,
};

enum {
	FEATURE_WRITE_CACHE_ON = 0x02,
	FEATURE_TRANSFER_MODE = 0x03,
	FEATURE_READ_LOOKAHEAD_OFF = 0x55,
	FEATURE_REVERT_DEFAULTS_OFF = 0x66,
	FEATURE_WRITE_CACHE_OFF = 0x82,
	FEATURE_READ_LOOKAHEAD_ON = 0xaa,
	FEATURE_REVERT_DEFAULTS_ON = 0xcc,
	DEVICE_LBA = 0x40,
	POWER_MODE_ACTIVE = 0xff,
};

enum transfer { PIO, PIO_MULTIPLE, DMA };

static void abort_command(struct ide_channel *ch)
{
	ide_finish(ch, ATA_ERROR_ABRT);
}

/* Where a command starts and how many sectors it names, from the task
 * file; false when the address is not on the disk (CHS out of the
 * geometry). */
static bool address(const struct ide_drive *d, bool lba48, uint64_t *lba, uint32_t *count)
{
	if (lba48) {
		uint32_t n = (uint32_t)d->hob_nsector << 8 | d->nsector;

		*count = n ? n : 65536;
		*lba = (uint64_t)d->hob_lba_high << 40 | (uint64_t)d->hob_lba_mid << 32 |
		       (uint64_t)d->hob_lba_low << 24 | (uint64_t)d->lba_high << 16 |
		       (uint64_t)d->lba_mid << 8 | d->lba_low;
		return true;
	}
	*count = d->nsector ? d->nsector : 256;
	if (d->device & DEVICE_LBA) {
		*lba = (uint64_t)(d->device & 0x0f) << 24 | (uint64_t)d->lba_high << 16 |
		       (uint64_t)d->lba_mid << 8 | d->lba_low;
		return true;
	}
	{
		uint32_t cylinder = (uint32_t)d->lba_high << 8 | d->lba_mid;
		uint32_t head = d->device & 0x0f, sector = d->lba_low;

		if (!sector || sector > d->sectors_per_track || head >= d->heads ||
		    cylinder >= d->cylinders)
			return false;
		*lba = ((uint64_t)cylinder * d->heads + head) * d->sectors_per_track + sector - 1;
		return true;
	}
}

static bool within_disk(const struct ide_drive *d, uint64_t lba, uint32_t count)
{
	return lba <= d->sectors && count <= d->sectors - lba;
}

static void read_write(struct ide_channel *ch, struct ide_drive *d, bool write, bool lba48,
		       enum transfer how)
{
	struct ide_job *job = &ch->job;
	uint64_t lba;
	uint32_t count;

	if (how == PIO_MULTIPLE && !d->multiple) {
		abort_command(ch);
		return;
	}
	if (!address(d, lba48, &lba, &count) || !within_disk(d, lba, count)) {
		ide_finish(ch, ATA_ERROR_IDNF);
		return;
	}
	if (write && d->readonly) {
		abort_command(ch);
		return;
	}
	job->write = write;
	job->dma = how == DMA;
	job->sector = lba;
	job->sectors_left = count;
	job->drq_sectors = how == PIO_MULTIPLE ? d->multiple : 1;
	if (how == DMA) {
		ch->phase = IDE_PHASE_DMA;
		d->status = ATA_STATUS_BSY | ATA_STATUS_DRDY;
		if (write)
			ide_dma_continue(ch);
		else
			ide_fill(ch); /* read ahead while the bus master is set up */
		return;
	}
	if (!write) {
		ide_fill(ch);
		return;
	}
	/* the first block's DRQ comes without an interrupt */
	ch->pos = 0;
	ch->len = ch->drq_end =
		(uint32_t)(count < job->drq_sectors ? count : job->drq_sectors) * IDE_SECTOR_SIZE;
	ch->phase = IDE_PHASE_PIO_OUT;
	d->status = ATA_STATUS_DRDY | ATA_STATUS_DSC | ATA_STATUS_DRQ;
}

static void read_verify(struct ide_channel *ch, struct ide_drive *d, bool lba48)
{
	uint64_t lba;
	uint32_t count;

	if (!address(d, lba48, &lba, &count) || !within_disk(d, lba, count))
		ide_finish(ch, ATA_ERROR_IDNF);
	else
		ide_finish(ch, 0);
}

static void identify(struct ide_channel *ch, struct ide_drive *d)
{
	int number = ide_drive_number(ch, ch->job.unit);

	ide_identify_ata(d, (unsigned)number, ch->buf);
	ch->pos = 0;
	ch->len = IDE_IDENTIFY_BYTES;
	ch->job.drq_sectors = 1;
	ide_pio_in_block(ch);
}

static void set_multiple(struct ide_channel *ch, struct ide_drive *d)
{
	uint8_t n = d->nsector;

	if (n > IDE_MAX_MULTIPLE || (n & (n - 1))) {
		abort_command(ch);
		return;
	}
	d->multiple = n;
	ide_finish(ch, 0);
}

/* Mode in the sector count: 00000/00001 PIO default, 00001mmm PIO mode,
 * 00100mmm multiword DMA, 01000mmm UDMA. */
static bool set_transfer_mode(struct ide_drive *d, uint8_t mode)
{
	unsigned n = mode & 7;

	switch (mode >> 3) {
	case 0:
		if (n > 1)
			return false;
		d->pio_mode = 0xff;
		return true;
	case 1:
		if (n > 4)
			return false;
		d->pio_mode = (uint8_t)n;
		return true;
	case 4:
		if (n > 2)
			return false;
		d->mwdma_mode = (uint8_t)n;
		d->udma_mode = 0xff;
		return true;
	case 8:
		if (n > 5)
			return false;
		d->udma_mode = (uint8_t)n;
		d->mwdma_mode = 0xff;
		return true;
	default:
		return false;
	}
}

static void set_features(struct ide_channel *ch, struct ide_drive *d)
{
	bool ok = true;

	switch (d->feature) {
	case FEATURE_TRANSFER_MODE:
		ok = set_transfer_mode(d, d->nsector);
		break;
	case FEATURE_WRITE_CACHE_ON:
	case FEATURE_WRITE_CACHE_OFF:
		d->write_cache = d->feature == FEATURE_WRITE_CACHE_ON;
		break;
	case FEATURE_READ_LOOKAHEAD_ON:
	case FEATURE_READ_LOOKAHEAD_OFF:
	case FEATURE_REVERT_DEFAULTS_ON:
	case FEATURE_REVERT_DEFAULTS_OFF:
		break;
	default:
		ok = false;
		break;
	}
	ide_finish(ch, ok ? 0 : ATA_ERROR_ABRT);
}

static void initialize_device_parameters(struct ide_channel *ch, struct ide_drive *d)
{
	unsigned heads = (d->device & 0x0f) + 1u, spt = d->nsector;
	uint64_t cylinders;

	if (!spt) {
		abort_command(ch);
		return;
	}
	cylinders = d->sectors / (heads * spt);
	d->heads = (uint8_t)heads;
	d->sectors_per_track = (uint8_t)spt;
	d->cylinders = (uint16_t)(cylinders > 65535 ? 65535 : cylinders);
	ide_finish(ch, 0);
}

/* Both drives run their diagnostics: signatures, "passed". */
static void execute_device_diagnostic(struct ide_channel *ch)
{
	for (unsigned u = 0; u < IDE_UNITS; u++) {
		struct ide_drive *d = &ch->drive[u];

		ide_set_signature(d);
		d->error = ATA_ERROR_AMNF;
		d->status = d->media == IDE_MEDIA_DISK ? ATA_STATUS_DRDY | ATA_STATUS_DSC : 0;
	}
	ide_raise_irq(ch);
}

static void flush_cache(struct ide_channel *ch)
{
	ch->job.flush = true;
	ide_submit_flush(ch);
}

static void power_command(struct ide_channel *ch, struct ide_drive *d, uint8_t command)
{
	if (command == CMD_CHECK_POWER_MODE)
		d->nsector = POWER_MODE_ACTIVE;
	ide_finish(ch, 0);
}

/* What an ATAPI drive answers of the ATA commands. */
static void atapi_drive_command(struct ide_channel *ch, struct ide_drive *d, uint8_t command)
{
	switch (command) {
	case CMD_PACKET:
		ide_packet_command(ch);
		break;
	case CMD_IDENTIFY_PACKET_DEVICE:
		ide_packet_identify(ch);
		break;
	case CMD_IDENTIFY_DEVICE:
		/* aborted with the signature, so that hosts try PACKET's */
		ide_set_signature(d);
		abort_command(ch);
		break;
	case CMD_EXECUTE_DEVICE_DIAGNOSTIC:
		execute_device_diagnostic(ch);
		break;
	case CMD_SET_FEATURES:
		set_features(ch, d);
		break;
	case CMD_STANDBY_IMMEDIATE:
	case CMD_IDLE_IMMEDIATE:
	case CMD_STANDBY:
	case CMD_IDLE:
	case CMD_CHECK_POWER_MODE:
		power_command(ch, d, command);
		break;
	default:
		abort_command(ch);
		break;
	}
}

void ide_ata_command(struct ide_channel *ch, uint8_t command)
{
	struct ide_drive *d = &ch->drive[ch->unit];

	memset(&ch->job, 0, sizeof(ch->job));
	ch->job.command = command;
	ch->job.unit = (uint8_t)ch->unit;
	d->error = 0;
	if (d->media == IDE_MEDIA_CDROM) {
		atapi_drive_command(ch, d, command);
		return;
	}
	switch (command) {
	case CMD_READ_SECTORS:
	case CMD_READ_SECTORS_NO_RETRY:
		read_write(ch, d, false, false, PIO);
		break;
	case CMD_READ_SECTORS_EXT:
		read_write(ch, d, false, true, PIO);
		break;
	case CMD_WRITE_SECTORS:
	case CMD_WRITE_SECTORS_NO_RETRY:
		read_write(ch, d, true, false, PIO);
		break;
	case CMD_WRITE_SECTORS_EXT:
		read_write(ch, d, true, true, PIO);
		break;
	case CMD_READ_MULTIPLE:
		read_write(ch, d, false, false, PIO_MULTIPLE);
		break;
	case CMD_READ_MULTIPLE_EXT:
		read_write(ch, d, false, true, PIO_MULTIPLE);
		break;
	case CMD_WRITE_MULTIPLE:
		read_write(ch, d, true, false, PIO_MULTIPLE);
		break;
	case CMD_WRITE_MULTIPLE_EXT:
		read_write(ch, d, true, true, PIO_MULTIPLE);
		break;
	case CMD_READ_DMA:
	case CMD_READ_DMA_NO_RETRY:
		read_write(ch, d, false, false, DMA);
		break;
	case CMD_READ_DMA_EXT:
		read_write(ch, d, false, true, DMA);
		break;
	case CMD_WRITE_DMA:
	case CMD_WRITE_DMA_NO_RETRY:
		read_write(ch, d, true, false, DMA);
		break;
	case CMD_WRITE_DMA_EXT:
		read_write(ch, d, true, true, DMA);
		break;
	case CMD_READ_VERIFY:
	case CMD_READ_VERIFY_NO_RETRY:
		read_verify(ch, d, false);
		break;
	case CMD_READ_VERIFY_EXT:
		read_verify(ch, d, true);
		break;
	case CMD_SET_MULTIPLE_MODE:
		set_multiple(ch, d);
		break;
	case CMD_FLUSH_CACHE:
	case CMD_FLUSH_CACHE_EXT:
		flush_cache(ch);
		break;
	case CMD_IDENTIFY_DEVICE:
		identify(ch, d);
		break;
	case CMD_SET_FEATURES:
		set_features(ch, d);
		break;
	case CMD_INITIALIZE_DEVICE_PARAMETERS:
		initialize_device_parameters(ch, d);
		break;
	case CMD_EXECUTE_DEVICE_DIAGNOSTIC:
		execute_device_diagnostic(ch);
		break;
	case CMD_STANDBY_IMMEDIATE:
	case CMD_IDLE_IMMEDIATE:
	case CMD_STANDBY:
	case CMD_IDLE:
	case CMD_CHECK_POWER_MODE:
		power_command(ch, d, command);
		break;
	case CMD_SEEK:
		ide_finish(ch, 0);
		break;
	default:
		if ((command & 0xf0) == CMD_RECALIBRATE)
			ide_finish(ch, 0);
		else
			abort_command(ch);
		break;
	}
}
