/* control/shutdown values and the requests they name (see shutdown_request.h). */
#include "xen/shutdown_request.h"

#include "lib/string.h"

static const struct {
	const char *value;
	enum shutdown_request request;
} requests[] = {
	{ "poweroff", SHUTDOWN_REQUEST_POWEROFF },
	{ "halt", SHUTDOWN_REQUEST_POWEROFF },
	{ "reboot", SHUTDOWN_REQUEST_REBOOT },
	{ "suspend", SHUTDOWN_REQUEST_SUSPEND },
};

enum shutdown_request shutdown_request_parse(const char *value, size_t len)
{
	if (!value || len == 0)
		return SHUTDOWN_REQUEST_NONE;
	for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++)
		if (strlen(requests[i].value) == len && memcmp(requests[i].value, value, len) == 0)
			return requests[i].request;
	return SHUTDOWN_REQUEST_UNKNOWN;
}

const char *shutdown_request_name(enum shutdown_request r)
{
	switch (r) {
	case SHUTDOWN_REQUEST_NONE:
		return "none";
	case SHUTDOWN_REQUEST_POWEROFF:
		return "poweroff";
	case SHUTDOWN_REQUEST_REBOOT:
		return "reboot";
	case SHUTDOWN_REQUEST_SUSPEND:
		return "suspend";
	case SHUTDOWN_REQUEST_UNKNOWN:
		break;
	}
	return "unknown";
}
