/*
 * dm-argv parsing (see dm_argv.h): options one by one, values split into
 * QEMU's "driver,key=value,..." properties, then the cross-checks between
 * options (a CD-ROM's -device and its -drive, a nic and its -netdev).
 */
#include "apps/ioemu/dm_argv.h"

#include "lib/arp.h"
#include "lib/errno.h"
#include "lib/format.h"

#include <stdarg.h>
#include <string.h>

enum { PROPS_MAX = 16, VALUE_MAX = 256 };

struct parser {
	struct ioemu_config *cfg;
	char *err;
	size_t err_len;
	int argn; /* the argument being parsed, 1-based */
	bool have_domid, have_machine, have_ram;
	/* -drive if=none,id=ide-N seen, waiting for its -device ide-cd */
	struct {
		unsigned devno;
		char vdev;
		bool used;
	} cd_drives[IOEMU_IDE_SLOTS];
	unsigned n_cd_drives;
};

/* A value split at commas: props[0] is the driver (or the first key). */
struct props {
	char buf[VALUE_MAX];
	const char *key[PROPS_MAX];
	const char *val[PROPS_MAX]; /* NULL for a bare word */
	int n;
};

static int fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n = format_buf(p->err, p->err_len, "dm-argv %03d: ", p->argn);

	if (n < 0 || (size_t)n >= p->err_len)
		return -EINVAL;
	va_start(ap, fmt);
	format_vbuf(p->err + n, p->err_len - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int split_props(struct parser *p, const char *value, struct props *pr)
{
	size_t len = strlen(value);
	char *s;

	if (len >= sizeof(pr->buf))
		return fail(p, "value of %zu bytes, longer than %d", len, VALUE_MAX - 1);
	if (strstr(value, ",,"))
		return fail(p, "'%s': escaped commas are not understood", value);
	memcpy(pr->buf, value, len + 1);
	pr->n = 0;
	s = pr->buf;
	for (;;) {
		char *comma = strchr(s, ',');
		char *eq;

		if (comma)
			*comma = '\0';
		if (pr->n == PROPS_MAX)
			return fail(p, "'%s': more than %d properties", value, PROPS_MAX);
		eq = strchr(s, '=');
		if (eq)
			*eq = '\0';
		if (*s == '\0')
			return fail(p, "'%s': an empty property", value);
		pr->key[pr->n] = s;
		pr->val[pr->n] = eq ? eq + 1 : NULL;
		pr->n++;
		if (!comma)
			return 0;
		s = comma + 1;
	}
}

/* Decimal digits only, at most max. */
static bool parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (v > (max - (uint64_t)(*s - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

static bool parse_uint(const char *s, unsigned max, unsigned *out)
{
	uint64_t v;

	if (!parse_u64(s, max, &v))
		return false;
	*out = (unsigned)v;
	return true;
}

/* "prefixN" with N decimal and at most max. */
static bool parse_numbered(const char *s, const char *prefix, unsigned max, unsigned *out)
{
	size_t n = strlen(prefix);

	return s && strncmp(s, prefix, n) == 0 && parse_uint(s + n, max, out);
}

static bool is(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
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
	struct props pr;
	int rc = split_props(p, value, &pr);
	bool xen_accel = false;

	if (rc)
		return rc;
	if (pr.val[0])
		return fail(p, "-machine '%s': no machine type first", value);
	if (is(pr.key[0], "xenfv"))
		p->cfg->platform_device = true;
	else if (is(pr.key[0], "pc"))
		p->cfg->platform_device = false;
	else
		return fail(p, "-machine '%s': only xenfv and pc,accel=xen are emulated", value);
	for (int i = 1; i < pr.n; i++) {
		if (is(pr.key[i], "accel") && is(pr.val[i], "xen")) {
			xen_accel = true;
		} else if (is(pr.key[i], "suppress-vmdesc")) {
			/* migration stream detail; no effect on the guest */
		} else if (is(pr.key[i], "max-ram-below-4g")) {
			if (!parse_u64(pr.val[i], UINT64_C(1) << 32, &p->cfg->ram_below_4g) ||
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
	struct props pr;
	int rc = split_props(p, value, &pr);
	unsigned n;

	if (rc)
		return rc;
	if (pr.val[0] || !parse_uint(pr.key[0], IOEMU_MAX_VCPUS, &n) || n == 0)
		return fail(p, "-smp '%s': no vCPU count from 1 to %d first", value,
			    IOEMU_MAX_VCPUS);
	p->cfg->vcpus = p->cfg->max_vcpus = n;
	for (int i = 1; i < pr.n; i++) {
		if (!is(pr.key[i], "maxcpus") ||
		    !parse_uint(pr.val[i], IOEMU_MAX_VCPUS, &p->cfg->max_vcpus))
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
	size_t len;

	if (strncmp(value, "order=", 6) != 0)
		return fail(p, "-boot '%s': only order=... is understood", value);
	order = value + 6;
	len = strlen(order);
	if (len == 0 || len >= sizeof(p->cfg->boot_order))
		return fail(p,
			    "-boot '%s': from one to %zu devices (the BIOS's CMOS holds no more)",
			    value, sizeof(p->cfg->boot_order) - 1);
	for (size_t i = 0; i < len; i++) {
		if (!strchr("acdn", order[i]) || memchr(order, order[i], i))
			return fail(p,
				    "-boot '%s': device '%c' is not a, c, d or n, or comes twice",
				    value, order[i]);
	}
	memcpy(p->cfg->boot_order, order, len + 1);
	return 0;
}

static int option_serial(struct parser *p, const char *value)
{
	unsigned console;

	if (!parse_numbered(value, "/dev/hvc", 1024, &console) || console < 3)
		return fail(p,
			    "-serial '%s': only a console of this stub domain from "
			    "/dev/hvc3 on is understood",
			    value);
	if (p->cfg->n_serial == IOEMU_MAX_SERIAL)
		return fail(p, "-serial: more than %d serial ports", IOEMU_MAX_SERIAL);
	p->cfg->serial_console[p->cfg->n_serial++] = console;
	return 0;
}

static int device_vga(struct parser *p, const struct props *pr, enum ioemu_vga kind)
{
	if (p->cfg->vga != IOEMU_VGA_NONE)
		return fail(p, "-device %s: a second display adapter", pr->key[0]);
	for (int i = 1; i < pr->n; i++) {
		if (!is(pr->key[i], "vgamem_mb") ||
		    !parse_uint(pr->val[i], 256, &p->cfg->vgamem_mb) || p->cfg->vgamem_mb == 0)
			return fail(p, "-device %s: '%s' is not understood (vgamem_mb=1..256 is)",
				    pr->key[0], pr->key[i]);
	}
	if (p->cfg->vgamem_mb == 0)
		return fail(p, "-device %s: no vgamem_mb", pr->key[0]);
	p->cfg->vga = kind;
	return 0;
}

static int device_nic(struct parser *p, const struct props *pr, enum ioemu_nic_model model)
{
	struct ioemu_nic nic = { .model = model };
	bool have_id = false, have_netdev = false, have_mac = false;
	unsigned netdev = 0;

	if (p->cfg->n_nics == IOEMU_MAX_NICS)
		return fail(p, "-device %s: more than %d nics", pr->key[0], IOEMU_MAX_NICS);
	for (int i = 1; i < pr->n; i++) {
		if (is(pr->key[i], "id") && parse_numbered(pr->val[i], "nic", 1023, &nic.id))
			have_id = true;
		else if (is(pr->key[i], "netdev") &&
			 parse_numbered(pr->val[i], "net", 1023, &netdev))
			have_netdev = true;
		else if (is(pr->key[i], "mac") && parse_mac(pr->val[i], nic.mac))
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

static int device_ide_cd(struct parser *p, const struct props *pr)
{
	unsigned id = 0, drive = 0, bus = 2, unit = 2, slot;
	bool have_id = false, have_drive = false;

	for (int i = 1; i < pr->n; i++) {
		if (is(pr->key[i], "id") && parse_numbered(pr->val[i], "ide-", 1u << 20, &id))
			have_id = true;
		else if (is(pr->key[i], "drive") &&
			 parse_numbered(pr->val[i], "ide-", 1u << 20, &drive))
			have_drive = true;
		else if (!(is(pr->key[i], "bus") && parse_numbered(pr->val[i], "ide.", 1, &bus)) &&
			 !(is(pr->key[i], "unit") && parse_uint(pr->val[i], 1, &unit)))
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
	struct props pr;
	int rc = split_props(p, value, &pr);

	if (rc)
		return rc;
	if (pr.val[0])
		return fail(p, "-device '%s': no driver name first", value);
	if (is(pr.key[0], "cirrus-vga"))
		return device_vga(p, &pr, IOEMU_VGA_CIRRUS);
	if (is(pr.key[0], "VGA"))
		return device_vga(p, &pr, IOEMU_VGA_STD);
	if (is(pr.key[0], "rtl8139"))
		return device_nic(p, &pr, IOEMU_NIC_RTL8139);
	if (is(pr.key[0], "e1000"))
		return device_nic(p, &pr, IOEMU_NIC_E1000);
	if (is(pr.key[0], "ide-cd"))
		return device_ide_cd(p, &pr);
	return fail(p, "-device %s: this device is not emulated by this device model", pr.key[0]);
}

/* -drive if=ide,index=N,media=disk,file=/dev/xvdX,format=host_device,cache=...
 * or -drive if=none,readonly=on,id=ide-N[,file=/dev/xvdX,format=host_device]. */
static int option_drive(struct parser *p, const char *value)
{
	struct props pr;
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
		if (is(k, "if"))
			iface = v;
		else if (is(k, "index") && parse_uint(v, IOEMU_IDE_SLOTS - 1, &index))
			continue;
		else if (is(k, "media"))
			media = v;
		else if (is(k, "format"))
			format = v;
		else if (is(k, "readonly"))
			readonly = v;
		else if (is(k, "id") && parse_numbered(v, "ide-", 1u << 20, &id))
			have_id = true;
		else if (is(k, "file") && (vdev = parse_vdev(v)) != 0)
			continue;
		else if (is(k, "cache") &&
			 (is(v, "writeback") || is(v, "writethrough") || is(v, "none") ||
			  is(v, "directsync") || is(v, "unsafe")))
			continue;
		else
			return fail(p, "-drive: '%s=%s' is not understood", k, v);
	}
	if (format && !is(format, "host_device") && !is(format, "raw"))
		return fail(p,
			    "-drive: format=%s: only the stub's own PV disks (host_device) are "
			    "understood",
			    format);
	if (readonly && !is(readonly, "on") && !is(readonly, "off"))
		return fail(p, "-drive: readonly=%s is not on or off", readonly);
	if (is(iface, "ide")) {
		if (!vdev || index >= IOEMU_IDE_SLOTS || (media && !is(media, "disk")) || have_id)
			return fail(p,
				    "-drive '%s': an IDE disk needs file=/dev/xvdX, index=0..3 "
				    "and media=disk",
				    value);
		if (p->cfg->ide[index].media != IOEMU_MEDIA_NONE)
			return fail(p, "-drive: IDE index %u is taken", index);
		p->cfg->ide[index].media = IOEMU_MEDIA_DISK;
		p->cfg->ide[index].vdev = vdev;
		p->cfg->ide[index].readonly = is(readonly, "on");
		return 0;
	}
	if (is(iface, "none")) {
		if (!have_id || media || index != IOEMU_IDE_SLOTS || !is(readonly, "on"))
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
	struct props pr;
	unsigned id;
	bool have_id = false, tap = false;
	int rc = split_props(p, value, &pr);

	if (rc)
		return rc;
	for (int i = 0; i < pr.n; i++) {
		if (is(pr.key[i], "type"))
			tap = is(pr.val[i], "tap");
		else if (is(pr.key[i], "id") && parse_numbered(pr.val[i], "net", 1023, &id))
			have_id = true;
		else if (!is(pr.key[i], "ifname") && !is(pr.key[i], "br") &&
			 !is(pr.key[i], "script") && !is(pr.key[i], "downscript"))
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

static int copy_value(struct parser *p, const char *opt, const char *value, char *dst, size_t size)
{
	size_t len = strlen(value);

	if (len >= size)
		return fail(p, "%s: '%s' is longer than %zu bytes", opt, value, size - 1);
	memcpy(dst, value, len + 1);
	return 0;
}

/* Options taken with no effect on the guest: with a value, or without. */
static const char *const no_effect_with_value[] = { "-chroot", "-runas", "-run-with", NULL };
static const char *const no_effect[] = { "-no-shutdown", "-nodefaults", "-no-user-config",
					 "-xen-domid-restrict", NULL };

static bool listed(const char *const *list, const char *opt)
{
	for (; *list; list++)
		if (strcmp(*list, opt) == 0)
			return true;
	return false;
}

static int option(struct parser *p, const char *opt, const char *value)
{
	struct ioemu_config *cfg = p->cfg;

	if (is(opt, "-xen-domid")) {
		if (!parse_uint(value, 0x7fef, &cfg->domid) || cfg->domid == 0)
			return fail(p, "-xen-domid '%s' is not a guest's domain id", value);
		p->have_domid = true;
		return 0;
	}
	if (is(opt, "-name"))
		return copy_value(p, opt, value, cfg->name, sizeof(cfg->name));
	if (is(opt, "-k"))
		return copy_value(p, opt, value, cfg->keymap, sizeof(cfg->keymap));
	if (is(opt, "-display")) {
		if (!is(value, "none"))
			return fail(p,
				    "-display %s: the stub shows the guest's screen on its PV "
				    "framebuffer only",
				    value);
		return 0;
	}
	if (is(opt, "-machine"))
		return option_machine(p, value);
	if (is(opt, "-m")) {
		if (!parse_uint(value, 1u << 20, &cfg->ram_mb) || cfg->ram_mb == 0)
			return fail(p, "-m '%s' is not a size in MiB from 1 to 1048576", value);
		p->have_ram = true;
		return 0;
	}
	if (is(opt, "-smp"))
		return option_smp(p, value);
	if (is(opt, "-boot"))
		return option_boot(p, value);
	if (is(opt, "-serial"))
		return option_serial(p, value);
	if (is(opt, "-device"))
		return option_device(p, value);
	if (is(opt, "-drive"))
		return option_drive(p, value);
	if (is(opt, "-netdev"))
		return option_netdev(p, value);
	if (is(opt, "-net")) {
		if (!is(value, "none"))
			return fail(p, "-net %s: only -net none is understood", value);
		cfg->net_none = true;
		return 0;
	}
	if (is(opt, "-incoming")) {
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
	return listed(with_value, opt) || listed(no_effect_with_value, opt);
}

int dm_argv_parse(struct ioemu_config *cfg, const char *const *argv, int argc, char *err,
		  size_t err_len)
{
	struct parser p = { .cfg = cfg, .err = err, .err_len = err_len };
	int rc;

	memset(cfg, 0, sizeof(*cfg));
	cfg->vcpus = cfg->max_vcpus = 1;
	cfg->acpi = true;
	memcpy(cfg->boot_order, "cd", 3); /* QEMU's default for a PC */
	if (err_len)
		err[0] = '\0';
	for (int i = 0; i < argc; i++) {
		const char *opt = argv[i];

		p.argn = i + 1;
		if (!opt)
			return fail(&p, "missing");
		if (takes_value(opt)) {
			if (i + 1 >= argc || !argv[i + 1])
				return fail(&p, "%s has no value", opt);
			i++;
			if (listed(no_effect_with_value, opt))
				continue;
			p.argn = i + 1;
			rc = option(&p, opt, argv[i]);
			if (rc)
				return rc < 0 ? rc : fail(&p, "%s is not understood", opt);
		} else if (is(opt, "-nographic")) {
			/* no display: with a VGA device the screen still exists */
		} else if (is(opt, "-no-acpi")) {
			cfg->acpi = false;
		} else if (listed(no_effect, opt)) {
			continue;
		} else if (opt[0] == '-') {
			return fail(&p, "%s: this option is not understood by this device model",
				    opt);
		} else {
			return fail(&p, "'%s' is not an option", opt);
		}
	}
	p.argn = argc;
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
