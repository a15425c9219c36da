/* xen/shutdown_request: control/shutdown values as the toolstack writes them. */
#include "tests/unit/check.h"
#include "xen/shutdown_request.h"

#include <string.h>

static enum shutdown_request parse(const char *s)
{
	return shutdown_request_parse(s, strlen(s));
}

TEST(shutdown_request_values)
{
	CHECK_INT(parse("poweroff"), SHUTDOWN_REQUEST_POWEROFF);
	CHECK_INT(parse("halt"), SHUTDOWN_REQUEST_POWEROFF);
	CHECK_INT(parse("reboot"), SHUTDOWN_REQUEST_REBOOT);
	CHECK_INT(parse("suspend"), SHUTDOWN_REQUEST_SUSPEND);
	CHECK_INT(parse(""), SHUTDOWN_REQUEST_NONE);
	CHECK_INT(shutdown_request_parse(NULL, 0), SHUTDOWN_REQUEST_NONE);
	CHECK_STR(shutdown_request_name(SHUTDOWN_REQUEST_REBOOT), "reboot");
	CHECK_STR(shutdown_request_name(SHUTDOWN_REQUEST_UNKNOWN), "unknown");
}

TEST(shutdown_request_needs_the_exact_word)
{
	/* Prefixes, longer words, case and a NUL inside do not count. */
	CHECK_INT(parse("power"), SHUTDOWN_REQUEST_UNKNOWN);
	CHECK_INT(parse("poweroffs"), SHUTDOWN_REQUEST_UNKNOWN);
	CHECK_INT(parse("Reboot"), SHUTDOWN_REQUEST_UNKNOWN);
	CHECK_INT(parse("reboot "), SHUTDOWN_REQUEST_UNKNOWN);
	CHECK_INT(shutdown_request_parse("reboot\0x", 8), SHUTDOWN_REQUEST_UNKNOWN);
	/* Only len bytes are read: a value is not NUL-terminated. */
	CHECK_INT(shutdown_request_parse("haltXYZ", 4), SHUTDOWN_REQUEST_POWEROFF);
}
