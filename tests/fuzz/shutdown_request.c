/*
 * libFuzzer harness: arbitrary bytes as a control/shutdown value. Whatever
 * comes, the request is one of the known ones and has a name, and only the
 * exact words name a shutdown or a reboot.
 */
#include "xen/shutdown_request.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int is(const uint8_t *data, size_t size, const char *word)
{
	return size == strlen(word) && memcmp(data, word, size) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum shutdown_request r = shutdown_request_parse((const char *)data, size);

	if (r < SHUTDOWN_REQUEST_NONE || r > SHUTDOWN_REQUEST_UNKNOWN ||
	    !shutdown_request_name(r)[0])
		__builtin_trap();
	if ((r == SHUTDOWN_REQUEST_POWEROFF) !=
	    (is(data, size, "poweroff") || is(data, size, "halt")))
		__builtin_trap();
	if ((r == SHUTDOWN_REQUEST_REBOOT) != is(data, size, "reboot"))
		__builtin_trap();
	if ((r == SHUTDOWN_REQUEST_NONE) != (size == 0))
		__builtin_trap();
	return 0;
}
