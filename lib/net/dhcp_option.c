/* File names in DHCP options and BOOTP's file field (see dhcp_option.h). */
#include "lib/net/dhcp_option.h"

#include "lib/errno.h"

#include <string.h>

int dhcp_option_file_name(const uint8_t *value, size_t len, char *out, size_t size)
{
	if (size)
		out[0] = '\0';
	while (len && value[len - 1] == '\0')
		len--;
	if (!len)
		return -ENOENT;
	for (size_t i = 0; i < len; i++)
		if (value[i] <= ' ' || value[i] > '~')
			return -EINVAL;
	if (len >= size)
		return -ENAMETOOLONG;
	memcpy(out, value, len);
	out[len] = '\0';
	return 0;
}
