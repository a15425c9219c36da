/*
 * The PIIX3 IDE controller's devices as the guest sees them: two channels
 * (primary 0x1f0-0x1f7 + 0x3f6, IRQ 14; secondary 0x170-0x177 + 0x376,
 * IRQ 15: legacy mode only, the PCI function's programming interface is
 * 0x80), two drives each: ATA hard disks and ATAPI CD-ROM drives, PIO and
 * bus-master DMA (the function's BAR4: 8 bytes per channel). The disks
 * live behind an asynchronous backend: a command that needs data submits
 * a request and returns, the channel reads BSY until the glue calls
 * ide_complete(). Pure: the backend, the interrupt lines and guest memory
 * are interfaces, so unit tests and the fuzzer drive all of it on the host.
 * The guest controls every register and every DMA descriptor: addresses
 * outside its memory, tables without an end, counts that do not match the
 * command end the command with an error, never a write elsewhere, and no
 * loop runs longer than the transfer it serves.
 *
 * For the glue: fill struct ide_backend_ops (submit: a blkfront_submit()
 * on the stub's disk xvd<vdev> of ioemu_config's ide[drive], its done
 * callback calling ide_complete(); flush: a BLKFRONT_FLUSH, -EOPNOTSUPP
 * best reported as 0; sectors: the disk's size, 0 for a CD-ROM drive
 * without one; set_irq: the ISA interrupt's level through dm_op), then
 * ide_init(), ide_attach() for each slot, ide_add_legacy_regions(). One
 * request per channel is in flight at most (a drive's ring never fills).
 * The PCI function (00:01.1, 8086:7010, class 0101, ide_prog_if()) sets
 * ide_bus_master_region()'s base when the guest programs BAR4 and adds it
 * to the bus, and calls ide_reset() on its reset.
 *
 * Files: ide.c (registers, reset, interrupts, PIO data, the backend's
 * requests), ide_ata.c (the ATA command set), ide_packet.c (the PACKET
 * protocol), ide_dma.c (the bus master), ide_identify.c (IDENTIFY data),
 * atapi.c (the packet commands themselves).
 */
#ifndef APPS_IOEMU_IDE_H
#define APPS_IOEMU_IDE_H

#include "apps/ioemu/atapi.h"
#include "apps/ioemu/io_bus.h"

#include <stdbool.h>
#include <stdint.h>

enum {
	IDE_CHANNELS = 2,
	IDE_UNITS = 2,	/* drives per channel */
	IDE_DRIVES = 4, /* drive number = channel * 2 + unit, as ioemu_config's ide[] */
	IDE_SECTOR_SIZE = 512,
	/* The most one backend request moves; longer commands take several. */
	IDE_BUFFER_BYTES = 128 * 1024,
	IDE_MAX_MULTIPLE = 16, /* sectors per DRQ block of READ/WRITE MULTIPLE */
	IDE_BM_REGION_BYTES = 16,
	/* A PRD table lies in one 64 KiB window: at most this many entries. */
	IDE_PRD_MAX_ENTRIES = 8192,
};

/* Legacy-mode ports and interrupts. */
enum {
	IDE_PRIMARY_COMMAND_PORT = 0x1f0,
	IDE_PRIMARY_CONTROL_PORT = 0x3f6,
	IDE_PRIMARY_IRQ = 14,
	IDE_SECONDARY_COMMAND_PORT = 0x170,
	IDE_SECONDARY_CONTROL_PORT = 0x376,
	IDE_SECONDARY_IRQ = 15,
	/* PCI programming interface: legacy ports on both channels, bus master. */
	IDE_PROG_IF_LEGACY = 0x80,
};

/* Status register */
enum {
	ATA_STATUS_ERR = 0x01,
	ATA_STATUS_DRQ = 0x08,
	ATA_STATUS_DSC = 0x10,
	ATA_STATUS_DF = 0x20,
	ATA_STATUS_DRDY = 0x40,
	ATA_STATUS_BSY = 0x80,
};

/* Error register */
enum {
	ATA_ERROR_AMNF = 0x01, /* after a reset or diagnostic: "passed" */
	ATA_ERROR_ABRT = 0x04,
	ATA_ERROR_IDNF = 0x10,
	ATA_ERROR_UNC = 0x40,
};

/* Device control register */
enum { ATA_CONTROL_NIEN = 0x02, ATA_CONTROL_SRST = 0x04, ATA_CONTROL_HOB = 0x80 };

/* Bus-master registers (offsets in a channel's 8 bytes) and bits. */
enum {
	IDE_BM_COMMAND = 0,
	IDE_BM_STATUS = 2,
	IDE_BM_PRD_TABLE = 4,
	IDE_BM_CMD_START = 0x01,
	IDE_BM_CMD_TO_MEMORY = 0x08, /* the device reads, memory is written */
	IDE_BM_ST_ACTIVE = 0x01,
	IDE_BM_ST_ERROR = 0x02,
	IDE_BM_ST_INTERRUPT = 0x04,
	IDE_BM_ST_DRIVE0_DMA = 0x20,
	IDE_BM_ST_DRIVE1_DMA = 0x40,
};

enum ide_media { IDE_MEDIA_NONE, IDE_MEDIA_DISK, IDE_MEDIA_CDROM };

/*
 * What the glue provides. Every request names the drive (0-3) and its
 * 512-byte sectors; buf is the channel's buffer (IDE_BUFFER_BYTES, page
 * aligned), left alone by the device model until the request completes.
 * submit returns 0 and later the glue calls ide_complete(ide, cookie, rc)
 * (rc 0 or a negative errno), or it returns a negative errno and there is
 * no completion. flush (optional: NULL completes at once) has the same
 * contract. sectors gives a drive's size now (0: an empty CD-ROM drive).
 */
struct ide_backend_ops {
	int (*submit)(void *ctx, int drive, uint64_t sector, uint32_t count, void *buf, bool write,
		      void *cookie);
	int (*flush)(void *ctx, int drive, void *cookie);
	uint64_t (*sectors)(void *ctx, int drive);
	void (*set_irq)(void *ctx, int irq, int level);
	void *ctx;
};

/* What one drive holds and its task-file registers (every drive latches
 * what the guest writes; reads come from the selected one). */
struct ide_drive {
	enum ide_media media;
	bool readonly;
	uint64_t sectors; /* a disk's size, taken when attached */
	uint8_t feature, nsector, lba_low, lba_mid, lba_high;
	uint8_t hob_feature, hob_nsector, hob_lba_low, hob_lba_mid, hob_lba_high;
	uint8_t device; /* the device/head register */
	uint8_t status, error;
	uint8_t multiple; /* sectors per DRQ block for READ/WRITE MULTIPLE, 0: off */
	uint8_t heads, sectors_per_track; /* the CHS translation in use */
	uint16_t cylinders;
	uint8_t pio_mode, mwdma_mode, udma_mode; /* 0xff: none selected */
	bool write_cache;
	struct atapi_state atapi;
};

enum ide_phase {
	IDE_PHASE_IDLE,
	IDE_PHASE_PIO_IN,  /* DRQ: the guest reads buf[pos..drq_end) */
	IDE_PHASE_PIO_OUT, /* DRQ: the guest writes buf[pos..drq_end) */
	IDE_PHASE_PACKET,  /* DRQ: the guest writes a 12-byte command packet */
	IDE_PHASE_DMA,	   /* the bus master moves buf[pos..len) or fills it */
	IDE_PHASE_BACKEND, /* BSY: a request of the command in flight */
};

/* The command a channel is carrying out. */
struct ide_job {
	uint8_t command;
	uint8_t unit;
	bool write, dma, atapi, flush;
	uint64_t sector;       /* next 512-byte sector for the backend */
	uint64_t sectors_left; /* still to go through the backend */
	uint32_t batch;	       /* sectors of the request in flight or in buf */
	uint32_t drq_sectors;  /* ATA PIO: sectors per DRQ block */
	uint32_t byte_limit;   /* ATAPI PIO: bytes per DRQ block at most */
};

struct ide;

struct ide_channel {
	struct ide *ide;
	unsigned index;
	struct ide_drive drive[IDE_UNITS];
	unsigned unit; /* selected */
	uint8_t control;
	bool intrq;	/* the devices' interrupt request */
	bool irq_level; /* what set_irq was last told */
	enum ide_phase phase;
	struct ide_job job;
	uint32_t pos, drq_end, len; /* within buf */
	/* A backend request in flight (its completion may still come after
	 * a reset: the buffer is the backend's until then). */
	bool in_flight, submitting, completed_early, reset_when_done;
	int early_rc;
	/* Bus master: the registers and where the PRD walk stands. */
	uint8_t bm_command, bm_status;
	uint32_t bm_prd_table;
	uint32_t prd_table_base; /* bm_prd_table when the bus master started */
	uint32_t prd_index, prd_left, prd_address;
	bool prd_last;
	_Alignas(4096) uint8_t buf[IDE_BUFFER_BYTES];
};

struct ide {
	struct ide_channel channel[IDE_CHANNELS];
	const struct ide_backend_ops *ops;
	const struct guest_memory *mem;
	struct io_region command_region[IDE_CHANNELS], control_region[IDE_CHANNELS];
	struct io_region bm_region; /* BAR4: base set by the PCI function */
	unsigned long dma_refused, io_errors, completions_ignored;
	const char *last_refusal; /* static text: why the last DMA was refused */
	/* Optional, set by the glue after ide_init() (NULL: not told): each
	 * DMA refused (the command then ends with the bus master's error),
	 * why (as last_refusal) and the guest-physical range it would have
	 * touched: the PRD entry, or the data. A guest causes these at will:
	 * the glue limits what it logs. */
	void (*dma_refused_hook)(void *ctx, int channel, const char *why, uint64_t address,
				 uint32_t bytes);
	void *dma_refused_ctx;
};

/*
 * Sets up ide with no drives: the port regions at their legacy addresses,
 * the bus-master region at base 0 (not on a bus until the PCI function
 * places it). ops and mem are kept.
 */
void ide_init(struct ide *ide, const struct ide_backend_ops *ops, const struct guest_memory *mem);

/*
 * Puts a drive at number drive (0-3): a disk (its size from ops->sectors
 * now; -EINVAL when 0) or a CD-ROM drive (sized at each command, 0 =
 * empty). -EINVAL for a bad number or media, -EEXIST when taken.
 */
int ide_attach(struct ide *ide, int drive, enum ide_media media, bool readonly);

/* Adds the legacy command and control regions of both channels to bus. */
int ide_add_legacy_regions(struct ide *ide, struct io_bus *bus);

/* The bus-master region (16 bytes of I/O ports): the PCI function sets its
 * base when BAR4 is programmed and adds or moves it on the bus. */
struct io_region *ide_bus_master_region(struct ide *ide);

/* The programming interface byte of the PCI function (legacy mode only). */
uint8_t ide_prog_if(const struct ide *ide);

/* A hardware reset (power on, PCI reset): every command abandoned, the
 * drives' signatures in place, the bus master stopped, the lines low. */
void ide_reset(struct ide *ide);

/*
 * The Xen platform device's unplug of emulated disks: every hard disk goes
 * (but drive 0, the primary master, when spare_primary_master: the
 * "auxiliary" unplug), CD-ROM drives stay, as with QEMU. A command in
 * flight on an unplugged drive is abandoned as by a reset of its channel.
 * Returns how many disks went.
 */
unsigned ide_unplug_disks(struct ide *ide, bool spare_primary_master);

/* A backend request's end. 0, or -ENOENT when cookie names no request in
 * flight (counted, nothing changed). May be called from within submit. */
int ide_complete(struct ide *ide, void *cookie, int rc);

#endif
