/* apps/ioemu/ide_dma: the bus master's registers, READ/WRITE DMA through
 * PRD tables spanning pages and several backend requests, ATAPI DMA, and
 * a hostile guest's tables: too short, without an end, outside guest
 * memory, longer than the data, a start with no command. */
#include "apps/ioemu/ide.h"
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "tests/unit/ide_fixture.h"

#include <string.h>

enum {
	P = 0x1f0,
	PCTL = 0x3f6,
	BM = FX_BM_BASE,
	TABLE = 0x8000,
	GUARD = 0xa5,
};

static void prd(struct ide_fixture *fx, unsigned i, uint32_t addr, uint32_t count, bool last)
{
	uint8_t *e = &fx->ram[TABLE + i * 8];

	e[0] = (uint8_t)addr;
	e[1] = (uint8_t)(addr >> 8);
	e[2] = (uint8_t)(addr >> 16);
	e[3] = (uint8_t)(addr >> 24);
	e[4] = (uint8_t)count;
	e[5] = (uint8_t)(count >> 8);
	e[6] = 0;
	e[7] = last ? 0x80 : 0;
}

/* The table at TABLE, the direction, the status's bits cleared. */
static void bm_setup(struct ide_fixture *fx, bool to_memory)
{
	fx_out(fx, BM + 4, 4, TABLE);
	fx_out(fx, BM, 1, to_memory ? IDE_BM_CMD_TO_MEMORY : 0);
	fx_out(fx, BM + 2, 1, IDE_BM_ST_ERROR | IDE_BM_ST_INTERRUPT);
}

static void bm_start(struct ide_fixture *fx, bool to_memory)
{
	fx_out(fx, BM, 1, IDE_BM_CMD_START | (to_memory ? IDE_BM_CMD_TO_MEMORY : 0));
}

static uint8_t bm_status(struct ide_fixture *fx)
{
	return (uint8_t)fx_in(fx, BM + 2, 1);
}

static bool holds_pattern(struct ide_fixture *fx, uint64_t gpa, uint64_t first, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		if (fx->ram[gpa + i] != fx_pattern(first + i / 512, i % 512))
			return false;
	return true;
}

static bool all(const uint8_t *p, size_t len, uint8_t v)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != v)
			return false;
	return true;
}

TEST(ide_dma_registers)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	fx_out(fx, BM + 4, 4, 0x12345677);
	CHECK_INT(fx_in(fx, BM + 4, 4), 0x12345674); /* dword aligned */
	fx_out(fx, BM + 7, 1, 0xab);
	CHECK_INT(fx_in(fx, BM + 4, 4), 0xab345674);
	fx_out(fx, BM + 2, 1, 0x60 | IDE_BM_ST_ACTIVE);
	CHECK_INT(bm_status(fx), 0x60); /* capable bits kept, active read-only */
	fx_out(fx, BM + 8 + 4, 2, 0x1000);
	CHECK_INT(fx_in(fx, BM + 8 + 4, 4), 0x1000);
	CHECK_INT(fx_in(fx, BM + 1, 1), 0);
	CHECK(ide_bus_master_region(&fx->ide)->size == 16);
	fx_free(fx);
}

TEST(ide_dma_read_spanning_pages)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	memset(&fx->ram[0x20000], GUARD, 0x20000);
	prd(fx, 0, 0x20f00, 0x1200, false); /* across a page boundary */
	prd(fx, 1, 0x30000, 0x0e00, true);
	bm_setup(fx, true);
	fx_command_lba28(fx, 0, 0xc8, 4, 16); /* READ DMA, 8 KiB */
	CHECK_INT(fx_in(fx, PCTL, 1) & ATA_STATUS_BSY, ATA_STATUS_BSY);
	CHECK_INT(fx->n_pending, 1); /* read ahead before the start */
	fx_complete(fx, 0, 0);
	CHECK_INT(fx->irq[14], 0);
	CHECK(all(&fx->ram[0x20f00], 16, GUARD)); /* nothing before the start */
	bm_start(fx, true);
	CHECK_INT(bm_status(fx), IDE_BM_ST_INTERRUPT);
	CHECK_INT(fx->irq[14], 1);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	CHECK(holds_pattern(fx, 0x20f00, 4, 0x1200));
	CHECK(holds_pattern(fx, 0x30000, 4 + 0x1200 / 512, 0x200)); /* mid-sector */
	CHECK(holds_pattern(fx, 0x30000 + 0x200, 4 + 0x1400 / 512, 0x0c00));
	CHECK_INT(fx->ram[0x20eff], GUARD);
	CHECK_INT(fx->ram[0x22100], GUARD);
	CHECK_INT(fx->ram[0x30e00], GUARD);
	fx_out(fx, BM, 1, IDE_BM_CMD_TO_MEMORY);
	fx_free(fx);
}

TEST(ide_dma_write_started_first)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	for (unsigned i = 0; i < 0x800; i++)
		fx->ram[0x40000 + i] = (uint8_t)(i * 5);
	prd(fx, 0, 0x40000, 0x0800, true);
	bm_setup(fx, false);
	bm_start(fx, false);
	CHECK_INT(bm_status(fx), IDE_BM_ST_ACTIVE);
	CHECK_INT(fx->submits, 0);
	fx_command_lba28(fx, 0, 0xca, 20, 4); /* WRITE DMA */
	CHECK_INT(fx->n_pending, 1);
	CHECK(fx->pending[0].write);
	CHECK_INT(fx->pending[0].sector, 20);
	CHECK_INT(fx->pending[0].count, 4);
	CHECK_INT(bm_status(fx), IDE_BM_ST_ACTIVE);
	fx_complete(fx, 0, 0);
	CHECK_INT(bm_status(fx), IDE_BM_ST_INTERRUPT);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	CHECK(memcmp(fx->disk[0] + 20 * 512, &fx->ram[0x40000], 0x800) == 0);
	fx_free(fx);
}

TEST(ide_dma_ext_over_several_requests)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 1000);
	prd(fx, 0, 0x40000, 0, false); /* 0: 64 KiB */
	prd(fx, 1, 0x50000, 0, false);
	prd(fx, 2, 0x60000, 0x6000, true);
	bm_setup(fx, true);
	bm_start(fx, true);
	fx_command_lba48(fx, 0, 0x25, 100, 300); /* 150 KiB */
	CHECK_INT(fx->pending[0].count, 256);
	fx_complete(fx, 0, 0);
	CHECK_INT(bm_status(fx), IDE_BM_ST_ACTIVE);
	CHECK_INT(fx->pending[0].sector, 356);
	CHECK_INT(fx->pending[0].count, 44);
	fx_complete(fx, 0, 0);
	CHECK_INT(bm_status(fx), IDE_BM_ST_INTERRUPT);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	CHECK(holds_pattern(fx, 0x40000, 100, 300 * 512));
	/* the same as a write, from the same table */
	bm_setup(fx, false);
	bm_start(fx, false);
	fx_command_lba48(fx, 0, 0x35, 500, 300);
	fx_complete_all(fx);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	CHECK(memcmp(fx->disk[0] + 500 * 512, &fx->ram[0x40000], 300 * 512) == 0);
	CHECK_INT(fx->submits, 4);
	CHECK(!fx->out_of_range);
	fx_free(fx);
}

TEST(ide_dma_table_longer_than_the_data)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	memset(&fx->ram[0x40000], GUARD, 0x3000);
	prd(fx, 0, 0x40000, 0x2000, false);
	prd(fx, 1, 0x42000, 0x1000, true);
	bm_setup(fx, true);
	bm_start(fx, true);
	fx_command_lba28(fx, 0, 0xc8, 0, 2);
	fx_complete_all(fx);
	CHECK_INT(bm_status(fx), IDE_BM_ST_INTERRUPT);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	CHECK(holds_pattern(fx, 0x40000, 0, 1024));
	CHECK(all(&fx->ram[0x40400], 0x2c00, GUARD));
	fx_free(fx);
}

/* The command ended with the bus master's error and interrupt, ATA ERR. */
static void check_refused(struct ide_fixture *fx, const char *why)
{
	CHECK_INT(bm_status(fx), IDE_BM_ST_ERROR | IDE_BM_ST_INTERRUPT);
	CHECK_INT(fx->irq[14], 1);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_ERR);
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_ABRT);
	CHECK_STR(fx->ide.last_refusal, why);
}

TEST(ide_dma_table_shorter_than_the_data)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	memset(&fx->ram[0x40000], GUARD, 0x3000);
	prd(fx, 0, 0x40000, 0x0200, true);
	bm_setup(fx, true);
	bm_start(fx, true);
	fx_command_lba28(fx, 0, 0xc8, 0, 4);
	fx_complete_all(fx);
	check_refused(fx, "PRD table ends before the transfer");
	CHECK(holds_pattern(fx, 0x40000, 0, 512));
	CHECK(all(&fx->ram[0x40200], 0x2e00, GUARD));
	/* the channel takes commands again */
	fx_out(fx, BM, 1, 0);
	fx_command_lba28(fx, 0, 0xe5, 0, 0);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	/* a short table for a write: nothing reaches the disk */
	bm_setup(fx, false);
	bm_start(fx, false);
	fx_command_lba28(fx, 0, 0xca, 0, 4);
	check_refused(fx, "PRD table ends before the transfer");
	CHECK_INT(fx->submits, 1);
	CHECK_INT(fx->disk[0][0], fx_pattern(0, 0));
	fx_free(fx);
}

TEST(ide_dma_table_without_an_end)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	/* 2-byte entries without an end: IDE_PRD_MAX_ENTRIES of them cover
	 * 16 KiB, short of the 32 KiB the command moves */
	for (unsigned i = 0; i < IDE_PRD_MAX_ENTRIES + 16; i++)
		prd(fx, i, 0x80000 + i * 2, 2, false);
	bm_setup(fx, true);
	bm_start(fx, true);
	fx_command_lba28(fx, 0, 0xc8, 0, 64);
	fx_complete_all(fx);
	check_refused(fx, "PRD table without an end");
	CHECK(holds_pattern(fx, 0x80000, 0, IDE_PRD_MAX_ENTRIES * 2));
	CHECK_INT(fx->ide.channel[0].prd_index, IDE_PRD_MAX_ENTRIES);
	fx_free(fx);
}

/* What the glue is told of each refusal (ide.dma_refused_hook). */
static struct {
	unsigned calls;
	int channel;
	const char *why;
	uint64_t address;
	uint32_t bytes;
} told;

static void tell(void *ctx, int channel, const char *why, uint64_t address, uint32_t bytes)
{
	CHECK(ctx == &told);
	told.calls++;
	told.channel = channel;
	told.why = why;
	told.address = address;
	told.bytes = bytes;
}

TEST(ide_dma_addresses_outside_guest_memory)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	memset(&told, 0, sizeof(told));
	fx->ide.dma_refused_hook = tell;
	fx->ide.dma_refused_ctx = &told;
	/* the data */
	prd(fx, 0, 0xfff00000, 0x400, true);
	bm_setup(fx, true);
	bm_start(fx, true);
	fx_command_lba28(fx, 0, 0xc8, 0, 2);
	fx_complete_all(fx);
	check_refused(fx, "DMA address outside guest memory");
	CHECK_INT(told.calls, 1);
	CHECK_INT(told.channel, 0);
	CHECK_STR(told.why, "DMA address outside guest memory");
	CHECK(told.address == 0xfff00000);
	CHECK(told.bytes > 0 && told.bytes <= 0x400);
	/* an entry running past the end of guest memory */
	memset(&fx->ram[FX_RAM_BYTES - 0x200], GUARD, 0x200);
	prd(fx, 0, FX_RAM_BYTES - 0x200, 0x400, true);
	fx_out(fx, BM, 1, 0);
	bm_setup(fx, true);
	bm_start(fx, true);
	fx_command_lba28(fx, 0, 0xc8, 0, 2);
	fx_complete_all(fx);
	check_refused(fx, "DMA address outside guest memory");
	CHECK(all(&fx->ram[FX_RAM_BYTES - 0x200], 0x200, GUARD));
	/* the table itself */
	fx_out(fx, BM, 1, 0);
	bm_setup(fx, true);
	fx_out(fx, BM + 4, 4, 0xfffffff0);
	bm_start(fx, true);
	fx_command_lba28(fx, 0, 0xc8, 0, 2);
	fx_complete_all(fx);
	check_refused(fx, "PRD table outside guest memory");
	CHECK_INT(fx->ide.dma_refused, 3);
	CHECK_INT(told.calls, 3);
	CHECK_STR(told.why, "PRD table outside guest memory");
	CHECK(told.address == 0xfffffff0);
	CHECK_INT(told.bytes, 8);
	fx_free(fx);
}

TEST(ide_dma_start_without_a_command)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	prd(fx, 0, 0x40000, 0x200, true);
	bm_setup(fx, true);
	bm_start(fx, true);
	CHECK_INT(bm_status(fx), IDE_BM_ST_ACTIVE);
	CHECK_INT(fx->submits, 0);
	fx_out(fx, BM, 1, 0);
	CHECK_INT(bm_status(fx), 0);
	/* a PIO command while the bus master runs: PIO as usual */
	bm_start(fx, true);
	fx_command_lba28(fx, 0, 0x20, 3, 1);
	fx_complete_all(fx);
	CHECK_INT(fx_status(fx, 0) & ATA_STATUS_DRQ, ATA_STATUS_DRQ);
	CHECK_INT(bm_status(fx), IDE_BM_ST_ACTIVE | IDE_BM_ST_INTERRUPT);
	CHECK_INT(fx_insw(fx, P, 0x50000, 256), 0);
	CHECK(holds_pattern(fx, 0x50000, 3, 512));
	/* stopping in the middle leaves the command waiting; a reset ends it */
	fx_out(fx, BM, 1, 0);
	fx_command_lba28(fx, 0, 0xca, 3, 1);
	CHECK_INT(fx_status(fx, 0) & ATA_STATUS_BSY, ATA_STATUS_BSY);
	fx_out(fx, PCTL, 1, ATA_CONTROL_SRST);
	fx_out(fx, PCTL, 1, 0);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	bm_start(fx, false);
	CHECK_INT(fx->submits, 1);
	fx_free(fx);
}

TEST(ide_dma_read_error_from_the_disk)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, 0, IDE_MEDIA_DISK, 100);
	prd(fx, 0, 0x40000, 0x400, true);
	bm_setup(fx, true);
	bm_start(fx, true);
	fx_command_lba28(fx, 0, 0xc8, 0, 2);
	fx_complete(fx, 0, -EIO);
	CHECK_INT(bm_status(fx), IDE_BM_ST_INTERRUPT);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_ERR);
	CHECK_INT(fx_in(fx, P + 1, 1), ATA_ERROR_UNC);
	fx_free(fx);
}

TEST(ide_dma_atapi_read)
{
	struct ide_fixture *fx = fx_new();
	uint8_t rd[12] = { 0x28, 0, 0, 0, 0, 5, 0, 0, 2 };
	uint8_t inq[12] = { 0x12, 0, 0, 0, 36 };

	fx_attach(fx, 1, IDE_MEDIA_CDROM, 400);
	fx_select(fx, 0, 1);
	prd(fx, 0, 0x40000, 0x1000, true);
	bm_setup(fx, true);
	bm_start(fx, true);
	fx_out(fx, P + 1, 1, 1); /* DMA */
	fx_out(fx, P + 7, 1, 0xa0);
	memcpy(&fx->ram[0x1000], rd, 12);
	CHECK_INT(fx_outsw(fx, P, 0x1000, 6), 0);
	CHECK_INT(fx->pending[0].sector, 20);
	CHECK_INT(fx->pending[0].count, 8);
	fx_complete(fx, 0, 0);
	CHECK_INT(bm_status(fx), IDE_BM_ST_INTERRUPT);
	CHECK_INT(fx_in(fx, P + 2, 1), 3);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	CHECK(holds_pattern(fx, 0x40000, 20, 0x1000));
	/* a response by DMA */
	fx_out(fx, BM, 1, 0);
	bm_setup(fx, true);
	bm_start(fx, true);
	fx_out(fx, P + 7, 1, 0xa0);
	memcpy(&fx->ram[0x1000], inq, 12);
	CHECK_INT(fx_outsw(fx, P, 0x1000, 6), 0);
	CHECK_INT(bm_status(fx), IDE_BM_ST_INTERRUPT);
	CHECK_INT(fx->ram[0x40000], 0x05);
	/* a table outside memory: CHECK CONDITION, ABORTED COMMAND */
	fx_out(fx, BM, 1, 0);
	bm_setup(fx, true);
	prd(fx, 0, 0xffff0000, 0x1000, true);
	bm_start(fx, true);
	fx_out(fx, P + 7, 1, 0xa0);
	memcpy(&fx->ram[0x1000], rd, 12);
	CHECK_INT(fx_outsw(fx, P, 0x1000, 6), 0);
	fx_complete_all(fx);
	CHECK_INT(bm_status(fx), IDE_BM_ST_ERROR | IDE_BM_ST_INTERRUPT);
	CHECK_INT(fx_status(fx, 0), ATA_STATUS_DRDY | ATA_STATUS_ERR);
	CHECK_INT(fx_in(fx, P + 1, 1), 0xb0);
	fx_free(fx);
}
