/*
 * The device model's command line as libxl (4.17-4.20, qemu-xen flavour)
 * writes it for a stub domain under /vm/<uuid>/image/dm-argv/NNN: parsed
 * into the machine the guest is to see. Every option libxl writes is
 * understood; any other option, or a value that would change what the
 * guest sees in a way this device model cannot give, is refused with a
 * message naming the argument, never ignored. Options that only concern a
 * dom0 process (-chroot, -runas, -run-with, -xen-domid-restrict) are taken
 * and have no effect.
 */
#ifndef APPS_IOEMU_DM_ARGV_H
#define APPS_IOEMU_DM_ARGV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { IOEMU_IDE_SLOTS = 4, IOEMU_MAX_NICS = 8, IOEMU_MAX_SERIAL = 4, IOEMU_MAX_VCPUS = 128 };

enum ioemu_vga { IOEMU_VGA_NONE, IOEMU_VGA_CIRRUS, IOEMU_VGA_STD };
enum ioemu_media { IOEMU_MEDIA_NONE, IOEMU_MEDIA_DISK, IOEMU_MEDIA_CDROM };
enum ioemu_nic_model { IOEMU_NIC_RTL8139, IOEMU_NIC_E1000 };

/* An IDE slot (bus * 2 + unit): a disk or a CD-ROM drive, backed by the
 * stub's own PV disk xvd<vdev>; a CD-ROM drive may be empty (vdev 0). */
struct ioemu_drive {
	enum ioemu_media media;
	char vdev;
	bool readonly;
};

struct ioemu_nic {
	enum ioemu_nic_model model;
	unsigned id; /* nic<id>, with its -netdev net<id> */
	uint8_t mac[6];
	bool has_netdev;
};

struct ioemu_config {
	unsigned domid;	       /* -xen-domid: the guest */
	char name[64];	       /* -name */
	bool platform_device;  /* machine xenfv (true) or pc,accel=xen */
	uint64_t ram_below_4g; /* max-ram-below-4g=, 0 when not given */
	unsigned ram_mb;       /* -m */
	unsigned vcpus, max_vcpus;
	char boot_order[4]; /* -boot order=: up to three of a, c, d, n */
	unsigned n_serial;
	unsigned serial_console[IOEMU_MAX_SERIAL]; /* COMn's PV console number */
	enum ioemu_vga vga;
	unsigned vgamem_mb;
	struct ioemu_drive ide[IOEMU_IDE_SLOTS];
	struct ioemu_nic nics[IOEMU_MAX_NICS];
	unsigned n_nics;
	bool net_none;
	bool acpi;
	bool incoming; /* -incoming: the state comes from console 2 */
	char keymap[32];
};

/*
 * Parses argv[0..argc-1] (argv[0] is the first option: libxl leaves the
 * program's name out) into cfg. Returns 0, or -EINVAL with a message in
 * err (at most err_len bytes, NUL-terminated) naming the argument by its
 * number (1-based, as the dm-argv key) and saying why.
 */
int dm_argv_parse(struct ioemu_config *cfg, const char *const *argv, int argc, char *err,
		  size_t err_len);

/* A one-line summary of cfg ("machine xenfv, 120 MiB, 1 vCPU, ..."). */
void dm_argv_describe(const struct ioemu_config *cfg, char *buf, size_t len);

#endif
