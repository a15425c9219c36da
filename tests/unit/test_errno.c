/* lib/errno: names both ways, as xenstore error replies need. */
#include "lib/errno.h"
#include "tests/unit/check.h"

TEST(errno_names)
{
	CHECK_STR(errno_name(-ENOENT), "ENOENT");
	CHECK_STR(errno_name(EACCES), "EACCES");
	CHECK_STR(errno_name(-EMSGSIZE), "EMSGSIZE");
	CHECK_STR(errno_name(9999), "E?");
	CHECK_INT(errno_from_name("EAGAIN"), EAGAIN);
	CHECK_INT(errno_from_name("EISDIR"), EISDIR);
	CHECK_INT(errno_from_name("EAGAINX"), 0);
	CHECK_INT(errno_from_name(""), 0);
}
