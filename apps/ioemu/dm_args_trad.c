/*
 * dmargs parsing for the traditional flavour (see dm_args_trad.h): the
 * string cut into words, options one by one, then the checks across them
 * (every nic's vlan has its tap).
 */
#include "apps/ioemu/dm_args_trad.h"

#include "apps/ioemu/dm_words.h"
#include "lib/arp.h"
#include "lib/errno.h"

#include <string.h>

struct trad_parser {
	struct ioemu_config *cfg;
	struct dm_error e; /* e.number: the word being parsed */
	bool have_domid, have_vcpu_avail;
	unsigned vcpu_avail_top; /* the highest vCPU -vcpu_avail names, + 1 */
};

/* Every error names the word being parsed (dm_words.h). */
#define fail(p, ...) dm_fail(&(p)->e, __VA_ARGS__)

/* "0x" and hex digits: the vCPUs online, a bit each (bit 0: vCPU 0). */
static int vcpu_avail(struct trad_parser *p, const char *value)
{
	size_t len = strlen(value);
	unsigned count = 0, top = 0;

	if (strncmp(value, "0x", 2) != 0 || len == 2)
		return fail(p, "-vcpu_avail '%s' is not a hexadecimal bitmap", value);
	for (size_t i = len; i > 2; i--) {
		char c = value[i - 1];
		unsigned digit = c >= '0' && c <= '9'	? (unsigned)(c - '0')
				 : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
				 : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
							: 16;
		unsigned base = (unsigned)(len - i) * 4;

		if (digit == 16)
			return fail(p, "-vcpu_avail '%s' is not a hexadecimal bitmap", value);
		for (unsigned b = 0; b < 4; b++) {
			if (!(digit & (1u << b)))
				continue;
			if (base + b >= IOEMU_MAX_VCPUS)
				return fail(p, "-vcpu_avail '%s' names a vCPU beyond %d", value,
					    IOEMU_MAX_VCPUS - 1);
			count++;
			top = base + b + 1;
		}
	}
	if (count == 0)
		return fail(p, "-vcpu_avail '%s': no vCPU online", value);
	p->cfg->vcpus = count;
	p->vcpu_avail_top = top;
	p->have_vcpu_avail = true;
	return 0;
}

static int net_nic(struct trad_parser *p, const struct dm_props *pr)
{
	struct ioemu_nic nic = { .model = IOEMU_NIC_RTL8139 };
	bool have_vlan = false, have_mac = false;

	if (p->cfg->n_nics == IOEMU_MAX_NICS)
		return fail(p, "-net nic: more than %d nics", IOEMU_MAX_NICS);
	for (int i = 1; i < pr->n; i++) {
		if (dm_is(pr->key[i], "vlan") && dm_parse_uint(pr->val[i], 1023, &nic.id))
			have_vlan = true;
		else if (dm_is(pr->key[i], "macaddr") && pr->val[i] &&
			 mac_parse(pr->val[i], strlen(pr->val[i]), nic.mac) == 0)
			have_mac = true;
		else if (dm_is(pr->key[i], "model") && dm_is(pr->val[i], "rtl8139"))
			nic.model = IOEMU_NIC_RTL8139;
		else if (dm_is(pr->key[i], "model") && dm_is(pr->val[i], "e1000"))
			nic.model = IOEMU_NIC_E1000;
		else
			return fail(p,
				    "-net nic: '%s%s%s' is not understood (vlan=, macaddr= and "
				    "model=rtl8139|e1000 are)",
				    pr->key[i], pr->val[i] ? "=" : "",
				    pr->val[i] ? pr->val[i] : "");
	}
	if (!have_vlan || !have_mac)
		return fail(p, "-net nic: vlan= and macaddr= are needed");
	if (nic.mac[0] & 1)
		return fail(p, "-net nic: macaddr is a multicast address");
	for (unsigned i = 0; i < p->cfg->n_nics; i++)
		if (p->cfg->nics[i].id == nic.id)
			return fail(p, "-net nic: vlan %u comes twice", nic.id);
	p->cfg->nics[p->cfg->n_nics++] = nic;
	return 0;
}

static int net_tap(struct trad_parser *p, const struct dm_props *pr)
{
	unsigned vlan = 0;
	bool have_vlan = false;

	for (int i = 1; i < pr->n; i++) {
		if (dm_is(pr->key[i], "vlan") && dm_parse_uint(pr->val[i], 1023, &vlan))
			have_vlan = true;
		else if (!dm_is(pr->key[i], "ifname") && !dm_is(pr->key[i], "bridge") &&
			 !dm_is(pr->key[i], "script") && !dm_is(pr->key[i], "downscript"))
			return fail(p, "-net tap: '%s' is not understood", pr->key[i]);
	}
	if (!have_vlan)
		return fail(p, "-net tap: no vlan=");
	for (unsigned i = 0; i < p->cfg->n_nics; i++) {
		if (p->cfg->nics[i].id != vlan)
			continue;
		if (p->cfg->nics[i].has_netdev)
			return fail(p, "-net tap: vlan %u has a second tap", vlan);
		p->cfg->nics[i].has_netdev = true;
		return 0;
	}
	return fail(p, "-net tap: vlan %u belongs to no earlier -net nic", vlan);
}

static int option_net(struct trad_parser *p, const char *value)
{
	struct dm_props pr;
	const char *why;

	if (dm_is(value, "none")) {
		p->cfg->net_none = true;
		return 0;
	}
	if ((why = dm_props_split(value, &pr)) != NULL)
		return fail(p, "-net '%s': %s", value, why);
	if (pr.val[0] == NULL && dm_is(pr.key[0], "nic"))
		return net_nic(p, &pr);
	if (pr.val[0] == NULL && dm_is(pr.key[0], "tap"))
		return net_tap(p, &pr);
	return fail(p, "-net '%s': only nic, tap and none are understood", value);
}

/* An option with a value: 0, an error, or 1 when opt is not one. */
static int option(struct trad_parser *p, const char *opt, const char *value)
{
	struct ioemu_config *cfg = p->cfg;
	int bad;

	if (dm_is(opt, "-d")) {
		if (!dm_parse_uint(value, 0x7fef, &cfg->domid) || cfg->domid == 0)
			return fail(p, "-d '%s' is not a guest's domain id", value);
		p->have_domid = true;
		return 0;
	}
	if (dm_is(opt, "-domain-name"))
		return dm_copy(&p->e, opt, value, cfg->name, sizeof(cfg->name));
	if (dm_is(opt, "-k"))
		return dm_copy(&p->e, opt, value, cfg->keymap, sizeof(cfg->keymap));
	if (dm_is(opt, "-vnc"))
		return 0; /* dom0's QEMU serves the stub's framebuffer over VNC */
	if (dm_is(opt, "-M")) {
		if (!dm_is(value, "xenfv"))
			return fail(p, "-M %s: only xenfv is emulated", value);
		return 0;
	}
	if (dm_is(opt, "-serial")) {
		if (dm_is(value, "none") || dm_is(value, "null"))
			return 0;
		if (cfg->n_serial == IOEMU_MAX_SERIAL)
			return fail(p, "-serial: more than %d serial ports", IOEMU_MAX_SERIAL);
		/* Consoles 0-2 are the log, save and restore: COMn is 2 + n. */
		cfg->serial_console[cfg->n_serial] = 3 + cfg->n_serial;
		cfg->n_serial++;
		return 0;
	}
	if (dm_is(opt, "-videoram")) {
		if (!dm_parse_uint(value, 256, &cfg->vgamem_mb) || cfg->vgamem_mb == 0)
			return fail(p, "-videoram '%s' is not a size in MiB from 1 to 256", value);
		return 0;
	}
	if (dm_is(opt, "-vga")) {
		if (!dm_is(value, "none"))
			return fail(p, "-vga %s: only none is understood (-std-vga asks for VGA)",
				    value);
		cfg->vga = IOEMU_VGA_NONE;
		return 0;
	}
	if (dm_is(opt, "-boot")) {
		bad = dm_boot_order_check(value, sizeof(cfg->boot_order));
		if (bad == DM_BOOT_ORDER_LENGTH)
			return fail(p, "-boot '%s': from one to %zu devices", value,
				    sizeof(cfg->boot_order) - 1);
		if (bad != DM_BOOT_ORDER_OK)
			return fail(p,
				    "-boot '%s': device '%c' is not a, c, d or n, or comes twice",
				    value, value[bad]);
		memcpy(cfg->boot_order, value, strlen(value) + 1);
		return 0;
	}
	if (dm_is(opt, "-vcpus")) {
		if (!dm_parse_uint(value, IOEMU_MAX_VCPUS, &cfg->max_vcpus) || cfg->max_vcpus == 0)
			return fail(p, "-vcpus '%s' is not a count from 1 to %d", value,
				    IOEMU_MAX_VCPUS);
		return 0;
	}
	if (dm_is(opt, "-vcpu_avail"))
		return vcpu_avail(p, value);
	if (dm_is(opt, "-net"))
		return option_net(p, value);
	if (dm_is(opt, "-loadvm")) {
		cfg->incoming = true; /* the state comes in on console 2 */
		return 0;
	}
	return 1;
}

static const char *const with_value[] = {
	"-d",	"-domain-name", "-k",	  "-vnc",	 "-M",	 "-serial", "-videoram",
	"-vga", "-boot",	"-vcpus", "-vcpu_avail", "-net", "-loadvm", NULL
};
/* Display options: dom0's QEMU shows the stub's PV framebuffer. */
static const char *const display_only[] = { "-vncunused", "-nographic", "-sdl", "-disable-opengl",
					    NULL };
/* What libxl may write that this device model does not give the guest. */
static const char *const refused[] = { "-usb", "-usbdevice", "-soundhw", "-gfx_passthru", NULL };

/* Cuts the string at spaces in place: at most max words into words. */
static int split_words(char *s, const char **words, int max)
{
	int n = 0;

	for (;;) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			return n;
		if (n == max)
			return -1;
		words[n++] = s;
		while (*s && *s != ' ')
			s++;
		if (*s)
			*s++ = '\0';
	}
}

static int check_across(struct trad_parser *p)
{
	struct ioemu_config *cfg = p->cfg;

	if (!p->have_domid)
		return fail(p, "no -d");
	if (!p->have_vcpu_avail)
		cfg->vcpus = cfg->max_vcpus;
	else if (p->vcpu_avail_top > cfg->max_vcpus)
		return fail(p, "-vcpu_avail names vCPU %u of %u", p->vcpu_avail_top - 1,
			    cfg->max_vcpus);
	for (unsigned i = 0; i < cfg->n_nics; i++)
		if (!cfg->nics[i].has_netdev)
			return fail(p, "-net nic vlan %u has no -net tap", cfg->nics[i].id);
	if (cfg->net_none && cfg->n_nics)
		return fail(p, "-net none with nics");
	return 0;
}

int dm_args_trad_parse(struct ioemu_config *cfg, const char *dmargs, char *err, size_t err_len)
{
	/* Static, not on the stack: the stub parses once, at start-up. */
	static char buf[DM_ARGS_TRAD_MAX_LEN];
	const char *words[DM_ARGS_TRAD_MAX_WORDS];
	struct trad_parser p = { .cfg = cfg, .e = { err, err_len, "dmargs word", 2, 0 } };
	size_t len = strlen(dmargs);
	int n, rc;

	memset(cfg, 0, sizeof(*cfg));
	/* qemu-traditional's machine: xenfv, a Cirrus card with 4 MiB,
	 * one vCPU, ACPI only when asked, booting from floppy, disk, CD. */
	cfg->platform_device = true;
	cfg->vga = IOEMU_VGA_CIRRUS;
	cfg->vgamem_mb = 4;
	cfg->vcpus = cfg->max_vcpus = 1;
	memcpy(cfg->boot_order, "cad", 4);
	if (err_len)
		err[0] = '\0';
	if (len >= sizeof(buf))
		return fail(&p, "dmargs of %zu bytes, longer than %d", len,
			    DM_ARGS_TRAD_MAX_LEN - 1);
	memcpy(buf, dmargs, len + 1);
	n = split_words(buf, words, DM_ARGS_TRAD_MAX_WORDS);
	if (n < 0)
		return fail(&p, "more than %d words", DM_ARGS_TRAD_MAX_WORDS);
	for (int i = 0; i < n; i++) {
		const char *opt = words[i];

		p.e.number = i + 1;
		if (dm_listed(with_value, opt)) {
			if (i + 1 >= n)
				return fail(&p, "%s has no value", opt);
			p.e.number = ++i + 1;
			rc = option(&p, opt, words[i]);
			if (rc)
				return rc < 0 ? rc : fail(&p, "%s is not understood", opt);
		} else if (dm_is(opt, "-std-vga")) {
			cfg->vga = IOEMU_VGA_STD;
		} else if (dm_is(opt, "-acpi")) {
			cfg->acpi = true;
		} else if (dm_listed(display_only, opt)) {
			continue;
		} else if (dm_listed(refused, opt)) {
			return fail(&p, "%s: not given by this device model", opt);
		} else if (opt[0] == '-') {
			return fail(&p, "%s: this option is not understood by this device model",
				    opt);
		} else {
			return fail(&p, "'%s' is not an option", opt);
		}
	}
	p.e.number = n;
	return check_across(&p);
}
