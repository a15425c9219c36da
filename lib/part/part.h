/*
 * Partition tables on an untrusted disk: MBR (primary partitions 0-3,
 * logical partitions in a chain of EBRs numbered 4, 5, ... as GRUB legacy
 * numbers them: (hd0,4) is the first logical) and GPT (protective MBR type
 * 0xee; partition N is entry N of the entries array, empty entries keep
 * their number, as GRUB numbers them). A disk with neither is the whole disk
 * only. Every partition handed out lies inside the disk; partitions that
 * overlap each other are listed as the table has them (reading them is safe
 * either way). Sizes and offsets are in bytes.
 */
#ifndef LIB_PART_PART_H
#define LIB_PART_PART_H

#include "lib/blockdev.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PART_WHOLE_DISK		-1  /* part_find() index for the whole disk */
#define PART_MAX_LOGICAL	128 /* EBRs followed in one extended partition */
#define PART_GPT_MAX_ENTRIES	1024
#define PART_GPT_MAX_ENTRY_SIZE 4096

enum part_scheme { PART_NONE, PART_MBR, PART_GPT };

struct part_info {
	int index;	      /* GRUB legacy number: (hdN,index) */
	uint64_t start;	      /* bytes from the start of the disk */
	uint64_t length;      /* bytes */
	uint8_t mbr_type;     /* MBR: the type byte; GPT: 0 */
	uint8_t gpt_type[16]; /* GPT: type GUID as stored (mixed endian); MBR: zero */
	uint8_t gpt_guid[16]; /* GPT: unique partition GUID as stored */
	bool bootable;	      /* MBR active flag (0x80) */
	bool outside;	      /* (partly) past the end of the disk or of its extended
			       * partition, or an empty range: listed, not usable */
};

/* Called for each partition in number order; a nonzero return stops the walk
 * and is returned by part_walk(). */
typedef int (*part_fn)(const struct part_info *p, void *ctx);

/* Reads the partition table of disk and calls fn for each non-empty
 * partition, also those that lie past the end of the disk (outside set).
 * Stores the table kind in *scheme when not NULL. Returns 0, fn's nonzero
 * value, or -errno: -EUCLEAN for a table that cannot be trusted (a
 * protective MBR without a valid GPT, an EBR outside its extended
 * partition), -ELOOP for an EBR chain longer than PART_MAX_LOGICAL, and the
 * device's read errors. Partitions before a broken EBR are reported first. */
int part_walk(const struct blockdev *disk, enum part_scheme *scheme, part_fn fn, void *ctx);

/* Fills out[0..max) with the usable partitions (outside ones left out);
 * returns how many there are (may exceed max: only max are stored) or
 * -errno as part_walk(). */
int part_list(const struct blockdev *disk, enum part_scheme *scheme, struct part_info *out,
	      int max);

/* Makes *out the window of partition index (PART_WHOLE_DISK: the whole
 * disk). -ENOENT when there is no such partition, -ERANGE when it is outside
 * the disk (or its container), or part_walk()'s errors met before reaching it. */
int part_find(const struct blockdev *disk, int index, struct blockdev *out);

/* Internal to lib/part: the two table readers. Each returns 0, fn's nonzero
 * value, or -errno. */
int part_mbr_walk(const struct blockdev *disk, const uint8_t *sector0, part_fn fn, void *ctx);
int part_gpt_walk(const struct blockdev *disk, part_fn fn, void *ctx);

/* Internal: true when the boot sector holds a sane MBR table (0x55aa
 * signature, status bytes 0x00/0x80); *protective when an entry is 0xee. */
bool part_mbr_valid(const uint8_t *sector0, bool *protective);

#endif
