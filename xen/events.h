/*
 * Event channels (2-level ABI): per-port handlers run from the upcall with
 * events masked; binding VIRQs; notify; masking the whole upcall.
 */
#ifndef XEN_EVENTS_H
#define XEN_EVENTS_H

#include <stdbool.h>
#include <xen/event_channel.h>

typedef void (*evtchn_handler_fn)(evtchn_port_t port, void *data);

/* Masks every port, then enables the upcall. */
void events_init(void);

/* Installs fn for port and unmasks it. -EINVAL for a port out of range. */
int evtchn_attach(evtchn_port_t port, evtchn_handler_fn fn, void *data);
/* Binds a VIRQ on vCPU 0 with a handler; returns the port or -errno. */
int evtchn_bind_virq(uint32_t virq, evtchn_handler_fn fn, void *data);
int evtchn_notify(evtchn_port_t port);
/* A fresh port for remote_dom to bind to, with a handler; port or -errno. */
int evtchn_alloc_unbound(domid_t remote_dom, evtchn_handler_fn fn, void *data);
/* Binds to remote_port of remote_dom; returns our port or -errno. */
int evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port, evtchn_handler_fn fn,
			    void *data);
/* Masks one port / unmasks it (delivering an event that arrived meanwhile). */
void evtchn_mask(evtchn_port_t port);
int evtchn_unmask(evtchn_port_t port);
/* Detaches the handler and closes the port. */
void evtchn_close(evtchn_port_t port);

/* Closes every open port but those in keep (for handing the domain to
 * another kernel); returns how many were closed. */
int events_close_all_except(const evtchn_port_t *keep, unsigned nkeep);
/* Masks the upcall; returns whether it was masked before. */
bool events_mask(void);
/* Restores the state events_mask returned (delivering what is pending). */
void events_restore(bool was_masked);

#endif
