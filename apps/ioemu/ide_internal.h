/*
 * What the IDE model's files (ide.c, ide_ata.c, ide_packet.c, ide_dma.c)
 * call of each other: a channel's command phases, its interrupt, its
 * backend requests. Not for the glue: ide.h is the interface.
 */
#ifndef APPS_IOEMU_IDE_INTERNAL_H
#define APPS_IOEMU_IDE_INTERNAL_H

#include "apps/ioemu/ide.h"

/* ---- ide.c ---- */

/* The drive the channel's command runs on. */
struct ide_drive *ide_job_drive(struct ide_channel *ch);

/* The drive's number (0-3) for the backend. */
int ide_drive_number(const struct ide_channel *ch, unsigned unit);

/* The devices' interrupt request: set (and the bus master's interrupt
 * bit), cleared by a read of the status register. */
void ide_raise_irq(struct ide_channel *ch);

/* The ATA or ATAPI signature in the drive's registers. */
void ide_set_signature(struct ide_drive *d);

/* Ends the command: good (error 0), or with ERR and error in the error
 * register (ATAPI: CHECK CONDITION, the sense key from the drive's sense
 * state); the interrupt raised, the bus master stopped for DMA. */
void ide_finish(struct ide_channel *ch, uint8_t error);

/* Starts a backend read of the job's next batch (at most a buffer). */
void ide_fill(struct ide_channel *ch);

/* Sends the first count sectors of buf to the backend at job.sector. */
void ide_submit_write(struct ide_channel *ch, uint32_t count);

/* Asks the backend to flush the drive's cache (job.flush). */
void ide_submit_flush(struct ide_channel *ch);

/* The next ATA PIO data-in block from buf[pos..]: DRQ and the interrupt. */
void ide_pio_in_block(struct ide_channel *ch);

/* ---- ide_ata.c ---- */

/* The command register was written for the selected drive. */
void ide_ata_command(struct ide_channel *ch, uint8_t command);

/* ---- ide_packet.c ---- */

/* PACKET: the drive waits for its 12 bytes. */
void ide_packet_command(struct ide_channel *ch);

/* IDENTIFY PACKET DEVICE. */
void ide_packet_identify(struct ide_channel *ch);

/* The 12 bytes are in buf: carry the command out. */
void ide_packet_received(struct ide_channel *ch);

/* The next ATAPI PIO data-in block (byte count in the LBA mid/high
 * registers, the interrupt). */
void ide_packet_pio_block(struct ide_channel *ch);

/* ---- ide_dma.c ---- */

/* Moves the DMA job's data if both the command and the bus master are
 * ready; errors end the command. */
void ide_dma_continue(struct ide_channel *ch);

/* The bus master's registers of a channel as after a reset. */
void ide_dma_reset(struct ide_channel *ch);

/* The bus-master region's accessors (dev = struct ide). */
uint64_t ide_dma_region_read(void *dev, uint64_t offset, unsigned size);
void ide_dma_region_write(void *dev, uint64_t offset, unsigned size, uint64_t value);

#endif
