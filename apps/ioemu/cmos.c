/* The CMOS NVRAM (see cmos.h): its contents at power-on and its ports. */
#include "apps/ioemu/cmos.h"

#include "lib/errno.h"

#include <string.h>

static void set_u16(struct cmos *cmos, unsigned index, uint32_t value)
{
	if (value > 0xffff)
		value = 0xffff;
	cmos->bytes[index] = (uint8_t)value;
	cmos->bytes[index + 1] = (uint8_t)(value >> 8);
}

static int boot_device(char letter)
{
	switch (letter) {
	case 'a':
		return 1;
	case 'c':
		return 2;
	case 'd':
		return 3;
	case 'n':
		return 4;
	default:
		return -EINVAL;
	}
}

static uint64_t ports_read(void *dev, uint64_t offset, unsigned size)
{
	struct cmos *cmos = dev;
	uint64_t value = 0;

	for (unsigned i = 0; i < size; i++) {
		uint64_t byte = 0xff;

		if (offset + i == 1) {
			if (cmos->index >= CMOS_FIRST_NVRAM)
				byte = cmos->bytes[cmos->index];
			else
				cmos->rtc_accesses++;
		}
		value |= byte << (8 * i);
	}
	return value;
}

static void ports_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct cmos *cmos = dev;

	for (unsigned i = 0; i < size && offset + i < 2; i++) {
		uint8_t byte = (uint8_t)(value >> (8 * i));

		if (offset + i == 0)
			cmos->index = byte & (CMOS_BYTES - 1); /* bit 7 is NMI disable */
		else if (cmos->index >= CMOS_FIRST_NVRAM)
			cmos->bytes[cmos->index] = byte;
		else
			cmos->rtc_accesses++;
	}
}

int cmos_init(struct cmos *cmos, struct io_bus *io, uint64_t ram_below_4g, uint64_t ram_above_4g,
	      unsigned vcpus, const char *boot_order)
{
	int devices[3] = { 0, 0, 0 };
	size_t n = strlen(boot_order);
	uint64_t above_1m = ram_below_4g > (1u << 20) ? ram_below_4g - (1u << 20) : 0;
	uint64_t above_16m = ram_below_4g > (16u << 20) ? ram_below_4g - (16u << 20) : 0;

	if (n > 3)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		devices[i] = boot_device(boot_order[i]);
		if (devices[i] < 0)
			return -EINVAL;
	}
	memset(cmos, 0, sizeof(*cmos));
	cmos->bytes[CMOS_EQUIPMENT] = 0x02 | 0x04; /* FPU, PS/2 mouse */
	set_u16(cmos, CMOS_BASE_MEMORY, 640);
	set_u16(cmos, CMOS_EXTENDED_MEMORY,
		(uint32_t)(above_1m >> 10 > 0xffff ? 0xffff : above_1m >> 10));
	set_u16(cmos, CMOS_EXTENDED_MEMORY_2,
		(uint32_t)(above_1m >> 10 > 0xffff ? 0xffff : above_1m >> 10));
	set_u16(cmos, CMOS_MEMORY_ABOVE_16M,
		(uint32_t)(above_16m >> 16 > 0xffff ? 0xffff : above_16m >> 16));
	cmos->bytes[CMOS_CENTURY] = 0x20;
	cmos->bytes[CMOS_BOOT_FLAGS_1] = (uint8_t)(devices[2] << 4);
	cmos->bytes[CMOS_BOOT_FLAGS_2] = (uint8_t)(devices[1] << 4 | devices[0]);
	cmos->bytes[CMOS_MEMORY_ABOVE_4G] = (uint8_t)(ram_above_4g >> 16);
	cmos->bytes[CMOS_MEMORY_ABOVE_4G + 1] = (uint8_t)(ram_above_4g >> 24);
	cmos->bytes[CMOS_MEMORY_ABOVE_4G + 2] = (uint8_t)(ram_above_4g >> 32);
	cmos->bytes[CMOS_VCPU_COUNT] = (uint8_t)(vcpus ? vcpus - 1 : 0);
	cmos->ports = (struct io_region){ "cmos",     IO_SPACE_PORT, CMOS_PORT, 2,
					  ports_read, ports_write,   cmos,	NULL };
	return io_bus_add(io, &cmos->ports);
}
