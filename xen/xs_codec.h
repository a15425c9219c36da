/*
 * The xenstore wire format, as pure functions: building request messages
 * and taking apart what xenstored sends back (headers, error names,
 * NUL-separated lists, watch events, permission lists). Everything here
 * treats the reply bytes as untrusted and is fuzzed.
 */
#ifndef XEN_XS_CODEC_H
#define XEN_XS_CODEC_H

#include <stddef.h>
#include <stdint.h>
#include <xen/io/xs_wire.h>

/* Builds header + payload into buf: the parts are concatenated, each
 * followed by a NUL when nul_after[i] is set. Returns the message length,
 * -E2BIG when the payload exceeds XENSTORE_PAYLOAD_MAX or buf is too small. */
int xs_msg_build(char *buf, size_t size, uint32_t type, uint32_t req_id, uint32_t tx_id,
		 const char *const parts[], const size_t lens[], const int nul_after[], unsigned n);

/* 0 when a received header can be followed (payload within limits, a type
 * xenstored may send), else -EBADMSG. */
int xs_header_check(const struct xsd_sockmsg *h);

/* The negative errno an XS_ERROR payload names ("ENOENT\0"); -EIO when it
 * names nothing known. */
int xs_error_code(const char *body, size_t len);

/* Splits a payload of NUL-terminated strings (a directory listing) into
 * out[]; returns the count, -EBADMSG when the last string lacks its NUL,
 * -E2BIG when more than max. An empty payload is zero strings. */
int xs_split(const char *body, size_t len, const char **out, unsigned max);

/* A watch event payload "path\0token\0"; 0 or -EBADMSG. */
int xs_parse_watch_event(const char *body, size_t len, const char **path, const char **token);

struct xs_perm {
	uint16_t domid;
	char access; /* 'n' none, 'r' read, 'w' write, 'b' both */
};

/* Parses a permission list ("n0\0r5\0"); returns the count or -EBADMSG /
 * -E2BIG. */
int xs_parse_perms(const char *body, size_t len, struct xs_perm *out, unsigned max);
/* Formats perms as the payload XS_SET_PERMS wants after the path (each
 * entry NUL-terminated); returns its length or -E2BIG / -EINVAL. */
int xs_format_perms(const struct xs_perm *perms, unsigned n, char *buf, size_t size);

/* A decimal number that fills exactly len bytes (no sign, no blanks, no
 * overflow); 0 or -EINVAL. */
int xs_parse_ulong(const char *s, size_t len, unsigned long *out);

#endif
