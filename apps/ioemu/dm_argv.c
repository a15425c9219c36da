/*
 * dm-argv parsing (see dm_argv.h): options one by one, values split into
 * QEMU's "driver,key=value,..." properties, then the cross-checks between
 * options (a CD-ROM's -device and its -drive, a nic and its -netdev).
 */
#include "apps/ioemu/dm_argv.h"

#include "apps/ioemu/dm_words.h"
#include "lib/arp.h"
#include "lib/errno.h"
#include "lib/format.h"

#include <string.h>

struct parser {
	struct ioemu_config *cfg;
	struct dm_error e; /* e.number: the argument being parsed */
	bool have_domid, have_machine, have_ram;
	/* -drive if=none,id=ide-N seen, waiting for its -device ide-cd */
	struct {
		unsigned devno;
		char vdev;
		bool used;
	} cd_drives[IOEMU_IDE_SLOTS];
	unsigned n_cd_drives;
};

/* Every error names the argument being parsed (dm_words.h). */
#define fail(p, ...) dm_fail(&(p)->e, __VA_ARGS__)

static int split_props(struct parser *p, const char *value, struct dm_props *pr)
{
	const char *why = dm_props_split(value, pr);

	return why ? fail(p, "'%s': %s", value, why) : 0;
}

static bool parse_mac(const char *s, uint8_t mac[6])
{
	return s && mac_parse(s, strlen(s), mac) == 0;
}

/* "/dev/xvdX" with X a..z: X. */
static char parse_vdev(const char *s)
{
	if (!s || strncmp(s, "/dev/xvd", 8) != 0 || s[8] < 'a' || s[8] > 'z' || s[9] != '\0')
		return 0;
	return s[8];
}

static int option_machine(struct parser *p, const char *value)
{
	struct dm_props pr;
	int rc = split_props(p, value, &pr);
	bool xen_accel = false;

	if (rc)
		return rc;
	if (pr.val[0])
		return fail(p, "-machine '%s': no machine type first", value);
	if (dm_is(pr.key[0], "xenfv"))
		p->cfg->platform_device = true;
	else if (dm_is(pr.key[0], "pc"))
		p->cfg->platform_device = false;
	else
		return fail(p, "-machine '%s': only xenfv and pc,accel=xen are emulated", value);
	for (int i = 1; i < pr.n; i++) {
		if (dm_is(pr.key[i], "accel") && dm_is(pr.val[i], "xen")) {
			xen_accel = true;
		} else if (dm_is(pr.key[i], "suppress-vmdesc")) {
			/* migration stream detail; no effect on the guest */
		} else if (dm_is(pr.key[i], "max-ram-below-4g")) {
			if (!dm_parse_u64(pr.val[i], UINT64_C(1) << 32, &p->cfg->ram_below_4g) ||
			    p->cfg->ram_below_4g < (UINT64_C(1) << 20))
				return fail(p,
					    "-machine: max-ram-below-4g='%s' is not a size "
					    "between 1 MiB and 4 GiB in bytes",
					    pr.val[i] ? pr.val[i] : "");
		} else {
			return fail(p, "-machine: property '%s' is not supported", pr.key[i]);
		}
	}
	if (!p->cfg->platform_device && !xen_accel)
		return fail(p, "-machine '%s': pc without accel=xen is not a Xen guest", value);
	p->have_machine = true;
	return 0;
}

static int option_smp(struct parser *p, const char *value)
{
	struct dm_props pr;
	int rc = split_props(p, value, &pr);
	unsigned n;

	if (rc)
		return rc;
	if (pr.val[0] || !dm_parse_uint(pr.key[0], IOEMU_MAX_VCPUS, &n) || n == 0)
		return fail(p, "-smp '%s': no vCPU count from 1 to %d first", value,
			    IOEMU_MAX_VCPUS);
	p->cfg->vcpus = p->cfg->max_vcpus = n;
	for (int i = 1; i < pr.n; i++) {
		if (!dm_is(pr.key[i], "maxcpus") ||
		    !dm_parse_uint(pr.val[i], IOEMU_MAX_VCPUS, &p->cfg->max_vcpus))
			return fail(p, "-smp: '%s%s%s' is not understood", pr.key[i],
				    pr.val[i] ? "=" : "", pr.val[i] ? pr.val[i] : "");
	}
	if (p->cfg->max_vcpus < p->cfg->vcpus)
		return fail(p, "-smp '%s': maxcpus below the vCPU count", value);
	return 0;
}

static int option_boot(struct parser *p, const char *value)
{
	const char *order;
	int bad;

	if (strncmp(value, "order=", 6) != 0)
		return fail(p, "-boot '%s': only order=... is understood", value);
	order = value + 6;
	bad = dm_boot_order_check(order, sizeof(p->cfg->boot_order));
	if (bad == DM_BOOT_ORDER_LENGTH)
		return fail(p,
			    "-boot '%s': from one to %zu devices (the BIOS's CMOS holds no more)",
			    value, sizeof(p->cfg->boot_order) - 1);
	if (bad != DM_BOOT_ORDER_OK)
		return fail(p, "-boot '%s': device '%c' is not a, c, d or n, or comes twice", value,
			    order[bad]);
	memcpy(p->cfg->boot_order, order, strlen(order) + 1);
	return 0;
}

static int option_serial(struct parser *p, const char *value)
{
	unsigned console;

	if (!dm_parse_numbered(value, "/dev/hvc", 1024, &console) || console < 3)
		return fail(p,
			    "-serial '%s': only a console of this stub domain from "
			    "/dev/hvc3 on is understood",
			    value);
	if (p->cfg->n_serial == IOEMU_MAX_SERIAL)
		return fail(p, "-serial: more than %d serial ports", IOEMU_MAX_SERIAL);
	p->cfg->serial_console[p->cfg->n_serial++] = console;
	return 0;
}

static int device_vga(struct parser *p, const struct dm_props *pr, enum ioemu_vga kind)
{
	if (p->cfg->vga != IOEMU_VGA_NONE)
		return fail(p, "-device %s: a second display adapter", pr->key[0]);
	for (int i = 1; i < pr->n; i++) {
		if (!dm_is(pr->key[i], "vgamem_mb") ||
		    !dm_parse_uint(pr->val[i], 256, &p->cfg->vgamem_mb) || p->cfg->vgamem_mb == 0)
			return fail(p, "-device %s: '%s' is not understood (vgamem_mb=1..256 is)",
				    pr->key[0], pr->key[i]);
	}
	if (p->cfg->vgamem_mb == 0)
		return fail(p, "-device %s: no vgamem_mb", pr->key[0]);
	p->cfg->vga = kind;
	return 0;
}

static int device_nic(struct parser *p, const struct dm_props *pr, enum ioemu_nic_model model)
{
	struct ioemu_nic nic = { .model = model };
	bool have_id = false, have_netdev = false, have_mac = false;
	unsigned netdev = 0;

	if (p->cfg->n_nics == IOEMU_MAX_NICS)
		return fail(p, "-device %s: more than %d nics", pr->key[0], IOEMU_MAX_NICS);
	for (int i = 1; i < pr->n; i++) {
		if (dm_is(pr->key[i], "id") && dm_parse_numbered(pr->val[i], "nic", 1023, &nic.id))
			have_id = true;
		else if (dm_is(pr->key[i], "netdev") &&
			 dm_parse_numbered(pr->val[i], "net", 1023, &netdev))
			have_netdev = true;
		else if (dm_is(pr->key[i], "mac") && parse_mac(pr->val[i], nic.mac))
			have_mac = true;
		else
			return fail(p, "-device %s: '%s%s%s' is not understood", pr->key[0],
				    pr->key[i], pr->val[i] ? "=" : "",
				    pr->val[i] ? pr->val[i] : "");
	}
	if (!have_id || !have_netdev || !have_mac || netdev != nic.id)
		return fail(p, "-device %s: id=nicN, netdev=netN (the same N) and mac= are needed",
			    pr->key[0]);
	if (nic.mac[0] & 1)
		return fail(p, "-device %s: mac is a multicast address", pr->key[0]);
	for (unsigned i = 0; i < p->cfg->n_nics; i++)
		if (p->cfg->nics[i].id == nic.id)
			return fail(p, "-device %s: nic%u comes twice", pr->key[0], nic.id);
	p->cfg->nics[p->cfg->n_nics++] = nic;
	return 0;
}

static int device_ide_cd(struct parser *p, const struct dm_props *pr)
{
	unsigned id = 0, drive = 0, bus = 2, unit = 2, slot;
	bool have_id = false, have_drive = false;

	for (int i = 1; i < pr->n; i++) {
		if (dm_is(pr->key[i], "id") && dm_parse_numbered(pr->val[i], "ide-", 1u << 20, &id))
			have_id = true;
		else if (dm_is(pr->key[i], "drive") &&
			 dm_parse_numbered(pr->val[i], "ide-", 1u << 20, &drive))
			have_drive = true;
		else if (!(dm_is(pr->key[i], "bus") &&
			   dm_parse_numbered(pr->val[i], "ide.", 1, &bus)) &&
			 !(dm_is(pr->key[i], "unit") && dm_parse_uint(pr->val[i], 1, &unit)))
			return fail(p, "-device ide-cd: '%s%s%s' is not understood", pr->key[i],
				    pr->val[i] ? "=" : "", pr->val[i] ? pr->val[i] : "");
	}
	if (!have_id || !have_drive || bus > 1 || unit > 1)
		return fail(p, "-device ide-cd: id=, drive=, bus=ide.0|1 and unit=0|1 are needed");
	slot = bus * 2 + unit;
	for (unsigned i = 0; i < p->n_cd_drives; i++) {
		if (p->cd_drives[i].devno != drive || p->cd_drives[i].used)
			continue;
		if (p->cfg->ide[slot].media != IOEMU_MEDIA_NONE)
			return fail(p, "-device ide-cd: IDE bus %u unit %u is taken", bus, unit);
		p->cd_drives[i].used = true;
		p->cfg->ide[slot].media = IOEMU_MEDIA_CDROM;
		p->cfg->ide[slot].vdev = p->cd_drives[i].vdev;
		p->cfg->ide[slot].readonly = true;
		return 0;
	}
	return fail(p, "-device ide-cd: drive ide-%u was not given by an earlier -drive", drive);
}

static int option_device(struct parser *p, const char *value)
{
	struct dm_props pr;
	int rc = split_props(p, value, &pr);

	if (rc)
		return rc;
	if (pr.val[0])
		return fail(p, "-device '%s': no driver name first", value);
	if (dm_is(pr.key[0], "cirrus-vga"))
		return device_vga(p, &pr, IOEMU_VGA_CIRRUS);
	if (dm_is(pr.key[0], "VGA"))
		return device_vga(p, &pr, IOEMU_VGA_STD);
	if (dm_is(pr.key[0], "rtl8139"))
		return device_nic(p, &pr, IOEMU_NIC_RTL8139);
	if (dm_is(pr.key[0], "e1000"))
		return device_nic(p, &pr, IOEMU_NIC_E1000);
	if (dm_is(pr.key[0], "ide-cd"))
		return device_ide_cd(p, &pr);
	return fail(p, "-device %s: this device is not emulated by this device model", pr.key[0]);
}

/* -drive if=ide,index=N,media=disk,file=/dev/xvdX,format=host_device,cache=...
 * or -drive if=none,readonly=on,id=ide-N[,file=/dev/xvdX,format=host_device]. */
static int option_drive(struct parser *p, const char *value)
{
	struct dm_props pr;
	const char *iface = NULL, *media = NULL, *format = NULL, *readonly = NULL;
	unsigned index = IOEMU_IDE_SLOTS, id = 0;
	bool have_id = false;
	char vdev = 0;
	int rc = split_props(p, value, &pr);

	if (rc)
		return rc;
	for (int i = 0; i < pr.n; i++) {
		const char *k = pr.key[i], *v = pr.val[i];

		if (!v)
			return fail(p, "-drive: '%s' has no value", k);
		if (dm_is(k, "if"))
			iface = v;
		else if (dm_is(k, "index") && dm_parse_uint(v, IOEMU_IDE_SLOTS - 1, &index))
			continue;
		else if (dm_is(k, "media"))
			media = v;
		else if (dm_is(k, "format"))
			format = v;
		else if (dm_is(k, "readonly"))
			readonly = v;
		else if (dm_is(k, "id") && dm_parse_numbered(v, "ide-", 1u << 20, &id))
			have_id = true;
		else if (dm_is(k, "file") && (vdev = parse_vdev(v)) != 0)
			continue;
		else if (dm_is(k, "cache") &&
			 (dm_is(v, "writeback") || dm_is(v, "writethrough") || dm_is(v, "none") ||
			  dm_is(v, "directsync") || dm_is(v, "unsafe")))
			continue;
		else
			return fail(p, "-drive: '%s=%s' is not understood", k, v);
	}
	if (format && !dm_is(format, "host_device") && !dm_is(format, "raw"))
		return fail(p,
			    "-drive: format=%s: only the stub's own PV disks (host_device) are "
			    "understood",
			    format);
	if (readonly && !dm_is(readonly, "on") && !dm_is(readonly, "off"))
		return fail(p, "-drive: readonly=%s is not on or off", readonly);
	if (dm_is(iface, "ide")) {
		if (!vdev || index >= IOEMU_IDE_SLOTS || (media && !dm_is(media, "disk")) ||
		    have_id)
			return fail(p,
				    "-drive '%s': an IDE disk needs file=/dev/xvdX, index=0..3 "
				    "and media=disk",
				    value);
		if (p->cfg->ide[index].media != IOEMU_MEDIA_NONE)
			return fail(p, "-drive: IDE index %u is taken", index);
		p->cfg->ide[index].media = IOEMU_MEDIA_DISK;
		p->cfg->ide[index].vdev = vdev;
		p->cfg->ide[index].readonly = dm_is(readonly, "on");
		return 0;
	}
	if (dm_is(iface, "none")) {
		if (!have_id || media || index != IOEMU_IDE_SLOTS || !dm_is(readonly, "on"))
			return fail(
				p,
				"-drive '%s': only a CD-ROM drive (if=none,readonly=on,id=ide-N) "
				"is understood",
				value);
		if (p->n_cd_drives == IOEMU_IDE_SLOTS)
			return fail(p, "-drive: more than %d CD-ROM drives", IOEMU_IDE_SLOTS);
		for (unsigned i = 0; i < p->n_cd_drives; i++)
			if (p->cd_drives[i].devno == id)
				return fail(p, "-drive: id ide-%u comes twice", id);
		p->cd_drives[p->n_cd_drives].devno = id;
		p->cd_drives[p->n_cd_drives].vdev = vdev;
		p->cd_drives[p->n_cd_drives].used = false;
		p->n_cd_drives++;
		return 0;
	}
	return fail(p, "-drive '%s': if=%s is not emulated (IDE only)", value,
		    iface ? iface : "(none given)");
}

static int option_netdev(struct parser *p, const char *value)
{
	struct dm_props pr;
	unsigned id;
	bool have_id = false, tap = false;
	int rc = split_props(p, value, &pr);

	if (rc)
		return rc;
	for (int i = 0; i < pr.n; i++) {
		if (dm_is(pr.key[i], "type"))
			tap = dm_is(pr.val[i], "tap");
		else if (dm_is(pr.key[i], "id") && dm_parse_numbered(pr.val[i], "net", 1023, &id))
			have_id = true;
		else if (!dm_is(pr.key[i], "ifname") && !dm_is(pr.key[i], "br") &&
			 !dm_is(pr.key[i], "script") && !dm_is(pr.key[i], "downscript"))
			return fail(p, "-netdev: '%s' is not understood", pr.key[i]);
	}
	if (!tap || !have_id)
		return fail(p,
			    "-netdev '%s': only type=tap,id=netN is understood (the stub's vif "
			    "carries the frames)",
			    value);
	for (unsigned i = 0; i < p->cfg->n_nics; i++) {
		if (p->cfg->nics[i].id != id)
			continue;
		if (p->cfg->nics[i].has_netdev)
			return fail(p, "-netdev: net%u comes twice", id);
		p->cfg->nics[i].has_netdev = true;
		return 0;
	}
	return fail(p, "-netdev: net%u belongs to no earlier -device nic", id);
}

/* Options taken with no effect on the guest: with a value, or without. */
static const char *const no_effect_with_value[] = { "-chroot", "-runas", "-run-with", NULL };
static const char *const no_effect[] = { "-no-shutdown", "-nodefaults", "-no-user-config",
					 "-xen-domid-restrict", NULL };

static int option(struct parser *p, const char *opt, const char *value)
{
	struct ioemu_config *cfg = p->cfg;

	if (dm_is(opt, "-xen-domid")) {
		if (!dm_parse_uint(value, 0x7fef, &cfg->domid) || cfg->domid == 0)
			return fail(p, "-xen-domid '%s' is not a guest's domain id", value);
		p->have_domid = true;
		return 0;
	}
	if (dm_is(opt, "-name"))
		return dm_copy(&p->e, opt, value, cfg->name, sizeof(cfg->name));
	if (dm_is(opt, "-k"))
		return dm_copy(&p->e, opt, value, cfg->keymap, sizeof(cfg->keymap));
	if (dm_is(opt, "-display")) {
		if (!dm_is(value, "none"))
			return fail(p,
				    "-display %s: the stub shows the guest's screen on its PV "
				    "framebuffer only",
				    value);
		return 0;
	}
	if (dm_is(opt, "-machine"))
		return option_machine(p, value);
	if (dm_is(opt, "-m")) {
		if (!dm_parse_uint(value, 1u << 20, &cfg->ram_mb) || cfg->ram_mb == 0)
			return fail(p, "-m '%s' is not a size in MiB from 1 to 1048576", value);
		p->have_ram = true;
		return 0;
	}
	if (dm_is(opt, "-smp"))
		return option_smp(p, value);
	if (dm_is(opt, "-boot"))
		return option_boot(p, value);
	if (dm_is(opt, "-serial"))
		return option_serial(p, value);
	if (dm_is(opt, "-device"))
		return option_device(p, value);
	if (dm_is(opt, "-drive"))
		return option_drive(p, value);
	if (dm_is(opt, "-netdev"))
		return option_netdev(p, value);
	if (dm_is(opt, "-net")) {
		if (!dm_is(value, "none"))
			return fail(p, "-net %s: only -net none is understood", value);
		cfg->net_none = true;
		return 0;
	}
	if (dm_is(opt, "-incoming")) {
		cfg->incoming = true;
		return 0;
	}
	return 1; /* not an option with a value */
}

static bool takes_value(const char *opt)
{
	static const char *const with_value[] = { "-xen-domid", "-name",     "-k",     "-display",
						  "-machine",	"-m",	     "-smp",   "-boot",
						  "-serial",	"-device",   "-drive", "-netdev",
						  "-net",	"-incoming", NULL };
	return dm_listed(with_value, opt) || dm_listed(no_effect_with_value, opt);
}

int dm_argv_parse(struct ioemu_config *cfg, const char *const *argv, int argc, char *err,
		  size_t err_len)
{
	struct parser p = { .cfg = cfg, .e = { err, err_len, "dm-argv", 3, 0 } };
	int rc;

	memset(cfg, 0, sizeof(*cfg));
	cfg->vcpus = cfg->max_vcpus = 1;
	cfg->acpi = true;
	memcpy(cfg->boot_order, "cd", 3); /* QEMU's default for a PC */
	if (err_len)
		err[0] = '\0';
	for (int i = 0; i < argc; i++) {
		const char *opt = argv[i];

		p.e.number = i + 1;
		if (!opt)
			return fail(&p, "missing");
		if (takes_value(opt)) {
			if (i + 1 >= argc || !argv[i + 1])
				return fail(&p, "%s has no value", opt);
			i++;
			if (dm_listed(no_effect_with_value, opt))
				continue;
			p.e.number = i + 1;
			rc = option(&p, opt, argv[i]);
			if (rc)
				return rc < 0 ? rc : fail(&p, "%s is not understood", opt);
		} else if (dm_is(opt, "-nographic")) {
			/* no display: with a VGA device the screen still exists */
		} else if (dm_is(opt, "-no-acpi")) {
			cfg->acpi = false;
		} else if (dm_listed(no_effect, opt)) {
			continue;
		} else if (opt[0] == '-') {
			return fail(&p, "%s: this option is not understood by this device model",
				    opt);
		} else {
			return fail(&p, "'%s' is not an option", opt);
		}
	}
	p.e.number = argc;
	if (!p.have_domid)
		return fail(&p, "no -xen-domid");
	if (!p.have_machine)
		return fail(&p, "no -machine");
	if (!p.have_ram)
		return fail(&p, "no -m");
	for (unsigned i = 0; i < p.n_cd_drives; i++)
		if (!p.cd_drives[i].used)
			return fail(&p, "-drive ide-%u has no -device ide-cd",
				    p.cd_drives[i].devno);
	for (unsigned i = 0; i < cfg->n_nics; i++)
		if (!cfg->nics[i].has_netdev)
			return fail(&p, "nic%u has no -netdev", cfg->nics[i].id);
	if (cfg->net_none && cfg->n_nics)
		return fail(&p, "-net none with nics");
	return 0;
}

void dm_argv_describe(const struct ioemu_config *cfg, char *buf, size_t len)
{
	static const char *const vga[] = { "no display", "cirrus-vga", "VGA" };
	size_t n = 0;
	int w;

#define ADD(...)                                                             \
	do {                                                                 \
		w = format_buf(buf + n, n < len ? len - n : 0, __VA_ARGS__); \
		if (w > 0)                                                   \
			n += (size_t)w;                                      \
	} while (0)
	if (!len)
		return;
	ADD("guest %u '%s': machine %s, %u MiB, %u/%u vCPU, boot %s, %s", cfg->domid, cfg->name,
	    cfg->platform_device ? "xenfv" : "pc", cfg->ram_mb, cfg->vcpus, cfg->max_vcpus,
	    cfg->boot_order, vga[cfg->vga]);
	if (cfg->vga != IOEMU_VGA_NONE)
		ADD(" %u MiB", cfg->vgamem_mb);
	for (int i = 0; i < IOEMU_IDE_SLOTS; i++) {
		const struct ioemu_drive *d = &cfg->ide[i];

		if (d->media == IOEMU_MEDIA_NONE)
			continue;
		ADD(", ide%d.%d %s", i / 2, i % 2, d->media == IOEMU_MEDIA_DISK ? "disk" : "cdrom");
		if (d->vdev)
			ADD(" xvd%c", d->vdev);
		else
			ADD(" (empty)");
	}
	for (unsigned i = 0; i < cfg->n_nics; i++)
		ADD(", nic%u %s %02x:%02x:%02x:%02x:%02x:%02x", cfg->nics[i].id,
		    cfg->nics[i].model == IOEMU_NIC_E1000 ? "e1000" : "rtl8139",
		    cfg->nics[i].mac[0], cfg->nics[i].mac[1], cfg->nics[i].mac[2],
		    cfg->nics[i].mac[3], cfg->nics[i].mac[4], cfg->nics[i].mac[5]);
	for (unsigned i = 0; i < cfg->n_serial; i++)
		ADD(", COM%u on console %u", i + 1, cfg->serial_console[i]);
	ADD("%s%s", cfg->acpi ? ", ACPI" : "", cfg->incoming ? ", state from console 2" : "");
#undef ADD
}
