/*
 * What the toolstack asks of a PV domain in control/shutdown (`xl
 * shutdown`, `xl reboot`, `xl save`): the request a value names. Pure, so
 * that the host tests can feed it any bytes.
 */
#ifndef XEN_SHUTDOWN_REQUEST_H
#define XEN_SHUTDOWN_REQUEST_H

#include <stddef.h>

enum shutdown_request {
	SHUTDOWN_REQUEST_NONE,	   /* "": nothing asked, or our acknowledgement */
	SHUTDOWN_REQUEST_POWEROFF, /* "poweroff", "halt" */
	SHUTDOWN_REQUEST_REBOOT,   /* "reboot" */
	SHUTDOWN_REQUEST_SUSPEND,  /* "suspend": known, not supported here */
	SHUTDOWN_REQUEST_UNKNOWN,  /* anything else */
};

/* The request the len bytes at value name (not NUL-terminated). */
enum shutdown_request shutdown_request_parse(const char *value, size_t len);
/* "poweroff", "reboot", ... for messages. */
const char *shutdown_request_name(enum shutdown_request r);

#endif
