/* apps/ioemu/atapi and the PACKET protocol of apps/ioemu/ide: INQUIRY,
 * READ CAPACITY, READ(10)/(12) through PIO blocks of the host's byte
 * count, REQUEST SENSE, READ TOC, MODE SENSE, GET CONFIGURATION, event
 * status, an empty drive's sense and unknown commands. */
#include "apps/ioemu/atapi.h"
#include "apps/ioemu/ide.h"
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "tests/unit/ide_fixture.h"

#include <string.h>

enum { S = 0x170, SCTL = 0x376, CD = 2, BUF = 0x20000, CDB_AT = 0x1000 };

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* A CD-ROM drive at the secondary's device 0 with blocks 2048-byte blocks. */
static struct ide_fixture *cd(uint64_t blocks)
{
	struct ide_fixture *fx = fx_new();

	fx_attach(fx, CD, IDE_MEDIA_CDROM, blocks * 4);
	fx_select(fx, 1, 0);
	return fx;
}

/* PACKET with a byte-count limit, then the packet's 12 bytes. */
static void packet(struct ide_fixture *fx, const uint8_t *cdb, uint16_t limit)
{
	fx_out(fx, S + 1, 1, 0);
	fx_out(fx, S + 4, 1, limit & 0xff);
	fx_out(fx, S + 5, 1, limit >> 8);
	fx_out(fx, S + 7, 1, 0xa0);
	CHECK_INT(fx_in(fx, SCTL, 1), ATA_STATUS_DRDY | ATA_STATUS_DSC | ATA_STATUS_DRQ);
	CHECK_INT(fx_in(fx, S + 2, 1), 1); /* C/D: the command */
	CHECK_INT(fx->irq[15], 0);
	memcpy(&fx->ram[CDB_AT], cdb, 12);
	CHECK_INT(fx_outsw(fx, S, CDB_AT, 6), 0);
}

/* Reads the data phase's blocks into BUF; the bytes read. */
static uint32_t read_data(struct ide_fixture *fx, unsigned *blocks)
{
	uint32_t got = 0;

	*blocks = 0;
	while (fx_in(fx, SCTL, 1) & ATA_STATUS_DRQ) {
		uint32_t n = fx_in(fx, S + 4, 1) | fx_in(fx, S + 5, 1) << 8;

		CHECK_INT(fx->irq[15], 1);
		CHECK_INT(fx_in(fx, S + 2, 1), 2); /* I/O: to the host */
		fx_status(fx, 1);
		if (fx_insw(fx, S, BUF + got, (n + 1) / 2) < 0)
			break;
		got += n;
		if (++*blocks > 1000)
			break;
	}
	return got;
}

/* The command ended well: status phase, DRDY, no error. */
static void check_good(struct ide_fixture *fx)
{
	CHECK_INT(fx_in(fx, S + 2, 1), 3);
	CHECK_INT(fx_status(fx, 1), ATA_STATUS_DRDY | ATA_STATUS_DSC);
}

/* The command ended in CHECK CONDITION with key/asc: REQUEST SENSE says. */
static void check_sense(struct ide_fixture *fx, uint8_t key, uint8_t asc)
{
	uint8_t rs[12] = { 0x03, 0, 0, 0, 18 };
	unsigned blocks;

	CHECK_INT(fx_status(fx, 1), ATA_STATUS_DRDY | ATA_STATUS_ERR);
	CHECK_INT(fx_in(fx, S + 1, 1), key << 4);
	CHECK_INT(fx_in(fx, S + 2, 1), 3);
	packet(fx, rs, 18);
	CHECK_INT(read_data(fx, &blocks), 18);
	CHECK_INT(fx->ram[BUF], 0x70);
	CHECK_INT(fx->ram[BUF + 2], key);
	CHECK_INT(fx->ram[BUF + 7], 10);
	CHECK_INT(fx->ram[BUF + 12], asc);
	check_good(fx);
}

TEST(atapi_identify_packet_device)
{
	struct ide_fixture *fx = cd(100);

	fx_out(fx, S + 7, 1, 0xec); /* IDENTIFY DEVICE: aborted, signature */
	CHECK_INT(fx_status(fx, 1), ATA_STATUS_DRDY | ATA_STATUS_ERR);
	CHECK_INT(fx_in(fx, S + 1, 1), ATA_ERROR_ABRT);
	CHECK_INT(fx_in(fx, S + 4, 1), 0x14);
	CHECK_INT(fx_in(fx, S + 5, 1), 0xeb);
	fx_out(fx, S + 7, 1, 0xa1);
	CHECK_INT(fx_status(fx, 1) & ATA_STATUS_DRQ, ATA_STATUS_DRQ);
	CHECK_INT(fx_insw(fx, S, BUF, 256), 0);
	CHECK_INT(fx->ram[BUF] | fx->ram[BUF + 1] << 8, 0x85c0);
	CHECK_INT(fx->ram[BUF + 49 * 2 + 1] & 0x03, 0x03); /* LBA, DMA */
	CHECK_INT(fx_status(fx, 1), ATA_STATUS_DRDY | ATA_STATUS_DSC);
	/* ATA commands a CD-ROM drive does not take */
	fx_command_lba28(fx, 1, 0x20, 0, 1);
	CHECK_INT(fx_in(fx, S + 1, 1), ATA_ERROR_ABRT);
	CHECK_INT(fx->submits, 0);
	fx_free(fx);
}

TEST(atapi_inquiry)
{
	struct ide_fixture *fx = cd(100);
	uint8_t inq[12] = { 0x12, 0, 0, 0, 96 };
	unsigned blocks;

	packet(fx, inq, 0xfffe);
	CHECK_INT(read_data(fx, &blocks), 36);
	CHECK_INT(blocks, 1);
	CHECK_INT(fx->ram[BUF], 0x05);
	CHECK_INT(fx->ram[BUF + 1], 0x80);
	CHECK_INT(fx->ram[BUF + 4], 31);
	CHECK(memcmp(&fx->ram[BUF + 16], "ioemu DVD-ROM", 13) == 0);
	CHECK_INT(fx->irq[15], 1); /* the status phase's interrupt */
	check_good(fx);
	/* the allocation length cuts it; vital product data is refused */
	inq[4] = 5;
	packet(fx, inq, 0xfffe);
	CHECK_INT(read_data(fx, &blocks), 5);
	check_good(fx);
	inq[1] = 1;
	packet(fx, inq, 0xfffe);
	check_sense(fx, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_CDB);
	fx_free(fx);
}

TEST(atapi_test_unit_ready_and_read_capacity)
{
	struct ide_fixture *fx = cd(1000);
	uint8_t tur[12] = { 0 }, cap[12] = { 0x25 };
	unsigned blocks;

	packet(fx, tur, 0);
	CHECK_INT(fx->irq[15], 1);
	check_good(fx);
	packet(fx, cap, 8);
	CHECK_INT(read_data(fx, &blocks), 8);
	CHECK_INT(be32(&fx->ram[BUF]), 999);
	CHECK_INT(be32(&fx->ram[BUF + 4]), 2048);
	check_good(fx);
	fx_free(fx);
}

TEST(atapi_read10_in_blocks_of_the_byte_count)
{
	struct ide_fixture *fx = cd(1000);
	uint8_t rd[12] = { 0x28, 0, 0, 0, 0, 2, 0, 0, 3 };
	unsigned blocks;

	packet(fx, rd, 2048);
	CHECK_INT(fx_in(fx, SCTL, 1) & ATA_STATUS_BSY, ATA_STATUS_BSY);
	CHECK_INT(fx->n_pending, 1);
	CHECK_INT(fx->pending[0].drive, CD);
	CHECK_INT(fx->pending[0].sector, 8);
	CHECK_INT(fx->pending[0].count, 12);
	fx_complete(fx, 0, 0);
	CHECK_INT(read_data(fx, &blocks), 3 * 2048);
	CHECK_INT(blocks, 3);
	for (unsigned i = 0; i < 3 * 2048; i++)
		if (fx->ram[BUF + i] != fx_pattern(8 + i / 512, i % 512)) {
			CHECK_INT(fx->ram[BUF + i], fx_pattern(8 + i / 512, i % 512));
			break;
		}
	check_good(fx);
	fx_free(fx);
}

TEST(atapi_read12_larger_than_the_buffer)
{
	struct ide_fixture *fx = cd(1000);
	uint8_t rd[12] = { 0xa8, 0, 0, 0, 0, 10, 0, 0, 0, 70 };
	unsigned blocks;
	uint32_t got = 0;

	packet(fx, rd, 0);
	CHECK_INT(fx->pending[0].sector, 40);
	CHECK_INT(fx->pending[0].count, 256);
	fx_complete(fx, 0, 0);
	got += read_data(fx, &blocks);
	CHECK_INT(got, 64 * 2048);
	CHECK_INT(fx->pending[0].sector, 40 + 256);
	CHECK_INT(fx->pending[0].count, 24);
	fx_complete(fx, 0, 0);
	CHECK_INT(read_data(fx, &blocks), 6 * 2048);
	check_good(fx);
	CHECK(!fx->out_of_range);
	fx_free(fx);
}

TEST(atapi_read_errors)
{
	struct ide_fixture *fx = cd(1000);
	uint8_t rd[12] = { 0x28, 0, 0, 0, 0x03, 0xe6, 0, 0, 3 }; /* 998 + 3 */

	packet(fx, rd, 2048);
	CHECK_INT(fx->submits, 0);
	check_sense(fx, SENSE_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE);
	rd[5] = 0;
	packet(fx, rd, 2048);
	fx_complete(fx, 0, -EIO);
	check_sense(fx, SENSE_MEDIUM_ERROR, ASC_READ_ERROR);
	/* a READ of no blocks is good and reads nothing */
	rd[8] = 0;
	packet(fx, rd, 2048);
	check_good(fx);
	CHECK_INT(fx->submits, 1);
	fx_free(fx);
}

TEST(atapi_empty_drive_not_ready)
{
	struct ide_fixture *fx = cd(0);
	uint8_t tur[12] = { 0 }, cap[12] = { 0x25 }, rd[12] = { 0x28, 0, 0, 0, 0, 0, 0, 0, 1 };
	uint8_t inq[12] = { 0x12, 0, 0, 0, 36 }, gesn[12] = { 0x4a, 1, 0, 0, 0x10, 0, 0, 0, 8 };
	unsigned blocks;

	packet(fx, tur, 0);
	check_sense(fx, SENSE_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
	packet(fx, cap, 8);
	check_sense(fx, SENSE_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
	packet(fx, rd, 2048);
	check_sense(fx, SENSE_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
	CHECK_INT(fx->submits, 0);
	packet(fx, inq, 36);
	CHECK_INT(read_data(fx, &blocks), 36);
	check_good(fx);
	packet(fx, gesn, 8);
	CHECK_INT(read_data(fx, &blocks), 8);
	CHECK_INT(fx->ram[BUF + 2], 0x04);
	CHECK_INT(fx->ram[BUF + 5], 0); /* no medium */
	check_good(fx);
	fx_free(fx);
}

TEST(atapi_unknown_command_and_sense_cleared)
{
	struct ide_fixture *fx = cd(100);
	uint8_t bad[12] = { 0xff }, mode6[12] = { 0x1a, 0, 0x2a, 0, 64 };
	uint8_t rs[12] = { 0x03, 0, 0, 0, 18 };
	unsigned blocks;

	packet(fx, bad, 0);
	check_sense(fx, SENSE_ILLEGAL_REQUEST, ASC_INVALID_OPCODE);
	packet(fx, rs, 18); /* reported once, then cleared */
	CHECK_INT(read_data(fx, &blocks), 18);
	CHECK_INT(fx->ram[BUF + 2], 0);
	CHECK_INT(fx->ram[BUF + 12], 0);
	packet(fx, mode6, 64); /* ATAPI has no 6-byte MODE SENSE */
	check_sense(fx, SENSE_ILLEGAL_REQUEST, ASC_INVALID_OPCODE);
	fx_free(fx);
}

TEST(atapi_read_toc)
{
	struct ide_fixture *fx = cd(1000);
	uint8_t toc[12] = { 0x43, 0, 0, 0, 0, 0, 0, 0, 100 };
	uint8_t *r;
	unsigned blocks;

	packet(fx, toc, 0xfffe);
	CHECK_INT(read_data(fx, &blocks), 20);
	r = &fx->ram[BUF];
	CHECK_INT(be16(r), 18);
	CHECK_INT(r[2], 1);
	CHECK_INT(r[3], 1);
	CHECK_INT(r[5], 0x14);
	CHECK_INT(r[6], 1);
	CHECK_INT(be32(r + 8), 0);
	CHECK_INT(r[14], 0xaa);
	CHECK_INT(be32(r + 16), 1000);
	check_good(fx);
	/* MSF: the lead-out at 1000 + 150 frames = 00:15:25 */
	toc[1] = 2;
	packet(fx, toc, 0xfffe);
	CHECK_INT(read_data(fx, &blocks), 20);
	CHECK_INT(r[17], 0);
	CHECK_INT(r[18], 15);
	CHECK_INT(r[19], 25);
	CHECK_INT(r[10], 2); /* track 1 at 00:02:00 */
	/* the session (format 1), a start past the only track, a bad format */
	toc[1] = 0;
	toc[2] = 1;
	packet(fx, toc, 0xfffe);
	CHECK_INT(read_data(fx, &blocks), 12);
	CHECK_INT(be16(r), 10);
	toc[2] = 0;
	toc[6] = 2;
	packet(fx, toc, 0xfffe);
	check_sense(fx, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_CDB);
	toc[6] = 0;
	toc[2] = 5;
	packet(fx, toc, 0xfffe);
	check_sense(fx, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_CDB);
	fx_free(fx);
}

TEST(atapi_mode_sense_capabilities)
{
	struct ide_fixture *fx = cd(1000);
	uint8_t ms[12] = { 0x5a, 0, 0x2a, 0, 0, 0, 0, 0, 128 };
	uint8_t *r = &fx->ram[BUF];
	unsigned blocks;

	packet(fx, ms, 0xfffe);
	CHECK_INT(read_data(fx, &blocks), 30);
	CHECK_INT(be16(r), 28);
	CHECK_INT(r[8], 0x2a);
	CHECK_INT(r[9], 20);
	CHECK_INT(r[14] & 0x08, 0x08); /* eject */
	CHECK_INT(be16(r + 16), 706);
	check_good(fx);
	ms[2] = 0x3f; /* all pages */
	packet(fx, ms, 0xfffe);
	CHECK_INT(read_data(fx, &blocks), 38);
	CHECK_INT(r[8], 0x01);
	CHECK_INT(r[16], 0x2a);
	ms[2] = 0x05;
	packet(fx, ms, 0xfffe);
	check_sense(fx, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_CDB);
	ms[2] = 0xea; /* saved values */
	packet(fx, ms, 0xfffe);
	check_sense(fx, SENSE_ILLEGAL_REQUEST, ASC_SAVING_NOT_SUPPORTED);
	fx_free(fx);
}

TEST(atapi_configuration_disc_information_mechanism)
{
	struct ide_fixture *fx = cd(1000);
	uint8_t gc[12] = { 0x46, 0, 0, 0, 0, 0, 0, 0, 255 };
	uint8_t rdi[12] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34 };
	uint8_t mech[12] = { 0xbd, 0, 0, 0, 0, 0, 0, 0, 0, 8 };
	uint8_t lock[12] = { 0x1e, 0, 0, 0, 1 }, eject[12] = { 0x1b, 0, 0, 0, 2 };
	uint8_t speed[12] = { 0xbb };
	uint8_t *r = &fx->ram[BUF];
	unsigned blocks;

	packet(fx, gc, 0xfffe);
	CHECK_INT(read_data(fx, &blocks), 40);
	CHECK_INT(be32(r), 36);
	CHECK_INT(be16(r + 6), 0x0008);	 /* CD-ROM */
	CHECK_INT(be16(r + 8), 0x0000);	 /* the profile list */
	CHECK_INT(be16(r + 20), 0x0001); /* core */
	CHECK_INT(be32(r + 24), 2);	 /* ATAPI */
	gc[1] = 2;			 /* just the core feature */
	gc[3] = 1;
	packet(fx, gc, 0xfffe);
	CHECK_INT(read_data(fx, &blocks), 20);
	CHECK_INT(be16(r + 8), 0x0001);
	packet(fx, rdi, 0xfffe);
	CHECK_INT(read_data(fx, &blocks), 34);
	CHECK_INT(be16(r), 32);
	CHECK_INT(r[2], 0x0e);
	packet(fx, mech, 0xfffe);
	CHECK_INT(read_data(fx, &blocks), 8);
	packet(fx, speed, 0);
	check_good(fx);
	packet(fx, lock, 0);
	check_good(fx);
	packet(fx, eject, 0);
	check_sense(fx, SENSE_ILLEGAL_REQUEST, ASC_MEDIUM_REMOVAL_PREVENTED);
	lock[4] = 0;
	packet(fx, lock, 0);
	packet(fx, eject, 0);
	check_good(fx);
	fx_free(fx);
}

TEST(atapi_device_reset_mid_command)
{
	struct ide_fixture *fx = cd(100);
	uint8_t inq[12] = { 0x12, 0, 0, 0, 36 };

	packet(fx, inq, 2);
	CHECK_INT(fx_in(fx, SCTL, 1) & ATA_STATUS_DRQ, ATA_STATUS_DRQ);
	fx_out(fx, S + 7, 1, 0x20); /* ignored: a command is on */
	CHECK_INT(fx_in(fx, SCTL, 1) & ATA_STATUS_DRQ, ATA_STATUS_DRQ);
	fx_out(fx, S + 7, 1, 0x08); /* DEVICE RESET */
	CHECK_INT(fx_status(fx, 1), 0);
	CHECK_INT(fx_in(fx, S + 4, 1), 0x14);
	CHECK_INT(fx_in(fx, S + 5, 1), 0xeb);
	CHECK_INT(fx_in(fx, S, 2), 0xffff);
	fx_free(fx);
}

TEST(atapi_execute_direct)
{
	struct atapi_state st;
	struct atapi_result res;
	uint8_t out[ATAPI_RESPONSE_MAX], small[16];
	uint8_t cdb[12] = { 0x28, 0, 0xff, 0xff, 0xff, 0xff, 0, 0xff, 0xff };

	atapi_reset(&st);
	/* a READ whose end overflows 32 bits is out of range */
	atapi_execute(&st, cdb, 1000, out, sizeof(out), &res);
	CHECK_INT(res.outcome, ATAPI_CHECK_CONDITION);
	CHECK_INT(st.asc, ASC_LBA_OUT_OF_RANGE);
	/* READ(12) of the whole medium */
	memset(cdb, 0, sizeof(cdb));
	cdb[0] = 0xa8;
	cdb[9] = 100;
	atapi_execute(&st, cdb, 100, out, sizeof(out), &res);
	CHECK_INT(res.outcome, ATAPI_READ);
	CHECK_INT(res.lba, 0);
	CHECK_INT(res.blocks, 100);
	CHECK_INT(st.sense_key, 0);
	/* GET EVENT STATUS without polling is refused */
	memset(cdb, 0, sizeof(cdb));
	cdb[0] = 0x4a;
	atapi_execute(&st, cdb, 100, out, sizeof(out), &res);
	CHECK_INT(res.outcome, ATAPI_CHECK_CONDITION);
	/* no room for a response */
	atapi_execute(&st, cdb, 100, small, sizeof(small), &res);
	CHECK_INT(res.outcome, ATAPI_CHECK_CONDITION);
	CHECK_INT(st.sense_key, SENSE_ABORTED_COMMAND);
	/* DVD-sized media report the DVD-ROM profile */
	memset(cdb, 0, sizeof(cdb));
	cdb[0] = 0x46;
	cdb[8] = 8;
	atapi_execute(&st, cdb, 2000000, out, sizeof(out), &res);
	CHECK_INT(res.outcome, ATAPI_DATA);
	CHECK_INT(res.len, 8);
	CHECK_INT(be16(out + 6), 0x0010);
}

TEST(atapi_commands_ignored_while_held_in_reset)
{
	struct ide_fixture *fx = cd(100);

	fx_out(fx, SCTL, 1, ATA_CONTROL_SRST);
	fx_out(fx, S + 7, 1, 0x08); /* DEVICE RESET: not while in reset */
	fx_out(fx, S + 7, 1, 0xa0);
	CHECK_INT(fx_in(fx, SCTL, 1), ATA_STATUS_BSY);
	fx_out(fx, SCTL, 1, 0);
	CHECK_INT(fx_status(fx, 1), 0);
	CHECK_INT(fx_in(fx, S + 5, 1), 0xeb);
	CHECK_INT(fx_in(fx, S, 2), 0xffff); /* no packet phase */
	fx_free(fx);
}
