/* lib/net/dhcp_option: file names in DHCP option 150 and BOOTP's file field. */
#include "lib/net/dhcp_option.h"
#include "tests/unit/check.h"

#include <errno.h>
#include <string.h>

static int name_of(const char *value, size_t len, char *out, size_t size)
{
	return dhcp_option_file_name((const uint8_t *)value, len, out, size);
}

TEST(dhcp_option_file_name_taken)
{
	char out[32];

	CHECK_INT(name_of("(nd)/boot/menu.lst", 18, out, sizeof(out)), 0);
	CHECK_STR(out, "(nd)/boot/menu.lst");
	/* Servers often count the C string's NUL, some pad with several. */
	CHECK_INT(name_of("/pv/menu.lst\0\0\0", 15, out, sizeof(out)), 0);
	CHECK_STR(out, "/pv/menu.lst");
	/* Exactly size - 1 bytes fit. */
	CHECK_INT(name_of("abc", 3, out, 4), 0);
	CHECK_STR(out, "abc");
}

TEST(dhcp_option_file_name_refused)
{
	char out[8];

	CHECK_INT(name_of("", 0, out, sizeof(out)), -ENOENT);
	CHECK_INT(name_of("\0\0", 2, out, sizeof(out)), -ENOENT);
	CHECK_STR(out, "");
	/* A NUL inside, a space, a control byte, a byte above ASCII. */
	CHECK_INT(name_of("a\0b", 3, out, sizeof(out)), -EINVAL);
	CHECK_INT(name_of("a b", 3, out, sizeof(out)), -EINVAL);
	CHECK_INT(name_of("a\nb", 3, out, sizeof(out)), -EINVAL);
	CHECK_INT(name_of("a\x7f", 2, out, sizeof(out)), -EINVAL);
	CHECK_INT(name_of("\xc3\xa9", 2, out, sizeof(out)), -EINVAL);
	CHECK_STR(out, "");
	CHECK_INT(name_of("abcdefgh", 8, out, sizeof(out)), -ENAMETOOLONG);
	CHECK_STR(out, "");
}
