/*
 * A test bed for the IDE model (apps/ioemu/ide.h): fake disks in memory
 * behind a backend whose requests wait until the test completes them
 * (in any order, with any result), fake guest memory of a fixed size, the
 * interrupt lines' levels, and port accesses through the I/O bus (rep
 * insw/outsw as the ioreq server hands them over).
 */
#ifndef TESTS_UNIT_IDE_FIXTURE_H
#define TESTS_UNIT_IDE_FIXTURE_H

#include "apps/ioemu/ide.h"
#include "apps/ioemu/io_bus.h"

#include <stdbool.h>
#include <stdint.h>

enum {
	FX_RAM_BYTES = 1 << 20,
	FX_MAX_REQUESTS = 8,
	FX_BM_BASE = 0xc000,
	FX_STORED_SECTORS = 1 << 16, /* 32 MiB: larger disks are not kept */
};

struct fx_request {
	int drive;
	uint64_t sector;
	uint32_t count;
	void *buf;
	bool write, flush;
	void *cookie;
};

struct ide_fixture {
	struct ide ide;
	struct io_bus bus;
	struct guest_memory mem;
	struct ide_backend_ops ops;
	uint8_t ram[FX_RAM_BYTES];
	uint8_t *disk[IDE_DRIVES];
	uint64_t disk_sectors[IDE_DRIVES];
	struct fx_request pending[FX_MAX_REQUESTS];
	unsigned n_pending;
	unsigned submits, flushes;
	int submit_result; /* returned by the next submits when negative */
	bool out_of_range; /* a request went past its disk */
	int irq[16];
	unsigned irq_changes;
};

/* A fixture with no drives; the bus-master region at FX_BM_BASE. */
struct ide_fixture *fx_new(void);
void fx_free(struct ide_fixture *fx);

/* A disk (or a CD-ROM image) of sectors 512-byte sectors at drive,
 * filled with a pattern of its sector numbers (larger than
 * FX_STORED_SECTORS: not kept, reads give the pattern, writes vanish); 0
 * sectors: an empty drive. */
void fx_attach(struct ide_fixture *fx, int drive, enum ide_media media, uint64_t sectors);

/* The pattern's byte at offset i of sector s. */
uint8_t fx_pattern(uint64_t sector, unsigned i);

/* Completes the pending request number i (0: the oldest) with rc (0: the
 * data moved first). Returns what ide_complete returned. */
int fx_complete(struct ide_fixture *fx, unsigned index, int rc);
/* Completes every pending request with 0, also those they lead to; the
 * number completed. */
unsigned fx_complete_all(struct ide_fixture *fx);

uint32_t fx_in(struct ide_fixture *fx, uint16_t port, unsigned size);
void fx_out(struct ide_fixture *fx, uint16_t port, unsigned size, uint32_t value);
/* rep insw / outsw of words between port and guest memory at gpa. */
int fx_insw(struct ide_fixture *fx, uint16_t port, uint64_t gpa, uint32_t words);
int fx_outsw(struct ide_fixture *fx, uint16_t port, uint64_t gpa, uint32_t words);

/* Task-file helpers for the primary (channel 0) or secondary channel. */
uint16_t fx_base(int channel);
void fx_select(struct ide_fixture *fx, int channel, unsigned unit);
void fx_command_lba28(struct ide_fixture *fx, int channel, uint8_t command, uint32_t lba,
		      uint8_t count);
void fx_command_lba48(struct ide_fixture *fx, int channel, uint8_t command, uint64_t lba,
		      uint16_t count);
uint8_t fx_status(struct ide_fixture *fx, int channel);

#endif
