/* Decoding VBD numbers (see vbd_number.h). */
#include "lib/vbd_number.h"

#include "lib/errno.h"

int vbd_number_decode(uint32_t number, unsigned *disk, unsigned *partition)
{
	uint32_t major = number >> 8, minor = number & 0xff;

	if (number >> 28 == 1) { /* 1 << 28 | disk << 8 | partition */
		*disk = (number >> 8) & 0xfffff;
		*partition = number & 0xff;
		return 0;
	}
	if (number >> 16)
		return -EINVAL;
	switch (major) {
	case 202: /* xvd */
	case 8:	  /* sd */
		*disk = minor >> 4;
		*partition = minor & 0xf;
		return 0;
	case 3:	 /* hda, hdb */
	case 22: /* hdc, hdd */
		if (minor >> 6 > 1)
			return -EINVAL;
		*disk = (major == 3 ? 0 : 2) + (minor >> 6);
		*partition = minor & 0x3f;
		return 0;
	default:
		return -EINVAL;
	}
}
