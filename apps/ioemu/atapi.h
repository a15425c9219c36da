/*
 * The packet commands of an ATAPI CD-ROM drive (the SCSI/MMC subset that
 * SeaBIOS's El Torito boot and Linux's sr and libata send), decoded from
 * the 12-byte packet into an outcome for the IDE channel to carry out:
 * good status, data to give the host, 2048-byte blocks to read from the
 * medium, or CHECK CONDITION with the sense data kept for REQUEST SENSE.
 * The medium is the CD image on the drive's backing disk (512-byte
 * sectors, four to a block); an empty drive has none. Pure: it only
 * decodes and formats.
 */
#ifndef APPS_IOEMU_ATAPI_H
#define APPS_IOEMU_ATAPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	ATAPI_PACKET_BYTES = 12,
	ATAPI_BLOCK_BYTES = 2048,
	ATAPI_SECTORS_PER_BLOCK = 4, /* 512-byte sectors of the backing disk */
	/* A response other than READ's blocks fits in this many bytes. */
	ATAPI_RESPONSE_MAX = 256,
};

/* Sense keys and additional sense codes used. */
enum {
	SENSE_NONE = 0x00,
	SENSE_NOT_READY = 0x02,
	SENSE_MEDIUM_ERROR = 0x03,
	SENSE_ILLEGAL_REQUEST = 0x05,
	SENSE_ABORTED_COMMAND = 0x0b,
	ASC_READ_ERROR = 0x11,
	ASC_INVALID_OPCODE = 0x20,
	ASC_LBA_OUT_OF_RANGE = 0x21,
	ASC_INVALID_FIELD_IN_CDB = 0x24,
	ASC_SAVING_NOT_SUPPORTED = 0x39,
	ASC_MEDIUM_NOT_PRESENT = 0x3a,
	ASC_MEDIUM_REMOVAL_PREVENTED = 0x53,
};

/* A drive's state between commands. */
struct atapi_state {
	uint8_t sense_key, asc, ascq; /* what REQUEST SENSE reports next */
	bool locked;		      /* PREVENT MEDIUM REMOVAL */
};

enum atapi_outcome {
	ATAPI_GOOD,	       /* no data; good status */
	ATAPI_DATA,	       /* len bytes of out to the host */
	ATAPI_READ,	       /* blocks from lba of the medium to the host */
	ATAPI_CHECK_CONDITION, /* error: the sense is in the state */
};

struct atapi_result {
	enum atapi_outcome outcome;
	uint32_t len;	 /* ATAPI_DATA */
	uint64_t lba;	 /* ATAPI_READ: within the medium, blocks > 0 */
	uint32_t blocks; /* ATAPI_READ */
};

/* The state after power on or a reset: no sense, unlocked. */
void atapi_reset(struct atapi_state *st);

void atapi_set_sense(struct atapi_state *st, uint8_t key, uint8_t asc, uint8_t ascq);

/*
 * Carries out the packet cdb on a drive whose medium has blocks 2048-byte
 * blocks (0: no medium). A response goes into out (out_size at least
 * ATAPI_RESPONSE_MAX), cut to the command's allocation length. A command
 * that completes without CHECK CONDITION clears the sense (REQUEST SENSE
 * reports it first).
 */
void atapi_execute(struct atapi_state *st, const uint8_t cdb[ATAPI_PACKET_BYTES], uint64_t blocks,
		   uint8_t *out, size_t out_size, struct atapi_result *res);

#endif
