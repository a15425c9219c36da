/*
 * ATAPI packet commands (see atapi.h): one function per command, each
 * checking the fields it reads and formatting its response in MMC's
 * layout (big-endian fields).
 */
#include "apps/ioemu/atapi.h"

#include <string.h>

enum {
	CMD_TEST_UNIT_READY = 0x00,
	CMD_REQUEST_SENSE = 0x03,
	CMD_INQUIRY = 0x12,
	CMD_START_STOP_UNIT = 0x1b,
	CMD_PREVENT_ALLOW_REMOVAL = 0x1e,
	CMD_READ_CAPACITY = 0x25,
	CMD_READ_10 = 0x28,
	CMD_SEEK_10 = 0x2b,
	CMD_READ_TOC = 0x43,
	CMD_GET_CONFIGURATION = 0x46,
	CMD_GET_EVENT_STATUS = 0x4a,
	CMD_READ_DISC_INFORMATION = 0x51,
	CMD_MODE_SENSE_10 = 0x5a,
	CMD_READ_12 = 0xa8,
	CMD_SET_CD_SPEED = 0xbb,
	CMD_MECHANISM_STATUS = 0xbd,
};

/* The most 2048-byte blocks a CD holds (80 minutes); more is a DVD. */
enum { CD_MAX_BLOCKS = 80 * 60 * 75, TOC_LEAD_OUT = 0xaa, MSF_OFFSET = 150 };

enum { PROFILE_NONE = 0x0000, PROFILE_CD_ROM = 0x0008, PROFILE_DVD_ROM = 0x0010 };

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	put_be16(p, v >> 16);
	put_be16(p + 2, v);
}

void atapi_reset(struct atapi_state *st)
{
	memset(st, 0, sizeof(*st));
}

void atapi_set_sense(struct atapi_state *st, uint8_t key, uint8_t asc, uint8_t ascq)
{
	st->sense_key = key;
	st->asc = asc;
	st->ascq = ascq;
}

static void check_condition(struct atapi_state *st, struct atapi_result *res, uint8_t key,
			    uint8_t asc)
{
	atapi_set_sense(st, key, asc, 0);
	res->outcome = ATAPI_CHECK_CONDITION;
}

static void invalid_field(struct atapi_state *st, struct atapi_result *res)
{
	check_condition(st, res, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_CDB);
}

/* The response's first len bytes, or fewer when the host allows fewer. */
static void data(struct atapi_result *res, uint32_t len, uint32_t allocation)
{
	res->outcome = ATAPI_DATA;
	res->len = len < allocation ? len : allocation;
}

/* Block address as four bytes: an LBA, or (msf) 0, minute, second, frame. */
static void put_address(uint8_t *p, uint64_t lba, bool msf)
{
	if (!msf) {
		put_be32(p, (uint32_t)lba);
		return;
	}
	lba += MSF_OFFSET;
	p[0] = 0;
	p[1] = (uint8_t)(lba / (75 * 60));
	p[2] = (uint8_t)(lba / 75 % 60);
	p[3] = (uint8_t)(lba % 75);
}

static void request_sense(struct atapi_state *st, const uint8_t *cdb, uint8_t *out,
			  struct atapi_result *res)
{
	memset(out, 0, 18);
	out[0] = 0x70; /* current error, fixed format */
	out[2] = st->sense_key;
	out[7] = 10; /* additional sense length */
	out[12] = st->asc;
	out[13] = st->ascq;
	data(res, 18, cdb[4]);
	atapi_set_sense(st, SENSE_NONE, 0, 0);
}

static void inquiry(struct atapi_state *st, const uint8_t *cdb, uint8_t *out,
		    struct atapi_result *res)
{
	if (cdb[1] & 1) { /* vital product data: none */
		invalid_field(st, res);
		return;
	}
	memset(out, 0, 36);
	out[0] = 0x05; /* CD/DVD device */
	out[1] = 0x80; /* removable */
	out[2] = 0x00;
	out[3] = 0x21; /* ATAPI, response data format 1 */
	out[4] = 36 - 5;
	memcpy(out + 8, "XEN     ", 8);
	memcpy(out + 16, "ioemu DVD-ROM   ", 16);
	memcpy(out + 32, "1.0 ", 4);
	data(res, 36, cdb[4]);
}

static void read_capacity(uint64_t blocks, uint8_t *out, struct atapi_result *res)
{
	uint64_t last = blocks - 1;

	put_be32(out, last > UINT32_MAX ? UINT32_MAX : (uint32_t)last);
	put_be32(out + 4, ATAPI_BLOCK_BYTES);
	data(res, 8, 8);
}

static void read_blocks(struct atapi_state *st, uint64_t lba, uint32_t count, uint64_t blocks,
			struct atapi_result *res)
{
	if (lba > blocks || count > blocks - lba) {
		check_condition(st, res, SENSE_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE);
		return;
	}
	if (!count) {
		res->outcome = ATAPI_GOOD;
		return;
	}
	res->outcome = ATAPI_READ;
	res->lba = lba;
	res->blocks = count;
}

static uint32_t put_track(uint8_t *p, uint8_t track, uint64_t lba, bool msf)
{
	p[0] = 0;
	p[1] = 0x14; /* ADR 1, data track */
	p[2] = track;
	p[3] = 0;
	put_address(p + 4, lba, msf);
	return 8;
}

/* One data track from block 0, then the lead-out (format 0); the one
 * session (format 1). */
static void read_toc(struct atapi_state *st, const uint8_t *cdb, uint64_t blocks, uint8_t *out,
		     struct atapi_result *res)
{
	bool msf = cdb[1] & 2;
	unsigned format = cdb[2] & 0x0f, start = cdb[6];
	uint32_t len = 4;

	if (!format)
		format = cdb[9] >> 6; /* the older place of the format */
	switch (format) {
	case 0:
		if (start > 1 && start != TOC_LEAD_OUT) {
			invalid_field(st, res);
			return;
		}
		out[2] = 1; /* first track */
		out[3] = 1; /* last track */
		if (start <= 1)
			len += put_track(out + len, 1, 0, msf);
		len += put_track(out + len, TOC_LEAD_OUT, blocks, msf);
		break;
	case 1:
		out[2] = 1; /* first session */
		out[3] = 1; /* last session */
		len += put_track(out + len, 1, 0, msf);
		break;
	default:
		invalid_field(st, res);
		return;
	}
	put_be16(out, len - 2);
	data(res, len, be16(cdb + 7));
}

static uint16_t current_profile(uint64_t blocks)
{
	if (!blocks)
		return PROFILE_NONE;
	return blocks > CD_MAX_BLOCKS ? PROFILE_DVD_ROM : PROFILE_CD_ROM;
}

/* Feature descriptors: the profile list, core (ATAPI), removable medium. */
static void get_configuration(struct atapi_state *st, const uint8_t *cdb, uint64_t blocks,
			      uint8_t *out, struct atapi_result *res)
{
	unsigned requested = cdb[1] & 3, start = be16(cdb + 2);
	uint16_t profile = current_profile(blocks);
	uint32_t len = 8;

	if (requested == 3) {
		invalid_field(st, res);
		return;
	}
	memset(out, 0, 64);
	put_be16(out + 6, profile);
	if (requested == 2 ? start == 0x0000 : start <= 0x0000) {
		uint8_t *f = out + len;

		put_be16(f, 0x0000);
		f[2] = 0x03; /* persistent, current */
		f[3] = 8;
		put_be16(f + 4, PROFILE_DVD_ROM);
		f[6] = profile == PROFILE_DVD_ROM;
		put_be16(f + 8, PROFILE_CD_ROM);
		f[10] = profile == PROFILE_CD_ROM;
		len += 12;
	}
	if (requested == 2 ? start == 0x0001 : start <= 0x0001) {
		uint8_t *f = out + len;

		put_be16(f, 0x0001);
		f[2] = 0x0b; /* version 2, persistent, current */
		f[3] = 8;
		put_be32(f + 4, 2); /* physical interface: ATAPI */
		f[8] = 1;	    /* device busy event */
		len += 12;
	}
	if (requested == 2 ? start == 0x0003 : start <= 0x0003) {
		uint8_t *f = out + len;

		put_be16(f, 0x0003);
		f[2] = 0x03;
		f[3] = 4;
		f[4] = 0x29; /* tray, eject, lock */
		len += 8;
	}
	put_be32(out, len - 4);
	data(res, len, be16(cdb + 7));
}

/* Only polled operation, only the media class. */
static void get_event_status(struct atapi_state *st, const uint8_t *cdb, uint64_t blocks,
			     uint8_t *out, struct atapi_result *res)
{
	if (!(cdb[1] & 1)) {
		invalid_field(st, res);
		return;
	}
	memset(out, 0, 8);
	out[3] = 0x10; /* supported: media */
	if (cdb[4] & 0x10) {
		put_be16(out, 6);
		out[2] = 0x04;		    /* media class */
		out[4] = 0;		    /* no change */
		out[5] = blocks ? 0x02 : 0; /* medium present, door closed */
		data(res, 8, be16(cdb + 7));
		return;
	}
	put_be16(out, 2);
	out[2] = 0x80; /* no event available */
	data(res, 4, be16(cdb + 7));
}

static void read_disc_information(struct atapi_state *st, const uint8_t *cdb, uint8_t *out,
				  struct atapi_result *res)
{
	if (cdb[1] & 7) { /* only standard disc information */
		invalid_field(st, res);
		return;
	}
	memset(out, 0, 34);
	put_be16(out, 32);
	out[2] = 0x0e; /* last session complete, disc complete */
	out[3] = 1;    /* first track */
	out[4] = 1;    /* sessions */
	out[5] = 1;    /* first track of the last session */
	out[6] = 1;    /* last track of the last session */
	out[7] = 0x20; /* unrestricted use */
	out[8] = 0x00; /* CD-DA or CD-ROM */
	data(res, 34, be16(cdb + 7));
}

static uint32_t error_recovery_page(uint8_t *p)
{
	memset(p, 0, 8);
	p[0] = 0x01;
	p[1] = 6;
	p[3] = 5; /* read retry count */
	return 8;
}

static uint32_t capabilities_page(const struct atapi_state *st, uint8_t *p)
{
	memset(p, 0, 22);
	p[0] = 0x2a;
	p[1] = 20;
	p[2] = 0x0b;			       /* reads CD-R, CD-RW, DVD-ROM */
	p[4] = 0x71;			       /* audio play, mode 2 forms 1 and 2, multisession */
	p[6] = 0x29 | (st->locked ? 0x02 : 0); /* tray, eject, lock (locked) */
	put_be16(p + 8, 706);		       /* maximum read speed, kB/s */
	put_be16(p + 12, 512);		       /* buffer, KiB */
	put_be16(p + 14, 706);		       /* current read speed */
	return 22;
}

static void mode_sense(struct atapi_state *st, const uint8_t *cdb, uint64_t blocks, uint8_t *out,
		       struct atapi_result *res)
{
	unsigned control = cdb[2] >> 6, page = cdb[2] & 0x3f;
	uint32_t len = 8;

	if (control == 3) {
		check_condition(st, res, SENSE_ILLEGAL_REQUEST, ASC_SAVING_NOT_SUPPORTED);
		return;
	}
	memset(out, 0, 8);
	out[2] = blocks ? 0x01 : 0x70; /* 120 mm data disc, or door closed with none */
	switch (page) {
	case 0x01:
		len += error_recovery_page(out + len);
		break;
	case 0x2a:
		len += capabilities_page(st, out + len);
		break;
	case 0x3f:
		len += error_recovery_page(out + len);
		len += capabilities_page(st, out + len);
		break;
	default:
		invalid_field(st, res);
		return;
	}
	put_be16(out, len - 2);
	data(res, len, be16(cdb + 7));
}

static void mechanism_status(const uint8_t *cdb, uint8_t *out, struct atapi_result *res)
{
	memset(out, 0, 8); /* idle, door closed, no changer slots */
	data(res, 8, be16(cdb + 8));
}

static bool needs_medium(uint8_t opcode)
{
	switch (opcode) {
	case CMD_TEST_UNIT_READY:
	case CMD_READ_CAPACITY:
	case CMD_READ_10:
	case CMD_READ_12:
	case CMD_SEEK_10:
	case CMD_READ_TOC:
	case CMD_READ_DISC_INFORMATION:
		return true;
	default:
		return false;
	}
}

void atapi_execute(struct atapi_state *st, const uint8_t cdb[ATAPI_PACKET_BYTES], uint64_t blocks,
		   uint8_t *out, size_t out_size, struct atapi_result *res)
{
	memset(res, 0, sizeof(*res));
	if (out_size < ATAPI_RESPONSE_MAX) {
		check_condition(st, res, SENSE_ABORTED_COMMAND, 0);
		return;
	}
	if (cdb[0] != CMD_REQUEST_SENSE)
		atapi_set_sense(st, SENSE_NONE, 0, 0);
	if (needs_medium(cdb[0]) && !blocks) {
		check_condition(st, res, SENSE_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
		return;
	}
	switch (cdb[0]) {
	case CMD_TEST_UNIT_READY:
	case CMD_SEEK_10:
	case CMD_SET_CD_SPEED:
		res->outcome = ATAPI_GOOD;
		break;
	case CMD_REQUEST_SENSE:
		request_sense(st, cdb, out, res);
		break;
	case CMD_INQUIRY:
		inquiry(st, cdb, out, res);
		break;
	case CMD_START_STOP_UNIT:
		/* The medium cannot be ejected (libxl does not change a stub's
		 * CD): a request to do so is refused only while locked. */
		if ((cdb[4] & 3) == 2 && st->locked)
			check_condition(st, res, SENSE_ILLEGAL_REQUEST,
					ASC_MEDIUM_REMOVAL_PREVENTED);
		else
			res->outcome = ATAPI_GOOD;
		break;
	case CMD_PREVENT_ALLOW_REMOVAL:
		st->locked = cdb[4] & 1;
		res->outcome = ATAPI_GOOD;
		break;
	case CMD_READ_CAPACITY:
		read_capacity(blocks, out, res);
		break;
	case CMD_READ_10:
		read_blocks(st, be32(cdb + 2), be16(cdb + 7), blocks, res);
		break;
	case CMD_READ_12:
		read_blocks(st, be32(cdb + 2), be32(cdb + 6), blocks, res);
		break;
	case CMD_READ_TOC:
		read_toc(st, cdb, blocks, out, res);
		break;
	case CMD_GET_CONFIGURATION:
		get_configuration(st, cdb, blocks, out, res);
		break;
	case CMD_GET_EVENT_STATUS:
		get_event_status(st, cdb, blocks, out, res);
		break;
	case CMD_READ_DISC_INFORMATION:
		read_disc_information(st, cdb, out, res);
		break;
	case CMD_MODE_SENSE_10:
		mode_sense(st, cdb, blocks, out, res);
		break;
	case CMD_MECHANISM_STATUS:
		mechanism_status(cdb, out, res);
		break;
	default:
		check_condition(st, res, SENSE_ILLEGAL_REQUEST, ASC_INVALID_OPCODE);
		break;
	}
}
