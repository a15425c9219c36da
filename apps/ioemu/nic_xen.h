/*
 * The emulated network cards' links in the stub domain: libxl gives the
 * stub a vif for each of the guest's NICs, in the same order and with the
 * same MAC; each card's frames go out on its vif (netfront) and the
 * vif's frames go into the card. Nothing waits: a frame the vif cannot
 * take now stays with the card until the vif's event says there is room,
 * and a frame the card has no room for waits here (one per card, the rest
 * in the vif's ring) until the guest gives the card room or the next
 * nic_xen_tick. When the guest's PV drivers unplug the cards, the vifs are
 * closed: the guest's own vif carries its traffic from then on. Each card
 * also gets its model's network boot ROM (iPXE's PXE ROMs from Debian's
 * ipxe-qemu package, linked into the image: mk/pxerom.mk).
 */
#ifndef APPS_IOEMU_NIC_XEN_H
#define APPS_IOEMU_NIC_XEN_H

#include "apps/ioemu/dm_argv.h"
#include "apps/ioemu/nic.h"

#include "kernel/poll.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;
struct netfront;

struct nic_xen_port {
	struct nic_xen *owner;
	unsigned index; /* the card's, in the configuration's order */
	enum ioemu_nic_model model;
	struct netfront *nf;
	struct nic_link link;
	struct poll_source src;
	bool tx_blocked, unplugged, broken;
	size_t held_len; /* a received frame the card had no room for (0: none) */
	uint8_t held[NIC_MAX_FRAME];
	unsigned long rx_oversized;
};

struct nic_xen {
	struct nic_xen_port ports[IOEMU_MAX_NICS];
	unsigned n;
	struct machine *machine;
};

/* Connects the stub's vif for each of cfg's NICs (vif i for NIC i, whose
 * MAC must be the NIC's); their events are served in ps. 0, or a negative
 * errno with the reason logged (no such vif, another MAC, no backend). */
int nic_xen_open(struct nic_xen *nx, const struct ioemu_config *cfg, struct poll_set *ps);

/* Gives m's cards their links (machine_connect_nic) and their boot ROMs
 * (machine_attach_nic_rom). 0 or a negative errno (logged). */
int nic_xen_attach(struct nic_xen *nx, struct machine *m);

/* From a periodic timer: frames waiting for room in a card are offered
 * again (the guest may have made room without a register write). */
void nic_xen_tick(struct nic_xen *nx);

#endif
