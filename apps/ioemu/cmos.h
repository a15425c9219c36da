/*
 * The CMOS NVRAM behind ports 0x70 (index) and 0x71 (data), from index 14
 * on. Xen emulates the RTC itself (xen/arch/x86/hvm/rtc.c, Xen 4.17): it
 * takes single-byte accesses to 0x70/0x71 while the index is below 14
 * (RTC_CMOS_SIZE) and leaves the rest to the device model: an index write
 * of 14 or more (bit 7, NMI disable, still in the value), and data reads
 * and writes (and reads of 0x70, which give 0xff) while such an index is
 * selected. Accesses of other sizes Xen answers itself with all ones.
 *
 * What the firmware reads here, as QEMU's PC machine sets it: SeaBIOS
 * (built for QEMU/Xen) takes the boot order from 0x3d (first and second
 * device) and 0x38 (third device in the high nibble; bit 0 set skips the
 * floppy signature check): 1 floppy, 2 hard disk, 3 CD-ROM, 4 network
 * (BEV); hvmloader writes the memory sizes (0x15-0x18, 0x30-0x31,
 * 0x34-0x35) itself. Also set: the equipment byte (FPU, PS/2 mouse), the
 * century (0x32, BCD), the memory above 4 GiB (0x5b-0x5d, 64 KiB units)
 * and the vCPU count less one (0x5f).
 */
#ifndef APPS_IOEMU_CMOS_H
#define APPS_IOEMU_CMOS_H

#include "apps/ioemu/io_bus.h"

#include <stdint.h>

enum {
	CMOS_PORT = 0x70,
	CMOS_BYTES = 128,
	CMOS_FIRST_NVRAM = 14, /* below: Xen's RTC registers */
	CMOS_EQUIPMENT = 0x14,
	CMOS_BASE_MEMORY = 0x15,
	CMOS_EXTENDED_MEMORY = 0x17,
	CMOS_EXTENDED_MEMORY_2 = 0x30,
	CMOS_CENTURY = 0x32,
	CMOS_MEMORY_ABOVE_16M = 0x34,
	CMOS_BOOT_FLAGS_1 = 0x38,
	CMOS_BOOT_FLAGS_2 = 0x3d,
	CMOS_MEMORY_ABOVE_4G = 0x5b,
	CMOS_VCPU_COUNT = 0x5f,
};

struct cmos {
	struct io_region ports;
	uint8_t index;
	uint8_t bytes[CMOS_BYTES];
	unsigned long rtc_accesses; /* to indexes below 14: Xen's, not ours */
};

/*
 * Sets the NVRAM up for a guest with ram_below_4g and ram_above_4g bytes
 * of RAM, vcpus vCPUs and boot_order (up to three of 'a' floppy, 'c' hard
 * disk, 'd' CD-ROM, 'n' network) and puts ports 0x70-0x71 on io. -EINVAL
 * for a boot order longer than three or with another letter; else 0 or
 * io_bus_add's error.
 */
int cmos_init(struct cmos *cmos, struct io_bus *io, uint64_t ram_below_4g, uint64_t ram_above_4g,
	      unsigned vcpus, const char *boot_order);

#endif
