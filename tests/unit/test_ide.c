/* apps/ioemu/ide: the task file, empty slots, signatures, IDENTIFY, PIO
 * reads and writes through rep accesses, LBA48, errors, resets, and the
 * asynchronous backend's completions. */
#include "apps/ioemu/ide.h"
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "tests/unit/ide_fixture.h"

#include <string.h>

enum {
	P = 0x1f0,    /* primary command block */
	PCTL = 0x3f6, /* primary control */
	S = 0x170,
	BUF = 0x10000, /* guest buffer for rep accesses */
};

static uint16_t word_at(const uint8_t *p, unsigned w)
{
	return (uint16_t)(p[w * 2] | p[w * 2 + 1] << 8);
}

/* Does the guest's buffer at gpa hold sectors first.. of the pattern? */
static bool holds_pattern(struct ide_fixture *fx, uint64_t gpa, uint64_t first, unsigned count)
{
	for (unsigned s = 0; s < count; s++)
		for (unsigned i = 0; i < IDE_SECTOR_SIZE; i++)
			if (fx->ram[gpa + s * IDE_SECTOR_SIZE + i] != fx_pattern(first + s, i))
				return false;
	return true;
}

TEST(ide_empty_channel_floats)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100); /* primary only */
	CHECK_INT(fx_in(fx, S + 7, 1), 0xff);
	CHECK_INT(fx_in(fx, 0x376, 1), 0xff);
	fx_out(fx, S + 2, 1, 0x55);
	fx_out(fx, S + 3, 1, 0xaa);
	CHECK_INT(fx_in(fx, S + 2, 1), 0xff);
	CHECK_INT(fx_in(fx, S + 3, 1), 0xff);
	CHECK_INT(fx_in(fx, S, 2), 0xffff);
	fx_out(fx, S + 7, 1, 0xec);
	CHECK_INT(fx->submits, 0);
	CHECK_INT(fx_in(fx, S + 7, 1), 0xff);
	fx_free(fx);
}

TEST(ide_absent_device_1_reads_zero_status)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	fx_out(fx, P + 6, 1, 0xb0);
	CHECK_INT(fx_in(fx, P + 6, 1), 0xb0);
	fx_out(fx, P + 2, 1, 0x55);
	fx_out(fx, P + 3, 1, 0xaa);
	CHECK_INT(fx_in(fx, P + 2, 1), 0x55); /* device 0 latched them */
	CHECK_INT(fx_in(fx, P + 3, 1), 0xaa);
	CHECK_INT(fx_in(fx, P + 7, 1), 0);
	CHECK_INT(fx_in(fx, PCTL, 1), 0);
	fx_out(fx, P + 7, 1, 0xa1); /* IDENTIFY PACKET to nobody */
	CHECK_INT(fx_in(fx, P + 7, 1), 0);
	fx_out(fx, P + 6, 1, 0xa0);
	CHECK_INT(fx_in(fx, P + 7, 1), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	fx_free(fx);
}

TEST(ide_signatures_after_reset)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	fx_attach(fx, 1, IDE_MEDIA_CDROM, 400);
	fx_out(fx, PCTL, 1, ATA_CONTROL_SRST | ATA_CONTROL_NIEN);
	CHECK_INT(fx_in(fx, PCTL, 1) & ATA_STATUS_BSY, ATA_STATUS_BSY);
	fx_out(fx, PCTL, 1, 0);
	CHECK_INT(fx_in(fx, P + 6, 1) & 0x10, 0); /* device 0 selected */
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	CHECK_INT(fx_in(fx, P + 1, 1), 1);
	CHECK_INT(fx_in(fx, P + 2, 1), 1);
	CHECK_INT(fx_in(fx, P + 3, 1), 1);
	CHECK_INT(fx_in(fx, P + 4, 1), 0);
	CHECK_INT(fx_in(fx, P + 5, 1), 0);
	fx_out(fx, P + 6, 1, 0xb0);
	CHECK_INT(fx_status(fx, 0), 0); /* ATAPI: no DRDY after a reset */
	CHECK_INT(fx_in(fx, P + 4, 1), 0x14);
	CHECK_INT(fx_in(fx, P + 5, 1), 0xeb);
	/* EXECUTE DEVICE DIAGNOSTIC sets them again, with an interrupt */
	fx_out(fx, P + 4, 1, 0x77);
	fx_out(fx, P + 6, 1, 0xa0);
	fx_out(fx, P + 7, 1, 0x90);
	CHECK_INT(fx->irq[14], 1);
	CHECK_INT(fx_in(fx, P + 4, 1), 0);
	CHECK_INT(fx_in(fx, P + 1, 1), 1);
	fx_free(fx);
}

TEST(ide_identify_device)
{
	struct ide_fixture *fx = fx_new();
	const uint8_t *id = &fx->ram[BUF];
	char model[41];

	fx_attach(fx, 0, IDE_MEDIA_DISK, 20000);
	fx_out(fx, P + 6, 1, 0xa0);
	fx_out(fx, P + 7, 1, 0xec);
	CHECK_INT(fx->irq[14], 1);
	CHECK_INT(fx_in(fx, PCTL, 1), ATA_STATUS_DRDY | ATA_STATUS_DSC | ATA_STATUS_DRQ);
	CHECK_INT(fx_status(fx, 0) & ATA_STATUS_DRQ, ATA_STATUS_DRQ);
	CHECK_INT(fx->irq[14], 0); /* the status read acknowledged it */
	CHECK_INT(fx_insw(fx, P, BUF, 256), 0);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	CHECK_INT(fx->irq[14], 0); /* no interrupt after the last block */
	CHECK_INT(word_at(id, 0), 0x0040);
	CHECK_INT(word_at(id, 1), 20000 / (16 * 63));
	CHECK_INT(word_at(id, 3), 16);
	CHECK_INT(word_at(id, 6), 63);
	CHECK_INT(word_at(id, 47), 0x8010);
	CHECK_INT(word_at(id, 49) & 0x0300, 0x0300); /* LBA and DMA */
	CHECK_INT(word_at(id, 60) | word_at(id, 61) << 16, 20000);
	CHECK_INT(word_at(id, 63), 0x0407); /* MW DMA 0-2, 2 selected */
	CHECK_INT(word_at(id, 64), 0x0003);
	CHECK_INT(word_at(id, 83) & 0x7400, 0x7400); /* LBA48, FLUSH (EXT) */
	CHECK_INT(word_at(id, 85) & 0x0020, 0x0020); /* write cache on */
	CHECK_INT(word_at(id, 88) & 0xff, 0x3f);
	CHECK_INT(word_at(id, 100), 20000);
	CHECK_INT(word_at(id, 101), 0);
	for (unsigned i = 0; i < 20; i++) {
		model[2 * i] = (char)(word_at(id, 27 + i) >> 8);
		model[2 * i + 1] = (char)word_at(id, 27 + i);
	}
	model[40] = 0;
	CHECK(strncmp(model, "ioemu HARDDISK      ", 20) == 0);
	CHECK_INT(id[20], 'O'); /* serial "IOEMU00000", swapped in words */
	CHECK_INT(id[21], 'I');
	/* a data read past the block reads as ones and changes nothing */
	CHECK_INT(fx_in(fx, P, 2), 0xffff);
	fx_free(fx);
}

TEST(ide_identify_lba48_capacity)
{
	struct ide_fixture *fx = fx_new();
	const uint8_t *id = &fx->ram[BUF];
	uint64_t big = (UINT64_C(1) << 33) + 3;

	fx_attach(fx, 2, IDE_MEDIA_DISK, big);
	fx_out(fx, S + 6, 1, 0xa0);
	fx_out(fx, S + 7, 1, 0xec);
	CHECK_INT(fx->irq[15], 1);
	CHECK_INT(fx_insw(fx, S, BUF, 256), 0);
	CHECK_INT(word_at(id, 60) | word_at(id, 61) << 16, 0x0fffffff);
	CHECK_INT(word_at(id, 1), 16383);
	CHECK_INT(word_at(id, 100), 3);
	CHECK_INT(word_at(id, 101), 0);
	CHECK_INT(word_at(id, 102), 2);
	CHECK_INT(word_at(id, 103), 0);
	fx_free(fx);
}

TEST(ide_pio_read_sectors)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 1000);
	fx_select(fx, 0, 0);
	fx_command_lba28(fx, 0, 0x20, 5, 3);
	CHECK_INT(fx_in(fx, PCTL, 1) & ATA_STATUS_BSY, ATA_STATUS_BSY);
	CHECK_INT(fx->n_pending, 1);
	CHECK_INT(fx->pending[0].sector, 5);
	CHECK_INT(fx->pending[0].count, 3);
	CHECK(!fx->pending[0].write);
	CHECK_INT(fx->irq[14], 0);
	/* data reads while busy give nothing away */
	CHECK_INT(fx_in(fx, P, 2), 0xffff);
	CHECK_INT(fx_complete(fx, 0, 0), 0);
	CHECK_INT(fx->irq[14], 1);
	for (unsigned s = 0; s < 3; s++) {
		CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC | ATA_STATUS_DRQ);
		CHECK_INT(fx->irq[14], 0);
		CHECK_INT(fx_insw(fx, P, BUF + s * 512, 256), 0);
		CHECK_INT(fx->irq[14], s < 2); /* an interrupt before each block */
	}
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	CHECK(holds_pattern(fx, BUF, 5, 3));
	CHECK_INT(fx->submits, 1);
	CHECK(!fx->out_of_range);
	fx_free(fx);
}

TEST(ide_pio_read_32bit_and_byte_accesses)
{
	struct ide_fixture *fx = fx_new();
	uint8_t got[512];

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	fx_command_lba28(fx, 0, 0x20, 7, 1);
	fx_complete_all(fx);
	for (unsigned i = 0; i < 256; i += 4) {
		uint32_t v = fx_in(fx, P, 4);

		memcpy(&got[i], &v, 4);
	}
	for (unsigned i = 256; i < 512; i++)
		got[i] = (uint8_t)fx_in(fx, P, 1);
	for (unsigned i = 0; i < 512; i++)
		if (got[i] != fx_pattern(7, i))
			CHECK_INT(got[i], fx_pattern(7, i));
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	fx_free(fx);
}

TEST(ide_pio_write_sectors)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	for (unsigned i = 0; i < 1024; i++)
		fx->ram[BUF + i] = (uint8_t)(i * 3 + 1);
	fx_command_lba28(fx, 0, 0x30, 10, 2);
	CHECK_INT(fx->submits, 0);
	CHECK_INT(fx->irq[14], 0); /* the first block without an interrupt */
	CHECK_INT(fx_in(fx, PCTL, 1), ATA_STATUS_DRDY | ATA_STATUS_DSC | ATA_STATUS_DRQ);
	CHECK_INT(fx_outsw(fx, P, BUF, 256), 0);
	CHECK_INT(fx_in(fx, PCTL, 1) & ATA_STATUS_BSY, ATA_STATUS_BSY);
	CHECK_INT(fx->n_pending, 1);
	CHECK_INT(fx->pending[0].sector, 10);
	CHECK_INT(fx->pending[0].count, 1);
	CHECK(fx->pending[0].write);
	fx_complete(fx, 0, 0);
	CHECK_INT(fx->irq[14], 1);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC | ATA_STATUS_DRQ);
	CHECK_INT(fx_outsw(fx, P, BUF + 512, 256), 0);
	CHECK_INT(fx->pending[0].sector, 11);
	fx_complete(fx, 0, 0);
	CHECK_INT(fx->irq[14], 1);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	CHECK(memcmp(fx->disk[0] + 10 * 512, &fx->ram[BUF], 1024) == 0);
	CHECK_INT(fx->disk[0][12 * 512], fx_pattern(12, 0));
	fx_free(fx);
}

TEST(ide_lba48_read_beyond_28_bits)
{
	struct ide_fixture *fx = fx_new();
	uint64_t lba = (UINT64_C(1) << 32) + 0x123456;

	fx_attach(fx, 1, IDE_MEDIA_DISK, UINT64_C(1) << 34);
	fx_select(fx, 0, 1);
	fx_command_lba48(fx, 0, 0x24, lba, 0x0102); /* 258 sectors */
	CHECK_INT(fx->n_pending, 1);
	CHECK_INT(fx->pending[0].drive, 1);
	CHECK_INT(fx->pending[0].sector, lba);
	CHECK_INT(fx->pending[0].count, 256); /* a buffer's worth */
	fx_complete(fx, 0, 0);
	for (unsigned s = 0; s < 256; s++)
		CHECK_INT(fx_insw(fx, P, BUF + s * 512, 256), 0);
	CHECK_INT(fx_in(fx, PCTL, 1) & ATA_STATUS_BSY, ATA_STATUS_BSY);
	CHECK_INT(fx->n_pending, 1);
	CHECK_INT(fx->pending[0].sector, lba + 256);
	CHECK_INT(fx->pending[0].count, 2);
	fx_complete(fx, 0, 0);
	CHECK_INT(fx_insw(fx, P, BUF + 256 * 512, 512), 0);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	CHECK(holds_pattern(fx, BUF, lba, 258));
	/* HOB: the earlier bytes read back with the HOB bit */
	fx_out(fx, PCTL, 1, ATA_CONTROL_HOB);
	CHECK_INT(fx_in(fx, P + 3, 1), (lba >> 24) & 0xff);
	CHECK_INT(fx_in(fx, P + 4, 1), (lba >> 32) & 0xff);
	CHECK_INT(fx_in(fx, P + 2, 1), 0x01);
	fx_out(fx, PCTL, 1, 0);
	CHECK_INT(fx_in(fx, P + 3, 1), lba & 0xff);
	CHECK(!fx->out_of_range);
	fx_free(fx);
}

TEST(ide_read_write_multiple)
{
	struct ide_fixture *fx = fx_new();
	unsigned irqs = 0;

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	fx_command_lba28(fx, 0, 0xc4, 0, 8); /* READ MULTIPLE before SET MULTIPLE */
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_ERR);
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_ABRT);
	fx_command_lba28(fx, 0, 0xc6, 0, 3); /* not a power of two */
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_ABRT);
	fx_command_lba28(fx, 0, 0xc6, 0, 4);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	fx_command_lba28(fx, 0, 0xc4, 20, 10);
	fx_complete_all(fx);
	while (fx_in(fx, PCTL, 1) & ATA_STATUS_DRQ) {
		irqs += (unsigned)fx->irq[14];
		fx_status(fx, 0);
		CHECK_INT(fx_insw(fx, P, BUF + irqs * 2048 - 2048, 1024), 0);
		if (irqs > 3)
			break;
	}
	CHECK_INT(irqs, 3); /* blocks of 4, 4 and 2 sectors */
	CHECK(holds_pattern(fx, BUF, 20, 10));
	/* WRITE MULTIPLE: one request per block */
	memset(&fx->ram[BUF], 0x5a, 4096);
	fx_command_lba28(fx, 0, 0xc5, 40, 6);
	CHECK_INT(fx_outsw(fx, P, BUF, 1024), 0);
	CHECK_INT(fx->pending[0].count, 4);
	fx_complete(fx, 0, 0);
	CHECK_INT(fx_outsw(fx, P, BUF, 512), 0);
	CHECK_INT(fx->pending[0].count, 2);
	fx_complete(fx, 0, 0);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	CHECK_INT(fx->disk[0][45 * 512 + 511], 0x5a);
	fx_free(fx);
}

TEST(ide_errors_and_refusals)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	/* past the end: IDNF, nothing submitted */
	fx_command_lba28(fx, 0, 0x20, 99, 2);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_ERR);
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_IDNF);
	CHECK_INT(fx->submits, 0);
	fx_command_lba48(fx, 0, 0x34, UINT64_C(0xffffffffffff), 1);
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_IDNF);
	/* a read error: UNC */
	fx_command_lba28(fx, 0, 0x20, 0, 1);
	fx_complete(fx, 0, -EIO);
	CHECK_INT(fx->irq[14], 1);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_ERR);
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_UNC);
	/* a write error: ABRT */
	fx_command_lba28(fx, 0, 0x30, 0, 1);
	CHECK_INT(fx_outsw(fx, P, BUF, 256), 0);
	fx_complete(fx, 0, -EIO);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_ERR);
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_ABRT);
	/* the backend refuses the request: an error at once */
	fx->submit_result = -ENOMEM;
	fx_command_lba28(fx, 0, 0x20, 0, 1);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_ERR);
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_UNC);
	fx->submit_result = 0;
	/* unknown commands, PACKET to a disk */
	fx_out(fx, P + 7, 1, 0xff);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_ERR);
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_ABRT);
	fx_out(fx, P + 7, 1, 0xa0);
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_ABRT);
	fx_out(fx, P + 7, 1, 0xa1);
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_ABRT);
	CHECK_INT(fx->ide.io_errors, 3);
	fx_free(fx);
}

TEST(ide_completions_out_of_order_and_stray)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	fx_attach(fx, 2, IDE_MEDIA_DISK, 100);
	fx_command_lba28(fx, 0, 0x20, 1, 1);
	fx_command_lba28(fx, 1, 0x20, 2, 1);
	CHECK_INT(fx->n_pending, 2);
	CHECK_INT(fx->pending[1].drive, 2);
	CHECK_INT(fx_complete(fx, 1, 0), 0); /* the secondary's first */
	CHECK_INT(fx->irq[15], 1);
	CHECK_INT(fx->irq[14], 0);
	CHECK_INT(fx_in(fx, PCTL, 1) & ATA_STATUS_BSY, ATA_STATUS_BSY);
	CHECK_INT(fx_insw(fx, S, BUF, 256), 0);
	CHECK(holds_pattern(fx, BUF, 2, 1));
	CHECK_INT(fx_complete(fx, 0, 0), 0);
	CHECK_INT(fx_insw(fx, P, BUF, 256), 0);
	CHECK(holds_pattern(fx, BUF, 1, 1));
	/* completions nobody waits for change nothing */
	CHECK_INT(ide_complete(&fx->ide, &fx->ide.channel[0], 0), -ENOENT);
	CHECK_INT(ide_complete(&fx->ide, fx, 0), -ENOENT);
	CHECK_INT(fx->ide.completions_ignored, 2);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	fx_free(fx);
}

/* A backend that completes from within submit. */
static struct ide_fixture *sync_fx;

static int sync_submit(void *ctx, int drive, uint64_t sector, uint32_t count, void *buf, bool write,
		       void *cookie)
{
	(void)ctx;
	(void)drive;
	(void)write;
	for (uint32_t i = 0; i < count * 512; i++)
		((uint8_t *)buf)[i] = fx_pattern(sector + i / 512, i % 512);
	return ide_complete(&sync_fx->ide, cookie, 0);
}

TEST(ide_completion_from_within_submit)
{
	struct ide_fixture *fx = fx_new();

	sync_fx = fx;
	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	fx->ops.submit = sync_submit;
	fx_command_lba28(fx, 0, 0x20, 3, 2);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC | ATA_STATUS_DRQ);
	CHECK_INT(fx_insw(fx, P, BUF, 512), 0);
	CHECK(holds_pattern(fx, BUF, 3, 2));
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	fx_free(fx);
}

TEST(ide_reset_with_request_in_flight)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	fx_command_lba28(fx, 0, 0x20, 3, 1);
	CHECK_INT(fx->n_pending, 1);
	fx_out(fx, PCTL, 1, ATA_CONTROL_SRST);
	fx_out(fx, PCTL, 1, 0);
	/* busy until the backend gives the buffer back */
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_BSY);
	fx_out(fx, P + 7, 1, 0x20); /* ignored while busy */
	CHECK_INT(fx->n_pending, 1);
	CHECK_INT(fx_complete(fx, 0, 0), 0);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	CHECK_INT(fx_in(fx, P + 1, 1), 1);
	CHECK_INT(fx_in(fx, P, 2), 0xffff); /* no data phase */
	CHECK_INT(fx->irq[14], 0);
	/* a completion while SRST is still asserted leaves it in reset */
	fx_command_lba28(fx, 0, 0x20, 3, 1);
	fx_out(fx, PCTL, 1, ATA_CONTROL_SRST);
	fx_complete(fx, 0, 0);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_BSY);
	fx_out(fx, PCTL, 1, 0);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	/* a hardware reset in the middle of a PIO write */
	fx_command_lba28(fx, 0, 0x30, 3, 2);
	ide_reset(&fx->ide);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	CHECK_INT(fx_outsw(fx, P, BUF, 256), 0);
	CHECK_INT(fx->submits, 2);
	fx_free(fx);
}

TEST(ide_interrupt_masked_by_nien)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	fx_out(fx, PCTL, 1, ATA_CONTROL_NIEN);
	fx_command_lba28(fx, 0, 0xe5, 0, 0); /* CHECK POWER MODE */
	CHECK_INT(fx->irq[14], 0);
	CHECK_INT(fx_in(fx, 0xc002, 1) & IDE_BM_ST_INTERRUPT, IDE_BM_ST_INTERRUPT);
	fx_out(fx, PCTL, 1, 0); /* the pending request shows now */
	CHECK_INT(fx->irq[14], 1);
	CHECK_INT(fx_in(fx, P + 2, 1), 0xff); /* active */
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	CHECK_INT(fx->irq[14], 0);
	fx_free(fx);
}

TEST(ide_non_data_commands)
{
	struct ide_fixture *fx = fx_new();
	const uint8_t *id = &fx->ram[BUF];

	fx_attach(fx, 0, IDE_MEDIA_DISK, 16 * 63 * 10);
	/* FLUSH CACHE goes to the backend */
	fx_out(fx, P + 7, 1, 0xe7);
	CHECK_INT(fx->flushes, 1);
	CHECK_INT(fx_status(fx, 0) & ATA_STATUS_BSY, ATA_STATUS_BSY);
	fx_complete(fx, 0, 0);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	fx_out(fx, P + 7, 1, 0xea);
	fx_complete(fx, 0, -EIO);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_ERR);
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_ABRT);
	/* SET FEATURES: UDMA 2, then a mode that does not exist */
	fx_out(fx, P + 1, 1, 0x03);
	fx_out(fx, P + 2, 1, 0x42);
	fx_out(fx, P + 7, 1, 0xef);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	fx_out(fx, P + 2, 1, 0x47);
	fx_out(fx, P + 7, 1, 0xef);
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_ABRT);
	fx_out(fx, P + 1, 1, 0x82); /* write cache off */
	fx_out(fx, P + 7, 1, 0xef);
	fx_out(fx, P + 7, 1, 0xec);
	CHECK_INT(fx_insw(fx, P, BUF, 256), 0);
	CHECK_INT(word_at(id, 88), 0x043f);
	CHECK_INT(word_at(id, 63), 0x0007);
	CHECK_INT(word_at(id, 85) & 0x20, 0);
	/* READ VERIFY, IDLE, STANDBY: checked, then nothing */
	fx_command_lba28(fx, 0, 0x40, 5, 5);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	fx_command_lba28(fx, 0, 0x40, 10078, 5);
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_IDNF);
	for (uint8_t c = 0xe0; c <= 0xe3; c++) {
		fx_out(fx, P + 7, 1, c);
		CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	}
	CHECK_INT(fx->submits, 0);
	fx_free(fx);
}

TEST(ide_chs_addressing)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 16 * 63 * 10);
	/* INITIALIZE DEVICE PARAMETERS: 4 heads, 32 sectors a track */
	fx_out(fx, P + 2, 1, 32);
	fx_out(fx, P + 6, 1, 0xa0 | 3);
	fx_out(fx, P + 7, 1, 0x91);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	/* cylinder 2, head 1, sector 5: (2 * 4 + 1) * 32 + 4 */
	fx_out(fx, P + 2, 1, 1);
	fx_out(fx, P + 3, 1, 5);
	fx_out(fx, P + 4, 1, 2);
	fx_out(fx, P + 5, 1, 0);
	fx_out(fx, P + 6, 1, 0xa0 | 1);
	fx_out(fx, P + 7, 1, 0x20);
	CHECK_INT(fx->pending[0].sector, 9 * 32 + 4);
	fx_complete_all(fx);
	CHECK_INT(fx_insw(fx, P, BUF, 256), 0);
	CHECK(holds_pattern(fx, BUF, 9 * 32 + 4, 1));
	/* sector 0, a head past the geometry: IDNF */
	fx_out(fx, P + 3, 1, 0);
	fx_out(fx, P + 7, 1, 0x20);
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_IDNF);
	fx_out(fx, P + 3, 1, 1);
	fx_out(fx, P + 6, 1, 0xa0 | 4);
	fx_out(fx, P + 7, 1, 0x20);
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_IDNF);
	fx_free(fx);
}

TEST(ide_read_only_disk_refuses_writes)
{
	struct ide_fixture *fx = fx_new();

	fx->disk_sectors[0] = 100;
	CHECK_INT(ide_attach(&fx->ide, 0, IDE_MEDIA_DISK, true), 0);
	CHECK_INT(ide_attach(&fx->ide, 0, IDE_MEDIA_DISK, true), -EEXIST);
	CHECK_INT(ide_attach(&fx->ide, 4, IDE_MEDIA_DISK, true), -EINVAL);
	CHECK_INT(ide_attach(&fx->ide, 1, IDE_MEDIA_DISK, true), -EINVAL); /* no size */
	fx_command_lba28(fx, 0, 0x30, 0, 1);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_ERR);
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_ABRT);
	CHECK_INT(ide_prog_if(&fx->ide), 0x80);
	fx_free(fx);
}

TEST(ide_unplug_takes_disks_and_leaves_cdroms)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	fx_attach(fx, 1, IDE_MEDIA_DISK, 100);
	fx_attach(fx, 2, IDE_MEDIA_CDROM, 100);
	/* The auxiliary unplug spares the primary master. */
	CHECK_INT(ide_unplug_disks(&fx->ide, true), 1);
	CHECK_INT(fx->ide.channel[0].drive[0].media, IDE_MEDIA_DISK);
	CHECK_INT(fx->ide.channel[0].drive[1].media, IDE_MEDIA_NONE);
	fx_select(fx, 0, 1);
	CHECK_INT(fx_in(fx, P + 7, 1), 0); /* nobody there now */
	/* A read in flight on the primary master when it goes: abandoned,
	 * the channel busy until the backend gives the buffer back, then
	 * empty (all ones: no drive left on it). */
	fx_select(fx, 0, 0);
	fx_command_lba28(fx, 0, 0x20, 3, 1);
	CHECK_INT(fx->n_pending, 1);
	CHECK_INT(ide_unplug_disks(&fx->ide, false), 1);
	CHECK_INT(fx_complete(fx, 0, 0), 0);
	CHECK_INT(fx_in(fx, P + 7, 1), 0xff);
	fx_out(fx, P + 7, 1, 0x20);
	CHECK_INT(fx->submits, 1);
	/* The CD-ROM drive stays and answers. */
	CHECK_INT(fx->ide.channel[1].drive[0].media, IDE_MEDIA_CDROM);
	CHECK_INT(ide_unplug_disks(&fx->ide, false), 0);
	fx_select(fx, 1, 0);
	fx_out(fx, S + 7, 1, 0xa1); /* IDENTIFY PACKET DEVICE */
	CHECK(fx_status(fx, 1) & ATA_STATUS_DRQ);
	fx_free(fx);
}
